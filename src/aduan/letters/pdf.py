"""The built-in DOCX → PDF renderer, used when LibreOffice is not installed.

It lays out what letters use: paragraphs (alignment, indents, spacing, bold, italic, underline,
font sizes, line and page breaks, a bottom border under the letterhead), tables (column widths,
with or without borders, merged columns) and inline pictures (the logo). It is not a general
DOCX engine: floating shapes, headers and footers, numbering and fields are not drawn.

Fonts: DejaVu or Liberation TrueType fonts when the machine has them (any text); otherwise the
PDF core font Times, for which text is reduced to Latin-1 (typographic quotes and dashes become
their plain forms, anything else a "?").
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from fpdf import FPDF, FontFace

logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every glyph
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_MM = 36000
TWIPS_PER_MM = 1440 / 25.4
FONT_SETS = [
    # (directory, regular, bold, italic, bold italic)
    (
        "/usr/share/fonts/truetype/dejavu",
        "DejaVuSerif.ttf",
        "DejaVuSerif-Bold.ttf",
        "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation2",
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSerif-Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
    ),
]
ALIGN = {
    WD_ALIGN_PARAGRAPH.CENTER: "C",
    WD_ALIGN_PARAGRAPH.RIGHT: "R",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "J",
    WD_ALIGN_PARAGRAPH.DISTRIBUTE: "J",
}
LATIN1 = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "•": "-",
        "\u00a0": " ",
    }
)


def font_files() -> dict[str, Path] | None:
    """TrueType files for the four styles, from the first complete set found, or None."""
    for directory, *names in FONT_SETS:
        paths = [Path(directory) / name for name in names]
        if all(path.is_file() for path in paths):
            return dict(zip(["", "B", "I", "BI"], paths, strict=True))
    return None


def new_pdf(
    format: Any, *, left: float, top: float, right: float, bottom: float
) -> tuple[FPDF, str, bool]:
    """A new PDF (mm, pages added as text flows past ``bottom``) made by Aduan, and its body
    font: ``("body", True)`` with the TrueType set of ``font_files``, else ``("times", False)``
    (Latin-1 only: pass text through ``to_latin1``)."""
    pdf = FPDF(unit="mm", format=format)
    pdf.set_margins(left, top, right)
    pdf.set_auto_page_break(True, margin=bottom)
    pdf.set_creator("Aduan")
    fonts = font_files()
    if not fonts:
        return pdf, "times", False
    for style, path in fonts.items():
        pdf.add_font("body", style, str(path))
    return pdf, "body", True


def to_latin1(text: str) -> str:
    """``text`` as the core PDF fonts can draw it: typographic quotes and dashes made plain,
    anything else outside Latin-1 replaced."""
    return text.translate(LATIN1).encode("latin-1", "replace").decode("latin-1")


def render_pdf(data: bytes) -> bytes:
    """Lay out a DOCX as PDF (see the module's docstring for what is drawn)."""
    return _Renderer(docx.Document(io.BytesIO(data))).run()


class _Renderer:
    def __init__(self, document: Any) -> None:
        self.doc = document
        section = document.sections[0]
        width = section.page_width.mm if section.page_width else 210
        height = section.page_height.mm if section.page_height else 297
        margin = {
            name: (
                getattr(section, f"{name}_margin").mm if getattr(section, f"{name}_margin") else 25
            )
            for name in ("left", "right", "top", "bottom")
        }
        pdf, self.family, self.unicode = new_pdf((width, height), **margin)
        self.pdf = pdf
        self.styles = {style.style_id: style for style in document.styles}
        self.default_style = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.cache: dict[tuple[str, str, str], Any] = {}
        normal = document.styles["Normal"].font.size
        self.base_size = normal.pt if normal else 12.0
        pdf.set_font(self.family, "", self.base_size)
        pdf.add_page()

    def run(self) -> bytes:
        for child in self.doc.element.body.iterchildren():
            if child.tag == f"{W}p":
                self.paragraph(Paragraph(child, self.doc))
            elif child.tag == f"{W}tbl":
                self.table(Table(child, self.doc))
        return bytes(self.pdf.output())

    # --- text
    def clean(self, text: str) -> str:
        return text if self.unicode else to_latin1(text)

    def _paragraph_style(self, paragraph: Paragraph) -> Any:
        return self.styles.get(paragraph._p.style) or self.default_style

    def _inherited(self, style: Any, kind: str, attribute: str) -> Any:
        """``attribute`` of a style's paragraph format or font, following its base styles
        (cached: python-docx looks styles up slowly)."""
        if style is None:
            return None
        key = (style.style_id, kind, attribute)
        if key not in self.cache:
            value = None
            current = style
            while value is None and current is not None:
                holder = current.paragraph_format if kind == "paragraph" else current.font
                value = getattr(holder, attribute, None)
                current = current.base_style
            self.cache[key] = value
        return self.cache[key]

    def _from_styles(self, paragraph: Paragraph, attribute: str) -> Any:
        value = getattr(paragraph.paragraph_format, attribute)
        if value is None:
            value = self._inherited(self._paragraph_style(paragraph), "paragraph", attribute)
        return value

    def _font_of(self, run: Run, paragraph: Paragraph) -> tuple[str, float]:
        character = self.styles.get(run._r.style) if run._r.style else None

        def pick(attribute: str) -> Any:
            value = getattr(run.font, attribute)
            if value is None:
                value = self._inherited(character, "font", attribute)
            if value is None:
                value = self._inherited(self._paragraph_style(paragraph), "font", attribute)
            return value

        size = pick("size")
        style = ("B" if pick("bold") else "") + ("I" if pick("italic") else "")
        if pick("underline"):
            style += "U"
        return style, (size.pt if size else self.base_size)

    def _pieces(self, paragraph: Paragraph) -> tuple[list[tuple[str, str, float]], list, bool]:
        """(text pieces with style and size, pictures, page break)."""
        pieces: list[tuple[str, str, float]] = []
        pictures = []
        page_break = False
        for element in paragraph._p.xpath("./w:r | ./w:hyperlink/w:r | ./w:ins/w:r"):
            run = Run(element, paragraph)
            style, size = self._font_of(run, paragraph)
            for child in element.iterchildren():
                tag = child.tag
                if tag == f"{W}t":
                    pieces.append((child.text or "", style, size))
                elif tag == f"{W}tab":
                    pieces.append(("    ", style, size))
                elif tag in {f"{W}br", f"{W}cr"}:
                    if child.get(f"{W}type") == "page":
                        page_break = True
                    else:
                        pieces.append(("\n", style, size))
                elif tag == f"{W}drawing":
                    pictures += self._pictures(child, paragraph)
        return pieces, pictures, page_break

    def _pictures(self, drawing: Any, paragraph: Paragraph) -> list[tuple[bytes, float, float]]:
        found = []
        extents = drawing.xpath(".//wp:extent")
        for index, rid in enumerate(drawing.xpath(".//a:blip/@r:embed")):
            part = paragraph.part.related_parts.get(rid)
            if part is None:
                continue
            width = height = 0.0
            if index < len(extents):
                width = int(extents[index].get("cx", "0")) / EMU_PER_MM
                height = int(extents[index].get("cy", "0")) / EMU_PER_MM
            found.append((part.blob, width, height))
        return found

    def paragraph(self, paragraph: Paragraph, *, inside: tuple[float, float] | None = None) -> None:
        pdf = self.pdf
        pieces, pictures, page_break = self._pieces(paragraph)
        align = ALIGN.get(self._from_styles(paragraph, "alignment"), "L")
        before = self._from_styles(paragraph, "space_before")
        after = self._from_styles(paragraph, "space_after")
        left = self._from_styles(paragraph, "left_indent")
        right = self._from_styles(paragraph, "right_indent")
        first = self._from_styles(paragraph, "first_line_indent")
        left_mm = max(left.mm, 0) if left else 0.0
        right_mm = max(right.mm, 0) if right else 0.0
        first_mm = first.mm if first else 0.0
        if before:
            pdf.ln(before.pt * 0.3528)
        for blob, width, height in pictures:
            self._picture(blob, width, height, align)
        text = "".join(piece for piece, _style, _size in pieces)
        if text.strip():
            with pdf.text_columns(
                text_align=align,
                line_height=1.15,
                l_margin=pdf.l_margin + left_mm,
                r_margin=pdf.r_margin + right_mm,
            ) as columns:
                with columns.paragraph(first_line_indent=first_mm) as par:
                    for piece, style, size in pieces:
                        pdf.set_font(self.family, style, size)
                        par.write(self.clean(piece))
        elif not pictures:
            size = pieces[0][2] if pieces else self.base_size
            pdf.ln(size * 0.3528 * 1.15)
        if paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom"):
            y = pdf.get_y() + 1
            pdf.set_line_width(0.6)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.set_line_width(0.2)
            pdf.set_y(y + 1.5)
        if after:
            pdf.ln(after.pt * 0.3528)
        if page_break:
            pdf.add_page()

    def _picture(self, blob: bytes, width: float, height: float, align: str) -> None:
        pdf = self.pdf
        room = pdf.w - pdf.l_margin - pdf.r_margin
        if not width or width > room:
            height = height * room / width if width and height else 0
            width = room if not width else min(width, room)
        x = pdf.l_margin
        if align == "C":
            x += (room - width) / 2
        elif align == "R":
            x += room - width
        try:
            pdf.image(io.BytesIO(blob), x=x, w=width, h=height)
        except Exception:  # noqa: S110 - a picture it cannot read is left out, not fatal
            pass

    # --- tables
    def table(self, table: Table) -> None:
        pdf = self.pdf
        grid = table._tbl.tblGrid
        widths = [col.w.mm if col.w else 0 for col in grid.gridCol_lst] if grid is not None else []
        room = pdf.w - pdf.l_margin - pdf.r_margin
        rows = table._tbl.tr_lst
        if not rows:
            return
        columns = max(sum(tc.grid_span for tc in tr.tc_lst) for tr in rows)
        if len(widths) != columns or not all(widths):
            widths = [room / columns] * columns
        total = sum(widths)
        if total > room:
            widths = [w * room / total for w in widths]
            total = room
        borders = table.style is not None and table.style.name == "Table Grid"
        for border in table._tbl.xpath("./w:tblPr/w:tblBorders/*"):
            if border.get(f"{W}val") not in {None, "nil", "none"}:
                borders = True
        indent = 0.0
        for value in table._tbl.xpath("./w:tblPr/w:tblInd/@w:w"):
            indent = min(max(int(value) / TWIPS_PER_MM, 0), room / 2)
        if total > room - indent:
            widths = [w * (room - indent) / total for w in widths]
            total = room - indent
        pdf.set_font(self.family, "", self.base_size)
        margin = pdf.l_margin
        pdf.set_left_margin(margin + indent)
        pdf.set_x(margin + indent)
        try:
            self._rows(table, rows, widths, total, borders)
        finally:
            pdf.set_left_margin(margin)
        pdf.ln(1)

    def _rows(
        self, table: Table, rows: list, widths: list[float], total: float, borders: bool
    ) -> None:
        with self.pdf.table(
            width=total,
            col_widths=tuple(widths),
            align="LEFT",
            borders_layout="ALL" if borders else "NONE",
            first_row_as_headings=False,
            text_align="LEFT",
            line_height=self.base_size * 0.3528 * 1.2,
            padding=(0.6, 1.0),
        ) as grid_out:
            for tr in rows:
                row = grid_out.row()
                for tc in tr.tc_lst:
                    texts, bold = [], True
                    for p in tc.xpath("./w:p"):
                        pieces, _pictures, _break = self._pieces(Paragraph(p, table))
                        texts.append("".join(piece for piece, _s, _z in pieces))
                        if any(piece.strip() and "B" not in style for piece, style, _z in pieces):
                            bold = False
                    text = self.clean("\n".join(texts).strip("\n"))
                    row.cell(
                        text,
                        colspan=tc.grid_span,
                        style=FontFace(emphasis="BOLD") if bold and text.strip() else None,
                    )
