"""The quarterly and annual report (UU 37/2008 Ps.42) of an office or of the whole country: every
figure from ``selectors``, the period before for comparison, and a narrative in Bahasa
Indonesia of the kind a representative office publishes. The page, the PDF, the XLSX workbook,
the JSON of ``aduan report`` and the tests all read the dict ``build`` returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone, translation

from aduan.directory.models import Office
from aduan.stats import selectors
from aduan.stats.selectors import DEFINITIONS, Period, Scope

SCHEMA_VERSION = 1
MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
NATIONAL_NAME = "Ombudsman Republik Indonesia"


def period_for(kind: str, year: int, quarter: int | None = None) -> Period:
    if kind == "quarterly":
        if quarter is None:
            raise ValueError("a quarterly report needs its quarter")
        return Period.quarter(year, quarter)
    if kind == "annual":
        return Period.year(year)
    raise ValueError(f"unknown report kind {kind!r}")


def period_label(period: Period) -> str:
    """``Januari–Maret 2022``, ``Januari–Desember 2022``, ``Maret 2022``."""
    first, last = period.start, period.end
    if (first.year, first.month) == (last.year, last.month):
        return f"{MONTHS_ID[first.month - 1]} {first.year}"
    if first.year == last.year:
        return f"{MONTHS_ID[first.month - 1]}–{MONTHS_ID[last.month - 1]} {last.year}"
    return f"{MONTHS_ID[first.month - 1]} {first.year}–{MONTHS_ID[last.month - 1]} {last.year}"


def number(value: float | int | None, decimals: int = 0) -> str:
    """Indonesian number style: 10.846; 81,92."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def build(
    *, kind: str, year: int, quarter: int | None = None, office: Office | None = None
) -> dict[str, Any]:
    """Every figure of the quarterly (``kind="quarterly"``) or annual report of ``office`` (or,
    with ``office=None``, of the whole country)."""
    with translation.override("id"):  # an official document in Bahasa Indonesia
        return _build(kind=kind, year=year, quarter=quarter, office=office)


def _build(*, kind: str, year: int, quarter: int | None, office: Office | None) -> dict[str, Any]:
    period = period_for(kind, year, quarter)
    scope = Scope.for_office(office, period) if office else Scope.national(period)
    previous_scope = Scope(scope.office_ids, period.previous(), scope.zone)
    figures = selectors.all_figures(scope)
    previous = selectors.received_totals(previous_scope)
    peak = _peak_month(scope, figures["received"]["by_month"])
    definitions = {key: str(text) for key, text in DEFINITIONS.items()}
    report = {
        "schema": SCHEMA_VERSION,
        "kind": kind,
        "office": (
            {"code": office.code, "name": office.name, "time_zone": scope.zone}
            if office
            else {"code": None, "name": NATIONAL_NAME, "time_zone": scope.zone}
        ),
        "period": {
            "year": year,
            "quarter": quarter,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "label": period_label(period),
        },
        "previous_period": {
            "start": previous_scope.period.start.isoformat(),
            "end": previous_scope.period.end.isoformat(),
            "label": period_label(previous_scope.period),
            "reports": previous["reports"],
            "total_items": previous["total_items"],
        },
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "definitions": definitions,
        "peak_month": peak,
        **figures,
    }
    if office is not None:
        from aduan.plans.selectors import report_section

        report["plans"] = report_section(office, year, quarter)
    report["narrative"] = narrative(report)
    return report


