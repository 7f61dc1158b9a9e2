"""Server-side SVG charts for the statistics pages: no JavaScript, readable without colour.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` listing every
figure, and it prints its numbers next to the marks, so a screen reader, a printout in black
and white and a reader who cannot tell the colours apart all get the same figures. Colours are
the Okabe–Ito palette (safe for the common colour-vision deficiencies). Every piece of text is
escaped here, so the markup returned is safe to put in a template as it is.

The PDF renderer draws the same charts with its own primitives and reads ``top_rows``,
``PALETTE`` and ``month_label`` from here, so the page and the document agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, reddish purple,
# sky blue, vermillion, yellow; then a neutral grey for "the rest".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
REST_COLOUR = "#8C8C8C"
INK = "#1b1f23"
MUTED = "#57606a"
GRID = "#d0d7de"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def _legend(series: Sequence[tuple[str, str]], legend_y: int) -> list[str]:
    """A chart's legend on one line: a coloured square and the series' name for each series."""
    out, x = [], 0.0
    for i, (_key, label) in enumerate(series):
        out.append(
            f'<rect x="{x:.1f}" y="{legend_y - 10}" width="12" height="12" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            f'<text x="{x + 16:.1f}" y="{legend_y}" fill="{INK}">{escape(label)}</text>'
        )
        x += 16 + 7 * len(label) + 18
    return out


def number(value: float | int | None) -> str:
    """A count in the current language's style (10,846 / 10.846)."""
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def top_rows(
    rows: Iterable[dict[str, Any]], top: int = 8, rest_label: str | None = None
) -> list[dict[str, Any]]:
    """The ``top`` largest rows (``{code, label, count}``) by count, and, when there are more,
    one last row summing the others (its ``code`` is None and ``rest`` True). Rows with no
    count are dropped."""
    rows = sorted((r for r in rows if r.get("count")), key=lambda r: (-r["count"], str(r["label"])))
    if len(rows) <= top:
        return [dict(r) for r in rows]
    kept = [dict(r) for r in rows[: top - 1]]
    rest = sum(r["count"] for r in rows[top - 1 :])
    kept.append(
        {
            "code": None,
            "label": rest_label or _("other (%(n)s more)") % {"n": len(rows) - top + 1},
            "count": rest,
            "rest": True,
        }
    )
    return kept


def month_label(month: str, *, short: bool = True) -> str:
    """``"2026-10"`` → ``"Oct"`` (or ``"October"``) in the current language."""
    year, number_ = (int(part) for part in month.split("-"))
    return formats.date_format(dt.date(year, number_, 1), "M" if short else "F")


def _ident(*parts: Any) -> str:
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]
    return f"chart-{digest}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(
    ident: str, width: int, height: int, title: str, desc: str, body: Sequence[str]
) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" font-family="{escape(FONT)}" font-size="12">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(desc)}</desc>'
    )
    # Every piece of text in ``body`` went through ``escape`` where it was made.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


def _empty(ident: str, width: int, title: str) -> SafeString:
    text = _("No figures for this period.")
    return _svg(
        ident,
        width,
        48,
        title,
        text,
        [
            f'<text x="0" y="16" font-weight="600" fill="{INK}">{escape(title)}</text>',
            f'<text x="0" y="38" fill="{MUTED}">{escape(text)}</text>',
        ],
    )


