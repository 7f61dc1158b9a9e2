"""Reads of letters for people: scoped like the case page, identity views audited."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case
from aduan.cases.reveal import identity_reveal
from aduan.cases.selectors import case_for_user
from aduan.letters.kinds import Addressee
from aduan.letters.models import Letter

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def letters_for_case(case: Case) -> QuerySet[Letter]:
    """The case's letters, newest first (for the case page and its timeline)."""
    return case.letters.select_related("created_by").order_by("-created_at", "-id")


def download_name(letter: Letter, fmt: str) -> str:
    """A file name from the number and kind: never a person's name."""
    plain = re.sub(r"[^A-Za-z0-9]+", "-", letter.number).strip("-") or "surat"
    return f"{plain}-{letter.kind}.{fmt}"


def letter_file(
    user: Any, case_key: str | int, letter_pk: int, fmt: str, *, reason: str = ""
) -> tuple[FieldFile, str]:
    """(file, download name) of one of a case's letters, for ``user``. NotAllowed for a case
    they may not see, a letter not on it, or an unknown format (all look alike). A letter to a
    confidential reporter holds their identity: opening it follows the rule of revealing the
    identity on the case page (``cases.reveal.identity_reveal``: need to know, or a ``reason``)
    and is written to the audit log."""
    case = case_for_user(user, case_key)
    letter = case.letters.filter(pk=letter_pk).first()
    if letter is None or fmt not in CONTENT_TYPES:
        raise NotAllowed(_("No such letter, or you may not see it."))
    if case.confidential and letter.addressee_kind == Addressee.REPORTER:
        identity_reveal(
            case=case,
            actor=user,
            shown=[{"letter": letter.pk, "number": letter.number}],
            reason=reason,
        )
    return getattr(letter, fmt), download_name(letter, fmt)
