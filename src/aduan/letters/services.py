"""Making letters, and the templates they are made from.

``generate_letter`` has the shape of every service (ARCHITECTURE.md): permission, lock the
case, guard, then in one transaction take the office's next letter number, fill the template,
make the PDF, store both files, the ``Letter`` row and an audit event. Files are written last
and deleted again if anything fails, so a rollback leaves no letter and no file; the number
returns to the counter with the rollback, so numbers have no gaps.

Who may make which letter (``kinds.SPECS``): notices from the desk (receipt slip, request to
complete, rejection, not within authority, closure) need ``receive``, i.e. any assistant or
head of the case's office; examination letters (clarification, summons, LAHP) need
``examine`` (the case's own unit, or the head of office); a recommendation needs ``approve``
(heads and members); a referral letter (*pelimpahan*) needs ``transfer``, like sending the
referral, and its number is recorded on the referral (``Referral.letter_reference``).
"""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aduan.cases import identity, permissions
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case, Verification
from aduan.cases.references import take_next
from aduan.cases.states import State
from aduan.core import audit
from aduan.deadlines.workdays import local_date
from aduan.directory.models import User
from aduan.directory.scoping import offices_for, sees_all_offices
from aduan.letters.context import (
    ABOUT,
    LetterError,
    build_context,
    latest_about,
)
from aduan.letters.kinds import SPECS, Addressee, Kind
from aduan.letters.models import Letter, LetterCounter, LetterSettings, LetterTemplate
from aduan.letters.numbering import DEFAULT_NUMBER_FORMAT, format_number
from aduan.letters.pdf import render_pdf
from aduan.letters.render import (
    check_template,
    convert_with_soffice,
    docx_text,
    render_docx,
    soffice_binary,
    template_source,
)
from aduan.referrals.models import Referral

log = logging.getLogger(__name__)

MISSING_ABOUT = {
    "verification": gettext_lazy("No formal verification found something missing."),
    "clarification": gettext_lazy("No clarification request has been recorded."),
    "summons": gettext_lazy("No summons has been scheduled."),
    "lahp": gettext_lazy("No LAHP has been sent."),
    "recommendation": gettext_lazy("No recommendation has been issued."),
    "referral": gettext_lazy("The case has not been referred to another institution."),
}


def not_ready(case: Case, kind: str) -> str:
    """Why a letter of ``kind`` cannot be made for ``case`` now ("" when it can)."""
    spec = SPECS[kind]
    if spec.about and latest_about(case, kind) is None:
        return str(MISSING_ABOUT[spec.about])
    if kind == Kind.PENOLAKAN and case.rejection_reason_id is None:
        return _("The report was not rejected.")
    if kind == Kind.BUKAN_KEWENANGAN and (
        case.closure_mode is None or case.closure_mode.code != "bukan-kewenangan"
    ):
        return _("The report was not found to be outside the Ombudsman's authority.")
    if kind == Kind.PENUTUPAN and case.state != State.CLOSED:
        return _("The case is not closed.")
    return ""


def available_letters(case: Case, user: Any) -> list[tuple[str, str, str]]:
    """(kind, addressee, label) of every letter ``user`` may make for ``case`` now."""
    choices = []
    locked = permissions.identity_locked(case)
    for kind, spec in SPECS.items():
        if not permissions.can(user, spec.permission, case) or not_ready(case, kind):
            continue
        for addressee in spec.addressees:
            if locked and addressee == Addressee.REPORTER:
                continue  # nobody could open it: see generate_letter
            label = f"{Kind(kind).label} → {Addressee(addressee).label}"
            choices.append((kind, addressee, label))
    return choices


def next_letter_sequence(office: Any, year: int) -> int:
    """Take the next letter number of ``office`` in ``year``, inside the letter's transaction
    (gapless, like case references: ``cases.references.take_next``)."""
    return take_next(LetterCounter, office, year)


def _file_base(number: str, kind: str) -> str:
    # A random part: files under MEDIA_ROOT cannot be guessed even where /media/ is served.
    plain = re.sub(r"[^A-Za-z0-9]+", "-", number).strip("-")[:60] or "surat"
    return f"{secrets.token_hex(8)}-{plain}-{kind}"


