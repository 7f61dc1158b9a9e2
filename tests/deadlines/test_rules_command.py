"""``aduan rules`` prints every clock rule; its numbers, bases and articles are DOMAIN.md's."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from aduan.deadlines.models import DeadlineRule

pytestmark = pytest.mark.django_db


def domain_text() -> str:
    """DOMAIN.md (the shared domain reference), whitespace collapsed; skip when absent."""
    for parent in Path(__file__).resolve().parents:
        path = parent / "shared" / "DOMAIN.md"
        if path.exists():
            return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
    pytest.skip("shared/DOMAIN.md is absent: this test checks the rules against it")


def rules(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("rules", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


# code -> (regex on DOMAIN.md giving the number of days, the article as DOMAIN.md writes it,
# calendar or working days)
CLOCKS = {
    "melengkapi-laporan": (
        r"has \*\*(\d+) days\*\* to complete it, else it is deemed withdrawn \((Ps\.25)\)",
        "calendar",
    ),
    "pemberitahuan-bukan-kewenangan": (
        r"not within authority → reporter told within \*\*(\d+) days\*\*, may be referred to the competent body \((Ps\.26–27)\)",  # noqa: E501
        "calendar",
    ),
    "pemberitahuan-penolakan": (
        r"rejected → reporter \*and\* terlapor told within \*\*(\d+) days\*\* \((Ps\.36\(2\))\)",
        "calendar",
    ),
    "klarifikasi-pertama": (
        r"answer within \*\*(\d+) days\*\*; a second request gives \*\*\d+ more\*\*; then the terlapor is deemed to have waived its right to answer \((Ps\.33)\)",  # noqa: E501
        "calendar",
    ),
    "klarifikasi-kedua": (
        r"a second request gives \*\*(\d+) more\*\*; then the terlapor is deemed to have waived its right to answer \((Ps\.33)\)",  # noqa: E501
        "calendar",
    ),
    "tanggapan-lahp": (
        r"The reporter sees the draft first and has \*\*(\d+) days\*\* to respond.*?cite the regulation in force.*?(Peraturan Ombudsman 58/2023)",  # noqa: E501
        "calendar",
    ),
    "monitoring-tindakan-korektif": (
        r"no follow-up within \*\*(\d+) working days\*\* → the case moves to the Resolusi dan Monitoring unit \((Peraturan Ombudsman 58/2023 Ps\.54)\)",  # noqa: E501
        "working",
    ),
    "penyampaian-rekomendasi": (
        r"sent to reporter, terlapor and superior within \*\*(\d+) days\*\* of signing \((Ps\.37\(3\))\)",  # noqa: E501
        "calendar",
    ),
    "pelaksanaan-rekomendasi": (
        r"the superior reports implementation within \*\*(\d+) days\*\* \((Ps\.38\(2\))\)",
        "calendar",
    ),
}
SP4N = {
    "sp4n-verifikasi": r"Verification and forwarding within \*\*(\d+) working days\*\*",
    "sp4n-permintaan-informasi": r"information request \*\*(\d+) HK\*\*",
    "sp4n-pengaduan": r"complaint without supervisory content \*\*(\d+) HK\*\*",
    "sp4n-pengaduan-pemeriksaan": r"complaint needing inspection \*\*(\d+) HK\*\*",
    "sp4n-konfirmasi-pelapor": r"does not reply within \*\*(\d+) HK\*\*",
}


def test_the_rules_in_force_say_what_domain_md_says():
    text = domain_text()
    printed = {row["code"]: row for row in rules("--language", "en")}
    for code, (pattern, basis) in CLOCKS.items():
        found = re.search(pattern, text)
        assert found, f"DOMAIN.md no longer says this of {code}: {pattern}"
        days, article = int(found.group(1)), found.group(2)
        row = printed[code]
        assert (row["days"], row["basis"]) == (days, basis), code
        assert article in row["legal_source"], (code, article, row["legal_source"])
    for code, pattern in SP4N.items():
        found = re.search(pattern, text)
        assert found, f"DOMAIN.md no longer says this of {code}: {pattern}"
        row = printed[code]
        assert (row["days"], row["basis"], row["rule_set"]) == (
            int(found.group(1)),
            "working",
            "sp4n",
        ), code


def test_each_rule_says_its_start_whose_period_and_whether_it_may_be_extended():
    printed = {row["code"]: row for row in rules("--language", "en")}
    assert printed["melengkapi-laporan"]["start_event"] == "diterima_penerima"
    assert printed["melengkapi-laporan"]["party"] == "pelapor"
    assert printed["pemberitahuan-bukan-kewenangan"]["start_event"] == "ditandatangani"
    assert "Ps.27(1)" in printed["pemberitahuan-bukan-kewenangan"]["start_text"]
    assert printed["pelaksanaan-rekomendasi"]["party"] == "atasan"
    assert "Ps.38(4)" in printed["pelaksanaan-rekomendasi"]["consequence"]
    assert "Aduan" in printed["klarifikasi-pertama"]["start_text"]  # how Aduan reads Ps.33
    for code in (
        "melengkapi-laporan",
        "klarifikasi-pertama",
        "klarifikasi-kedua",
        "monitoring-tindakan-korektif",
        "pelaksanaan-rekomendasi",
    ):
        assert printed[code]["extendable"] is False, code
        assert printed[code]["extendable_basis"], code
    for code in ("rco-penanganan", "tindak-lanjut-limpahan", "tindak-lanjut-saran-perbaikan"):
        assert printed[code]["extendable"] is True, code
    assert all(row["consequence"] and row["start_text"] for row in printed.values())


def test_all_shows_the_earlier_version_of_a_rule_and_in_force_only_the_current():
    current = [row for row in rules() if row["code"] == "tanggapan-lahp"]
    assert [(r["legal_source"], r["effective_from"]) for r in current] == [
        ("Peraturan Ombudsman 58/2023", "2023-12-31")
    ]
    history = [row for row in rules("--all") if row["code"] == "tanggapan-lahp"]
    assert [r["legal_source"] for r in history] == [
        "Peraturan Ombudsman 48/2020 Ps.25",
        "Peraturan Ombudsman 58/2023",
    ]
    before = [row for row in rules("--on", "2023-06-01") if row["code"] == "tanggapan-lahp"]
    assert before[0]["legal_source"] == "Peraturan Ombudsman 48/2020 Ps.25"


def test_an_inactive_rule_is_left_out_unless_all_is_asked():
    DeadlineRule.objects.filter(code="rco-penanganan").update(active=False)
    assert "rco-penanganan" not in {row["code"] for row in rules()}
    assert "rco-penanganan" in {row["code"] for row in rules("--all")}


def test_text_groups_by_rule_set_and_csv_has_a_header():
    out = io.StringIO()
    call_command("rules", "--language", "en", stdout=out)
    text = out.getvalue()
    assert text.index("== Ombudsman (UU 37/2008)") < text.index("== Agency complaint unit")
    assert "melengkapi-laporan: 30 calendar days; UU 37/2008 Ps.25; from 2008-10-07" in text
    assert "extendable: no (UU 37/2008 Ps.25 sets the reporter's own period" in text
    out = io.StringIO()
    call_command("rules", "--format", "csv", stdout=out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    row = next(r for r in table if r["code"] == "pelaksanaan-rekomendasi")
    assert (row["days"], row["basis"], row["legal_source"]) == (
        "60",
        "calendar",
        "UU 37/2008 Ps.38(2)",
    )
