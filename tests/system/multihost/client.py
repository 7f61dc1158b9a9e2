"""A small HTTP client for the hosts: cookies, Django's CSRF token, forms and files, and a chosen
source address (so one test's lockout does not lock out another's client)."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    """One browser (or device) talking to ``address:port``, from ``source`` when given."""

    address: str
    port: int
    source: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def at(self, address: str, port: int) -> Client:
        """The same browser (same cookies), talking to another host."""
        return Client(address, port, self.source, self.cookies)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        conn = http.client.HTTPConnection(
            self.address,
            self.port,
            timeout=60,
            source_address=(self.source, 0) if self.source else None,
        )
        try:
            sent = {"Accept-Language": "en", "Connection": "close", **(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, val = pair.partition("=")
                    if val.strip('"'):
                        self.cookies[key.strip()] = val
                    else:
                        self.cookies.pop(key.strip(), None)
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def _csrf(self, page: str) -> str:
        found = CSRF_INPUT.search(self.get(page).text)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def post_form(
        self,
        path: str,
        data: dict[str, str],
        *,
        page: str | None = None,
        files: dict[str, tuple[str, str, bytes]] | None = None,
    ) -> Answer:
        """POST ``data`` (and ``files``: field → (name, content type, bytes)) as the form on
        ``page`` (default ``path``) would, with its CSRF token."""
        return self.request("POST", path, *self.form(path, data, page=page, files=files))

    def form(
        self,
        path: str,
        data: dict[str, str],
        *,
        page: str | None = None,
        files: dict[str, tuple[str, str, bytes]] | None = None,
    ) -> tuple[bytes, dict[str, str]]:
        """The body and headers of that POST (the form's page is read now, for its token)."""
        token = self._csrf(page or path)
        fields = {"csrfmiddlewaretoken": token, **data}
        headers = {"Referer": f"http://{self.address}:{self.port}{page or path}"}
        if not files:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return urlencode(fields).encode(), headers
        boundary = secrets.token_hex(12)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
            for name, value in fields.items()
        ]
        for name, (filename, content_type, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return b"".join(parts) + f"--{boundary}--\r\n".encode(), headers


def at_once(clients: list[Client], path: str, data: dict[str, str]) -> list[Answer]:
    """Each client POSTs the form at ``path`` with ``data``, all at the same moment (each has
    read the form's page first)."""
    prepared = [(client, client.form(path, data)) for client in clients]
    barrier = threading.Barrier(len(prepared))

    def send(item: tuple[Client, tuple[bytes, dict[str, str]]]) -> Answer:
        client, (body, headers) = item
        barrier.wait(30)
        return client.request("POST", path, body, headers)

    with ThreadPoolExecutor(len(prepared)) as pool:
        return list(pool.map(send, prepared))


def location_path(answer: Answer) -> str:
    """The path a redirect points at."""
    parts = urlsplit(answer.headers.get("location", ""))
    return parts.path + (f"?{parts.query}" if parts.query else "")
