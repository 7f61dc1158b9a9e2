"""A crawl of the demo as every persona: no page fails, no link offered is refused.

The demo is built once for the package (``conftest.demo``) inside a transaction that is
rolled back at the end. Each persona signs in with the test client and follows, breadth first,
the same-site ``<a href>`` links of the HTML pages it is shown, from its start pages:

- no response is a server error (the traceback is collected, not raised at once);
- no link a page showed to this persona is refused (4xx, or a redirect to a sign-in page for
  someone signed in): a link offered but refused is a bug;
- every HTML page has a non-empty ``<title>``.

Failures are collected and reported together, each with the page that linked to it.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.http import HttpRequest
from django.test import Client
from django.urls import Resolver404, resolve

from aduan.backoffice.selectors import scoped_cases
from aduan.cases.states import State
from aduan.directory.models import User

pytestmark = pytest.mark.django_db  # part of `make test`: nothing skips or deselects it

# ADUAN_CRAWL_DEEP=1 lifts the per-pattern limit (minutes instead of seconds; not for CI).
DEEP = os.environ.get("ADUAN_CRAWL_DEEP") == "1"
MAX_PAGES = 5000 if DEEP else 250  # per persona
MAX_QUERIES_PER_PATH = 3  # distinct (normalised) query strings followed per path
# Distinct pages followed per URL pattern (its non-numeric arguments, e.g. a case action's
# name, count as part of the pattern): 300 case pages look alike, their actions do not. Staff
# start from one case in each state as well, so every state's actions are offered.
MAX_PER_ROUTE = 10**6 if DEEP else 3
SKIP_PREFIXES = ("/admin/", "/i18n/")
SKIP_SUFFIXES = ("/keluar/",)  # sign-out
# Links the crawl knows fail, each reported to the team that owns the code; keep the list short.
KNOWN: dict[str, str] = {}

STAFF = [
    "admin",
    "kepala",
    "pvl",
    "pemeriksa",
    "kepala-pemeriksaan",
    "resmon",
    "pencegahan",
    "anggota",
    "upkp2",  # the staff of the demo's agency complaint unit (SP4N-LAPOR!)
]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag == "title" and self.title is None:
            self._in_title = True
            self.title = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _normalise(url: str, base: str) -> str | None:
    """The same-site path and sorted query of a link, or None when the crawl leaves it."""
    href = url.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if v))
    return f"{path}?{query}" if query else path


def _route(path: str) -> str:
    """The URL pattern of a path with its non-numeric arguments; the path when none matches."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    words = sorted(f"{k}={v}" for k, v in match.kwargs.items() if not str(v).isdigit())
    return f"{match.route} {' '.join(words)}"


