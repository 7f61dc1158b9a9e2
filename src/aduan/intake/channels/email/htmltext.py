"""A small, safe HTML → readable text conversion for HTML-only mail.

Only the standard library's tokenizer: nothing is fetched (no images, no styles, no links
followed), scripts and styles are dropped, block elements become line breaks, list items
become dashes, links keep their address, and quoted blocks (``<blockquote>``) are prefixed
with ``>`` so that the quoted tail of a reply can be trimmed like plain text.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe"}
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "address",
    "center",
    "form",
    "fieldset",
}
VOID_BREAK = {"br"}
SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line = ""
        self.skip = 0
        self.quote = 0
        self.pre = 0
        self.link: str | None = None
        self.link_text = ""

    # lines
    def _break(self, blank: bool = False) -> None:
        if self.line.strip():
            self.lines.append(self.line.rstrip())
        self.line = ""
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _write(self, text: str) -> None:
        if not text:
            return
        if not self.line:
            text = text.lstrip()
            if not text:
                return
            self.line = "> " * self.quote
        self.line += text

    # tokens
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in VOID_BREAK:
            self._break()
        elif tag == "blockquote":
            self._break(blank=True)
            self.quote += 1
        elif tag == "li":
            self._break()
            self._write("- ")
        elif tag in {"td", "th"}:
            if self.line.strip():
                self.line += "  "
        elif tag == "hr":
            self._break()
            self._write("----")
            self._break()
        elif tag in BLOCK:
            self._break(blank=tag in {"p", "table", "h1", "h2", "h3", "ul", "ol"})
            if tag == "pre":
                self.pre += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if href.startswith(("http://", "https://", "mailto:")) else None
            self.link_text = ""
        elif tag == "img":
            alt = (dict(attrs).get("alt") or "").strip()
            if alt:
                self._write(f"[{alt}]")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_BREAK and tag not in {"img", "hr"}:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "blockquote":
            self._break(blank=True)
            self.quote = max(0, self.quote - 1)
        elif tag == "a":
            if self.link:
                target = self.link.removeprefix("mailto:")
                if target.strip() != self.link_text.strip():
                    self._write(f" <{target}>")
            self.link = None
        elif tag in BLOCK or tag == "li":
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._break(blank=tag in {"p", "table", "h1", "h2", "h3", "ul", "ol"})

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            for index, piece in enumerate(data.split("\n")):
                if index:
                    self._break()
                self._write(piece)
            return
        text = SPACES.sub(" ", data)
        if self.link is not None:
            self.link_text += text
        self._write(text)

    def text(self) -> str:
        self._break()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines)


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML mail body."""
    parser = _Text()
    with contextlib.suppress(Exception):  # a broken document: keep what was read
        parser.feed(html)
        parser.close()
    return parser.text()