def _check_about(case: Case, kind: str, about: Any) -> None:
    spec = SPECS[kind]
    expected = ABOUT.get(spec.about)
    if expected is None or not isinstance(about, expected) or about.case_id != case.pk:
        raise LetterError(_("That record does not belong to this letter or case."))
    if isinstance(about, Verification) and (about.kind != Verification.Kind.FORMAL or about.passed):
        raise LetterError(_("That verification found nothing missing."))
    if isinstance(about, Referral) and about.direction != Referral.Direction.OUT:
        raise LetterError(_("A referral letter is made only for a referral we send."))


def generate_letter(
    case: Case,
    kind: str,
    *,
    actor: Any,
    addressee: str | None = None,
    about: Any = None,
    other_name: str = "",
    other_address: str = "",
) -> Letter:
    """Make a letter of ``kind`` for ``case`` to ``addressee`` (default: the kind's first),
    about ``about`` (default: the case's latest record of the kind's sort), and store it."""
    if kind not in SPECS:
        raise LetterError(_("Unknown kind of letter."))
    spec = SPECS[kind]
    addressee = addressee or spec.addressees[0]
    permissions.require(actor, spec.permission, case)
    if addressee not in spec.addressees:
        raise LetterError(_("This kind of letter does not go to that addressee."))
    if addressee == Addressee.REPORTER and permissions.identity_locked(case):
        # The letter would carry an identity nobody may open (an anonymous SP4N-LAPOR! report).
        raise LetterError(
            _(
                "The reporter chose to stay anonymous: no letter can be addressed to them. "
                "They follow the report with its tracking code; write to them in a message."
            )
        )
    if about is not None:
        _check_about(case, kind, about)
    written: list[Any] = []
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",), no_key=True)
                .select_related("office", "channel", "intake_type", "agency", "substance")
                .get(pk=case.pk)
            )
            problem = not_ready(case, kind)
            if problem:
                raise LetterError(problem)
            if addressee != Addressee.REPORTER:
                # A confidential case: only the text approved for the agency goes out.
                identity.guard_outgoing(case)
            about = about or latest_about(case, kind)
            office = case.office
            source = template_source(kind, office)
            settings = LetterSettings.objects.filter(office=office).first()
            day = local_date(timezone.now(), office)
            sequence = next_letter_sequence(office, day.year)
            try:
                number = format_number(
                    settings.number_format if settings else DEFAULT_NUMBER_FORMAT,
                    seq=sequence,
                    kind_code=spec.code,
                    day=day,
                    office=office,
                    case_reference=case.reference,
                )
            except ValueError as exc:
                raise LetterError(
                    _("The office's letter number format cannot be used: %(error)s")
                    % {"error": exc}
                ) from exc
            context = build_context(
                case,
                kind=kind,
                addressee=addressee,
                number=number,
                day=day,
                about=about,
                other_name=other_name,
                other_address=other_address,
            )
            logo = None
            if settings and settings.logo:
                with settings.logo.open("rb") as handle:
                    logo = handle.read()
            docx = render_docx(source.data, context, logo=logo)
            if addressee != Addressee.REPORTER:
                # The identity guard: a text typed for the case or the template that still
                # identifies a confidential reporter stops the letter, naming what matched.
                identity.check(case, {_("the letter"): docx_text(docx)})
            # The built-in renderer is fast (~0.25 s); LibreOffice takes seconds, so it runs
            # after commit (refine_pdf_task) instead of holding the number's lock meanwhile.
            pdf, engine = render_pdf(docx), Letter.Engine.BUILTIN
            letter = Letter(
                case=case,
                office=office,
                kind=kind,
                year=day.year,
                sequence=sequence,
                number=number,
                addressee_kind=addressee,
                addressee_name=context["addressee"]["label"],
                pdf_engine=engine,
                template_label=source.label,
                about_kind=spec.about if about is not None else "",
                about_id=about.pk if about is not None else None,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            base = _file_base(number, kind)
            letter.docx.save(f"{base}.docx", ContentFile(docx), save=False)
            written.append(letter.docx)
            letter.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
            written.append(letter.pdf)
            letter.save()
            if isinstance(about, Referral):
                # The referral letter's number is the referral's letter reference.
                Referral.objects.filter(pk=about.pk).update(letter_reference=number)
            audit.record(
                "case.letter_generated",
                actor=actor,
                target=case,
                office=office,
                new={
                    "letter": letter.pk,
                    "number": number,
                    "kind": kind,
                    "addressee": addressee,
                    "pdf": engine,
                },
            )
    except BaseException:
        for field in written:
            field.storage.delete(field.name)
        raise
    if soffice_binary():
        from aduan.letters.tasks import refine_pdf_task

        pk = letter.pk
        transaction.on_commit(lambda: refine_pdf_task.enqueue(letter_id=pk))
    return letter


def refine_pdf(letter_id: int) -> str:
    """Replace a letter's built-in PDF with LibreOffice's rendering of its DOCX (closer to
    what the office's template looks like). Safe to repeat: a letter already refined is left
    alone; when LibreOffice fails the built-in PDF stays."""
    letter = Letter.objects.filter(pk=letter_id).first()
    binary = soffice_binary()
    if letter is None or binary is None or letter.pdf_engine == Letter.Engine.LIBREOFFICE:
        return "skipped"
    with letter.docx.open("rb") as handle:
        docx = handle.read()
    try:
        pdf = convert_with_soffice(docx, binary)
    except (RuntimeError, OSError) as exc:
        log.warning(
            "PDF by LibreOffice failed for letter %s; the built-in one stays: %s", letter_id, exc
        )
        return "builtin"
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter_id)
        if letter.pdf_engine == Letter.Engine.LIBREOFFICE:
            return "skipped"
        old = letter.pdf.name
        letter.pdf.save(old.rsplit("/", 1)[-1], ContentFile(pdf), save=False)
        letter.pdf_engine = Letter.Engine.LIBREOFFICE
        letter.save(update_fields=["pdf", "pdf_engine"])
        transaction.on_commit(lambda: letter.pdf.storage.delete(old))
    return "libreoffice"


