"""The instrument computes the score; nobody types it in.

An indicator's share is its points over its highest points. A dimension's score is the weighted
mean of its indicators' shares; the total is the weighted mean of the dimensions' scores, times
100, rounded half up to two decimals. The band is the one with the highest lower score at or
below the total (so 80.995 rounded to 81.00 is green, and bands need no exact upper edges).

An indicator answered "not applicable" (tidak relevan, only where the indicator allows it) is
left out of both the achieved and the possible points of its dimension; a dimension whose
indicators are all not applicable drops out of the total, and the other dimensions' weights
count among themselves. The breakdown then says how many indicators were not applicable, and an
all-not-applicable dimension has no score.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from aduan.compliance.errors import ComplianceError
from aduan.compliance.models import Band, Instrument

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass
class Result:
    score: Decimal
    category: str
    zone: str
    breakdown: dict[str, Any] = field(default_factory=dict)


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def band_for(instrument: Instrument, score: Decimal) -> Band:
    band = instrument.bands.filter(min_score__lte=score).order_by("-min_score").first()
    if band is None:
        raise ComplianceError(
            _("The instrument has no score band for %(score)s.") % {"score": score}
        )
    return band


def compute(
    instrument: Instrument,
    values: dict[int, int | None],
    not_applicable: Collection[int] = (),
) -> Result:
    """Score, category and zone of the answers ``values`` (indicator id → points), leaving out
    the indicators in ``not_applicable`` (ids of indicators that allow it)."""
    total_weight = Decimal(0)
    total = Decimal(0)
    breakdown: dict[str, Any] = {}
    for dimension in instrument.dimensions.prefetch_related("indicators"):
        weight_sum = Decimal(0)
        points = Decimal(0)
        left_out = 0
        for indicator in dimension.indicators.all():
            if indicator.pk in not_applicable:
                if not indicator.allows_not_applicable:
                    raise ComplianceError(
                        _("“%(indicator)s” cannot be answered “not applicable”.")
                        % {"indicator": indicator.text}
                    )
                left_out += 1
                continue
            value = values.get(indicator.pk)
            if value is None:
                raise ComplianceError(
                    _("Answer every indicator first: “%(indicator)s” is not answered.")
                    % {"indicator": indicator.text}
                )
            if value < 0 or value > indicator.max_points:
                raise ComplianceError(
                    _("The answer to “%(indicator)s” is outside its scale.")
                    % {"indicator": indicator.text}
                )
            weight_sum += indicator.weight
            points += indicator.weight * Decimal(value) / Decimal(indicator.max_points)
        if weight_sum == 0:
            if left_out:  # every indicator not applicable: the dimension drops out
                breakdown[dimension.code] = {
                    "name": dimension.name,
                    "weight": str(dimension.weight),
                    "score": None,
                    "not_applicable": left_out,
                }
            continue
        share = points / weight_sum
        breakdown[dimension.code] = {
            "name": dimension.name,
            "weight": str(dimension.weight),
            "score": str(_round(share * HUNDRED)),
        }
        if left_out:
            breakdown[dimension.code]["not_applicable"] = left_out
        total_weight += dimension.weight
        total += dimension.weight * share
    if total_weight == 0:
        if not_applicable:
            raise ComplianceError(
                _("Every indicator is answered “not applicable”: there is nothing to score.")
            )
        raise ComplianceError(_("The instrument has no weighted indicators."))
    score = _round(total / total_weight * HUNDRED)
    band = band_for(instrument, score)
    return Result(score=score, category=band.code, zone=band.zone, breakdown=breakdown)
