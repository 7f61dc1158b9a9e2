"""Separate hosts on one machine: network namespaces on a private bridge, and the processes in them.

``Network`` makes a bridge in the root namespace on a /24 of 10.0.0.0/8 that no route or address
of the machine overlaps, and one namespace per host, each joined to the bridge by a veth pair
(its end renamed ``eth0`` inside). Every name carries a random run id, so two runs (or two
machines' worth of leftovers) never meet. ``close()`` stops every process started through it (by
process group, each started in its own session), stops the load balancer, then deletes the
namespaces (their veth ends go with them) and the bridge; it is safe to call after a failure half
way through ``add_host``.

``haproxy_config`` is the load balancer: HTTP round robin over the app hosts (each answer says
which one served it in ``X-Served-By``), and TCP frontends on the bridge address for the services
that listen on 127.0.0.1 only (PostgreSQL, Redis, the S3 server), so the namespaced hosts reach
them the way separate machines would reach a database server.

Needs root (``ip netns``). Used by tests/system/multihost/conftest.py.
"""

from __future__ import annotations

import ipaddress
import os
import random
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

IP = "/usr/sbin/ip" if Path("/usr/sbin/ip").exists() else "ip"


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def _used_networks() -> list[ipaddress.IPv4Network]:
    """Every IPv4 network the machine routes or has an address in."""
    used = []
    for line in run(IP, "-4", "route", "show", "table", "all").splitlines():
        word = line.split()[0] if line.split() else ""
        if word in {"default", "broadcast", "local", "unreachable", "blackhole", "prohibit"}:
            word = line.split()[1] if len(line.split()) > 1 else ""
        try:
            used.append(ipaddress.ip_network(word, strict=False))
        except ValueError:
            continue
    for line in run(IP, "-4", "-o", "addr", "show").splitlines():
        parts = line.split()
        if "inet" in parts:
            used.append(ipaddress.ip_interface(parts[parts.index("inet") + 1]).network)
    return [net for net in used if net.prefixlen > 0]


def free_subnet() -> ipaddress.IPv4Network:
    """A random 10.X.Y.0/24 that overlaps nothing the machine knows of."""
    used = _used_networks()
    rng = random.SystemRandom()
    for _ in range(200):
        candidate = ipaddress.ip_network(f"10.{rng.randint(64, 254)}.{rng.randint(0, 255)}.0/24")
        if not any(candidate.overlaps(net) for net in used):
            return candidate
    raise RuntimeError("no free 10.X.Y.0/24 for the test network")


@dataclass
class Host:
    name: str
    namespace: str
    address: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def command(self, *args: str) -> list[str]:
        """``args`` run inside this host's namespace."""
        return [IP, "netns", "exec", self.namespace, *args]


