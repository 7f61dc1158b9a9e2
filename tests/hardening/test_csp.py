"""A Content-Security-Policy on every page, and no inline script or style that it would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import aduan

SOURCE = Path(aduan.__file__).resolve().parent

POLICY_PARTS = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    for part in POLICY_PARTS:
        assert part in policy, (part, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize(
    "url", ["/", "/lapor/", "/lacak/", "/statistik/", "/kantor/masuk/", "/admin/login/"]
)
def test_every_public_page_carries_the_policy(client, office, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_strict_policy(response)


@pytest.mark.parametrize(
    "url", ["/kantor/", "/kantor/dasbor/", "/kantor/statistik/laporan/", "/admin/"]
)
def test_every_staff_page_carries_the_policy(client, administrator, url):
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code in {200, 302}, url
    assert_strict_policy(response)


def test_an_error_page_and_the_api_carry_the_policy_too(client, db):
    assert_strict_policy(client.get("/no-such-page/"))
    assert_strict_policy(client.get("/api/v1/openapi.json"))


def test_the_htmx_configuration_allows_no_eval_and_no_injected_styles(client, administrator):
    client.force_login(administrator)
    page = client.get("/kantor/").content.decode()
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page
    assert page.index('name="htmx-config"') < page.index("htmx-2")  # read before htmx starts


def test_the_receipts_print_button_works_through_the_static_script(client):
    script = client.get("/static/aduan/aduan.js")
    assert script.status_code == 200
    assert b"data-print" in b"".join(script.streaming_content)


# What the policy blocks, written in a template. A regression fails here with its file and line.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event-handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "inline <style> element": re.compile(r"<style\b", re.I),
    "inline style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
}


def inline_code_in_templates() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(SOURCE)}:{line}: {what}")
    return found


def test_no_template_has_inline_script_handlers_or_styles():
    assert inline_code_in_templates() == []


def test_the_scan_finds_what_it_is_looking_for(tmp_path):
    samples = [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<a href="javascript:go()">',
        "<style>p{}</style>",
        '<span class="x" style="width:1%">',
    ]
    for sample, pattern in zip(samples, INLINE.values(), strict=True):
        assert pattern.search(sample), sample
    assert not INLINE["inline script"].search('<script src="/static/aduan/aduan.js" defer>')
    assert not INLINE["event-handler attribute"].search('<input name="one" data-on="x">')
