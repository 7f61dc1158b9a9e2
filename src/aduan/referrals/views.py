"""Recording a referral (or a copy) received from another institution, in the back office."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from aduan.access import permission_required
from aduan.core.errors import DomainError
from aduan.referrals.models import Institution
from aduan.referrals.services import referral_receive


class IncomingForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    institution = forms.ModelChoiceField(
        label=_("Referred by"), queryset=Institution.objects.filter(active=True)
    )
    letter_reference = forms.CharField(label=_("Number of their letter"), required=False)
    copy = forms.BooleanField(
        label=_("Only a copy (tembusan): filed, not counted as a report"), required=False
    )
    title = forms.CharField(label=_("Summary"), max_length=255)
    chronology = forms.CharField(label=_("Chronology"), widget=forms.Textarea(attrs={"rows": 5}))
    part = forms.CharField(label=_("What is referred (empty: the whole case)"), required=False)
    name = forms.CharField(label=_("Reporter's full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    confidential = forms.BooleanField(
        label=_("Keep the reporter's identity secret"), required=False
    )


@require_http_methods(["GET", "POST"])
@permission_required("receive")
def incoming(request: HttpRequest) -> HttpResponse:
    """A referral in becomes a case of the user's office (the same intake door as every
    channel); a repeated submit of the same form makes nothing twice."""
    office = request.user.office
    error = ""
    if request.method == "POST":
        form = IncomingForm(request.POST)
        if form.is_valid():
            data: dict[str, Any] = form.cleaned_data
            reporter = {key: data[key] for key in ("name", "phone", "email") if data.get(key)}
            try:
                referral = referral_receive(
                    office=office,
                    institution=data["institution"],
                    title=data["title"],
                    chronology=data["chronology"],
                    reporters=[reporter],
                    actor=request.user,
                    part=data["part"],
                    letter_reference=data["letter_reference"],
                    copy=data["copy"],
                    confidential=data["confidential"],
                    key=f"form:{request.user.pk}:{data['token']}",
                )
            except DomainError as exc:
                error = str(exc)
            else:
                return redirect("backoffice:case_detail", pk=referral.case_id)
    else:
        form = IncomingForm(initial={"token": secrets.token_urlsafe(16)})
    return render(
        request,
        "referrals/incoming.html",
        {"form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )
