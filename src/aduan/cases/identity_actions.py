"""The case page's actions of the identity guard (``aduan.cases.identity``): approve the title
and summary an agency reads of a confidential report, and allow one matched word with a reason.
They join the back office's action table in ``CasesConfig.ready``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aduan.cases import identity
from aduan.cases.errors import CaseError
from aduan.cases.models import Case
from aduan.cases.states import State


class AgencySummaryForm(forms.Form):
    title = forms.CharField(label=_("Title for the agency"), max_length=255)
    summary = forms.CharField(
        label=_("Summary for the agency"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the agency and institutions read instead of the reporter's words. The draft "
            "has the identity found removed; check that nothing else identifies the reporter."
        ),
    )
    allow = forms.CharField(
        label=_("Words that only happen to match (one per line: word: reason)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        self.case = case
        if not args and case is not None:
            kwargs.setdefault("initial", identity.draft_agency_text(case))
        super().__init__(*args, **kwargs)

    def overrides(self) -> dict[str, str]:
        allowed: dict[str, str] = {}
        for line in (self.cleaned_data.get("allow") or "").splitlines():
            word, colon, reason = line.partition(":")
            if not line.strip():
                continue
            if not colon or not reason.strip():
                raise CaseError(_('Give a reason after each allowed word: "word: reason".'))
            allowed[word.strip()] = reason.strip()
        return allowed


class AllowWordForm(forms.Form):
    word = forms.CharField(label=_("Matched word"), max_length=100)
    reason = forms.CharField(
        label=_("Why it may go to the agency"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)


class PublicSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Public summary (Open311)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Published instead of the description; empty: the description is published "
            "with every name, phone number, e-mail and identity number removed."
        ),
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        self.case = case
        if not args and case is not None:
            kwargs.setdefault("initial", {"summary": case.public_summary})
        super().__init__(*args, **kwargs)


def _public(case: Case) -> bool:
    """A report received through Open311, whose text is published (not confidential)."""
    from aduan.intake.models import Inbound

    return not case.confidential and Inbound.objects.filter(channel="open311", case=case).exists()


def _confidential(case: Case) -> bool:
    return case.confidential


def actions() -> dict[str, Any]:
    from aduan.backoffice.actions import Action

    states = frozenset(State.values)
    return {
        "agency-summary": Action(
            _("Summary for the agency"),
            "receive",
            states,
            AgencySummaryForm,
            lambda case, user, f: identity.case_set_agency_summary(
                case=case,
                actor=user,
                title=f.cleaned_data["title"],
                summary=f.cleaned_data["summary"],
                overrides=f.overrides(),
            ),
            when=_confidential,
        ),
        "public-summary": Action(
            _("Public summary"),
            "receive",
            states,
            PublicSummaryForm,
            lambda case, user, f: identity.case_set_public_summary(
                case=case, actor=user, summary=f.cleaned_data["summary"]
            ),
            when=_public,
        ),
        "identity-allow": Action(
            _("Allow a matched word"),
            "receive",
            states,
            AllowWordForm,
            lambda case, user, f: identity.identity_match_override(
                case=case, actor=user, word=f.cleaned_data["word"], reason=f.cleaned_data["reason"]
            ),
            when=_confidential,
        ),
    }
