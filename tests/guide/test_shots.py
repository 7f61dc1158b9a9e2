"""Screenshots in the guide: shown only when the copy exists; copied and shrunk from the
browser journeys by ``aduan guide-shots``."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from aduan.guide import render, shots

SHOT = "![The report form](shots/citizen/01-report-form.png)"


def png(path, size=(1366, 2400)):
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.effect_noise(size, 60).convert("RGB")
    image.save(path, format="PNG")
    return path


@pytest.fixture
def static_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "STATIC_DIR", tmp_path / "guide")
    return tmp_path / "guide"


def test_a_screenshot_that_is_not_there_shows_nothing(static_dir):
    _title, html, _toc = render.render_markdown(f"# T\n\n{SHOT}\n\nAfter.\n")
    assert "<img" not in html
    assert "<p></p>" not in html
    assert "<p>After.</p>" in html


def test_a_screenshot_that_is_there_is_shown_with_its_alt_text(static_dir):
    png(static_dir / "shots" / "citizen" / "01-report-form.png", (20, 20))
    _title, html, _toc = render.render_markdown(f"# T\n\n{SHOT}\n")
    assert (
        '<img class="shot" src="/static/guide/shots/citizen/01-report-form.png" '
        'alt="The report form" loading="lazy">'
    ) in html


def test_only_screenshots_are_shown_never_other_images(static_dir):
    png(static_dir / "other.png", (20, 20))
    _title, html, _toc = render.render_markdown(
        "# T\n\n![a](other.png) ![b](https://example.org/x.png) ![c](shots/../other.png)\n"
    )
    assert "<img" not in html


@pytest.mark.django_db
def test_the_pages_show_the_screenshot_once_it_is_copied(static_dir):
    url = "/panduan/melapor/"
    assert "01-report-form.png" not in Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    png(static_dir / "shots" / "citizen" / "01-report-form.png", (20, 20))
    html = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'alt="The report form on a phone"' in html
    html = Client().get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'alt="Formulir laporan di telepon genggam"' in html


def test_every_screenshot_the_pages_name_is_in_the_contract():
    named = set()
    for path in render.PAGES_DIR.glob("*/*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "](shots/" in line:
                named.add(line.split("](shots/")[1].split(")")[0])
    contract = {f"{j}/{n}.png" for j, names in shots.REQUIRED.items() for n in names}
    assert named <= contract
    assert named == contract  # every contracted screenshot is used somewhere


def test_guide_shots_copies_and_shrinks_the_journeys_screenshots(tmp_path):
    source, target = tmp_path / "journeys", tmp_path / "shots"
    png(source / "staff" / "01-queue.png", (1366, 768))
    png(source / "citizen" / "01-report-form.png", (780, 3000))
    out = io.StringIO()
    err = io.StringIO()
    call_command("guide_shots", source=source, target=target, stdout=out, stderr=err)
    for name in ("staff/01-queue.png", "citizen/01-report-form.png"):
        with Image.open(target / name) as image:
            assert image.width <= shots.WIDTH
            assert image.format == "PNG"
    assert "2 screenshots copied" in out.getvalue()
    assert "missing: liaison/01-inbox.png" in err.getvalue()
    assert "missing: staff/01-queue.png" not in err.getvalue()


def test_a_copy_is_made_small_enough():
    buffer = io.BytesIO()
    Image.effect_noise((1366, 768), 20).convert("RGB").save(buffer, format="PNG")
    data, width = shots.shrink(buffer.getvalue(), max_bytes=150_000)
    assert width == 800
    assert len(data) < len(buffer.getvalue())
