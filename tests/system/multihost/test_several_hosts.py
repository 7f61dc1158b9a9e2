"""Two app hosts and two workers, as separate machines behind haproxy, on one PostgreSQL, one
object store and one Redis (tests/system/multihost/conftest.py; decision 0023): what one host
does, the others see, and nothing happens twice."""

from __future__ import annotations

import collections
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import FORMAL_OK
from tests.system.multihost.client import Answer, Client, at_once
from tests.system.multihost.conftest import (
    APP_PORT,
    GROUP,
    LOGIN_FAILURE_LIMIT,
    ROOT,
    TRACK_MAX_FAILURES,
    Cluster,
    environment,
)
from tests.system.multihost.prepare import OFFICE_CODE

pytestmark = pytest.mark.xdist_group(GROUP)  # one module, one set of hosts
BURST = 200
BURST_THREADS = 16
SWEPT = 40
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def report(cluster: Cluster, client: Client, n: int, marker: str, **extra) -> Answer:
    body = {
        "intake_type": "lm",
        "channel": "posko",
        "title": f"{marker} {n}: layanan air bersih terhenti",
        "chronology": "Air bersih tidak mengalir sejak tiga hari; pengaduan ke kantor belum "
        "dijawab.",
        "reporters": [{"name": f"Warga {n}", "phone": f"0813{n:07d}", **extra}],
    }
    return client.request(
        "POST",
        "/api/v1/cases",
        json.dumps(body).encode(),
        {
            "Authorization": f"Bearer {cluster.token}",
            "Content-Type": "application/json",
            "Idempotency-Key": f"{marker}-{n}",
        },
    )


def office_sequences(cluster: Cluster) -> list[int]:
    return [
        row[0]
        for row in cluster.query(
            "SELECT c.sequence FROM cases_case c JOIN directory_office o ON o.id = c.office_id "
            "WHERE o.code = %s ORDER BY c.sequence",
            OFFICE_CODE,
        )
    ]


def test_a_burst_through_the_balancer_gives_gapless_references(cluster):
    marker = f"burst-{secrets.token_hex(3)}"
    before = {name: cluster.access_log(name).count("POST /api/v1/cases") for name in cluster.apps}
    balancer = cluster.balancer()
    with ThreadPoolExecutor(BURST_THREADS) as pool:
        answers = list(pool.map(lambda n: report(cluster, balancer, n, marker), range(BURST)))

    assert collections.Counter(a.status for a in answers) == {201: BURST}
    served = collections.Counter(a.headers.get("x-served-by") for a in answers)
    assert set(served) == {"app-a", "app-b"}, served  # round robin: both hosts took reports
    # Each host's own log says the same. gunicorn writes an access line after the answer has
    # gone out, so the last lines may land a moment after the client has its answer.
    deadline = time.monotonic() + 10
    while True:
        logged = {
            name: cluster.access_log(name).count("POST /api/v1/cases") - before[name]
            for name in cluster.apps
        }
        if logged == dict(served) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert logged == dict(served), (logged, served)
    references = [a.json()["reference"] for a in answers]
    assert len(set(references)) == BURST
    rows = cluster.query(
        "SELECT COUNT(*), COUNT(DISTINCT id) FROM cases_case WHERE title LIKE %s", f"{marker} %"
    )
    assert rows == [(BURST, BURST)]
    sequences = office_sequences(cluster)  # every case of the office, whichever test made it
    assert sequences == list(range(1, len(sequences) + 1))


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


def _mail_to(cluster: Cluster, addresses: set[str]) -> collections.Counter:
    """Mails written by the workers (EMAIL_FILE_PATH), by recipient among ``addresses``."""
    found = collections.Counter()
    for folder in cluster.mail_dirs.values():
        for path in folder.iterdir():
            for to in re.findall(r"^To: (.+)$", path.read_text(errors="replace"), re.M):
                if to.strip() in addresses:
                    found[to.strip()] += 1
    return found


