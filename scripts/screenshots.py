"""Screenshots of the back office in a real browser, for a person to look at.

    make screenshots            # builds a demo database, serves it, writes var/screenshots/*.png

Needs Chromium (Debian: ``apt-get install chromium``; or set CHROMIUM=/path/to/chrome) and the
``playwright`` package (``make screenshots`` installs it into .venv; its own browser download is
not used). Each screen is taken at 1366×768 (an office PC) and 390×844 (a phone), signed in as
the persona who uses it. The demo database lives in var/screenshots/ and is rebuilt each run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "screenshots"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}
PASSWORD = "aduan-demo"  # noqa: S105 - the documented demo password (settings.ADUAN_DEMO_PASSWORD)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    # The screens behind sign-in are shot; the second factor itself is tested in tests/signin.
    env = dict(os.environ, DEBUG="1", ADUAN_DATA_DIR=str(OUT / "data"), ADUAN_MFA_REQUIRED="0")
    env.pop("DATABASE_URL", None)
    return env


def _aduan(*args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/aduan"), *args], check=True, env=_env())  # noqa: S603


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The development server did not start.")


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chrome")
    if not chromium:
        raise SystemExit("Chromium not found: apt-get install chromium, or set CHROMIUM=...")
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "data").mkdir(parents=True)
    print("Building the demo database (about a minute) ...", flush=True)
    _aduan("migrate", "--no-input", "-v", "0")
    _aduan("load-regions")
    _aduan("demo")
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(ROOT / ".venv/bin/aduan"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        base = f"http://127.0.0.1:{port}"
        shots = _shots()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for size_name, (width, height) in SIZES.items():
                for username, pages in shots.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        locale="id-ID",
                        extra_http_headers={"Accept-Language": "id"},
                    )
                    page = context.new_page()
                    if username.startswith("liaison:"):  # the agencies' portal
                        page.goto(f"{base}/instansi/masuk/")
                        page.fill("input[name=username]", username.split(":", 1)[1])
                        page.fill("input[name=password]", PASSWORD)
                        page.click("main button[type=submit]")
                        page.wait_for_url(f"{base}/instansi/")
                    elif username:  # "" is the public, signed out
                        page.goto(f"{base}/kantor/masuk/")
                        page.fill("input[name=username]", username)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("main button[type=submit]")
                        page.wait_for_url(f"{base}/kantor/")
                    for name, path in pages:
                        page.goto(base + path)
                        target = OUT / f"{name}-{size_name}.png"
                        page.screenshot(
                            path=str(target), full_page="-case-" in name or "portal" in name
                        )
                        print(f"  {target.relative_to(ROOT)}", flush=True)
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print(f"Screenshots are in {OUT.relative_to(ROOT)}/.")


def _shots() -> dict[str, list[tuple[str, str]]]:
    """(file name, path) per demo login, chosen from the demo database."""
    os.environ.update(_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aduan.settings")
    import django

    django.setup()
    from aduan.cases.models import Case
    from aduan.directory.models import User

    def first(**lookups: object) -> Case:
        return Case.objects.filter(**lookups).order_by("-received_at").first()

    examiner = User.objects.filter(role="asisten", unit__kind="pemeriksaan").first()
    pvl = User.objects.filter(role="asisten", unit__kind="pvl").first()
    head = User.objects.filter(role="kepala_perwakilan").first()
    liaison = User.objects.filter(liaison__isnull=False, is_active=True).first().username
    in_exam = first(state="pemeriksaan", assignee=examiner) or first(state="pemeriksaan")
    confidential = first(confidential=True, office=pvl.office)
    received = first(state="diterima", office=pvl.office)
    from aduan.prevention.models import SuggestionReport

    reported = SuggestionReport.objects.select_related("by").order_by("pk").first()
    pages = {
        pvl.username: [
            ("01-home-pvl", "/kantor/"),
            ("02-list", "/kantor/laporan/"),
            ("03-list-filtered", "/kantor/laporan/?state=diterima&clock=red&sort=due"),
            ("04-case-received", f"/kantor/laporan/{received.pk}/"),
            ("05-case-confidential", f"/kantor/laporan/{confidential.pk}/"),
            ("06-search", "/kantor/laporan/?q=pukesmas"),
        ],
        examiner.username: [
            ("07-home-examiner", "/kantor/"),
            ("08-case-examination", f"/kantor/laporan/{in_exam.pk}/"),
            ("09-letters", f"/kantor/laporan/{in_exam.pk}/surat/"),
        ],
        head.username: [
            ("10-home-head", "/kantor/"),
            ("11-desk", "/kantor/terima/"),
            ("18-dashboard", "/kantor/dasbor/"),
            ("19-report", "/kantor/statistik/laporan/"),
            ("20-alerts", "/kantor/lonjakan/"),
            ("21-compliance", "/kantor/kepatuhan/"),
            ("22-prevention", "/kantor/pencegahan/"),
            ("23-reviews", "/instansi/kantor/tinjau/"),
        ],
        "": [
            ("12-portal-report", "/lapor/"),
            ("13-portal-track", "/lacak/"),
            ("24-public-statistics", "/statistik/"),
        ],
        f"liaison:{liaison}": [
            ("14-liaison-inbox", "/instansi/"),
            ("15-liaison-kinerja", "/instansi/kinerja/"),
        ],
        "upkp2": [("16-upkp2-home", "/kantor/"), ("17-upkp2-list", "/kantor/laporan/")],
    }
    if reported is not None and reported.by is not None:  # a suggestion's follow-up, reported
        page = ("25-liaison-suggestion", f"/instansi/saran/{reported.suggestion_id}/")
        pages.setdefault(f"liaison:{reported.by.username}", []).append(page)
        pages[head.username].append(
            ("26-review-detail", f"/kantor/pencegahan/kajian/{reported.suggestion.review_id}/")
        )
    return pages


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
