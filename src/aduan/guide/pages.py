"""The pages of the user guide and their readers.

Each page is a Markdown file per language, ``pages/<language>/<slug>.md``; Bahasa Indonesia is
the reference and the fallback. The order here is the order of the index and the sidebar.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FALLBACK_LANGUAGE = "id"


@dataclass(frozen=True)
class Reader:
    code: str
    label: str | Promise
    pages: tuple[str, ...]


READERS: tuple[Reader, ...] = (
    Reader("warga", _("Citizens"), ("melapor", "melacak")),
    Reader("staf", _("Office staff"), ("staf", "tahapan")),
    Reader("narahubung", _("Agency liaison officers"), ("narahubung",)),
    Reader("admin", _("Administrators"), ("administrator",)),
)

SLUGS: tuple[str, ...] = tuple(slug for reader in READERS for slug in reader.pages)


def reader_of(slug: str) -> Reader | None:
    return next((reader for reader in READERS if slug in reader.pages), None)
