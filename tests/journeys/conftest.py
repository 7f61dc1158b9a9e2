"""The end-to-end journeys (issue 15 §7): Playwright driving Debian's chromium against the live
server, one journey per test, each arranging its starting state through the services.

Every page a journey loads is checked with axe-core (0 serious or critical violations) before the
journey goes on, and every named step is saved full-page to
var/screenshots/journeys/<journey>/<NN>-<slug>.png (the user guide shows copies of them).
Phones are 390x844, desktops 1366x768; the browser speaks en-GB and the app answers in English.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

from tests.browser import CHROMIUM
from tests.journeys.axe import AXE, describe, require_axe, violations

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "journeys"
PASSWORD = "secret-pass-123"  # the staff personas' (tests/conftest.py)
LIAISON_PASSWORD = "Portal-pass-2026!"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


def _fingerprint(page) -> str:
    """The page's address and a hash of its markup (what axe-core would see change)."""
    return page.evaluate(
        """() => {
            const html = document.documentElement.outerHTML;
            let hash = 5381;
            for (let i = 0; i < html.length; i++) hash = (hash * 33 + html.charCodeAt(i)) | 0;
            return location.href + "#" + html.length + ":" + hash;
        }"""
    )


class Journey:
    """One journey's browser: pages on a phone or a desktop, each load checked by axe-core, and
    the named steps saved as screenshots."""

    def __init__(self, browser, name: str, base_url: str) -> None:
        self.browser, self.name, self.url = browser, name, base_url
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.unchecked: list[str] = []
        self.contexts: list = []

    def open(self, device: dict):
        """A new page (its own cookies) on ``PHONE`` or ``DESKTOP``."""
        # bypass_csp: the policy forbids the injected axe script, not the pages' own.
        context = self.browser.new_context(locale="en-GB", bypass_csp=True, **device)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.pending = page.checked = None

        def loaded(_page=page):
            if _page.pending is not None:  # the previous page went unchecked
                self.unchecked.append(_page.pending)
            _page.pending = _page.url

        page.on("load", lambda _: loaded())
        return page

    def goto(self, page, path: str) -> None:
        page.goto(f"{self.url}{path}")
        self.check(page)

    def check(self, page) -> None:
        """axe-core on the page as it is now: no serious or critical violation. (Skipped when the
        page has not changed since its last check.)"""
        page.wait_for_load_state()
        if page.pending is None and page.checked == _fingerprint(page):
            return
        found = violations(page)
        assert not found, describe(page.url, found)
        page.pending = None
        page.checked = _fingerprint(page)

    def submit(self, page, button) -> None:
        """Press ``button`` (a locator), wait for the page it leads to, and check that page."""
        with page.expect_navigation():
            button.click()
        self.check(page)

    def step(self, page, name: str) -> None:
        """Check the page, then save it as step ``name`` (NN-slug)."""
        self.check(page)
        page.screenshot(path=str(self.folder / f"{name}.png"), full_page=True)

    def staff_sign_in(self, page, username: str) -> None:
        page.context.clear_cookies()
        self.goto(page, "/kantor/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        self.submit(page, page.locator("main button[type=submit]"))

    def liaison_sign_in(self, page, username: str) -> None:
        page.context.clear_cookies()
        self.goto(page, "/instansi/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", LIAISON_PASSWORD)
        self.submit(page, page.get_by_role("button", name="Sign in"))

    def finish(self) -> None:
        for context in self.contexts:
            for page in context.pages:
                if page.pending is not None:
                    self.unchecked.append(page.pending)
        assert not self.unchecked, f"pages loaded but not checked by axe-core: {self.unchecked}"


def _missing_tool() -> str:
    """Why the journeys cannot run here, or ""."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not os.path.exists(CHROMIUM):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return f"no axe-core at {AXE} (`npm ci --no-audit --no-fund`; `make test` runs it)"
    return ""


def pytest_collection_modifyitems(config, items):
    """Without a tool the journeys are skipped LOUDLY at collection, before any database is made."""
    missing = _missing_tool()
    if not missing:
        return
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.skip(reason=f"SKIPPED LOUDLY: {missing}"))


@pytest.fixture
def journey(request, monkeypatch, settings, live_server, tmp_path):
    """journey(name) → a Journey on the live server; stored files go to a temporary folder."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("SKIPPED LOUDLY: playwright is not installed (pip install -e '.[dev]')")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"SKIPPED LOUDLY: no chromium at {CHROMIUM} (apt-get install chromium)")
    require_axe()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # http live server
    settings.MEDIA_ROOT = tmp_path / "media"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        made: list[Journey] = []

        def make(name: str) -> Journey:
            made.append(Journey(browser, name, live_server.url))
            return made[-1]

        try:
            yield make
        finally:
            connections.close_all()  # see tests/browser.py
            for j in made:
                for context in j.contexts:
                    context.close()
            browser.close()


def sample_files(folder: Path) -> dict[str, Path]:
    """A small PNG (an identity card photo) and a small PDF (a letter)."""
    import io

    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    png = folder / "ktp-siti.png"
    out = io.BytesIO()
    Image.new("RGB", (40, 25), "steelblue").save(out, format="PNG")
    png.write_bytes(out.getvalue())
    pdf = folder / "kuitansi-pungutan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    letter = folder / "surat-ke-dinas.pdf"
    letter.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return {"id": png, "evidence": pdf, "letter": letter}


def case_action(page, name: str):
    """The form of the case page's action ``name`` (its URL slug, e.g. "verify-formal"), opened
    if it sits in a closed <details>."""
    form = page.locator(f"form[action$='/aksi/{name}/']")
    if not form.is_visible():
        page.locator("details", has=form).locator("summary").first.click()
    return form


@pytest.fixture
def liaison_account(pvl_assistant, agency_tree):
    """The health office's liaison with an activated portal account (invite, activate); returns
    the portal user."""
    from aduan.directory.models import Liaison
    from aduan.liaison import services

    liaison = Liaison.objects.create(
        agency=agency_tree["health"],
        name="Budi Santoso",
        email="budi@dinkes.example",
        phone="081234567",
        whatsapp="081234567",
    )
    token = services.liaison_invite(liaison=liaison, actor=pvl_assistant)["token"]
    return services.liaison_activate(token=token, username="budi-dinkes", password=LIAISON_PASSWORD)
