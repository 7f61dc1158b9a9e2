"""Which of the reporter's details an office asks for: the one place that decides it.

An Ombudsman office (the central office, a representative office, a regional ombudsman) asks
what UU 37/2008 Ps.24(1)a requires of a report: full name, place and date of birth, marital
status, occupation and full address, with a copy of the identity document. An agency's complaint
unit works under UU 25/2009, whose Ps.42(2) asks of a complaint only the complainant's name and
full address (and a way to reach them); asking it for more (birth, marital status, occupation,
identity numbers) would be collecting more than the purpose needs (UU 27/2022 Ps.16(2)b).

The public form, the desk form and the verification checklist all read ``for_kind`` (or
``for_office``), so the forms never ask what the checklist does not need, and the checklist never
asks what the forms did not collect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class MaritalStatus(models.TextChoices):
    """As printed on the KTP (status perkawinan)."""

    SINGLE = "belum_kawin", _("Not married")
    MARRIED = "kawin", _("Married")
    DIVORCED = "cerai_hidup", _("Divorced")
    WIDOWED = "cerai_mati", _("Widowed")


# Every detail a form may ask of a reporter (the Reporter model's field names, and "id_file"
# for the copy of the identity document).
CONTACT = ("phone", "email", "contact_channel", "language")
OMBUDSMAN_IDENTITY = (
    "name",
    "birth_place",
    "birth_date",
    "marital_status",
    "occupation",
    "address",
)
OMBUDSMAN_DOCUMENT = ("id_type", "id_number", "id_file")
UNIT_IDENTITY = ("name", "address")
OMBUDSMAN_KINDS = {"pusat", "perwakilan", "ombudsman_daerah"}
UNIT_KIND = "unit_pengaduan"


@dataclass(frozen=True)
class ReporterFields:
    """``identity``: the details the law requires of a reporter (the formal checklist's
    "complete identity"); ``shown``: every detail the forms may ask (identity, identity document
    and contact); anything else is not collected. ``basis``: the law, for the reader."""

    identity: tuple[str, ...]
    shown: tuple[str, ...]
    identity_document: bool
    basis: str

    def shows(self, name: str) -> bool:
        return name in self.shown

    def missing(self, reporter: Any) -> list[str]:
        """The required identity details a reporter (a Reporter or a dict) lacks."""

        def value(name: str) -> Any:
            if isinstance(reporter, dict):
                return reporter.get(name)
            return getattr(reporter, name, None)

        return [name for name in self.identity if value(name) in (None, "")]

    @property
    def not_collected(self) -> tuple[str, ...]:
        """The details another kind of office asks and this one must not collect."""
        return tuple(name for name in OMBUDSMAN.shown if name not in self.shown)

    def only_shown(self, reporter: dict[str, Any]) -> dict[str, Any]:
        """The reporter's details without those this office does not collect (details no form
        asks, such as a group's members, pass through)."""
        dropped = set(self.not_collected)
        return {key: val for key, val in reporter.items() if key not in dropped}


OMBUDSMAN = ReporterFields(
    identity=OMBUDSMAN_IDENTITY,
    shown=(*OMBUDSMAN_IDENTITY, *OMBUDSMAN_DOCUMENT, *CONTACT, "represents"),
    identity_document=True,
    basis="UU 37/2008 Ps.24(1)a",
)
COMPLAINT_UNIT = ReporterFields(
    identity=UNIT_IDENTITY,
    shown=(*UNIT_IDENTITY, *CONTACT, "represents"),
    identity_document=False,
    basis="UU 25/2009 Ps.42(2)",
)


def for_kind(kind: str) -> ReporterFields:
    """The reporter's details an office of ``kind`` (directory ``Office.Kind``) asks for. An
    unknown kind is treated as an Ombudsman office (as ``workflows.for_kind`` does)."""
    return COMPLAINT_UNIT if kind == UNIT_KIND else OMBUDSMAN


def for_office(office: Any) -> ReporterFields:
    return for_kind(getattr(office, "kind", "") or "")
