"""The forms of the demo, filled with bad input as every persona: no answer is a server error.

The crawl of ``test_crawl.py`` (its demo, personas and ``crawl``, with a lower page cap) collects
the ``<form>``s each persona is shown. Each distinct form (its method, its action's URL pattern
and its field names) is then submitted by that persona:

- a GET form (filters, search) with its defaults, then with each field in turn set to each
  hostile value (and an unknown choice for a choice field): no 5xx, and an HTML page has a title;
- a POST form with nothing, with every field empty (an empty file), with every field set to each
  of ``POST_EVERY_FIELD`` (a text file named ``.pdf``), with the other hostile values spread
  over its fields, with its choices unknown, and with plausible values in which each field in
  turn is set to a hostile value of its kind: no 5xx; a POST answered 200 shows a message or the
  form again (redirects and 4xx are fine).

Caps (about 90 s on two cores, 25 s of it the demo): ``MAX_PAGES`` crawled per persona, a form
seen by an earlier persona is not submitted again (``SEEN``), a formset's first row stands for
the others, and the per-field POST values are few.

Every request runs in a savepoint that is rolled back (and the client's cookies are restored),
so one submission never changes what the next one sees. Sign-out, ``/admin/`` and the language
switch (``/i18n/``) are skipped, as in the crawl. Failures are collected and reported together
with the page, the form's action, the field, the value and the project's traceback frames.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from tests.demo_site.test_crawl import (
    STAFF,
    _frames,
    _liaisons,
    _normalise,
    _one_case_per_state,
    _route,
    _sign_in,
    crawl,
)

pytestmark = pytest.mark.django_db

MAX_PAGES = 30  # pages crawled per persona to find forms (the crawl's cap is 250)
HOSTILE = {
    "empty": "",
    "long": "x" * 2000,
    "negative": "-1",
    "huge": "99999999999999999999",
    "non-ascii digit": "²",
    "bad date": "2026-13-45",
    "markup": "<script>",
    "nul": "\x00",  # sent as %00
}
UNKNOWN_CHOICE = "zz-unknown-choice"
# Hostile values put into every field of a POST at once; the others go into one submission,
# a value per field in turn (a cap on the number of requests).
POST_EVERY_FIELD = ("empty", "long", "huge", "nul")
# Hostile values put, one field at a time, into an otherwise plausible POST, by the kind of
# field.
POST_ONE_FIELD = {
    "date": ("bad date",),
    "datetime-local": ("bad date",),
    "time": ("bad date",),
    "month": ("bad date",),
    "number": ("huge", "negative"),
    "select": ("huge",),
    "radio": ("huge",),
    "checkbox": ("huge",),
    "file": ("empty", "long"),
}
POST_ONE_TEXT = ("long",)  # any other field (text, textarea, e-mail, …)
# A formset's rows look alike: the fields of its first row (index 0) stand for the others,
# which keep their defaults (empty rows) apart from the submissions that fill every field.
FORMSET_ROW = re.compile(r"(^|-)([1-9][0-9]*)-")
CHOICE_KINDS = {"select", "radio", "checkbox", "button"}
# Submissions known to fail, each reported to the team that owns the code: (route, field, value
# label) -> why. Keep it short.
KNOWN: dict[tuple[str, str, str], str] = {}
# POSTs whose success is a page of its own rather than a message or the form.
RESULT_PAGES = {
    "instansi/kantor/focal-point/<int:pk>/undang/",  # the invitation link
    "kantor/laporan/<int:pk>/pelapor/<int:reporter_pk>/tampilkan/",  # the identity, shown
}
# Forms fuzzed already by an earlier persona of the module: the same form (method, action's
# pattern, field names) seen again by another persona is not submitted again (a cap on time).
SEEN: set = set()
ERROR_MARKERS = ('class="errorlist', 'role="alert"', 'class="error', 'class="messages"')


@dataclass
class Field:
    name: str
    kind: str
    default: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    def field(self, name: str, kind: str) -> Field:
        if name not in self.fields:
            self.fields[name] = Field(name, kind)
        return self.fields[name]


class _Forms(HTMLParser):
    """The forms of a page: method, action, and the named fields with defaults and options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: list | None = None  # [value or None, text, selected]
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(), a.get("action") or "")
            self.forms.append(self._form)
            return
        name = a.get("name")
        if self._form is None:
            return
        if tag == "option" and self._select is not None:
            self._end_option()
            self._option = [a.get("value"), "", "selected" in a]
        elif not name:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("button", "image", "reset"):
                return
            if kind == "submit":
                kind = "button"
            value = a.get("value")
            if kind in ("checkbox", "radio", "button"):
                item = self._form.field(name, kind)
                item.options.append(value if value is not None else "on")
                item.multiple = kind == "checkbox" and len(item.options) > 1
                if "checked" in a or (kind == "button" and not item.default):
                    item.default.append(item.options[-1])
            elif kind == "file":
                self._form.field(name, kind).multiple = "multiple" in a
            else:
                self._form.field(name, kind).default = [value or ""]
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            item = self._form.field(name, "button")
            item.options.append(a.get("value") or "")
            if not item.default:
                item.default.append(item.options[-1])
        elif tag == "select":
            self._select = self._form.field(name, "select")
            self._select.multiple = "multiple" in a
        elif tag == "textarea":
            self._textarea = self._form.field(name, "textarea")
            self._textarea.default = [""]

    def _end_option(self) -> None:
        if self._option is None or self._select is None:
            return
        value, text, selected = self._option
        value = text.strip() if value is None else value
        self._select.options.append(value)
        if selected:
            self._select.default.append(value)
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None:
            self._end_option()
            if not self._select.default and not self._select.multiple and self._select.options:
                self._select.default = [self._select.options[0]]
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1] += data
        elif self._textarea is not None:
            self._textarea.default[0] += data.removeprefix("\n")


