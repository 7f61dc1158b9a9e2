from __future__ import annotations

from django.http import HttpRequest

import aduan


def site(request: HttpRequest) -> dict:
    return {"aduan_version": aduan.__version__}


def guide(request: HttpRequest) -> dict:
    """``guide_url``: the page of the user guide for the screen being shown (empty if none).
    The map from screens to guide pages lives with the guide (``aduan.guide``), once it exists."""
    try:
        from aduan.guide.links import guide_url_for
    except ImportError:
        return {"guide_url": ""}
    return {"guide_url": guide_url_for(request)}