def _peak_month(scope: Scope, months: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The month with most reports, with its leading substance and channel."""
    if not months or not any(m["reports"] for m in months):
        return None
    best = max(months, key=lambda m: (m["reports"], m["month"]))
    year, month = (int(part) for part in best["month"].split("-"))
    month_scope = Scope(scope.office_ids, Period.month(year, month), scope.zone)
    reports = month_scope.cases().filter(
        received_at__gte=month_scope.start,
        received_at__lt=month_scope.end,
        intake_type__counts_as_report=True,
    )

    def top(field: str) -> dict[str, Any] | None:
        row = (
            reports.exclude(**{f"{field}__isnull": True})
            .order_by()
            .values(f"{field}__code", f"{field}__name")
            .annotate(count=Count("id"))
            .order_by("-count", f"{field}__name")
            .first()
        )
        if row is None:
            return None
        return {
            "code": row[f"{field}__code"],
            "label": row[f"{field}__name"],
            "count": row["count"],
        }

    return {
        "month": best["month"],
        "label": f"{MONTHS_ID[month - 1]}",
        "reports": best["reports"],
        "substance": top("substance"),
        "channel": top("channel"),
    }


def _lower_first(text: str) -> str:
    """A label inside a sentence: "Energi dan Kelistrikan" → "energi dan kelistrikan", but
    "WhatsApp", "SMS" and "(Nampel)" stay as they are."""
    words = [
        word.lower() if len(word) > 1 and word[0].isupper() and word[1:].islower() else word
        for word in text.split(" ")
    ]
    return " ".join(words)


def narrative(report: dict[str, Any]) -> str:
    """The report in a few sentences of Bahasa Indonesia."""
    received = report["received"]
    exam = report["examination"]
    carried = report["carried_over"]
    follow = report["follow_up"]
    name = report["office"]["name"]
    sentences = []
    lead = (
        f"Selama {report['period']['label']}, {name} menerima "
        f"{number(received['reports'])} laporan pengaduan"
    )
    separate = received["separate"]
    extras = []
    if separate.get("knl"):
        extras.append(f"{number(separate['knl'])} konsultasi")
    if separate.get("tembusan"):
        extras.append(f"{number(separate['tembusan'])} tembusan")
    if extras:
        lead += " serta " + " dan ".join(extras)
    peak = report.get("peak_month")
    if peak and len(received["by_month"]) > 1:
        lead += f"; terbanyak pada {peak['label']} ({number(peak['reports'])})"
        detail = []
        if peak.get("substance"):
            detail.append(f"substansi {_lower_first(peak['substance']['label'])}")
        if peak.get("channel"):
            detail.append(f"melalui {_lower_first(peak['channel']['label'])}")
        if detail:
            lead += ", terutama " + " ".join(detail)
    sentences.append(lead + ".")
    previous = report["previous_period"]
    if previous["reports"]:
        change = received["reports"] - previous["reports"]
        if change:
            direction = "naik" if change > 0 else "turun"
            percent = abs(change) / previous["reports"] * 100
            sentences.append(
                f"Jumlah itu {direction} {number(percent, 1)}% dibandingkan "
                f"{previous['label']} ({number(previous['reports'])})."
            )
    decisions = report["decisions"]
    if decisions["registered"] or decisions["rejected"] or decisions["not_within_authority"]:
        sentences.append(
            f"Sebanyak {number(decisions['registered'])} laporan diregistrasi untuk diperiksa, "
            f"{number(decisions['rejected'])} ditolak, dan "
            f"{number(decisions['not_within_authority'])} bukan kewenangan Ombudsman."
        )
    if exam["handled"]:
        sentences.append(
            f"Sebanyak {number(exam['handled'])} laporan ditangani dalam tahap pemeriksaan dan "
            f"{number(exam['closed'])} di antaranya selesai, dengan tingkat penyelesaian "
            f"{number(exam['closure_rate'], 2)}%."
        )
    if carried["open_at_end"]:
        sentences.append(
            f"Sebanyak {number(carried['open_at_end'])} laporan dari tahun sebelumnya masih "
            "dalam proses."
        )
    actions = follow["corrective_actions"]
    recommendations = follow["recommendations"]
    if actions["done"] or recommendations["issued"]:
        sentences.append(
            f"Tindakan korektif yang dilaksanakan instansi: {number(actions['done'])}; "
            f"rekomendasi yang diterbitkan: {number(recommendations['issued'])}."
        )
    sentences.extend(_prevention_sentences(report.get("prevention") or {}))
    sentences.extend(_plan_sentences(report.get("plans") or {}))
    refusals = report["refusals"]
    if refusals:
        names = ", ".join(row["agency"] for row in refusals[:3])
        sentences.append(
            f"Sebanyak {number(len(refusals))} instansi tidak memenuhi permintaan klarifikasi "
            f"atau rekomendasi, antara lain {names}."
        )
    return " ".join(sentences)


def activity_kinds(activities: dict[str, Any]) -> list[dict[str, Any]]:
    """The activities counted per kind, in the kinds' order, with their Indonesian names
    (``prevention.selectors.activity_counts``; a report computed before the kinds were data
    has only ``by_kind``: the seeded names stand in)."""
    if activities.get("kinds") is not None:
        return list(activities["kinds"])
    from aduan.prevention.seed import ACTIVITY_KINDS

    names = {row[0]: row[1] for row in ACTIVITY_KINDS}
    return [
        {"code": code, "name": names.get(code, code), "count": count}
        for code, count in (activities.get("by_kind") or {}).items()
    ]


def _plan_sentences(plans: dict[str, Any]) -> list[str]:
    """Targets against realisation, and the next quarter's programme, as the offices' notes
    say them ("target bidang keasistenan sudah sesuai dengan realisasi")."""
    sentences = []
    targets = plans.get("targets") or []
    if targets:
        met = [row for row in targets if row["met"]]
        missed = [row["label"] for row in targets if not row["met"]]
        sentence = f"Dari {number(len(targets))} target periode ini, {number(len(met))} tercapai"
        if missed:
            sentence += "; belum tercapai: " + ", ".join(
                _lower_first(label) for label in missed[:3]
            )
        sentences.append(sentence + ".")
    programme = plans.get("next_programme") or {}
    items = programme.get("items") or []
    if items:
        titles = ", ".join(item["title"] for item in items[:4])
        more = f" dan {number(len(items) - 4)} lainnya" if len(items) > 4 else ""
        sentences.append(
            f"Program kerja triwulan {_ROMAN[programme['quarter']]} {programme['year']}: "
            f"{titles}{more}."
        )
    return sentences


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _prevention_sentences(prevention: dict[str, Any]) -> list[str]:
    activities = prevention.get("activities") or {}
    parts = []
    for kind in activity_kinds(activities):
        if not kind["count"]:
            continue
        if kind["code"] == "ots":
            parts.append(f"On The Spot di {number(activities.get('ots_locations') or 0)} lokasi")
        else:
            parts.append(f"{number(kind['count'])} {_lower_first(kind['name'])}")
    if activities.get("counterparts"):
        parts.append("studi banding dengan " + ", ".join(activities["counterparts"]))
    if activities.get("findings"):
        parts.append(f"{number(activities['findings'])} temuan monitoring")
    assignments = prevention.get("assignments") or {}
    if assignments.get("assignments"):
        parts.append(
            f"{number(assignments['assignments'])} penugasan insan Ombudsman ke "
            f"{number(assignments['agencies'])} instansi dengan "
            f"{number(assignments['visits'])} kunjungan"
        )
    if prevention.get("guidelines_published"):
        parts.append(
            f"{number(prevention['guidelines_published'])} pedoman pelayanan atau SOP diterbitkan"
        )
    sentences = []
    if parts:
        sentence = "Kegiatan pencegahan: " + ", ".join(parts)
        if activities.get("reports_taken"):
            sentence += (
                f", dengan {number(activities['reports_taken'])} laporan diterima di lapangan"
            )
        sentences.append(sentence + ".")
    assessments = prevention.get("assessments") or {}
    if assessments.get("approved"):
        zones = assessments["by_zone"]
        sentences.append(
            f"Penilaian kepatuhan terhadap {number(assessments['approved'])} unit layanan "
            f"selesai (zona hijau {number(zones['hijau'])}, kuning {number(zones['kuning'])}, "
            f"merah {number(zones['merah'])})"
            + (
                f"; hasilnya disampaikan kepada {number(assessments['agencies_delivered'])} "
                "instansi."
                if assessments.get("agencies_delivered")
                else "."
            )
        )
    return sentences


def today_quarter(today: dt.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1
