from __future__ import annotations

from django.http import HttpRequest

import aduan


def site(request: HttpRequest) -> dict:
    return {"aduan_version": aduan.__version__}