# A PDF that ``check_upload`` accepts (its content starts with the signature).
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def _plausible(item: Field) -> list:
    """A value a careful person would submit for this field."""
    today = dt.date(2025, 6, 2)
    if item.kind in CHOICE_KINDS:
        chosen = item.default or [next((o for o in item.options if o), "")]
        return chosen[:1] if item.kind != "checkbox" else chosen
    if item.kind == "file":
        return [SimpleUploadedFile("bukti.pdf", TINY_PDF, "application/pdf")]
    given = next((v for v in item.default if v), "")
    if given:
        return [given]
    return [
        {
            "date": today.isoformat(),
            "datetime-local": f"{today.isoformat()}T10:00",
            "time": "10:00",
            "month": "2025-06",
            "number": "1",
            "email": "uji@example.org",
            "tel": "081234567890",
            "url": "https://example.org/",
            "password": "Uji-rahasia-2025",
        }.get(item.kind, "Uji coba")
    ]


def _hostile(item: Field, label: str) -> list:
    if item.kind == "file":
        if label == "empty":
            return [SimpleUploadedFile("kosong.pdf", b"", "application/pdf")]
        return [SimpleUploadedFile("catatan.pdf", b"just text, not a PDF\n", "application/pdf")]
    return [UNKNOWN_CHOICE if label == "unknown choice" else HOSTILE[label]]


def _data(form: Form, values: dict[str, list]) -> dict:
    return {name: value for name, value in values.items() if value}


@dataclass
class Fuzz:
    persona: str
    client: Client
    seen: set = field(default_factory=set)  # signatures of the forms fuzzed already
    forms: dict[tuple, tuple[str, Form]] = field(default_factory=dict)  # signature -> page, form
    failures: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    timings: Counter[str] = field(default_factory=Counter)  # route -> seconds
    requests: int = 0

    def collect(self, url: str, html: str) -> None:
        parser = _Forms()
        parser.feed(html)
        for form in parser.forms:
            target = _normalise(urljoin(url, form.action) if form.action else url, url)
            if target is None:
                continue
            form.action = target
            path = target.split("?", 1)[0]
            signature = (form.method, _route(path), tuple(sorted(form.fields)))
            if signature not in self.seen:
                self.seen.add(signature)
                self.forms[signature] = (url, form)

    def submit(self, page: str, form: Form, data: dict, name: str, label: str) -> None:
        path = form.action.split("?", 1)[0] if form.method == "get" else form.action
        route = _route(path.split("?", 1)[0]).strip()
        if (route, name, label) in KNOWN:
            return
        where = f"{page} → {form.method.upper()} {form.action} [{name} = {label}]"
        cookies = copy.deepcopy(self.client.cookies)
        self.requests += 1
        started = time.monotonic()
        try:
            with transaction.atomic():
                if form.method == "get":
                    response = self.client.get(path, data)
                else:
                    response = self.client.post(path, data)
                raise _Rollback(response)
        except _Rollback as done:
            response = done.response
        except Exception as error:
            self.statuses[500] += 1
            self.failures.append(f"{where}: server error\n{_frames(error)}")
            return
        finally:
            self.client.cookies = cookies
            self.timings[route] += time.monotonic() - started
        status = response.status_code
        self.statuses[status] += 1
        if status >= 500:
            self.failures.append(f"{where}: answered {status}")
            return
        if status != 200 or response.streaming:
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        html = response.content.decode(response.charset or "utf-8", "replace")
        if "<title>" not in html or "<title></title>" in html:
            self.failures.append(f"{where}: HTML page without a <title>")
        if route in RESULT_PAGES:
            return
        if form.method == "post" and not _message_or_form(html, form.action, path):
            self.failures.append(f"{where}: answered 200 with neither a message nor the form")

    def fuzz(self, page: str, form: Form) -> None:
        fields = list(form.fields.values())
        defaults = {item.name: list(item.default) for item in fields}
        if form.method == "get":
            self.submit(page, form, _data(form, defaults), "-", "defaults")
            for item in fields:
                if item.kind == "button" or FORMSET_ROW.search(item.name):
                    continue
                labels = [*HOSTILE, *(["unknown choice"] if item.kind in CHOICE_KINDS else [])]
                for label in labels:
                    values = {**defaults, item.name: _hostile(item, label)}
                    self.submit(page, form, _data(form, values), item.name, label)
            return
        plausible = {
            item.name: list(item.default) if FORMSET_ROW.search(item.name) else _plausible(item)
            for item in fields
        }
        self.submit(page, form, {}, "*", "missing")
        for label in POST_EVERY_FIELD:
            values = {item.name: _hostile(item, label) for item in fields}
            self.submit(page, form, _data(form, values), "*", label)
        # The other hostile values in turn, one per field, in a single submission.
        rest = [label for label in HOSTILE if label not in POST_EVERY_FIELD]
        mixed = {item.name: _hostile(item, rest[i % len(rest)]) for i, item in enumerate(fields)}
        self.submit(page, form, _data(form, mixed), "*", f"one of {', '.join(rest)} each")
        choices = [item for item in fields if item.kind in CHOICE_KINDS - {"button"}]
        if choices:
            values = {**plausible, **{c.name: [UNKNOWN_CHOICE] for c in choices}}
            self.submit(page, form, _data(form, values), "choices", "unknown choice")
        self.submit(page, form, _data(form, plausible), "-", "plausible")
        for item in fields:
            if item.kind in ("button", "hidden") or FORMSET_ROW.search(item.name):
                continue
            for label in POST_ONE_FIELD.get(item.kind, POST_ONE_TEXT):
                values = {**plausible, item.name: _hostile(item, label)}
                self.submit(page, form, _data(form, values), item.name, label)


