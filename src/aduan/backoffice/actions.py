"""The actions a case page offers: each a form and the one service function it calls.

An action is shown only when the case's state allows it and the person's role may do it
(``cases.permissions.can``); the service checks both again, so a forged POST is refused too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.cases import examination as ex
from aduan.cases import permissions
from aduan.cases import services as sv
from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS
from aduan.cases.models import Case
from aduan.cases.states import OPEN_STATES, State
from aduan.directory.models import Unit, User
from aduan.reference.models import ClosureMode, ClosureReason, RejectionReason

S = State


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


class NotWithinAuthorityForm(CaseForm):
    referred_to = forms.CharField(label=_("Referred to"), required=False)
    note = forms.CharField(label=_("Explanation"), required=False)


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


@dataclass(frozen=True)
class Action:
    label: Any
    permission: str
    states: frozenset
    form: type[forms.Form]
    run: Callable[[Case, Any, Any], Any]
    intake_types: frozenset | None = None


def _lm(*codes: str) -> frozenset:
    return frozenset(codes)


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
            case=case, actor=user, reason=f.cleaned_data["reason"], note=f.cleaned_data["note"]
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
            referred_to=f.cleaned_data["referred_to"],
        ),
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
    ),
    "reopen": Action(
        _("Reopen"),
        "close",
        frozenset({S.CLOSED}),
        ReasonForm,
        lambda case, user, f: sv.case_reopen(
            case=case, actor=user, reason=f.cleaned_data["reason"]
        ),
    ),
}


def available(case: Case, user: Any) -> list[tuple[str, Action]]:
    """The actions this person may take on this case now."""
    return [
        (name, action)
        for name, action in ACTIONS.items()
        if case.state in action.states
        and (action.intake_types is None or case.intake_type.code in action.intake_types)
        and permissions.can(user, action.permission, case)
    ]