# --- templates ----------------------------------------------------------------------------
def may_manage_templates(user: Any, office: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not (user.is_superuser or user.role == User.Role.ADMINISTRATOR):
        return False
    if office is None:
        return sees_all_offices(user)
    return offices_for(user).filter(pk=office.pk).exists()


def template_upload(
    *, actor: Any, kind: str, office: Any, data: bytes, name: str = "", note: str = ""
) -> LetterTemplate:
    """Put a new DOCX template in use for ``kind`` at ``office`` (None: every office without
    its own). The template is tried once per addressee first; the one it replaces is kept,
    retired. Administrators only (of the office, or national ones for the default)."""
    if not may_manage_templates(actor, office):
        raise NotAllowed(_("Only an administrator of the office may change its letter templates."))
    if kind not in SPECS:
        raise LetterError(_("Unknown kind of letter."))
    check_template(data, kind)
    with transaction.atomic():
        current = (
            LetterTemplate.objects.select_for_update(of=("self",))
            .filter(kind=kind, office=office, active=True)
            .order_by("pk")
        )
        for old in current:
            old.active = False
            old.save(update_fields=["active"])
            audit.record(
                "letter.template_retired",
                actor=actor,
                target=old,
                office=office,
                new={"kind": kind},
            )
        template = LetterTemplate(
            kind=kind,
            office=office,
            note=note[:255],
            updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        template.file.save(f"{kind}-{secrets.token_hex(4)}.docx", ContentFile(data), save=False)
        try:
            template.save()
            audit.record(
                "letter.template_uploaded",
                actor=actor,
                target=template,
                office=office,
                new={"kind": kind, "file": name[:120]},
                reason=note,
            )
        except BaseException:
            template.file.storage.delete(template.file.name)
            raise
    return template


def template_retire(*, actor: Any, template: LetterTemplate) -> LetterTemplate:
    """Stop using an uploaded template: the office's letters fall back to the national one or
    the default shipped with Aduan."""
    if not may_manage_templates(actor, template.office):
        raise NotAllowed(_("Only an administrator of the office may change its letter templates."))
    with transaction.atomic():
        template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if template.active:
            template.active = False
            template.save(update_fields=["active"])
            audit.record(
                "letter.template_retired",
                actor=actor,
                target=template,
                office=template.office,
                new={"kind": template.kind},
            )
    return template
