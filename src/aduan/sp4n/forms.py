"""The complaint unit's forms on the back-office case page (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.backoffice.actions import Action, CaseForm
from aduan.cases.models import Case
from aduan.cases.states import OPEN_STATES, State
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency, Liaison
from aduan.sp4n import services
from aduan.sp4n.models import Sp4nCase
from aduan.sp4n.rules import OFFICE_KINDS, REPORTER_REPLY, UU25_DECISION, Privacy, ReportClass


class ForwardForm(CaseForm):
    report_class = forms.ChoiceField(label=_("Report class"), choices=ReportClass.choices)
    handling_agency = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=Agency.objects.none(), required=False
    )
    liaison = forms.ModelChoiceField(
        label=_("Liaison admin of the unit (optional)"),
        queryset=Liaison.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        root = case.office.agency if case is not None else None
        if root is not None:
            units = Agency.objects.get_tree(root)
            self.fields["handling_agency"].queryset = units
            self.fields["liaison"].queryset = Liaison.objects.filter(agency__in=units, active=True)


class FollowUpForm(CaseForm):
    answer = forms.CharField(
        label=_("Follow-up given to the reporter"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompletionForm(CaseForm):
    missing = forms.CharField(
        label=_("What the complainant must complete"), widget=forms.Textarea(attrs={"rows": 3})
    )
    tanda_terima_received = forms.DateField(
        label=_("Tanda terima received by the complainant on"),
        required=False,
        help_text=_(
            "The complainant's 30 days run from this day (UU 25/2009 Ps.44). Empty: the day the "
            "complaint was received, when the unit gave the tanda terima."
        ),
    )


class DecisionForm(CaseForm):
    decision = forms.CharField(
        label=_("Decision on the complaint"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PrivacyForm(CaseForm):
    privacy = forms.ChoiceField(
        label=_("Privacy"),
        choices=[(Privacy.ANONIM, Privacy.ANONIM.label)],
        initial=Privacy.ANONIM,
        help_text=_(
            "An anonymous report's identity is hidden from everyone, this unit's staff "
            "included, and cannot be made confidential again."
        ),
    )
    reason = forms.CharField(label=_("Reason"))


def _complaint_unit(case: Case) -> bool:
    return case.office.kind in OFFICE_KINDS and case.intake_type.code == "lm"


def _waiting_for_follow_up(case: Case) -> bool:
    """Forwarded, and the reporter has not yet been given the follow-up."""
    record = Sp4nCase.objects.filter(case=case).exclude(report_class="").first()
    return (
        _complaint_unit(case)
        and record is not None
        and not Deadline.objects.filter(case=case, rule__code=REPORTER_REPLY).exists()
    )


def _decision_due(case: Case) -> bool:
    """The provider's 60 days to decide run (UU 25/2009 Ps.50(1))."""
    return (
        _complaint_unit(case)
        and Deadline.objects.open().filter(case=case, rule__code=UU25_DECISION).exists()
    )


def _may_become_anonymous(case: Case) -> bool:
    """A complaint unit's open report that is not anonymous yet."""
    return _complaint_unit(case) and not services.identity_locked(case)


ACTIONS = {
    "sp4n-forward": Action(
        _("Verify and forward to the handling unit (SP4N-LAPOR!)"),
        "verify",
        frozenset({State.RECEIVED}),
        ForwardForm,
        lambda case, user, f: services.sp4n_forward(
            case=case,
            actor=user,
            report_class=f.cleaned_data["report_class"],
            handling_agency=f.cleaned_data["handling_agency"],
            liaison=f.cleaned_data["liaison"],
            note=f.cleaned_data["note"],
        ),
        when=_complaint_unit,
    ),
    "sp4n-completion": Action(
        _("Ask the complainant to complete the file (UU 25/2009 Ps.44)"),
        "verify",
        frozenset({State.RECEIVED}),
        CompletionForm,
        lambda case, user, f: services.sp4n_request_completion(
            case=case,
            actor=user,
            missing=f.cleaned_data["missing"],
            tanda_terima_received=f.cleaned_data["tanda_terima_received"],
        ),
        when=_complaint_unit,
    ),
    "sp4n-decision": Action(
        _("Record the decision on the complaint (UU 25/2009 Ps.50)"),
        "verify",
        frozenset({State.EXAMINATION}),
        DecisionForm,
        lambda case, user, f: services.sp4n_decision_recorded(
            case=case, actor=user, decision=f.cleaned_data["decision"]
        ),
        when=_decision_due,
    ),
    "sp4n-followup": Action(
        _("Record the follow-up given to the reporter (SP4N-LAPOR!)"),
        "verify",
        frozenset({State.EXAMINATION}),
        FollowUpForm,
        lambda case, user, f: services.sp4n_followup_answered(
            case=case, actor=user, answer=f.cleaned_data["answer"]
        ),
        when=_waiting_for_follow_up,
    ),
    "sp4n-privacy": Action(
        _("Change privacy (SP4N-LAPOR!)"),
        "verify",
        OPEN_STATES,
        PrivacyForm,
        lambda case, user, f: services.sp4n_set_privacy(
            case=case,
            actor=user,
            privacy=f.cleaned_data["privacy"],
            reason=f.cleaned_data["reason"],
        ),
        when=_may_become_anonymous,
    ),
}
