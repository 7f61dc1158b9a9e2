"""The case page's referral actions: each a form and the one service it calls. They join
``aduan.backoffice.actions.ACTIONS`` in ``ReferralsConfig.ready``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.backoffice.actions import Action, CaseForm, Has, SubjectChoiceField
from aduan.cases.models import Case, Document
from aduan.cases.states import OPEN_STATES, State
from aduan.referrals import services
from aduan.referrals.models import Institution, Referral


class ReferralSendForm(CaseForm):
    institution = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Institution.objects.filter(active=True)
    )
    part = forms.CharField(
        label=_("What is referred (the whole case or which part)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    letter_reference = forms.CharField(
        label=_("Number of the referral letter"), required=False, max_length=120
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReferralAnswerForm(CaseForm):
    referral = SubjectChoiceField(
        label=_("Referral answered"),
        queryset=Referral.objects.none(),
        labeller=lambda r: (
            _("%(institution)s, sent %(sent)s")
            % {"institution": r.institution.name, "sent": r.sent_at.date()}
        ),
    )
    answer = forms.CharField(label=_("Answer received"), widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("Answer letter (optional)"), required=False)

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["referral"].queryset = case.referrals.filter(
                status=Referral.Status.OPEN
            ).select_related("institution")


# Asked with the case page's other ``Has`` in one query (aduan.backoffice.actions.available).
_has_open_referral = Has(lambda case: case.referrals.filter(status=Referral.Status.OPEN))


ANSWER_STATES = frozenset(State.values)

REFERRAL_ACTIONS: dict[str, Action] = {
    "referral-send": Action(
        _("Refer to another institution"),
        "transfer",
        frozenset(OPEN_STATES),
        ReferralSendForm,
        lambda case, user, f: services.referral_send(
            case=case,
            institution=f.cleaned_data["institution"],
            part=f.cleaned_data["part"],
            actor=user,
            note=f.cleaned_data["note"],
            letter_reference=f.cleaned_data["letter_reference"],
        ),
    ),
    "referral-answer": Action(
        _("Record a referral's answer"),
        "receive",
        ANSWER_STATES,
        ReferralAnswerForm,
        lambda case, user, f: services.referral_answer(
            referral=f.cleaned_data["referral"],
            actor=user,
            answer=f.cleaned_data["answer"],
            upload=f.cleaned_data.get("file"),
            document_kind=Document.Kind.OTHER,
        ),
        when=_has_open_referral,
    ),
}
