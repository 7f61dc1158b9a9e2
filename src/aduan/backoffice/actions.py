"""The actions a case page offers: each a form and the one service function it calls.

An action is shown only when the case's state allows it and the person's role may do it
(``cases.permissions.can``); the service checks both again, so a forged POST is refused too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django import forms
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.cases import examination as ex
from aduan.cases import permissions, workflows
from aduan.cases import services as sv
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS, item_labels, still_missing
from aduan.cases.documents import document_add
from aduan.cases.models import (
    Case,
    ClarificationRequest,
    CorrectiveAction,
    Document,
    Escalation,
    Mediation,
    Note,
    Recommendation,
    ResmonStep,
    SanctionRecommendation,
    Summons,
)
from aduan.cases.states import OPEN_STATES, State
from aduan.core.forms import ModelMultipleChoiceField
from aduan.deadlines.deliveries import delivery_record_receipt
from aduan.deadlines.models import Deadline, Delivery
from aduan.directory.models import Agency, Office, Unit, User
from aduan.messaging.models import ReplyTemplate
from aduan.reference.models import (
    ClosureMode,
    ClosureReason,
    MaladministrationForm,
    RejectionReason,
    Substance,
)
from aduan.referrals.models import Institution
from aduan.regions.models import Region

S = State


def _day_at_nine(day: dt.date | None) -> dt.datetime | None:
    """A date typed in a form as the moment of signing (or sending): 09:00 that day."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _signed_on(label: Any = None) -> forms.DateField:
    return forms.DateField(
        label=label or _("Signed on (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


OPEN_CLARIFICATION = (ClarificationRequest.Status.WAITING, ClarificationRequest.Status.UNANSWERED)


class ChecklistForm(forms.Form):
    """One yes / no / not-applicable choice per checklist item."""

    items: dict[str, tuple] = {}
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, (label, basis, optional) in self.items.items():
            choices = [("1", _("met")), ("0", _("not met"))]
            if optional:
                choices.append(("", _("not applicable")))
            self.fields[code] = forms.ChoiceField(
                label=f"{label} ({basis})",
                choices=choices,
                required=not optional,
                widget=forms.RadioSelect,
            )

    def checklist(self) -> dict[str, bool | None]:
        return {
            code: {"1": True, "0": False}.get(self.cleaned_data.get(code) or "", None)
            for code in self.items
        }


class FormalForm(ChecklistForm):
    items = FORMAL_ITEMS


class MaterialForm(ChecklistForm):
    items = MATERIAL_ITEMS


class CaseForm(forms.Form):
    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)


class RegisterForm(CaseForm):
    unit = forms.ModelChoiceField(label=_("Examination unit"), queryset=Unit.objects.none())
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Decision of the meeting"), required=False)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            units = case.office.units.filter(kind=Unit.Kind.PEMERIKSAAN, active=True)
            self.fields["unit"].queryset = units
            self.fields["assignee"].queryset = User.objects.filter(unit__in=units, is_active=True)


class RejectForm(CaseForm):
    reason = forms.ModelChoiceField(
        label=_("Reason (UU 37/2008 Ps.36(1))"), queryset=RejectionReason.objects.active()
    )
    note = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    signed_on = _signed_on()


class NotWithinAuthorityForm(CaseForm):
    competent_body = forms.CharField(
        label=_("Competent body named in the notice (UU 37/2008 Ps.27)"),
        max_length=200,
        required=False,
    )
    note = forms.CharField(label=_("Explanation"), required=False)
    signed_on = _signed_on()
    refer_to = forms.ModelChoiceField(
        label=_("Also refer the report to (office practice; with a letter and a follow-up clock)"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("A reporter whose identity is kept secret must consent first."),
    )
    referral_part = forms.CharField(label=_("What is referred"), required=False)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["refer_to"].queryset = Institution.objects.filter(active=True)


class WithdrawalDecisionForm(CaseForm):
    decision = forms.ChoiceField(
        label=_("The office's decision (UU 37/2008 Ps.7)"),
        choices=[
            ("lanjut", _("continue as the office's own matter, without the reporter")),
            ("hentikan", _("stop: close the case, the clocks are cancelled")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class FileAgainForm(CaseForm):
    reason = forms.CharField(label=_("Why it is filed again"))
    channel = forms.ModelChoiceField(
        label=_("How it came in again (empty: as before)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        from aduan.reference.models import Channel

        self.fields["channel"].queryset = Channel.objects.active()


class ResmonStepForm(CaseForm):
    kind = forms.ChoiceField(label=_("Step"), choices=ResmonStep.Kind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}))
    outcome = forms.ChoiceField(
        label=_("Outcome (a resolution attempt only)"),
        choices=ResmonStep.Outcome.choices,
        required=False,
    )
    closure_mode = forms.ModelChoiceField(
        label=_("Closure mode (resolved)"), queryset=ClosureMode.objects.active(), required=False
    )


class TextForm(CaseForm):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(CaseForm):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None and case.unit_id:
            self.fields["assignee"].queryset = User.objects.filter(unit=case.unit, is_active=True)


class LahpDraftForm(CaseForm):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Case.Conclusion.choices)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}))


class CloseForm(CaseForm):
    closure_mode = forms.ModelChoiceField(
        label=_("Closure mode"), queryset=ClosureMode.objects.active()
    )
    closure_reason = forms.ModelChoiceField(
        label=_("Closure reason"), queryset=ClosureReason.objects.active()
    )
    note = forms.CharField(label=_("Note"), required=False)


class ReasonForm(CaseForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class LahpResponseForm(CaseForm):
    response = forms.CharField(
        label=_("Reporter's response"), widget=forms.Textarea(attrs={"rows": 3})
    )
    new_evidence = forms.BooleanField(
        label=_("New argument or evidence: reopen the examination"), required=False
    )


class LahpFinalForm(CaseForm):
    signed_on = _signed_on()
    corrective_actions = forms.CharField(
        label=_("Corrective actions (one per line, addressed to the reported party)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closure_mode = forms.ModelChoiceField(
        label=_("Closure mode (examination stopped)"),
        queryset=ClosureMode.objects.active(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False)

    def actions(self) -> list[dict[str, Any]]:
        lines = [line.strip() for line in self.cleaned_data["corrective_actions"].splitlines()]
        return [{"addressee": self.case.agency, "description": line} for line in lines if line]


class TransferForm(CaseForm):
    to_unit = forms.ModelChoiceField(
        label=_("To unit"), queryset=Unit.objects.none(), required=False
    )
    to_office = forms.ModelChoiceField(
        label=_("Or to office"), queryset=Office.objects.none(), required=False
    )
    reason = forms.CharField(label=_("Reason"))

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["to_unit"].queryset = case.office.units.filter(active=True)
            self.fields["to_office"].queryset = Office.objects.filter(active=True).exclude(
                pk=case.office_id
            )


class NoticeForm(CaseForm):
    rule = forms.ChoiceField(
        label=_("Notice"),
        choices=[
            (
                "pemberitahuan-penolakan",
                _(
                    "notice to reporter and reported party (UU 37/2008 Ps.36(2): rejection, no "
                    "maladministration found, settled by mediation)"
                ),
            ),
            (
                "pemberitahuan-bukan-kewenangan",
                _("not-within-authority notice to the reporter (UU 37/2008 Ps.27)"),
            ),
        ],
    )
    addressees = forms.MultipleChoiceField(
        label=_("Sent to (none ticked: everyone still waiting)"),
        choices=[("pelapor", _("the reporter")), ("terlapor", _("the reported party"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("How it was sent"), required=False)


class FieldInvestigationForm(CaseForm):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    unannounced = forms.BooleanField(label=_("Unannounced"), required=False)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))


class MediationForm(CaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Mediation.Kind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    parties = forms.CharField(label=_("Parties present"))
    agreement_reached = forms.BooleanField(label=_("Agreement reached"), required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationForm(CaseForm):
    content = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))


class NoteForm(CaseForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Note.Kind.choices,
        widget=forms.RadioSelect,
        initial=Note.Kind.INTERNAL,
    )
    reply_template = forms.ModelChoiceField(
        label=_("Start the message with a standard reply"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        help_text=_("Sent in the reporter's language; your text follows it."),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["reply_template"].queryset = ReplyTemplate.objects.filter(active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("reply_template"):
            raise forms.ValidationError(_("Write the note, or choose a standard reply."))
        return data


class DocumentForm(CaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    file = forms.FileField(label=_("File"))


class DeskCompletionForm(CaseForm):
    """At the desk: what the reporter brought of what was asked (UU 37/2008 Ps.25)."""

    items = forms.MultipleChoiceField(
        label=_("What the reporter brought"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label=_("Kind of the document"), choices=Document.Kind.choices, required=False
    )
    file = forms.FileField(label=_("Document brought (scan)"), required=False)
    note = forms.CharField(
        label=_("What the reporter said or gave"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            missing = still_missing(case)
            self.fields["items"].choices = list(zip(missing, item_labels(missing), strict=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("file") and not data.get("kind"):
            self.add_error("kind", _("Say what the document is."))
        if not (data.get("items") or data.get("file") or (data.get("note") or "").strip()):
            raise forms.ValidationError(_("Tick what the reporter brought, or attach it."))
        return data

    def attachments(self) -> list[Any]:
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        kind = self.cleaned_data["kind"]
        return [SimpleNamespace(name=upload.name, data=upload.read(), kind=kind)]


class SubjectForm(CaseForm):
    """A form about one record of the case: ``subject_field`` offers only ``subjects(case)``, so
    a record of another case (a forged id) is a validation error."""

    subject_field = ""

    def subjects(self, case: Case) -> Any:
        raise NotImplementedError

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields[self.subject_field].queryset = self.subjects(case)


class SubjectChoiceField(forms.ModelChoiceField):
    """A choice of one record of the case (a request, a summons, an action …), labelled by a
    function so the person sees what they are answering."""

    def __init__(self, *args: Any, labeller: Callable[[Any], str] = str, **kwargs: Any) -> None:
        self.labeller = labeller
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return self.labeller(obj)


def _short(text: str, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


class ClarificationAnswerForm(SubjectForm):
    request = SubjectChoiceField(
        label=_("Request answered"),
        queryset=ClarificationRequest.objects.none(),
        labeller=lambda r: (
            _("Request %(round)s of %(sent)s: %(questions)s")
            % {"round": r.round, "sent": r.sent_at.date(), "questions": _short(r.questions)}
        ),
    )
    answer = forms.CharField(label=_("Answer received"), widget=forms.Textarea(attrs={"rows": 4}))

    subject_field = "request"

    def subjects(self, case: Case) -> Any:
        return case.clarifications.filter(status__in=OPEN_CLARIFICATION)


class SummonsForm(CaseForm):
    person = forms.CharField(label=_("Person summoned (name and position)"), max_length=200)
    scheduled_for = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class SummonsOutcomeForm(SubjectForm):
    summons = SubjectChoiceField(
        label=_("Summons"),
        queryset=Summons.objects.none(),
        labeller=lambda s: f"{s.person} ({s.scheduled_for:%d-%m-%Y %H:%M})",
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Summons.Outcome.ATTENDED, _("attended")),
            (Summons.Outcome.EXCUSED, _("absent with a lawful excuse (say which in the notes)")),
            (Summons.Outcome.IGNORED, _("not attended without a lawful excuse")),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    subject_field = "summons"

    def subjects(self, case: Case) -> Any:
        return case.summonses.filter(outcome=Summons.Outcome.SCHEDULED)


class CorrectiveActionReportForm(SubjectForm):
    action = SubjectChoiceField(
        label=_("Corrective action"),
        queryset=CorrectiveAction.objects.none(),
        labeller=lambda a: f"{_short(a.description)} ({a.get_status_display()})",
    )
    status = forms.ChoiceField(
        label=_("What the addressee did"),
        choices=[
            (CorrectiveAction.Status.DONE, _("done")),
            (CorrectiveAction.Status.PARTLY_DONE, _("partly done")),
            (CorrectiveAction.Status.NOT_DONE, _("not done")),
        ],
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    subject_field = "action"

    def subjects(self, case: Case) -> Any:
        return case.corrective_actions.exclude(status=CorrectiveAction.Status.DONE)


def _recommendation_label(r: Recommendation) -> str:
    return f"{r.signed_at:%d-%m-%Y} · {r.addressee} · {_short(r.content, 40)}"


class RecommendationSentForm(SubjectForm):
    recommendation = SubjectChoiceField(
        label=_("Recommendation"),
        queryset=Recommendation.objects.none(),
        labeller=_recommendation_label,
    )
    sent_on = forms.DateField(
        label=_("Sent on (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    subject_field = "recommendation"

    def subjects(self, case: Case) -> Any:
        return case.recommendations.filter(sent_at__isnull=True)

    def sent_at(self) -> Any:
        day = self.cleaned_data.get("sent_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


class RecommendationOutcomeForm(SubjectForm):
    recommendation = SubjectChoiceField(
        label=_("Recommendation"),
        queryset=Recommendation.objects.none(),
        labeller=_recommendation_label,
    )
    outcome = forms.ChoiceField(
        label=_("Implementation reported"),
        choices=[
            (Recommendation.Outcome.IMPLEMENTED, _("implemented")),
            (Recommendation.Outcome.PARTLY, _("partly implemented")),
            (Recommendation.Outcome.NOT_IMPLEMENTED, _("not implemented")),
        ],
        widget=forms.RadioSelect,
    )
    report = forms.CharField(
        label=_("What the report says"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    subject_field = "recommendation"

    def subjects(self, case: Case) -> Any:
        return case.recommendations.filter(
            sent_at__isnull=False, outcome=Recommendation.Outcome.PENDING
        )


class RecommendationEscalateForm(SubjectForm):
    recommendation = SubjectChoiceField(
        label=_("Recommendation"),
        queryset=Recommendation.objects.none(),
        labeller=_recommendation_label,
    )
    kind = forms.ChoiceField(label=_("Escalation"), choices=Escalation.Kind.choices)
    note = forms.CharField(label=_("Note"), required=False)

    subject_field = "recommendation"

    def subjects(self, case: Case) -> Any:
        return case.recommendations.exclude(outcome=Recommendation.Outcome.IMPLEMENTED).filter(
            sent_at__isnull=False
        )


class SanctionForm(SubjectForm):
    recommendation = SubjectChoiceField(
        label=_("Recommendation not carried out"),
        queryset=Recommendation.objects.none(),
        labeller=_recommendation_label,
    )
    content = forms.CharField(
        label=_("Sanction recommended to the superior (UU 37/2008 Ps.39)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sent_on = forms.DateField(
        label=_("Sent on (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    subject_field = "recommendation"

    def subjects(self, case: Case) -> Any:
        return case.recommendations.exclude(outcome=Recommendation.Outcome.IMPLEMENTED).filter(
            sent_at__isnull=False
        )


class SanctionOutcomeForm(SubjectForm):
    sanction = SubjectChoiceField(
        label=_("Sanction recommendation"),
        queryset=SanctionRecommendation.objects.none(),
        labeller=lambda x: f"{x.sent_on:%d-%m-%Y} · {x.addressee} · {_short(x.content, 40)}",
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=SanctionRecommendation.Outcome.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Known on (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note"), required=False)

    subject_field = "sanction"

    def subjects(self, case: Case) -> Any:
        return SanctionRecommendation.objects.filter(
            recommendation__case=case, outcome=SanctionRecommendation.Outcome.PENDING
        )


def _delivery_label(d: Delivery) -> str:
    from aduan.deadlines.deliveries import document_label

    receipt = (
        _("presumed received %(day)s") % {"day": d.received_on}
        if d.received_on
        else _("waiting for receipt")
    )
    return (
        f"{document_label(d.document)} → {d.get_addressee_display()}"
        f"{' (' + d.addressee_name + ')' if d.addressee_name else ''}, "
        f"{d.get_method_display()}, {d.sent_at:%d-%m-%Y}: {receipt}"
    )


class ReceiptForm(SubjectForm):
    """The date on a tanda terima (or of a handover in person) of a document the case sent; it
    may replace a presumed receipt (decision 0018)."""

    delivery = SubjectChoiceField(
        label=_("Document sent"), queryset=Delivery.objects.none(), labeller=_delivery_label
    )
    received_on = forms.DateField(
        label=_("Received on (the date on the tanda terima)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    basis = forms.ChoiceField(
        label=_("Known from"),
        choices=[
            (Delivery.ReceiptBasis.TANDA_TERIMA, _("tanda terima (receipt slip)")),
            (Delivery.ReceiptBasis.IN_PERSON, _("handed over in person")),
        ],
        initial=Delivery.ReceiptBasis.TANDA_TERIMA,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    subject_field = "delivery"

    def subjects(self, case: Case) -> Any:
        return awaiting_receipt(case)


def awaiting_receipt(case: Case) -> Any:
    """The case's deliveries whose receipt staff may still enter: none known yet, or only
    presumed."""
    return case.deliveries.filter(
        Q(received_on__isnull=True) | Q(receipt_basis=Delivery.ReceiptBasis.PRESUMED)
    )


class RcoEscalateForm(CaseForm):
    unit = forms.ModelChoiceField(label=_("Examination unit"), queryset=Unit.objects.none())
    reason = forms.CharField(label=_("Why rapid response could not resolve it"))

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["unit"].queryset = case.office.units.filter(
                kind=Unit.Kind.PEMERIKSAAN, active=True
            )


class CaseEditForm(CaseForm):
    """Correct or complete the case file; only the fields that changed reach ``case_update``,
    which audits each one old → new."""

    title = forms.CharField(label=_("Summary"), max_length=255)
    agency = forms.ModelChoiceField(
        label=_("Reported party (terlapor)"),
        queryset=Agency.objects.none(),
        required=False,
    )
    official_name = forms.CharField(label=_("Official's name"), max_length=150, required=False)
    official_position = forms.CharField(
        label=_("Official's position"), max_length=150, required=False
    )
    superior_agency = forms.ModelChoiceField(
        label=_("Superior of the reported party"),
        queryset=Agency.objects.none(),
        required=False,
    )
    substance = forms.ModelChoiceField(
        label=_("Substance"), queryset=Substance.objects.none(), required=False
    )
    event_region = forms.CharField(
        label=_("Place of the event (region code, e.g. 19.71)"), max_length=13, required=False
    )
    event_date = forms.DateField(
        label=_("Date of the event"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    chronology = forms.CharField(
        label=_("Chronology"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    remedy_sought = forms.CharField(
        label=_("Remedy sought"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    maladministration_forms = ModelMultipleChoiceField(
        label=_("Alleged maladministration"),
        queryset=MaladministrationForm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = forms.BooleanField(
        label=_("Keep the reporter's identity secret"),
        required=False,
        help_text=_("Once promised, secrecy cannot be lifted."),
    )
    reason = forms.CharField(label=_("Why the change"), required=False)

    FIELDS = (
        "title",
        "agency",
        "official_name",
        "official_position",
        "superior_agency",
        "substance",
        "event_region",
        "event_date",
        "chronology",
        "remedy_sought",
        "confidential",
    )
    TEXT_FIELDS = frozenset({"official_name", "official_position", "chronology", "remedy_sought"})

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        if case is not None and not args:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(case, name) for name in self.FIELDS},
                    "event_region": case.event_region.code if case.event_region_id else "",
                    "maladministration_forms": list(case.maladministration_forms.all()),
                },
            )
        super().__init__(*args, case=case, **kwargs)
        agencies = Agency.objects.order_by("path")
        self.fields["agency"].queryset = agencies
        self.fields["superior_agency"].queryset = agencies
        if not self.is_bound:
            # The two lists of every agency are drawn from one query (a form being checked
            # looks up only the agency chosen).
            choices = [("", self.fields["agency"].empty_label)]
            choices += [(agency.pk, str(agency)) for agency in agencies]
            self.fields["agency"].choices = choices
            self.fields["superior_agency"].choices = choices
        self.fields["substance"].queryset = Substance.objects.active()
        self.fields["maladministration_forms"].queryset = MaladministrationForm.objects.active()

    def clean_event_region(self) -> Region | None:
        code = (self.cleaned_data.get("event_region") or "").strip()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("No region has the code %(code)s.") % {"code": code})
        return region

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changed = {}
        for name in self.FIELDS:
            value = data.get(name)
            if name in self.TEXT_FIELDS:
                value = value or ""
            if getattr(self.case, name) != value:
                changed[name] = value
        chosen = set(data.get("maladministration_forms") or [])
        if chosen != set(self.case.maladministration_forms.all()):
            changed["maladministration_forms"] = chosen
        return changed


@dataclass(frozen=True)
class Action:
    label: Any
    permission: str
    states: frozenset
    form: type[forms.Form]
    run: Callable[[Case, Any, Any], Any]
    intake_types: frozenset | None = None
    when: Callable[[Case], bool] | None = None


class Has:
    """``when``: the case has at least one such record (a request to answer, a summons …),
    ``query(case)`` being those records. ``available`` asks every ``Has`` of the page's actions
    in one query (an EXISTS each), so the page's cost does not grow with its buttons; called
    alone it is one EXISTS. ``also``: a condition without a query, asked first."""

    def __init__(
        self, query: Callable[[Case], QuerySet], also: Callable[[Case], bool] | None = None
    ) -> None:
        self.query = query
        self.also = also

    def __call__(self, case: Case) -> bool:
        return self.applies(case) and self.query(case).exists()

    def applies(self, case: Case) -> bool:
        return self.also is None or self.also(case)


def _has(related: str, **lookups: Any) -> Has:
    return Has(lambda case: getattr(case, related).filter(**lookups))


def _lm(*codes: str) -> frozenset:
    return frozenset(codes)


def _not_carried_out(power: str) -> Has:
    """A recommendation was sent and not (fully) carried out, and the office holds ``power``
    (a regional ombudsman holds neither escalation nor sanctions: cases.workflows)."""
    return Has(
        lambda case: case.recommendations.filter(sent_at__isnull=False).exclude(
            outcome=Recommendation.Outcome.IMPLEMENTED
        ),
        also=lambda case: workflows.has_power(case.office.kind, power),
    )


_notice_waiting = Has(
    lambda case: Deadline.objects.open().filter(case=case, rule__code__in=sv.NOTICE_RULES)
)
_draft_without_response = _has("lahps", status="draf", responded_at__isnull=True)


ACTIONS: dict[str, Action] = {
    "verify-formal": Action(
        _("Formal verification"),
        "verify",
        frozenset({S.RECEIVED}),
        FormalForm,
        lambda case, user, f: sv.case_verify_formal(
            case=case, actor=user, items=f.checklist(), notes=f.cleaned_data["notes"]
        ),
        _lm("lm"),
    ),
    "verify-material": Action(
        _("Material verification"),
        "verify",
        frozenset({S.MATERIAL_VERIFICATION}),
        MaterialForm,
        lambda case, user, f: sv.case_verify_material(
            case=case, actor=user, items=f.checklist(), notes=f.cleaned_data["notes"]
        ),
    ),
    "register": Action(
        _("Register for examination"),
        "decide",
        frozenset({S.AWAITING_DECISION}),
        RegisterForm,
        lambda case, user, f: sv.case_register(
            case=case,
            actor=user,
            unit=f.cleaned_data["unit"],
            assignee=f.cleaned_data["assignee"],
            reason=f.cleaned_data["reason"],
        ),
    ),
    "reject": Action(
        _("Reject"),
        "decide",
        frozenset({S.AWAITING_DECISION}),
        RejectForm,
        lambda case, user, f: sv.case_reject(
            case=case,
            actor=user,
            reason=f.cleaned_data["reason"],
            note=f.cleaned_data["note"],
            signed_at=_day_at_nine(f.cleaned_data["signed_on"]),
        ),
    ),
    "not-within-authority": Action(
        _("Not within authority"),
        "decide",
        frozenset({S.AWAITING_DECISION}),
        NotWithinAuthorityForm,
        lambda case, user, f: sv.case_not_within_authority(
            case=case,
            actor=user,
            note=f.cleaned_data["note"],
            competent_body=f.cleaned_data["competent_body"],
            signed_at=_day_at_nine(f.cleaned_data["signed_on"]),
            refer_to=f.cleaned_data["refer_to"],
            referral_part=f.cleaned_data["referral_part"],
        ),
    ),
    "referral-consent": Action(
        _("Record the reporter's consent to a referral (UU 37/2008 Ps.24(2))"),
        "receive",
        frozenset({S.AWAITING_DECISION}),
        ReasonForm,
        lambda case, user, f: sv.case_record_referral_consent(
            case=case, actor=user, note=f.cleaned_data["reason"]
        ),
        when=lambda case: case.confidential and not case.referral_consent_at,
    ),
    "advice": Action(
        _("Answer with advice"),
        "verify",
        frozenset({S.RECEIVED}),
        TextForm,
        lambda case, user, f: sv.knl_answer(case=case, actor=user, advice=f.cleaned_data["text"]),
        _lm("knl"),
    ),
    "assign": Action(
        _("Assign"),
        "transfer",
        frozenset(OPEN_STATES),
        AssignForm,
        lambda case, user, f: sv.case_assign(
            case=case, actor=user, assignee=f.cleaned_data["assignee"]
        ),
    ),
    "clarification": Action(
        _("Request clarification from the reported party"),
        "examine",
        frozenset({S.EXAMINATION}),
        TextForm,
        lambda case, user, f: ex.clarification_request(
            case=case, actor=user, questions=f.cleaned_data["text"]
        ),
    ),
    "lahp-draft": Action(
        _("Send the draft LAHP to the reporter"),
        "examine",
        frozenset({S.EXAMINATION}),
        LahpDraftForm,
        lambda case, user, f: ex.lahp_send_draft(
            case=case,
            actor=user,
            conclusion=f.cleaned_data["conclusion"],
            findings=f.cleaned_data["findings"],
        ),
    ),
    "conflict": Action(
        _("Declare a conflict of interest"),
        "view_identity",
        frozenset(OPEN_STATES),
        ReasonForm,
        lambda case, user, f: ex.conflict_declare(
            case=case, user=user, reason=f.cleaned_data["reason"]
        ),
    ),
    "field-investigation": Action(
        _("Record a field investigation"),
        "examine",
        frozenset({S.EXAMINATION, S.RAPID_RESPONSE}),
        FieldInvestigationForm,
        lambda case, user, f: ex.field_investigation_record(
            case=case, actor=user, **f.cleaned_data
        ),
    ),
    "mediation": Action(
        _("Record a mediation or conciliation"),
        "examine",
        frozenset({S.EXAMINATION}),
        MediationForm,
        lambda case, user, f: ex.mediation_record(case=case, actor=user, **f.cleaned_data),
    ),
    "lahp-response": Action(
        _("Record the reporter's response to the draft LAHP"),
        "examine",
        frozenset({S.LAHP_RESPONSE}),
        LahpResponseForm,
        lambda case, user, f: ex.lahp_record_response(
            lahp=case.lahps.filter(status="draf").last(),
            actor=user,
            response=f.cleaned_data["response"],
            new_evidence=f.cleaned_data["new_evidence"],
        ),
        when=_draft_without_response,
    ),
    "lahp-final": Action(
        _("Make the LAHP final"),
        "approve",
        frozenset({S.LAHP_RESPONSE}),
        LahpFinalForm,
        lambda case, user, f: ex.lahp_finalise(
            case=case,
            actor=user,
            corrective_actions=f.actions(),
            closure_mode=f.cleaned_data["closure_mode"].code
            if f.cleaned_data["closure_mode"]
            else "",
            note=f.cleaned_data["note"],
            signed_at=_day_at_nine(f.cleaned_data["signed_on"]),
        ),
    ),
    "resmon-step": Action(
        _("Record a Resolution and Monitoring step"),
        "monitor",
        frozenset({S.RESOLUTION}),
        ResmonStepForm,
        lambda case, user, f: ex.resmon_record_step(
            case=case,
            actor=user,
            kind=f.cleaned_data["kind"],
            held_on=f.cleaned_data["held_on"],
            note=f.cleaned_data["note"],
            outcome=f.cleaned_data["outcome"],
            closure_mode=f.cleaned_data["closure_mode"].code
            if f.cleaned_data["closure_mode"]
            else "",
        ),
    ),
    "recommendation": Action(
        _("Issue a recommendation"),
        "recommend",
        frozenset({S.RESOLUTION}),
        RecommendationForm,
        lambda case, user, f: ex.recommendation_issue(
            case=case,
            actor=user,
            addressee=case.superior_agency or case.agency,
            content=f.cleaned_data["content"],
        ),
        when=_has("resmon_steps", outcome=ResmonStep.Outcome.NOT_RESOLVED),
    ),
    "complete": Action(
        _("Record what the reporter brought to complete the report"),
        "receive",
        frozenset({S.AWAITING_COMPLETION}),
        DeskCompletionForm,
        lambda case, user, f: sv.case_reporter_completes(
            case=case,
            via="desk",
            actor=user,
            items=f.cleaned_data["items"],
            attachments=f.attachments(),
            note=f.cleaned_data["note"],
        ),
    ),
    "rco-escalate": Action(
        _("Examine as a regular report (rapid response did not resolve it)"),
        "decide",
        frozenset({S.RAPID_RESPONSE}),
        RcoEscalateForm,
        lambda case, user, f: sv.case_escalate_rco(
            case=case, actor=user, unit=f.cleaned_data["unit"], reason=f.cleaned_data["reason"]
        ),
    ),
    "edit": Action(
        _("Correct or complete the case file"),
        "receive",
        frozenset(OPEN_STATES),
        CaseEditForm,
        lambda case, user, f: sv.case_update(
            case=case, actor=user, reason=f.cleaned_data["reason"], **f.changes()
        ),
    ),
    "clarification-answer": Action(
        _("Record the reported party's answer"),
        "examine",
        frozenset({S.EXAMINATION}),
        ClarificationAnswerForm,
        lambda case, user, f: ex.clarification_answer(
            request=f.cleaned_data["request"], actor=user, answer=f.cleaned_data["answer"]
        ),
        when=_has("clarifications", status__in=OPEN_CLARIFICATION),
    ),
    "summons": Action(
        _("Summon a person"),
        "examine",
        frozenset({S.EXAMINATION}),
        SummonsForm,
        lambda case, user, f: ex.summons_schedule(
            case=case,
            actor=user,
            person=f.cleaned_data["person"],
            scheduled_for=f.cleaned_data["scheduled_for"],
        ),
    ),
    "summons-outcome": Action(
        _("Record whether the person summoned came"),
        "examine",
        frozenset({S.EXAMINATION}),
        SummonsOutcomeForm,
        lambda case, user, f: ex.summons_record(
            summons=f.cleaned_data["summons"],
            actor=user,
            outcome=f.cleaned_data["outcome"],
            notes=f.cleaned_data["notes"],
        ),
        when=_has("summonses", outcome=Summons.Outcome.SCHEDULED),
    ),
    "corrective-action": Action(
        _("Record what was done about a corrective action"),
        "monitor",
        frozenset({S.MONITORING, S.RESOLUTION, S.RECOMMENDATION}),
        CorrectiveActionReportForm,
        lambda case, user, f: ex.corrective_action_report(
            action=f.cleaned_data["action"],
            actor=user,
            status=f.cleaned_data["status"],
            evidence=f.cleaned_data["evidence"],
        ),
        when=Has(lambda case: case.corrective_actions.exclude(status=CorrectiveAction.Status.DONE)),
    ),
    "recommendation-sent": Action(
        _("Record that the recommendation was sent"),
        "recommend",
        frozenset({S.RECOMMENDATION}),
        RecommendationSentForm,
        lambda case, user, f: ex.recommendation_sent(
            recommendation=f.cleaned_data["recommendation"], actor=user, sent_at=f.sent_at()
        ),
        when=_has("recommendations", sent_at__isnull=True),
    ),
    "recommendation-outcome": Action(
        _("Record the implementation report of the recommendation"),
        "monitor",
        frozenset({S.RECOMMENDATION}),
        RecommendationOutcomeForm,
        lambda case, user, f: ex.recommendation_outcome(
            recommendation=f.cleaned_data["recommendation"],
            actor=user,
            outcome=f.cleaned_data["outcome"],
            report=f.cleaned_data["report"],
        ),
        when=_has("recommendations", sent_at__isnull=False, outcome=Recommendation.Outcome.PENDING),
    ),
    "recommendation-escalate": Action(
        _("Publish or report a recommendation not carried out"),
        "recommend",
        frozenset({S.RECOMMENDATION}),
        RecommendationEscalateForm,
        lambda case, user, f: ex.recommendation_escalate(
            recommendation=f.cleaned_data["recommendation"],
            actor=user,
            kind=f.cleaned_data["kind"],
            note=f.cleaned_data["note"],
        ),
        when=_not_carried_out(workflows.Power.ESCALATION),
    ),
    "sanction": Action(
        _("Record administrative sanctions recommended to the superior (UU 37/2008 Ps.39)"),
        "recommend",
        frozenset({S.RECOMMENDATION}),
        SanctionForm,
        lambda case, user, f: ex.sanction_recommend(
            recommendation=f.cleaned_data["recommendation"],
            actor=user,
            content=f.cleaned_data["content"],
            sent_on=f.cleaned_data["sent_on"],
        ),
        when=_not_carried_out(workflows.Power.SANCTIONS),
    ),
    "sanction-outcome": Action(
        _("Record the outcome of a sanction recommendation"),
        "recommend",
        frozenset({S.RECOMMENDATION, S.CLOSED}),
        SanctionOutcomeForm,
        lambda case, user, f: ex.sanction_outcome(
            sanction=f.cleaned_data["sanction"],
            actor=user,
            outcome=f.cleaned_data["outcome"],
            on=f.cleaned_data["on"],
            note=f.cleaned_data["note"],
        ),
        when=Has(
            lambda case: SanctionRecommendation.objects.filter(
                recommendation__case=case, outcome=SanctionRecommendation.Outcome.PENDING
            )
        ),
    ),
    "transfer": Action(
        _("Transfer"),
        "transfer",
        frozenset(OPEN_STATES),
        TransferForm,
        lambda case, user, f: sv.case_transfer(
            case=case,
            actor=user,
            to_unit=f.cleaned_data["to_unit"],
            to_office=f.cleaned_data["to_office"],
            reason=f.cleaned_data["reason"],
        ),
    ),
    "notice": Action(
        _("Record that the notice was sent"),
        "verify",
        frozenset({S.CLOSED}),
        NoticeForm,
        lambda case, user, f: sv.case_record_notice(
            case=case,
            actor=user,
            rule=f.cleaned_data["rule"],
            note=f.cleaned_data["note"],
            addressees=f.cleaned_data["addressees"] or None,
        ),
        when=_notice_waiting,
    ),
    "receipt": Action(
        _("Record the receipt of a document sent (tanda terima)"),
        "record_receipt",
        frozenset(State),
        ReceiptForm,
        lambda case, user, f: delivery_record_receipt(
            delivery=f.cleaned_data["delivery"],
            received_on=f.cleaned_data["received_on"],
            basis=f.cleaned_data["basis"],
            note=f.cleaned_data["note"],
            actor=user,
        ),
        when=Has(awaiting_receipt),
    ),
    "note": Action(
        _("Add a note or a message to the reporter"),
        "receive",
        frozenset(State),
        NoteForm,
        lambda case, user, f: sv.case_add_note(
            case=case,
            actor=user,
            kind=f.cleaned_data["kind"],
            text=f.cleaned_data["text"],
            reply_template=f.cleaned_data["reply_template"],
        ),
    ),
    "document": Action(
        _("Add a document"),
        "receive",
        frozenset(OPEN_STATES),
        DocumentForm,
        lambda case, user, f: document_add(
            case=case, actor=user, kind=f.cleaned_data["kind"], upload=f.cleaned_data["file"]
        ),
    ),
    "close": Action(
        _("Close the case"),
        "close",
        frozenset({S.RAPID_RESPONSE, S.EXAMINATION, S.MONITORING, S.RESOLUTION, S.RECOMMENDATION}),
        CloseForm,
        lambda case, user, f: sv.case_close(
            case=case,
            actor=user,
            closure_mode=f.cleaned_data["closure_mode"],
            closure_reason=f.cleaned_data["closure_reason"],
            note=f.cleaned_data["note"],
        ),
    ),
    "withdraw": Action(
        _("Record the reporter's withdrawal"),
        "receive",
        frozenset(OPEN_STATES),
        ReasonForm,
        lambda case, user, f: sv.case_withdraw(
            case=case, actor=user, reason=f.cleaned_data["reason"]
        ),
        when=lambda case: not case.reporter_withdrew_at and case.intake_type.code != "iaps",
    ),
    "withdrawal-decision": Action(
        _("Decide whether to continue after the reporter's withdrawal (UU 37/2008 Ps.7)"),
        "decide",
        frozenset(sv.AFTER_FINAL_LAHP),
        WithdrawalDecisionForm,
        lambda case, user, f: sv.case_decide_after_withdrawal(
            case=case,
            actor=user,
            continue_as_own_matter=f.cleaned_data["decision"] == "lanjut",
            reason=f.cleaned_data["reason"],
        ),
        when=lambda case: case.awaits_withdrawal_decision,
    ),
    "reopen": Action(
        _("Reopen"),
        "close",
        frozenset({S.CLOSED}),
        ReasonForm,
        lambda case, user, f: sv.case_reopen(
            case=case, actor=user, reason=f.cleaned_data["reason"]
        ),
        when=lambda case: not sv.is_closed_for_good(case),
    ),
    "file-again": Action(
        _("File the report again as a new case"),
        "receive",
        frozenset({S.CLOSED}),
        FileAgainForm,
        lambda case, user, f: sv.case_file_again(
            old_case=case,
            actor=user,
            reason=f.cleaned_data["reason"],
            channel=f.cleaned_data["channel"],
        ),
        _lm(*sv.FILE_AGAIN_TYPES),
        when=sv.is_closed_for_good,
    ),
}


def available(case: Case, user: Any) -> list[tuple[str, Action]]:
    """The actions this person may take on this case now. The permissions come from
    ``permissions.can`` (no query once the person's facts are read); the records the actions
    wait for (``Has``) are asked together in one query."""
    candidates = [
        (name, action)
        for name, action in ACTIONS.items()
        if case.state in action.states
        and (action.intake_types is None or case.intake_type.code in action.intake_types)
        and permissions.can(user, action.permission, case)
    ]
    asked = [
        action.when
        for _name, action in candidates
        if isinstance(action.when, Has) and action.when.applies(case)
    ]
    found: dict[int, bool] = {}
    if asked:
        columns = {f"has_{i}": Exists(has.query(case)) for i, has in enumerate(asked)}
        row = Case.objects.filter(pk=case.pk).values(**columns).first() or {}
        found = {id(has): bool(row.get(f"has_{i}")) for i, has in enumerate(asked)}
    return [
        (name, action)
        for name, action in candidates
        if action.when is None
        or (
            found.get(id(action.when), False) if isinstance(action.when, Has) else action.when(case)
        )
    ]