def test_each_consequence_of_a_clock_happens_once_with_two_workers_sweeping(cluster):
    marker = f"sweep-{secrets.token_hex(3)}"
    balancer = cluster.balancer()
    emails = {n: f"warga{n}.{marker}@multihost.example" for n in range(SWEPT)}
    with ThreadPoolExecutor(8) as pool:
        made = list(
            pool.map(lambda n: report(cluster, balancer, n, marker, email=emails[n]), range(SWEPT))
        )
    case_ids = [answer.json()["id"] for answer in made]
    incomplete = json.dumps({"items": {**FORMAL_OK, "kontak": False}}).encode()
    headers = {"Authorization": f"Bearer {cluster.token}", "Content-Type": "application/json"}
    with ThreadPoolExecutor(8) as pool:
        verified = list(
            pool.map(
                lambda pk: balancer.request(
                    "POST", f"/api/v1/cases/{pk}/verify-formal", incomplete, headers
                ),
                case_ids,
            )
        )
    assert {answer.status for answer in verified} == {200}
    assert {answer.json()["state"] for answer in verified} == {"menunggu_kelengkapan"}
    # What the verification queued (the request to complete) is done before the clocks run out.
    _wait(lambda: _tasks_pending(cluster) == 0, 30, "the queued tasks")
    mails_before = _mail_to(cluster, set(emails.values()))

    # Both workers stopped; the 30 days of these 40 clocks made to have run out, with every
    # other clock of this module's reports (the burst's: more than one sweeper batch, so both
    # workers find work); both resumed at once: their sweepers' waits are over, so both sweep the
    # same clocks at the same moment.
    workers = list(cluster.workers.values())
    for process in workers:
        os.killpg(process.pid, signal.SIGSTOP)
    try:
        time.sleep(1.2)
        due = cluster.query(
            "UPDATE deadlines_deadline SET state = 'open', due_date = CURRENT_DATE - 10, "
            "start_date = CURRENT_DATE - 40, paused_since = NULL "
            "WHERE state IN ('open', 'waiting') AND case_id IN "
            "(SELECT id FROM cases_case WHERE id = ANY(%s) OR title LIKE 'burst-%%') "
            "RETURNING id, case_id, (SELECT code FROM deadlines_deadlinerule r "
            "WHERE r.id = rule_id)",
            case_ids,
        )
    finally:
        for process in workers:
            os.killpg(process.pid, signal.SIGCONT)
    completion = [row for row in due if row[2] == "melengkapi-laporan"]
    assert sorted(row[1] for row in completion) == sorted(case_ids)

    def all_closed() -> bool:
        return cluster.query(
            "SELECT COUNT(*) FROM cases_case WHERE id = ANY(%s) AND state = 'selesai'", case_ids
        ) == [(SWEPT,)]

    _wait(all_closed, 30, "deemed withdrawn")
    _wait(lambda: _tasks_pending(cluster) == 0, 30, "the notices of withdrawal")
    time.sleep(3)  # several more sweeps by both workers: nothing more may happen

    transitions = cluster.query(
        "SELECT case_id, COUNT(*) FROM cases_transition WHERE case_id = ANY(%s) "
        "AND action = 'deemed_withdrawn' GROUP BY case_id",
        case_ids,
    )
    assert sorted(transitions) == sorted((pk, 1) for pk in case_ids)
    events = cluster.query(
        "SELECT target_id, COUNT(*) FROM core_auditevent WHERE action = 'case.deemed_withdrawn' "
        "AND target_id = ANY(%s) GROUP BY target_id",
        [str(pk) for pk in case_ids],
    )
    assert sorted(events) == sorted((str(pk), 1) for pk in case_ids)
    missed = cluster.query(
        "SELECT target_id::bigint, COUNT(*) FROM core_auditevent "
        "WHERE action = 'deadline.missed' AND target_id = ANY(%s) GROUP BY target_id",
        [str(row[0]) for row in due],
    )
    assert sorted(missed) == sorted((row[0], 1) for row in due)  # every clock, once
    # One notice task per case, run once, by one worker (worker_ids lists every run).
    notices = cluster.query(
        "SELECT (args_kwargs->'kwargs'->>'case_id')::int, status, jsonb_array_length(worker_ids) "
        "FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s "
        "AND args_kwargs->'kwargs'->>'event' = 'deemed_withdrawn' "
        "AND (args_kwargs->'kwargs'->>'case_id')::int = ANY(%s)",
        "%notify_reporter_task",
        case_ids,
    )
    assert sorted(notices) == sorted((pk, "SUCCESSFUL", 1) for pk in case_ids)
    mails_after = _mail_to(cluster, set(emails.values()))
    assert mails_after - mails_before == collections.Counter(emails.values())
    swept = {
        name: sum(int(n) for n in re.findall(r"sweep: (\d+) clocks ran out", cluster.log(name)))
        for name in cluster.workers
    }
    assert sum(swept.values()) == len(due), swept
    assert cluster.query(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
    ) == [(0,)]
    assert all(process.poll() is None for process in workers)
    ran = cluster.query(
        "SELECT worker_ids->>-1, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY 1"
    )
    print(f"{len(due)} clocks swept by {swept}; tasks run by {dict(ran)}")


def _tasks_pending(cluster: Cluster) -> int:
    return cluster.query(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status IN ('READY', 'RUNNING') "
        # django-tasks-db stores "no delay" as the largest date
        "AND (run_after <= now() OR run_after >= '9999-01-01')"
    )[0][0]


def _new_case(cluster: Cluster, marker: str) -> dict:
    answer = report(cluster, cluster.balancer(), 0, marker, email=f"{marker}@multihost.example")
    assert answer.status == 201, answer.text
    return answer.json()


def _track(client: Client, case: dict, code: str | None = None) -> Answer:
    return client.post_form(
        "/lacak/", {"reference": case["reference"], "code": code or case["access_code"]}
    )