class Network:
    def __init__(self) -> None:
        self.run_id = secrets.token_hex(3)
        self.subnet = free_subnet()
        hosts = list(self.subnet.hosts())
        self.gateway = str(hosts[0])  # the bridge: the load balancer and the services
        self.spare = [str(address) for address in hosts[1:9]]  # extra client addresses
        self._next = 10
        self._addresses = hosts
        self.bridge = f"adb{self.run_id}"
        self.hosts: dict[str, Host] = {}
        self.processes: list[subprocess.Popen] = []
        self._veths: list[str] = []
        self._bridge_made = False
        self._open_bridge()

    def _open_bridge(self) -> None:
        run(IP, "link", "add", self.bridge, "type", "bridge")
        self._bridge_made = True
        run(IP, "addr", "add", f"{self.gateway}/{self.subnet.prefixlen}", "dev", self.bridge)
        for address in self.spare:
            run(IP, "addr", "add", f"{address}/32", "dev", self.bridge)
        run(IP, "link", "set", self.bridge, "up")

    def add_host(self, name: str) -> Host:
        index = len(self.hosts)
        namespace = f"aduan-{self.run_id}-{name}"
        address = str(self._addresses[self._next])
        self._next += 1
        outside, inside = f"av{self.run_id}{index}", f"ah{self.run_id}{index}"
        run(IP, "netns", "add", namespace)
        host = Host(name, namespace, address)
        self.hosts[name] = host
        run(IP, "link", "add", outside, "type", "veth", "peer", "name", inside)
        self._veths.append(outside)
        run(IP, "link", "set", inside, "netns", namespace)
        run(IP, "link", "set", outside, "master", self.bridge, "up")
        run(IP, "-n", namespace, "link", "set", inside, "name", "eth0")
        run(IP, "-n", namespace, "addr", "add", f"{address}/{self.subnet.prefixlen}", "dev", "eth0")
        run(IP, "-n", namespace, "link", "set", "eth0", "up")
        run(IP, "-n", namespace, "link", "set", "lo", "up")
        run(IP, "-n", namespace, "route", "add", "default", "via", self.gateway)
        return host

    def start(
        self, command: list[str], *, env: dict[str, str], log: Path, cwd: Path, host: Host | None
    ) -> subprocess.Popen:
        """``command`` in ``host``'s namespace (None: the root namespace), in its own session,
        its output in ``log``."""
        with open(log, "ab") as out:
            process = subprocess.Popen(
                host.command(*command) if host else command,
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(process)
        if host:
            host.processes.append(process)
        return process

    @staticmethod
    def _signal(process: subprocess.Popen, sig: int) -> None:
        try:
            os.killpg(process.pid, sig)  # its own group: it leads its own session
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, *processes: subprocess.Popen, timeout: float = 10) -> None:
        """SIGTERM to each process's group, all at once; SIGKILL to what lingers."""
        for process in processes:
            self._signal(process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for process in processes:  # the leader may be gone while its workers linger
            self._signal(process, signal.SIGKILL)
            if process.poll() is None:
                process.wait(10)

    def close(self) -> list[str]:
        """Stop everything and take the network down; returns what could not be undone."""
        problems = []
        try:
            self.stop(*self.processes)
        except Exception as exc:  # go on: the namespaces must go whatever happens
            problems.append(f"stopping the processes: {exc}")
        for host in self.hosts.values():
            try:
                run(IP, "netns", "del", host.namespace)
            except RuntimeError as exc:
                problems.append(str(exc))
        for veth in self._veths:  # normally gone with its peer's namespace
            if subprocess.run([IP, "link", "show", veth], capture_output=True).returncode == 0:
                try:
                    run(IP, "link", "del", veth)
                except RuntimeError as exc:
                    problems.append(str(exc))
        if self._bridge_made:
            try:
                run(IP, "link", "del", self.bridge)
            except RuntimeError as exc:
                problems.append(str(exc))
        return problems


def haproxy_config(
    *,
    bind: str,
    web_port: int,
    apps: dict[str, str],
    tcp: dict[str, tuple[int, str]],
) -> str:
    """The balancer: ``apps`` (name → "address:port") behind ``bind:web_port``; each ``tcp``
    entry (name → (port on ``bind``, "127.0.0.1:port")) forwarded as it is."""
    lines = [
        "global",
        "    maxconn 4096",
        "defaults",
        "    timeout connect 5s",
        "    timeout client 10m",
        "    timeout server 10m",
        "frontend web",
        "    mode http",
        f"    bind {bind}:{web_port}",
        "    option forwardfor",
        "    default_backend apps",
        "backend apps",
        "    mode http",
        "    balance roundrobin",
        "    http-response set-header X-Served-By %[srv_name]",
    ]
    lines += [f"    server {name} {target}" for name, target in apps.items()]
    for name, (port, target) in tcp.items():
        lines += [
            f"listen {name}",
            "    mode tcp",
            f"    bind {bind}:{port}",
            f"    server {name} {target}",
        ]
    return "\n".join(lines) + "\n"


def wait_http(address: str, port: int, path: str = "/sehat/", timeout: float = 60) -> None:
    """Until ``GET path`` answers 200 (or raise)."""
    import http.client

    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(address, port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status == 200:
                return
            last = response.status
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise TimeoutError(f"{address}:{port}{path} did not answer 200 within {timeout:.0f} s ({last})")
