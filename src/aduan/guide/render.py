"""Markdown pages of the guide, rendered on the server with markdown-it-py.

The Markdown is ours, but raw HTML is off all the same (``html: False``: a ``<script>`` in a page
comes out as text) and links keep markdown-it's own check against ``javascript:`` and the like.
Three additions to CommonMark:

- tables;
- a heading may end with ``{#anchor}``: the same anchor in every language, so that a screen's
  help link (``links.py``) lands on the same section whatever the reader's language;
- an image whose address starts with ``shots/`` is a screenshot of the browser journeys
  (``static/guide/shots/<journey>/<NN>-<slug>.png``, copied by ``aduan guide-shots``); it is
  shown only if the file is there (else nothing, never a broken image). Other images are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.templatetags.static import static
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from aduan.guide.pages import FALLBACK_LANGUAGE, SLUGS

PAGES_DIR = Path(__file__).resolve().parent / "pages"
STATIC_DIR = Path(__file__).resolve().parent / "static" / "guide"
SHOTS_PREFIX = "shots/"
_ANCHOR = re.compile(r"\s*\{#([a-z0-9][a-z0-9-]*)\}\s*$")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass
class Page:
    slug: str
    language: str  # the language the text is in
    requested: str  # the reader's language
    title: str
    html: str
    toc: list[Heading] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        return self.language != self.requested


def base_language(language: str | None) -> str:
    return (language or FALLBACK_LANGUAGE).split("-")[0].lower()


def source(slug: str, language: str) -> tuple[Path, str] | None:
    """The Markdown file of a page in ``language``, else in Bahasa Indonesia, with its language."""
    if slug not in SLUGS:
        return None
    for candidate in (base_language(language), FALLBACK_LANGUAGE):
        path = PAGES_DIR / candidate / f"{slug}.md"
        if path.is_file():
            return path, candidate
    return None


def _text_of(inline: Token) -> str:
    return "".join(
        child.content for child in inline.children or [] if child.type in {"text", "code_inline"}
    ).strip()


def _heading_anchors(state: StateCore) -> None:
    """Give every heading an id: its explicit ``{#anchor}``, else a slug of its text."""
    tokens = state.tokens
    seen: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        anchor = ""
        children = inline.children or []
        if children and children[-1].type == "text":
            match = _ANCHOR.search(children[-1].content)
            if match:
                anchor = match.group(1)
                children[-1].content = children[-1].content[: match.start()]
                inline.content = _ANCHOR.sub("", inline.content)
        anchor = anchor or slugify(_text_of(inline)) or f"h-{index}"
        base, n = anchor, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        token.attrSet("id", anchor)


def shot_path(src: str) -> Path | None:
    """The file of a screenshot reference (``shots/<journey>/<name>.png``), if it is one."""
    if not src.startswith(SHOTS_PREFIX) or ".." in src or "\\" in src:
        return None
    return STATIC_DIR / src


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    path = shot_path(src)
    if path is None or not path.is_file():
        return ""
    try:
        url = static(f"guide/{src}")
    except ValueError:  # not collected (manifest storage): show nothing rather than break
        return ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    return f'<img class="shot" src="{escapeHtml(url)}" alt="{escapeHtml(alt)}" loading="lazy">'


@cache
def _parser() -> MarkdownIt:
    """One parser for the process (it holds no state between documents: ``env`` does)."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.core.ruler.push("guide_heading_anchors", _heading_anchors)
    md.add_render_rule("image", _render_image)
    return md


def render_markdown(text: str) -> tuple[str, str, list[Heading]]:
    """(title, html, table of contents) of a page: the first level-1 heading is its title and
    is left out of the body; level-2 and level-3 headings make the table of contents."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    title, toc, body = "", [], []
    skip = 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading_text = _text_of(tokens[index + 1])
            if level == 1 and not title:
                title, skip = heading_text, 2
                continue
            if level in (2, 3):
                toc.append(Heading(level, str(token.attrGet("id")), heading_text))
        body.append(token)
    html = md.renderer.render(body, md.options, env)
    return title, _EMPTY_PARAGRAPH.sub("", html), toc


def render_page(slug: str, language: str | None) -> Page | None:
    found = source(slug, language or FALLBACK_LANGUAGE)
    if found is None:
        return None
    path, text_language = found
    title, html, toc = render_markdown(path.read_text(encoding="utf-8"))
    return Page(
        slug=slug,
        language=text_language,
        requested=base_language(language),
        title=title or slug,
        html=html,
        toc=toc,
    )


def page_title(slug: str, language: str | None) -> str:
    """The first level-1 heading of a page, without rendering it."""
    found = source(slug, language or FALLBACK_LANGUAGE)
    if found is None:
        return slug
    for line in found[0].read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return _ANCHOR.sub("", line[2:]).strip()
    return slug


def anchors(slug: str, language: str) -> set[str]:
    """Every heading anchor of a page in one language (for the tests and the link map)."""
    page = render_page(slug, language)
    return {heading.anchor for heading in page.toc} if page else set()
