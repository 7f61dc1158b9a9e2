"""The user guide at /panduan/: public, Bahasa Indonesia first, English second, one Markdown
file per page and language, rendered without raw HTML."""

from __future__ import annotations

import re
import shutil

import pytest
from django.test import Client

from aduan.guide import render
from aduan.guide.pages import READERS, SLUGS

pytestmark = pytest.mark.django_db


def get(path: str, language: str = "en"):
    return Client().get(path, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_index_lists_every_page_by_reader_without_sign_in(language):
    response = get("/panduan/", language)
    assert response.status_code == 200
    html = response.content.decode()
    for slug in SLUGS:
        assert f'href="/panduan/{slug}/"' in html
        assert render.page_title(slug, language) in html
    if language == "en":
        for label in ("Citizens", "Office staff", "Agency liaison officers", "Administrators"):
            assert label in html


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_renders_in_both_languages_with_its_table_of_contents(slug, language):
    response = get(f"/panduan/{slug}/", language)
    assert response.status_code == 200
    html = response.content.decode()
    page = render.render_page(slug, language)
    assert page.language == language  # written in this language, not a fallback
    assert f"<h1>{page.title}</h1>" in html
    assert len(page.toc) >= 3
    for heading in page.toc:
        assert f'id="{heading.anchor}"' in html
        assert f'href="#{heading.anchor}"' in html
    assert "guide-fallback" not in html
    assert "<script" not in html


@pytest.mark.parametrize("slug", SLUGS)
def test_both_languages_of_a_page_have_the_same_sections(slug):
    assert render.anchors(slug, "id") == render.anchors(slug, "en")


def test_every_page_belongs_to_one_reader():
    assert len(SLUGS) == len(set(SLUGS))
    assert all(reader.pages for reader in READERS)


def test_an_unknown_page_is_not_found():
    assert get("/panduan/tidak-ada/").status_code == 404


def test_the_sidebar_marks_the_current_page():
    html = get("/panduan/melacak/").content.decode()
    assert 'href="/panduan/melacak/" aria-current="page"' in html
    assert 'href="/panduan/melapor/" aria-current' not in html


def test_a_missing_translation_falls_back_to_indonesian_with_a_note(tmp_path, monkeypatch):
    pages = tmp_path / "pages"
    shutil.copytree(render.PAGES_DIR, pages)
    (pages / "en" / "melapor.md").unlink()
    monkeypatch.setattr(render, "PAGES_DIR", pages)
    html = get("/panduan/melapor/", "en").content.decode()
    assert "This page is not yet written in your language" in html
    assert '<h1 lang="id">Cara melapor</h1>' in html
    assert '<div class="guide-body" lang="id">' in html
    # the other pages are still in English
    assert "guide-fallback" not in get("/panduan/melacak/", "en").content.decode()


def test_indonesian_readers_get_no_note():
    html = get("/panduan/melapor/", "id").content.decode()
    assert "guide-fallback" not in html


def test_raw_html_in_the_markdown_comes_out_as_text():
    _title, html, _toc = render.render_markdown(
        '# T\n\n<script>alert(1)</script>\n\nText <b onclick="x()">bold</b>\n\n'
        "[click](javascript:alert(1)) ![x](javascript:alert(2))\n"
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b " not in html
    assert "<a " not in html  # the javascript: link stays text
    assert "<img" not in html


def test_a_heading_anchor_is_explicit_or_made_from_its_text():
    _title, html, toc = render.render_markdown(
        "# Title\n\n## Sending a report {#send}\n\n## Other things\n\n### Other things\n"
    )
    assert [(h.level, h.anchor, h.text) for h in toc] == [
        (2, "send", "Sending a report"),
        (2, "other-things", "Other things"),
        (3, "other-things-2", "Other things"),
    ]
    assert '<h2 id="send">Sending a report</h2>' in html
    assert "{#send}" not in html
    assert "<h1" not in html  # the title is shown by the template


PUBLIC = ("/panduan/", "/lapor/", "/lacak/", "/statistik/", "/aturan-tenggat/", "#")


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_links_only_to_public_pages_and_names_the_others(slug, language):
    """A guide page is read by anyone: it links to the guide and the public pages, and names a
    screen of the back office or the liaison portal without offering a link the reader may not
    be allowed to follow."""
    html = render.render_page(slug, language).html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert [href for href in hrefs if not href.startswith(PUBLIC)] == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_link_within_the_guide_lands_on_a_section(slug, language):
    html = render.render_page(slug, language).html
    for href in re.findall(r'href="(/panduan/[^"]*|#[^"]*)"', html):
        path, _sep, anchor = href.partition("#")
        target = path.strip("/").removeprefix("panduan").strip("/") or slug
        assert target in SLUGS, href
        if anchor:
            assert anchor in render.anchors(target, language), href