def bar_chart(
    rows: Iterable[dict[str, Any]],
    title: str,
    *,
    top: int = 8,
    width: int = 420,
    colour: str = PALETTE[0],
    fmt: Callable[[Any], str] = number,
    label_chars: int = 28,
) -> SafeString:
    """Horizontal bars, largest first, for categories (``{code, label, count}`` rows): the
    ``top`` largest, the rest summed into one grey bar. Each bar carries its count and share."""
    rows = top_rows(rows, top)
    ident = _ident("bar", title, [(r["label"], r["count"]) for r in rows])
    if not rows:
        return _empty(ident, width, title)
    total = sum(r["count"] for r in rows)
    biggest = max(r["count"] for r in rows)
    label_w = int(width * 0.45)
    value_w = 78
    bar_space = width - label_w - value_w
    row_h, bar_h, top_y = 22, 14, 26
    height = top_y + row_h * len(rows) + 4
    body = [f'<text x="0" y="15" font-weight="600" fill="{INK}">{escape(title)}</text>']
    desc = []
    for i, row in enumerate(rows):
        y = top_y + i * row_h
        share = row["count"] / total * 100 if total else 0
        length = max(1.0, bar_space * row["count"] / biggest)
        fill = REST_COLOUR if row.get("rest") else colour
        label = str(row["label"])
        value = f"{fmt(row['count'])} ({share:.0f}%)"
        desc.append(f"{label}: {fmt(row['count'])}")
        body.append(
            f"<g><title>{escape(label)}: {escape(value)}</title>"
            f'<text x="{label_w - 6}" y="{y + bar_h - 3}" text-anchor="end" fill="{INK}">'
            f"{escape(_shorten(label, label_chars))}</text>"
            f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h}" fill="{fill}"/>'
            f'<text x="{label_w + length + 4:.1f}" y="{y + bar_h - 3}" fill="{INK}">'
            f"{escape(value)}</text></g>"
        )
    body.append(
        f'<line x1="{label_w}" y1="{top_y - 4}" x2="{label_w}" y2="{height - 4}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    return _svg(ident, width, height, title, "; ".join(desc) + ".", body)


def column_chart(
    months: Sequence[dict[str, Any]],
    title: str,
    *,
    series: Sequence[tuple[str, str]] | None = None,
    width: int = 460,
    height: int = 220,
    fmt: Callable[[Any], str] = number,
) -> SafeString:
    """Stacked columns per month (``{month: "2026-10", reports, knl, tembusan}`` rows): one
    segment per ``(key, label)`` of ``series``, and the month's total above the column. With
    more than one series, a legend says what each colour is, and each segment's count is
    printed inside it when it fits and differs from the total (a number is printed once)."""
    if series is None:
        series = [
            ("reports", _("Reports")),
            ("knl", _("Consultations (KNL)")),
            ("tembusan", _("Copies (tembusan)")),
        ]
    ident = _ident("columns", title, [tuple(m.get(k, 0) for k, _l in series) for m in months])
    totals = [sum(m.get(key, 0) or 0 for key, _l in series) for m in months]
    if not months or not any(totals):
        return _empty(ident, width, title)
    legend_y, plot_bottom = 34, height - 24
    plot_top = 58 if len(series) > 1 else 40
    left, right = 8, width - 8
    plot_h = plot_bottom - plot_top
    slot = (right - left) / len(months)
    col_w = min(48.0, slot * 0.62)
    biggest = max(totals)
    body = [f'<text x="0" y="15" font-weight="600" fill="{INK}">{escape(title)}</text>']
    # One series: the title says what the columns are; a legend of one colour says nothing.
    body.extend(_legend(series if len(series) > 1 else [], legend_y))
    body.append(
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    desc = []
    for i, month in enumerate(months):
        cx = left + slot * i + slot / 2
        y = float(plot_bottom)
        parts = []
        for j, (key, label) in enumerate(series):
            value = month.get(key, 0) or 0
            parts.append(f"{label} {fmt(value)}")
            if not value:
                continue
            h = plot_h * value / biggest
            y -= h
            body.append(
                f'<rect x="{cx - col_w / 2:.1f}" y="{y:.1f}" width="{col_w:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
            if value != totals[i] and h >= 14 and len(fmt(value)) * 7 <= col_w:
                ink = "#fff" if j in (0, 3, 5) else INK
                body.append(
                    f'<text x="{cx:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="middle" '
                    f'fill="{ink}" font-size="11">{escape(fmt(value))}</text>'
                )
        name = month_label(month["month"])
        desc.append(f"{month_label(month['month'], short=False)}: " + ", ".join(parts))
        body.append(
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-weight="600" '
            f'fill="{INK}">{escape(fmt(totals[i]))}</text>'
            f'<text x="{cx:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(name)}</text>"
        )
    return _svg(ident, width, height, title, "; ".join(desc) + ".", body)


def share_bar(
    rows: Iterable[dict[str, Any]],
    title: str,
    *,
    top: int = 6,
    width: int = 420,
    fmt: Callable[[Any], str] = number,
    label_chars: int = 40,
) -> SafeString:
    """One horizontal bar split into the shares of ``rows`` (e.g. how closed reports ended),
    with a legend giving each part's count and percentage."""
    rows = top_rows(rows, top)
    ident = _ident("share", title, [(r["label"], r["count"]) for r in rows])
    if not rows:
        return _empty(ident, width, title)
    total = sum(r["count"] for r in rows)
    bar_y, bar_h, legend_top, line_h = 26, 20, 60, 20
    height = legend_top + line_h * len(rows)
    body = [f'<text x="0" y="15" font-weight="600" fill="{INK}">{escape(title)}</text>']
    desc = []
    x = 0.0
    for i, row in enumerate(rows):
        fill = REST_COLOUR if row.get("rest") else PALETTE[i % len(PALETTE)]
        w = width * row["count"] / total
        share = row["count"] / total * 100
        label = str(row["label"])
        value = f"{fmt(row['count'])} ({share:.0f}%)"
        desc.append(f"{label}: {value}")
        body.append(
            f"<g><title>{escape(label)}: {escape(value)}</title>"
            f'<rect x="{x:.1f}" y="{bar_y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" '
            f'stroke="#fff" stroke-width="1"/></g>'
        )
        y = legend_top + i * line_h
        body.append(
            f'<rect x="0" y="{y - 10}" width="12" height="12" fill="{fill}"/>'
            f'<text x="18" y="{y}" fill="{INK}">{escape(_shorten(label, label_chars))}</text>'
            f'<text x="{width}" y="{y}" text-anchor="end" fill="{INK}">{escape(value)}</text>'
        )
        x += w
    return _svg(ident, width, height, title, "; ".join(desc) + ".", body)


def grouped_column_chart(
    months: Sequence[dict[str, Any]],
    title: str,
    *,
    series: Sequence[tuple[str, str]],
    width: int = 800,
    height: int = 240,
    fmt: Callable[[Any], str] = number,
) -> SafeString:
    """Side-by-side columns per month, one per ``(key, label)`` of ``series`` (e.g. reports
    received and reports closed, which are not parts of one whole and so are not stacked): a
    legend names each colour, and each column's count is printed once, above it."""
    ident = _ident("grouped", title, [tuple(m.get(k, 0) for k, _l in series) for m in months])
    values = [[m.get(key, 0) or 0 for key, _l in series] for m in months]
    if not months or not any(any(row) for row in values):
        return _empty(ident, width, title)
    legend_y, plot_top, plot_bottom = 34, 62, height - 24
    left, right = 8, width - 8
    plot_h = plot_bottom - plot_top
    slot = (right - left) / len(months)
    col_w = min(40.0, slot * 0.8 / len(series))
    biggest = max(max(row) for row in values)
    body = [f'<text x="0" y="15" font-weight="600" fill="{INK}">{escape(title)}</text>']
    body.extend(_legend(series, legend_y))
    body.append(
        f'<line x1="{left}" y1="{plot_bottom}" x2="{right}" y2="{plot_bottom}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    desc = []
    for i, month in enumerate(months):
        cx = left + slot * i + slot / 2
        first = cx - col_w * len(series) / 2
        parts = []
        for j, (_key, label) in enumerate(series):
            value = values[i][j]
            parts.append(f"{label} {fmt(value)}")
            h = plot_h * value / biggest if biggest else 0
            x = first + col_w * j
            if h:
                body.append(
                    f'<rect x="{x:.1f}" y="{plot_bottom - h:.1f}" width="{col_w - 2:.1f}" '
                    f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
                )
            body.append(
                f'<text x="{x + (col_w - 2) / 2:.1f}" y="{plot_bottom - h - 4:.1f}" '
                f'text-anchor="middle" fill="{INK}" font-size="11">{escape(fmt(value))}</text>'
            )
        desc.append(f"{month_label(month['month'], short=False)}: " + ", ".join(parts))
        body.append(
            f'<text x="{cx:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(month_label(month['month']))}</text>"
        )
    return _svg(ident, width, height, title, "; ".join(desc) + ".", body)


def target_chart(
    rows: Sequence[dict[str, Any]], title: str, *, width: int = 560, label_chars: int = 34
) -> SafeString:
    """Targets against realisation: per target a grey bar for the target and a coloured bar for
    what was realised, on the same scale, each with its figure, and the share achieved
    (``{label, value, realised, achieved, is_rate}`` rows)."""
    ident = _ident("target", title, [(r["label"], r["value"], r["realised"]) for r in rows])
    if not rows:
        return _empty(ident, width, title)
    label_w = int(width * 0.42)
    value_w = 120
    bar_space = width - label_w - value_w
    row_h, bar_h, top_y = 34, 12, 40
    height = top_y + row_h * len(rows) + 4
    body = [
        f'<text x="0" y="15" font-weight="600" fill="{INK}">{escape(title)}</text>',
    ]
    x = 0.0
    for name, fill in ((_("target"), REST_COLOUR), (_("realised"), PALETTE[2])):
        body.append(
            f'<rect x="{x:.1f}" y="20" width="12" height="12" fill="{fill}"/>'
            f'<text x="{x + 16:.1f}" y="30" fill="{INK}">{escape(name)}</text>'
        )
        x += 16 + 7 * len(name) + 18
    desc = []
    for i, row in enumerate(rows):
        y = top_y + i * row_h
        scale = max(float(row["value"] or 0), float(row["realised"] or 0), 1e-9)
        unit = "%" if row.get("is_rate") else ""
        target = float(row["value"] or 0)
        realised = None if row["realised"] is None else float(row["realised"])
        achieved = "–" if row.get("achieved") is None else f"{float(row['achieved']):.0f}%"
        digits = 1 if unit else 0
        shown = "–" if realised is None else f"{_figure(realised, digits)}{unit}"
        label = str(row["label"])
        text = f"{shown} / {_figure(target, digits)}{unit} ({achieved})"
        desc.append(f"{label}: {text}")
        target_len = max(1.0, bar_space * target / scale)
        realised_len = 0.0 if realised is None else max(1.0, bar_space * realised / scale)
        body.append(
            f"<g><title>{escape(label)}: {escape(text)}</title>"
            f'<text x="{label_w - 6}" y="{y + bar_h}" text-anchor="end" fill="{INK}">'
            f"{escape(_shorten(label, label_chars))}</text>"
            f'<rect x="{label_w}" y="{y}" width="{target_len:.1f}" height="{bar_h}" '
            f'fill="{REST_COLOUR}"/>'
            f'<rect x="{label_w}" y="{y + bar_h + 2}" width="{realised_len:.1f}" '
            f'height="{bar_h}" fill="{PALETTE[2]}"/>'
            f'<text x="{label_w + max(target_len, realised_len) + 4:.1f}" y="{y + bar_h + 6}" '
            f'fill="{INK}">{escape(text)}</text></g>'
        )
    return _svg(ident, width, height, title, "; ".join(desc), body)


def _figure(value: float, digits: int) -> str:
    return formats.number_format(value, decimal_pos=digits, use_l10n=True, force_grouping=True)
