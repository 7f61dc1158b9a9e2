from __future__ import annotations

from aduan.directory.models import Agency, Office
from aduan.regions.models import Region


def home_figures() -> dict[str, int]:
    """Public counts for the front page (no personal data)."""
    return {
        "offices": Office.objects.filter(active=True).count(),
        "agencies": Agency.objects.filter(active=True).count(),
        "regions": Region.objects.count(),
    }