def test_a_file_uploaded_through_one_host_downloads_through_the_other(cluster):
    case = _new_case(cluster, f"upload-{secrets.token_hex(3)}")
    content = PDF + secrets.token_hex(16).encode()  # unique bytes

    reporter = cluster.app("app-a")
    tracked = _track(reporter, case)
    assert tracked.status == 302, tracked.text[:500]
    sent = reporter.post_form(
        "/lacak/laporan/dokumen/",
        {"doc-kind": "bukti"},
        page="/lacak/laporan/",
        files={"doc-files": ("bukti-pungutan.pdf", "application/pdf", content)},
    )
    assert sent.status == 302, sent.text[:2000]
    # The reporter's session, made on A, is known to B (sessions in the shared cache).
    page = reporter.at(cluster.apps["app-b"], APP_PORT).get("/lacak/laporan/")
    assert page.status == 200 and case["reference"] in page.text

    # The file is in the bucket, not on host A's disk.
    stored = [
        item["Key"]
        for item in cluster.s3.list_objects_v2(Bucket=cluster.bucket).get("Contents", [])
    ]
    bodies = [
        cluster.s3.get_object(Bucket=cluster.bucket, Key=key)["Body"].read() for key in stored
    ]
    assert content in bodies
    host_a_media = cluster.logs.parent / "app-a" / "media"
    assert not host_a_media.exists() or not any(p.is_file() for p in host_a_media.rglob("*"))

    # Staff download it through host B.
    staff = cluster.app("app-b")
    signed_in = staff.post_form(
        "/kantor/masuk/", {"username": "petugas", "password": cluster.password}
    )
    assert signed_in.status == 302, signed_in.text[:500]
    second = staff.post_form("/kantor/masuk/kode/", {"code": cluster.recovery_codes[0]})
    assert second.status == 302, second.text[:500]
    [(document_id,)] = cluster.query("SELECT id FROM cases_document WHERE case_id = %s", case["id"])
    download = staff.get(f"/kantor/laporan/{case['id']}/dokumen/{document_id}/")
    assert download.status == 200, download.text[:500]
    assert download.body == content


def _alternating(cluster: Cluster, source: str, count: int) -> list[Client]:
    """``count`` browsers from one address, every other one talking to app-a, the rest to app-b."""
    return [cluster.app(("app-a", "app-b")[n % 2], source) for n in range(count)]


def test_a_tracking_lockout_counts_failures_on_every_host(cluster):
    case = _new_case(cluster, f"lockout-{secrets.token_hex(3)}")
    source = cluster.network.spare[0]  # this test's own client address
    # The limit's worth of wrong codes, half on each host, all at the same moment: each host
    # alone saw half the limit, and none of the failures may be lost in the race.
    wrong = {"reference": case["reference"], "code": "WRONG00000"}
    tried = at_once(_alternating(cluster, source, TRACK_MAX_FAILURES), "/lacak/", wrong)
    assert [answer.status for answer in tried] == [400] * TRACK_MAX_FAILURES
    right = {"reference": case["reference"], "code": case["access_code"]}
    for name in cluster.apps:  # the right code is refused now, on either host
        refused = cluster.app(name, source).post_form("/lacak/", right)
        assert refused.status == 429, refused.status
        assert "Too many failed attempts" in refused.text
    # Another address is not affected.
    assert cluster.app("app-b", cluster.network.spare[2]).post_form("/lacak/", right).status == 302


def test_a_sign_in_throttle_counts_failures_on_every_host(cluster):
    source = cluster.network.spare[1]
    wrong = {"username": "korban", "password": "not-the-password"}
    tried = at_once(_alternating(cluster, source, LOGIN_FAILURE_LIMIT), "/kantor/masuk/", wrong)
    assert 302 not in [answer.status for answer in tried]
    right = {"username": "korban", "password": cluster.password}
    for name in cluster.apps:  # the right password is refused now, on either host
        assert cluster.app(name, source).post_form("/kantor/masuk/", right).status == 429
    # From another address the same account signs in.
    elsewhere = cluster.app("app-b", cluster.network.spare[3])
    assert elsewhere.post_form("/kantor/masuk/", right).status == 302


def test_the_audit_chain_written_by_every_host_verifies(cluster):
    """Events recorded by both app hosts and sealed by both workers (after commit and in their
    sweeps, at the same time) form one unbroken chain per office."""
    _wait(lambda: _tasks_pending(cluster) == 0, 30, "the queued tasks")
    time.sleep(1.5)  # a sweep seals what after-commit sealing left
    done = subprocess.run(
        [sys.executable, "-m", "aduan", "audit", "verify", "--unsealed-minutes=0"],
        cwd=ROOT,
        env=environment(DATABASE_URL=cluster.database_url, SECRET_KEY="v" * 50, ALLOWED_HOSTS="x"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
