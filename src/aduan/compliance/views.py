"""Compliance assessment pages under /kantor/kepatuhan/: thin views over the selectors and one
service call each. Everything is read through the scoped selectors; another office's campaign,
assessment or evidence is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import staff_required
from aduan.backoffice.selectors import today_for
from aduan.compliance import export, selectors, services
from aduan.compliance.errors import NotAllowed
from aduan.compliance.models import NOT_APPLICABLE, Assessment, Indicator, Instrument
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.directory.models import Agency, User
from aduan.directory.scoping import offices_for

PREVIEWABLE = {"application/pdf", "image/jpeg", "image/png"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _or_404(fetch: Callable[[], Any]) -> Any:
    try:
        return fetch()
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc


def _done(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except DomainError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


scoped = staff_required


# --- forms ---------------------------------------------------------------------------------


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    instrument = forms.ModelChoiceField(
        label=gettext_lazy("Instrument version"), queryset=Instrument.objects.all()
    )
    office = forms.ModelChoiceField(label=gettext_lazy("Office"), queryset=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(user).order_by("name")


class ScheduleForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Service unit"), queryset=Agency.objects.filter(active=True)
    )
    scheduled_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    assessor = forms.ModelChoiceField(label=gettext_lazy("Assessor"), queryset=None)

    def __init__(self, *args: Any, office: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.filter(
            office=office, is_active=True, role__in=services.ASSESSOR_ROLES
        ).order_by("first_name", "username")
        self.fields["agency"].label_from_instance = Agency.full_name


class DeliveryForm(forms.Form):
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=None)
    recipient_name = forms.CharField(label=gettext_lazy("Recipient"), max_length=200)
    recipient_position = forms.CharField(label=gettext_lazy("Recipient's position"), max_length=200)
    delivered_on = forms.DateField(
        label=gettext_lazy("Delivered on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is it sent back?"), widget=forms.Textarea(attrs={"rows": 3})
    )


# --- pages ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    manages = any(services.can_manage(user, office) for office in offices_for(user))
    form = CampaignForm(request.POST or None, user=user) if manages else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        result: dict[str, Any] = {}

        def create() -> None:
            result["campaign"] = services.campaign_create(
                office=data["office"],
                year=data["year"],
                title=data["title"],
                instrument=data["instrument"],
                actor=user,
            )

        if _done(request, create, _("Campaign created.")):
            return redirect("compliance:campaign", pk=result["campaign"].pk)
    return render(
        request,
        "compliance/index.html",
        {
            "campaigns": selectors.campaigns_for(user),
            "mine": selectors.my_assessments(user).order_by("scheduled_on"),
            "queue": selectors.review_queue(user).order_by("submitted_at"),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@scoped
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = _or_404(lambda: selectors.campaign_for_user(user, pk))
    manages = services.can_manage(user, item.office)
    schedule = ScheduleForm(request.POST or None, office=item.office) if manages else None
    if request.method == "POST" and schedule is not None and schedule.is_valid():
        data = schedule.cleaned_data
        if _done(
            request,
            lambda: services.assessment_schedule(campaign=item, actor=user, **data),
            _("Service unit scheduled."),
        ):
            return redirect("compliance:campaign", pk=item.pk)
    agencies = selectors.agency_results(item)
    return render(
        request,
        "compliance/campaign.html",
        {
            "campaign": item,
            "assessments": item.assessments.select_related("agency", "assessor").order_by(
                "scheduled_on", "agency__name"
            ),
            "agencies": agencies,
            "deliveries": item.deliveries.select_related("agency"),
            "schedule": schedule,
            "delivery_form": DeliveryForm(
                initial={"delivered_on": today_for(user)},
                agencies=[row["agency"] for row in agencies],
            )
            if manages and agencies
            else None,
        },
    )


@require_POST
@scoped
def deliver(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = _or_404(lambda: selectors.campaign_for_user(user, pk))
    agencies = [row["agency"] for row in selectors.agency_results(item)]
    form = DeliveryForm(request.POST, agencies=agencies)
    if form.is_valid():
        _done(
            request,
            lambda: services.delivery_record(campaign=item, actor=user, **form.cleaned_data),
            _("Results letter made and its delivery recorded."),
        )
    else:
        messages.error(request, _("Fill in the agency, the recipient and the date."))
    return redirect("compliance:campaign", pk=item.pk)


@require_GET
@scoped
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(lambda: selectors.campaign_for_user(request.user, pk))
    return render(
        request,
        "compliance/ranking.html",
        {
            "campaign": item,
            "ranking": selectors.ranking(item),
            "agencies": selectors.agency_results(item),
        },
    )


@require_GET
@scoped
def campaign_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(lambda: selectors.campaign_for_user(request.user, pk))
    response = HttpResponse(export.campaign_xlsx(item), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kepatuhan-{item.year}-{item.pk}.xlsx"'
    return response


@require_GET
@scoped
def history(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = Agency.objects.filter(pk=agency_pk).first()
    if agency is None:
        raise Http404(_("No such agency."))
    results = selectors.history(request.user, agency)
    return render(request, "compliance/history.html", {"agency": agency, "results": results})


def _value(raw: str) -> int | str | None:
    """A posted answer: points, ``NOT_APPLICABLE`` or None."""
    if raw == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _rows(assessment: Assessment, posted: Any = None) -> list[dict[str, Any]]:
    """One row per indicator, in order, with its answer (or, after a refused save, what was
    posted, so nothing typed is lost), its note and evidence."""
    answers = {a.indicator_id: a for a in assessment.answers.prefetch_related("evidence").all()}
    rows = []
    dimension = None
    for indicator in Indicator.objects.filter(
        dimension__instrument=assessment.instrument_id
    ).select_related("dimension"):
        answer = answers.get(indicator.pk)
        if posted is not None:
            value = _value(posted.get(f"v-{indicator.pk}", ""))
            note = posted.get(f"n-{indicator.pk}", "")
        else:
            value = answer.value if answer else None
            if answer and answer.not_applicable:
                value = NOT_APPLICABLE
            note = answer.note if answer else ""
        rows.append(
            {
                "indicator": indicator,
                "heading": indicator.dimension if indicator.dimension_id != dimension else None,
                "answer": answer,
                "value": None if value == NOT_APPLICABLE else value,
                "not_applicable": value == NOT_APPLICABLE,
                "note": note,
                "evidence": list(answer.evidence.all()) if answer else [],
            }
        )
        dimension = indicator.dimension_id
    return rows


@require_GET
@scoped
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    item = _or_404(lambda: selectors.assessment_for_user(user, pk))
    return render(
        request,
        "compliance/assessment.html",
        {
            "assessment": item,
            "rows": _rows(item),
            "can_review": services.can_review(user, item)
            and item.state == Assessment.State.SUBMITTED,
            "can_fill": item.assessor_id == user.pk and item.is_editable,
            "return_form": ReturnForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessor's form: one indicator per row, radio buttons, a note and files; works
    without JavaScript on a phone."""
    user = request.user
    item = _or_404(lambda: selectors.assessment_for_user(user, pk))
    if item.assessor_id != user.pk:
        raise Http404(_("Only the assigned assessor fills in this assessment."))
    if not item.is_editable:
        messages.error(request, _("This assessment can no longer be changed."))
        return redirect("compliance:assessment", pk=item.pk)
    if request.method == "POST":
        indicators = Indicator.objects.filter(dimension__instrument=item.instrument_id)
        answers: dict[int, tuple[int | str | None, str]] = {}
        files: dict[int, list] = {}
        for indicator in indicators:
            value = _value(request.POST.get(f"v-{indicator.pk}", ""))
            answers[indicator.pk] = (value, request.POST.get(f"n-{indicator.pk}", ""))
            uploads = request.FILES.getlist(f"f-{indicator.pk}")
            if uploads:
                files[indicator.pk] = uploads
        saved = _done(
            request,
            lambda: services.assessment_record(
                assessment=item, actor=user, answers=answers, files=files
            ),
            _("Saved."),
        )
        if saved and request.POST.get("action") == "submit":
            if _done(
                request,
                lambda: services.assessment_submit(assessment=item, actor=user),
                _("Submitted for review. The score was computed by the instrument."),
            ):
                return redirect("compliance:assessment", pk=item.pk)
        if saved:
            return redirect("compliance:fill", pk=item.pk)
        # refused: show the form again as it was posted (files must be chosen again)
        return render(
            request,
            "compliance/fill.html",
            {"assessment": item, "rows": _rows(item, request.POST), "na": NOT_APPLICABLE},
        )
    return render(
        request,
        "compliance/fill.html",
        {"assessment": item, "rows": _rows(item), "na": NOT_APPLICABLE},
    )


@require_POST
@scoped
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(lambda: selectors.assessment_for_user(request.user, pk))
    _done(
        request,
        lambda: services.assessment_approve(assessment=item, actor=request.user),
        _("Approved."),
    )
    return redirect("compliance:assessment", pk=item.pk)


@require_POST
@scoped
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    item = _or_404(lambda: selectors.assessment_for_user(request.user, pk))
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _done(
        request,
        lambda: services.assessment_return(assessment=item, actor=request.user, reason=reason),
        _("Sent back to the assessor."),
    )
    return redirect("compliance:assessment", pk=item.pk)


@require_GET
@scoped
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _or_404(lambda: selectors.evidence_for_user(request.user, pk))
    return file_response(
        evidence.file,
        name=evidence.original_name,
        content_type=evidence.content_type,
        inline=request.GET.get("lihat") == "1" and evidence.content_type in PREVIEWABLE,
    )


@require_GET
@scoped
def delivery_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _or_404(lambda: selectors.delivery_for_user(request.user, pk))
    return file_response(
        delivery.pdf,
        name=delivery.pdf.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
        inline=True,
    )