class _Rollback(Exception):
    def __init__(self, response) -> None:
        self.response = response


def _message_or_form(html: str, action: str, path: str) -> bool:
    """Whether a page answered to a POST shows a message or an error, or the same form again."""
    if any(marker in html for marker in ERROR_MARKERS):
        return True
    parser = _Forms()
    parser.feed(html)
    paths = {urlsplit(urljoin(action, form.action or action)).path for form in parser.forms}
    return urlsplit(path).path in paths


def _fuzz(
    client: Client, persona: str, starts: list[str], *, signed_in: bool, seen: set | None
) -> Fuzz:
    result = Fuzz(persona, client, seen=set() if seen is None else seen)
    crawl(client, persona, starts, signed_in=signed_in, max_pages=MAX_PAGES, on_page=result.collect)
    for page, form in result.forms.values():
        result.fuzz(page, form)
    return result


def _report(result: Fuzz, seconds: float) -> str:
    head = (
        f"{result.persona}: {len(result.forms)} forms, {result.requests} requests in "
        f"{seconds:.1f}s {dict(sorted(result.statuses.items()))}"
    )
    slow = ", ".join(f"{r} {t:.1f}s" for r, t in result.timings.most_common(6))
    return "\n".join([head, f"  slowest: {slow}", *(f"  - {line}" for line in result.failures)])


@pytest.fixture
def media(settings, tmp_path):
    """Uploads the fuzz gets accepted are written to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    settings.ADUAN_SOFFICE = "off"  # letters made by a plausible POST: the built-in renderer


def _run(
    client: Client, persona: str, starts: list[str], *, signed_in: bool, seen: set | None = None
) -> Fuzz:
    began = time.monotonic()
    result = _fuzz(client, persona, starts, signed_in=signed_in, seen=seen)
    print(_report(result, time.monotonic() - began))
    return result


# In this order: the public forms first (anonymous), then each persona's own.
def test_public_forms_survive_bad_input(demo, db, media):
    result = _run(
        Client(),
        "anonymous",
        ["/", "/statistik/", "/lacak/", "/lapor/"],
        signed_in=False,
        seen=SEEN,
    )
    assert not result.failures, _report(result, 0)


def test_reporter_forms_survive_bad_input(demo, db, media):
    """Reporters tracking their report in the states that offer them the most forms (the
    completion, the response to the draft LAHP, the rating)."""
    from aduan.cases.models import Case
    from aduan.cases.states import State
    from aduan.intake.channels.portal.views import SESSION_CASE

    cases = Case.objects.filter(office__code="babel").order_by("pk")
    failures = []
    for state in (State.AWAITING_COMPLETION, State.LAHP_RESPONSE, State.CLOSED):
        client = Client()
        session = client.session
        session[SESSION_CASE] = cases.filter(state=state).values_list("pk", flat=True).first()
        session.save()
        result = _run(
            client, f"reporter of {state}", ["/lacak/laporan/"], signed_in=False, seen=SEEN
        )
        failures += result.failures
    assert not failures, "\n".join(failures)


def test_liaison_forms_survive_bad_input(demo, db, media):
    username = _liaisons()[0]
    client = Client()
    _sign_in(client, username)
    result = _run(client, f"liaison {username}", ["/instansi/"], signed_in=True, seen=SEEN)
    assert not result.failures, _report(result, 0)


@pytest.mark.parametrize("username", STAFF)
def test_staff_forms_survive_bad_input(demo, db, media, username):
    client = Client()
    _sign_in(client, username)
    starts = ["/kantor/", *_one_case_per_state(username)]
    result = _run(client, username, starts, signed_in=True, seen=SEEN)
    assert not result.failures, _report(result, 0)