def _frames(error: Exception) -> str:
    """The project's frames of a traceback (the last few) and the error."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "/aduan/" in frame.filename and "site-packages" not in frame.filename
    ][-4:]
    lines = [f"      {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([*lines, f"      {type(error).__name__}: {error}"])


@dataclass
class Crawl:
    persona: str
    signed_in: bool
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: Counter[str] = field(default_factory=Counter)  # route -> seconds

    def fail(self, url: str, referrer: str | None, message: str) -> None:
        if url in KNOWN:
            return
        self.failures.append(f"{url} (linked from {referrer or 'start'}): {message}")


def crawl(
    client: Client,
    persona: str,
    starts: list[str],
    *,
    signed_in: bool,
    max_pages: int = MAX_PAGES,
    on_page: Callable[[str, str], None] | None = None,
) -> Crawl:
    """Follow the links from ``starts``; ``on_page(url, html)`` sees every HTML page (the form
    fuzz in ``test_form_fuzz.py`` collects its forms this way)."""
    result = Crawl(persona, signed_in)
    queue: deque[tuple[str, str | None]] = deque((url, None) for url in starts)
    seen = set(starts)
    queries: Counter[str] = Counter()
    routes: Counter[str] = Counter(_route(url.split("?", 1)[0]) for url in starts)
    began = time.monotonic()
    while queue and len(result.visited) < max_pages:
        url, referrer = queue.popleft()
        started = time.monotonic()
        route = _route(url.split("?", 1)[0])
        try:
            response = client.get(url)
        except Exception as error:
            result.visited[url] = 500
            result.fail(url, referrer, f"server error\n{_frames(error)}")
            continue
        result.timings[route] += time.monotonic() - started
        status = response.status_code
        result.visited[url] = status
        if status >= 500:
            result.fail(url, referrer, f"answered {status}")
            continue
        if 400 <= status < 500:
            result.fail(url, referrer, f"answered {status}: offered but refused")
            continue
        if status in (301, 302, 303, 307, 308):
            target = _normalise(response["Location"], url)
            if target is None:
                continue
            path = target.split("?", 1)[0]
            if signed_in and path.endswith("/masuk/"):
                result.fail(url, referrer, f"sends a signed-in {persona} to {target}")
                continue
            links = [target]
        else:
            content_type = response.get("Content-Type", "")
            if not content_type.startswith("text/html") or response.streaming:
                continue
            html = response.content.decode(response.charset or "utf-8", "replace")
            page = _Page()
            page.feed(html)
            if on_page is not None:
                on_page(url, html)
            if not (page.title or "").strip():
                result.fail(url, referrer, "HTML page without a <title>")
            links = page.links
        for href in links:
            target = _normalise(href, url)
            if target is None or target in seen:
                continue
            path, _, query = target.partition("?")
            if query:
                if queries[path] >= MAX_QUERIES_PER_PATH:
                    continue
                queries[path] += 1
            else:
                route = _route(path)
                if routes[route] >= MAX_PER_ROUTE:
                    continue
                routes[route] += 1
            seen.add(target)
            queue.append((target, url))
    result.seconds = time.monotonic() - began
    return result


def _report(result: Crawl) -> str:
    statuses = Counter(result.visited.values())
    head = (
        f"{result.persona}: {len(result.visited)} pages in {result.seconds:.1f}s "
        f"{dict(sorted(statuses.items()))}"
    )
    slow = ", ".join(f"{r} {t:.1f}s" for r, t in result.timings.most_common(6))
    head += f"\n  slowest: {slow}"
    if not result.failures:
        return head
    return head + "\n" + "\n".join(f"  - {line}" for line in result.failures)


def _sign_in(client: Client, username: str) -> None:
    # django-axes checks every sign-in against its address: the request goes with it.
    assert client.login(request=HttpRequest(), username=username, password="aduan-demo"), username


def _one_case_per_state(username: str) -> list[str]:
    cases = scoped_cases(User.objects.get(username=username)).order_by("pk")
    pks = [cases.filter(state=state).values_list("pk", flat=True).first() for state in State]
    return [f"/kantor/laporan/{pk}/" for pk in pks if pk]


@pytest.mark.parametrize("username", STAFF)
def test_staff_crawl_finds_no_broken_page(demo, db, username):
    client = Client()
    _sign_in(client, username)
    result = crawl(client, username, ["/kantor/", *_one_case_per_state(username)], signed_in=True)
    print(_report(result))
    assert not result.failures, _report(result)


def _liaisons() -> list[str]:
    """The demo liaison with the most in their portal inbox (every liaison when DEEP)."""
    from aduan.liaison.selectors import liaison_inbox

    users = list(User.objects.filter(liaison__isnull=False, is_active=True).order_by("pk"))
    if DEEP:
        return [user.username for user in users]
    return [max(users, key=lambda user: len(list(liaison_inbox(user)))).username]


def test_liaison_crawl_finds_no_broken_page(demo, db):
    failures = []
    for username in _liaisons():
        client = Client()
        _sign_in(client, username)
        result = crawl(client, f"liaison {username}", ["/instansi/"], signed_in=True)
        print(_report(result))
        failures += [f"{result.persona}: {line}" for line in result.failures]
    assert not failures, "\n".join(failures)


def test_reporter_crawl_finds_no_broken_page(demo, db):
    """A reporter tracking their report, one report in each state (signed in to tracking as
    the tracking form does it: the case in the session)."""
    from aduan.cases.models import Case
    from aduan.intake.channels.portal.views import SESSION_CASE

    cases = Case.objects.filter(office__code="babel").order_by("pk")
    failures = []
    for state in State:
        pk = cases.filter(state=state).values_list("pk", flat=True).first()
        if pk is None:
            continue
        client = Client()
        session = client.session
        session[SESSION_CASE] = pk
        session.save()
        result = crawl(client, f"reporter of {state}", ["/lacak/laporan/"], signed_in=False)
        print(_report(result))
        failures += [f"{result.persona}: {line}" for line in result.failures]
    assert not failures, "\n".join(failures)


def test_public_crawl_finds_no_broken_page(demo, db):
    result = crawl(Client(), "anonymous", ["/", "/statistik/", "/lacak/"], signed_in=False)
    print(_report(result))
    assert not result.failures, _report(result)
