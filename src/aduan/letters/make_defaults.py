"""Write the default letter templates (``defaults/<kind>.docx``) with python-docx.

Run once after changing a text here, and commit the .docx files it writes:

    .venv/bin/python -m aduan.letters.make_defaults

The texts are Bahasa Indonesia in the shape of the Ombudsman's letters: letterhead, date line,
Nomor / Sifat / Lampiran / Hal, "Yth." addressee, body with its legal basis, signature and
copies. Placeholders are docxtpl's Jinja (``{{ case.reference }}``; ``{%p ... %}`` for a
paragraph that repeats or shows only when a condition holds); see ``letters.context``. The
reporter is named only through ``reporter.label`` except in letters to the reporter.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
OUT = Path(__file__).resolve().parent / "defaults"
UU37 = "Undang-Undang Nomor 37 Tahun 2008 tentang Ombudsman Republik Indonesia"
UU25 = "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"
SAUDARA = "{% if addressee.is_reporter %}Saudara{% else %}{{ reporter.label }}{% endif %}"
FROM_REPORTER = (
    "{% if not addressee.is_reporter %} yang disampaikan oleh {{ reporter.label }}{% endif %}"
)
PPR_AFTER_BORDER = (
    "w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap w:overflowPunct w:topLinePunct "
    "w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd w:snapToGrid w:spacing w:ind "
    "w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc w:textDirection w:textAlignment "
    "w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr w:sectPr w:pPrChange"
).split()

# Each body is a list of blocks:
#   "text"                      a justified paragraph with a first-line indent
#   ("plain", "text")           a paragraph without indent
#   ("list", "x in xs", "{{ x }}")  one numbered paragraph per item
#   ("if", "condition") ... ("endif",)
#   ("facts", [(label, value), ...])  a borderless label : value table
BODIES: dict[str, list[Any]] = {
    "tanda_terima": [
        "Bersama ini kami sampaikan bahwa {{ office.name }} telah menerima laporan Saudara pada "
        "tanggal {{ case.received_date }} melalui {{ case.channel }}, dengan keterangan sebagai "
        "berikut:",
        (
            "facts",
            [
                ("Nomor registrasi", "{{ case.reference }}"),
                ("Pokok laporan", "{{ case.title }}"),
                ("Terlapor", "{{ case.agency }}"),
                ("Kode akses", "{{ reporter.access_code }}"),
            ],
        ),
        "Tanda terima ini diberikan sesuai dengan Pasal 44 ayat (1) dan ayat (2) " + UU25 + ". "
        "Laporan Saudara selanjutnya diverifikasi terhadap persyaratan formil dan materiil "
        "sebagaimana diatur dalam Pasal 24 " + UU37 + ", dan hasilnya kami beritahukan kepada "
        "Saudara paling lambat 14 (empat belas) hari sejak laporan diterima.",
        ("if", "case.confidential"),
        "Sesuai dengan permintaan Saudara, nama dan identitas Saudara dirahasiakan berdasarkan "
        "Pasal 24 ayat (2) " + UU37 + ".",
        ("endif",),
        "Perkembangan penanganan laporan dapat Saudara pantau dengan menyebutkan nomor "
        "registrasi dan kode akses di atas. Penyampaian laporan kepada Ombudsman tidak dipungut "
        "biaya atau imbalan dalam bentuk apa pun (Pasal 23 ayat (2) " + UU37 + ").",
    ],
    "permintaan_kelengkapan": [
        "Menindaklanjuti laporan Saudara yang kami terima pada tanggal {{ case.received_date }} "
        "dengan nomor registrasi {{ case.reference }} perihal {{ case.title }}, berdasarkan hasil "
        "verifikasi formil laporan Saudara belum memenuhi persyaratan sebagaimana dimaksud dalam "
        "Pasal 24 ayat (1) " + UU37 + ", yaitu:",
        ("list", "item in detail.missing", "{{ item }}"),
        ("if", "detail.notes"),
        ("plain", "Catatan:"),
        ("list", "note in detail.notes", "{{ note }}"),
        ("endif",),
        "Sehubungan dengan hal tersebut, kami meminta Saudara melengkapi laporan paling lambat "
        "30 (tiga puluh) hari sejak tanggal surat ini"
        "{% if detail.due_date %}, yaitu sampai dengan tanggal {{ detail.due_date }}{% endif %}. "
        "Apabila dalam jangka waktu tersebut laporan tidak dilengkapi, laporan Saudara dianggap "
        "dicabut (Pasal 25 " + UU37 + ").",
    ],
    "permintaan_klarifikasi": [
        "{{ office.name }} menerima laporan dari {{ reporter.label }} dengan nomor registrasi "
        "{{ case.reference }} mengenai {{ case.title }}"
        "{% if case.forms %}, dengan dugaan maladministrasi berupa {{ case.forms }}{% endif %}, "
        "yang berkaitan dengan {{ detail.agency }}.",
        "Dalam rangka pemeriksaan laporan tersebut dan berdasarkan " + UU37 + ", kami meminta "
        "Saudara memberikan klarifikasi secara tertulis mengenai hal-hal sebagai berikut:",
        ("list", "question in detail.questions", "{{ question }}"),
        "Klarifikasi beserta dokumen pendukungnya mohon disampaikan paling lambat 14 (empat "
        "belas) hari sejak surat ini diterima"
        "{% if detail.due_date %}, yaitu tanggal {{ detail.due_date }}{% endif %}. "
        "{% if detail.round > 1 %}Surat ini merupakan permintaan klarifikasi kedua. Apabila "
        "dalam jangka waktu tersebut Saudara tidak memberikan jawaban, Saudara dianggap tidak "
        "menggunakan hak untuk menjawab (Pasal 33 " + UU37 + ").{% else %}Apabila dalam jangka "
        "waktu tersebut tidak ada jawaban, Ombudsman akan menyampaikan permintaan klarifikasi "
        "kedua.{% endif %}",
    ],
    "panggilan": [
        "Dalam rangka pemeriksaan atas laporan nomor registrasi {{ case.reference }} mengenai "
        "{{ case.title }}" + FROM_REPORTER + ", {{ office.name }} meminta Saudara hadir untuk "
        "memberikan keterangan pada:",
        (
            "facts",
            [
                ("Hari, tanggal", "{{ detail.day }}, {{ detail.date }}"),
                ("Pukul", "{{ detail.time }} {{ detail.zone }}"),
                ("Tempat", "{{ detail.place }}"),
                ("Yang dipanggil", "{{ detail.person }}"),
                ("Panggilan ke-", "{{ detail.ordinal }}"),
            ],
        ),
        "Pemanggilan ini dilakukan berdasarkan kewenangan Ombudsman dalam " + UU37 + ". Mohon "
        "membawa dokumen yang berkaitan dengan pokok laporan.",
        ("if", "not addressee.is_reporter"),
        "Sesuai dengan Pasal 31 Undang-Undang tersebut, dalam hal Terlapor dan saksi telah "
        "dipanggil tiga kali berturut-turut dan tidak memenuhi panggilan dengan alasan yang sah, "
        "Ombudsman dapat meminta bantuan Kepolisian Negara Republik Indonesia untuk menghadirkan "
        "yang bersangkutan secara paksa.",
        ("endif",),
    ],
    "penolakan": [
        "Dengan ini kami beritahukan bahwa laporan " + SAUDARA + " dengan nomor registrasi "
        "{{ case.reference }} mengenai {{ case.title }}"
        "{% if not addressee.is_reporter %} yang berkaitan dengan {{ case.agency }}{% endif %}, "
        "berdasarkan keputusan rapat pleno dinyatakan ditolak dengan alasan: "
        "{{ case.rejection_reason }}"
        "{% if case.rejection_basis %} ({{ case.rejection_basis }}){% endif %}.",
        "Pemberitahuan ini disampaikan kepada Pelapor dan Terlapor sesuai dengan Pasal 36 ayat "
        "(2) " + UU37 + ".",
        ("if", "addressee.is_reporter"),
        "Apabila di kemudian hari terdapat keadaan baru yang memenuhi persyaratan, Saudara "
        "dapat menyampaikan laporan kembali kepada Ombudsman.",
        ("endif",),
    ],
    "bukan_kewenangan": [
        "Menindaklanjuti laporan Saudara dengan nomor registrasi {{ case.reference }} mengenai "
        "{{ case.title }}, dengan ini kami beritahukan bahwa berdasarkan hasil verifikasi, "
        "pokok laporan tersebut bukan merupakan kewenangan Ombudsman Republik Indonesia "
        "(Pasal 26 dan Pasal 27 " + UU37 + ").",
        ("if", "case.referred_to"),
        "Sehubungan dengan hal tersebut, laporan Saudara kami teruskan kepada "
        "{{ case.referred_to }} sebagai instansi yang berwenang menangani pokok laporan "
        "tersebut.",
        ("endif",),
        "Pemberitahuan ini kami sampaikan paling lambat 7 (tujuh) hari sejak keputusan tersebut "
        "diambil.",
    ],
    "lahp": [
        "Bersama ini kami sampaikan {{ detail.title }} atas laporan nomor registrasi "
        "{{ case.reference }} mengenai {{ case.title }}" + FROM_REPORTER + ", dengan kesimpulan "
        "bahwa {{ detail.conclusion }}.",
        ("plain", "Pokok temuan pemeriksaan:"),
        ("list", "finding in detail.findings", "{{ finding }}"),
        ("if", "detail.actions"),
        ("plain", "Tindakan korektif:"),
        ("list", "action in detail.actions", "{{ action.description }} ({{ action.addressee }})"),
        "Tindakan korektif tersebut agar dilaksanakan dan hasilnya disampaikan kepada Ombudsman "
        "paling lambat 30 (tiga puluh) hari kerja (Peraturan Ombudsman Nomor 58 Tahun 2023 "
        "Pasal 54).",
        ("endif",),
        ("if", "addressee.is_reporter and not detail.final"),
        "Saudara dapat menyampaikan tanggapan atas rancangan ini paling lambat 14 (empat belas) "
        "hari sejak surat ini diterima"
        "{% if detail.response_due %}, yaitu tanggal {{ detail.response_due }}{% endif %}. "
        "Tanggapan yang memuat argumen dan bukti baru akan ditindaklanjuti dengan pemeriksaan "
        "lanjutan (Pasal 25 Peraturan Ombudsman Nomor 48 Tahun 2020).",
        ("endif",),
    ],
    "rekomendasi": [
        "Berdasarkan hasil pemeriksaan atas laporan nomor registrasi {{ case.reference }} "
        "mengenai {{ case.title }}" + FROM_REPORTER + ", Ombudsman Republik Indonesia "
        "menerbitkan Rekomendasi yang ditandatangani pada tanggal {{ detail.signed_date }} "
        "kepada {{ detail.addressee }}, sebagai berikut:",
        ("list", "line in detail.content", "{{ line }}"),
        "Rekomendasi ini disampaikan kepada Pelapor, Terlapor, dan atasan Terlapor paling lambat "
        "14 (empat belas) hari sejak ditandatangani (Pasal 37 ayat (3) " + UU37 + "). Atasan "
        "Terlapor wajib melaksanakan Rekomendasi dan menyampaikan laporan pelaksanaannya kepada "
        "Ombudsman paling lambat 60 (enam puluh) hari sejak Rekomendasi diterima (Pasal 38 ayat "
        "(2)). Rekomendasi yang tidak dilaksanakan dapat dipublikasikan dan dilaporkan kepada "
        "Dewan Perwakilan Rakyat dan Presiden (Pasal 38 ayat (4)).",
    ],
    "penutupan": [
        "Dengan ini kami beritahukan bahwa penanganan laporan " + SAUDARA + " dengan nomor "
        "registrasi {{ case.reference }} mengenai {{ case.title }} telah selesai dan ditutup "
        "pada tanggal {{ case.closed_date }}.",
        (
            "facts",
            [
                ("Cara penyelesaian", "{{ case.closure_mode }}"),
                (
                    "Alasan penutupan",
                    "{{ case.closure_reason }}"
                    "{% if case.closure_basis %} ({{ case.closure_basis }}){% endif %}",
                ),
            ],
        ),
        ("if", "addressee.is_reporter"),
        "Apabila di kemudian hari terdapat data atau bukti baru yang berkaitan dengan laporan "
        "ini, Saudara dapat menyampaikannya kepada Ombudsman.",
        ("endif",),
    ],
    "pelimpahan": [
        "{{ office.name }} menerima laporan dari {{ reporter.label }} dengan nomor registrasi "
        "{{ case.reference }} mengenai {{ case.title }}"
        "{% if case.agency != '-' %}, yang berkaitan dengan {{ case.agency }}{% endif %}.",
        "Dalam rangka koordinasi dengan instansi pemerintah dan lembaga lain sebagaimana "
        "dimaksud dalam Pasal 7 " + UU37 + ", bersama ini kami limpahkan kepada Saudara hal "
        "berikut untuk ditangani sesuai dengan kewenangan Saudara:",
        ("list", "line in detail.part", "{{ line }}"),
        "Kami mohon Saudara memberitahukan tindak lanjut atas pelimpahan ini kepada "
        "{{ office.name }}{% if detail.days %} dalam waktu {{ detail.days }} hari kerja sejak "
        "pelimpahan{% endif %}{% if detail.due_date %}, yaitu paling lambat tanggal "
        "{{ detail.due_date }}{% endif %}, dengan menyebutkan nomor registrasi di atas.",
        ("facts", [("Dasar hukum", "{{ detail.basis }}")]),
        ("if", "case.confidential"),
        "Identitas Pelapor dirahasiakan sesuai dengan Pasal 24 ayat (2) " + UU37 + ".",
        ("endif",),
    ],
}


class Builder:
    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(25), Mm(20)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Times New Roman"
        normal.font.size = Pt(12)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        self.doc.core_properties.author = "Aduan"
        self.doc.core_properties.last_modified_by = "Aduan"
        self.doc.core_properties.created = FIXED_DATE
        self.doc.core_properties.modified = FIXED_DATE
        self.doc.core_properties.comments = ""

    def p(
        self,
        text: str = "",
        *,
        bold: bool = False,
        underline: bool = False,
        size: float | None = None,
        align: Any = None,
        first: float | None = None,
        left: float | None = None,
        after: float | None = None,
    ) -> Any:
        paragraph = self.doc.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.underline = underline or None
            if size:
                run.font.size = Pt(size)
        fmt = paragraph.paragraph_format
        if align is not None:
            fmt.alignment = align
        if first is not None:
            fmt.first_line_indent = Mm(first)
        if left is not None:
            fmt.left_indent = Mm(left)
        if after is not None:
            fmt.space_after = Pt(after)
        return paragraph

    def tag(self, tag: str) -> None:
        """A docxtpl paragraph tag ({%p ... %}): the paragraph itself disappears."""
        self.p("{%p " + tag + " %}")

    def rule(self) -> None:
        paragraph = self.p(after=10)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in {
            "val": "thickThinSmallGap",
            "sz": "18",
            "space": "1",
            "color": "000000",
        }.items():
            bottom.set(qn(f"w:{key}"), value)
        border.append(bottom)
        paragraph._p.get_or_add_pPr().insert_element_before(border, *PPR_AFTER_BORDER)

    def table(
        self,
        rows: list[tuple[str, str]],
        widths: tuple[float, float, float],
        *,
        left: float = 0,
        bold_last: bool = False,
    ) -> None:
        table = self.doc.add_table(rows=len(rows), cols=3)
        table.autofit = False
        if left:
            indent = OxmlElement("w:tblInd")
            indent.set(qn("w:w"), str(int(left * 56.7)))
            indent.set(qn("w:type"), "dxa")
            table._tbl.tblPr.append(indent)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        for index, (label, value) in enumerate(rows):
            cells = table.rows[index].cells
            texts = (label, ":", value)
            for column, (cell, width, text) in enumerate(zip(cells, widths, texts, strict=True)):
                cell.width = Mm(width)
                run = cell.paragraphs[0].add_run(text)
                if bold_last and index == len(rows) - 1 and column == 2:
                    run.bold = True

    def letterhead(self) -> None:
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.tag("if logo")
        self.p("{{ logo }}", align=center)
        self.tag("endif")
        self.p("{{ office.letterhead_first }}", bold=True, size=14, align=center)
        self.tag("for line in office.letterhead_rest")
        self.p("{{ line }}", size=10, align=center)
        self.tag("endfor")
        self.rule()

    def heading(self) -> None:
        self.p("{{ letter.place_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, after=6)
        self.table(
            [
                ("Nomor", "{{ letter.number }}"),
                ("Sifat", "{{ letter.nature }}"),
                ("Lampiran", "{{ letter.attachments }}"),
                ("Hal", "{{ letter.subject }}"),
            ],
            (25, 5, 135),
            bold_last=True,
        )
        self.p()
        self.p("Yth. {{ addressee.name }}")
        self.tag("for line in addressee.lines")
        self.p("{{ line }}")
        self.tag("endfor")
        self.p()
        self.p("Dengan hormat,", after=6)

    def body(self, blocks: list[Any]) -> None:
        justify = WD_ALIGN_PARAGRAPH.JUSTIFY
        for block in blocks:
            if isinstance(block, str):
                self.p(block, align=justify, first=12.5, after=6)
            elif block[0] == "plain":
                self.p(block[1], align=justify, after=3)
            elif block[0] == "list":
                self.tag(f"for {block[1]}")
                self.p("{{ loop.index }}. " + block[2], align=justify, left=18, first=-6, after=3)
                self.tag("endfor")
            elif block[0] == "if":
                self.tag(f"if {block[1]}")
            elif block[0] == "endif":
                self.tag("endif")
            elif block[0] == "facts":
                self.table(block[1], (45, 5, 110), left=12.5)
                self.p(after=3)

    def closing(self) -> None:
        self.p(
            "Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima "
            "kasih.",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            first=12.5,
        )
        self.p()
        self.p("{{ office.signatory_position }},", left=90)
        for _blank in range(3):
            self.p(left=90)
        self.p("{{ office.signatory_name }}", bold=True, underline=True, left=90)
        self.p()
        self.p("Tembusan:", size=10)
        self.tag("for copy in letter.copies")
        self.p("{{ loop.index }}. {{ copy }}", size=10)
        self.tag("endfor")


def build(kind: str) -> Any:
    builder = Builder()
    builder.doc.core_properties.title = f"Surat {kind}"
    builder.letterhead()
    builder.heading()
    builder.body(BODIES[kind])
    builder.closing()
    return builder.doc


def main(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in BODIES:
        path = out / f"{kind}.docx"
        buffer = io.BytesIO()
        build(kind).save(buffer)
        path.write_bytes(_reproducible(buffer.getvalue()))
        written.append(path)
    return written


def _reproducible(data: bytes) -> bytes:
    """The same bytes on every run: fixed dates inside the zip, so re-running changes nothing."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


if __name__ == "__main__":
    for written_path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(written_path)
