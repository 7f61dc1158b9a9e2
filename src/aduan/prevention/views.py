"""Prevention pages under /kantor/pencegahan/: thin views that read through the selectors
(scoped to the user's offices) and change through one service call each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import staff_required
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.core.forms import posted_text
from aduan.deadlines.workdays import local_date
from aduan.directory.scoping import offices_for, sees_all_offices
from aduan.prevention import forms as f
from aduan.prevention import guidelines, permissions
from aduan.prevention import selectors as sel
from aduan.prevention import services as sv
from aduan.prevention.models import (
    Activity,
    Agreement,
    Contact,
    GuidelineVersion,
    Partner,
    Suggestion,
    kinds,
)

GET_POST = require_http_methods(["GET", "POST"])


def _plain_number(text: str) -> bool:
    """ASCII digits only ("²".isdigit() is True, and int("²") fails)."""
    return text.isascii() and text.isdigit()


def _today(request: HttpRequest) -> dt.date:
    return local_date(timezone.now(), getattr(request.user, "office", None))


def _get(queryset: QuerySet, pk: int) -> Any:
    return get_object_or_404(queryset, pk=pk)


def _office_or_403(request: HttpRequest) -> Any:
    office = request.user.office
    if office is None or not permissions.can(request.user, "work", office):
        return None
    return office


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/not_staff.html", status=403)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "prevention/form.html",
        {"form": form, "title": title, "back": back, "multipart": multipart},
        status=400 if request.method == "POST" else 200,
    )


def _attempt(form: Any, call: Callable[[], Model]) -> Model | None:
    """Run a service; a refusal becomes a form error."""
    try:
        return call()
    except DomainError as exc:
        form.add_error(None, str(exc))
        return None


@require_GET
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    today = _today(request)
    year_start = today.replace(month=1, day=1)
    office_ids = (
        None
        if sees_all_offices(request.user)
        else tuple(offices_for(request.user).values_list("pk", flat=True))
    )
    counts = sel.activity_counts(office_ids, year_start, today)
    return render(
        request,
        "prevention/index.html",
        {
            "can_work": _office_or_403(request) is not None,
            "counts": counts,
            "kinds": [
                (row.label, counts["by_kind"].get(row.code, 0))
                for row in kinds().values()
                if row.active or counts["by_kind"].get(row.code)
            ],
            "year_start": year_start,
            "today": today,
            "overdue_suggestions": sel.overdue_suggestions(request.user, today).order_by(
                "due_date", "id"
            )[:20],
            "overdue_count": sel.overdue_suggestions(request.user, today).count(),
            "open_suggestions": sel.suggestions_for(request.user)
            .filter(
                review__status="published",
                status__in=[Suggestion.Status.OPEN, Suggestion.Status.PARTLY],
                due_date__gte=today,
            )
            .order_by("due_date")[:10],
        },
    )


# --- activities -------------------------------------------------------------------


@require_GET
@staff_required
def activity_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("jenis", "")
    if kind not in kinds():
        kind = ""
    activities = sel.activities_for(request.user, kind=kind)
    return render(
        request,
        "prevention/activity_list.html",
        {
            "activities": activities[:200],
            "kind": kind,
            "kinds": [(row.code, row.label) for row in kinds().values() if row.active],
            "can_work": _office_or_403(request) is not None,
        },
    )


@GET_POST
@staff_required
def activity_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    kind = request.GET.get("jenis", "")
    initial = {"kind": kind} if kind in kinds() else {}
    form = f.ActivityForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, relations = form.split()
        activity = _attempt(
            form,
            lambda: sv.activity_create(
                office=office, actor=request.user, fields=fields, **relations
            ),
        )
        if activity:
            return redirect("prevention:activity_detail", pk=activity.pk)
    return _form_page(
        request,
        form,
        title=_("Record an activity"),
        back=reverse("prevention:activity_list"),
    )


@require_GET
@staff_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, _get(sel.activities_for(request.user), pk))


def _activity_page(
    request: HttpRequest, activity: Activity, finding_form: Any = None, status: int = 200
) -> HttpResponse:
    matching = sel.matching_cases(activity)
    can_work = permissions.can(request.user, "work", activity.office)
    if finding_form is None and can_work and activity.records_findings:
        finding_form = f.FindingForm(office=activity.office)
    return render(
        request,
        "prevention/activity_detail.html",
        {
            "activity": activity,
            "can_work": can_work,
            "cases": activity.cases.select_related("channel").order_by("received_at"),
            "link_form": f.LinkCasesForm(queryset=matching, initial={"cases": list(matching)}),
            "has_matching": matching.exists(),
            "document_form": f.DocumentForm(),
            "findings": sel.findings_of(activity),
            "finding_form": finding_form,
        },
        status=status,
    )


@require_POST
@staff_required
def activity_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a monitoring finding; a refused one comes back with what was written."""
    activity = _get(sel.activities_for(request.user), pk)
    if not permissions.can(request.user, "work", activity.office):
        return _forbidden(request)
    form = f.FindingForm(request.POST, office=activity.office)
    if form.is_valid():
        fields, agencies = form.split()
        if _attempt(
            form,
            lambda: sv.activity_finding_add(
                activity=activity, actor=request.user, fields=fields, agencies=agencies
            ),
        ):
            return redirect("prevention:activity_detail", pk=pk)
    return _activity_page(request, activity, finding_form=form, status=400)


@GET_POST
@staff_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get(sel.activities_for(request.user), pk)
    if not permissions.can(request.user, "work", activity.office):
        return _forbidden(request)
    form = f.ActivityForm(request.POST or None, instance=activity, office=activity.office)
    if request.method == "POST" and form.is_valid():
        fields, relations = form.split()
        activity.refresh_from_db()  # the form wrote its values on the instance
        if _attempt(
            form,
            lambda: sv.activity_update(
                activity=activity, actor=request.user, fields=fields, **relations
            ),
        ):
            return redirect("prevention:activity_detail", pk=activity.pk)
    return _form_page(
        request,
        form,
        title=_("Change the activity"),
        back=reverse("prevention:activity_detail", args=[pk]),
    )


@require_POST
@staff_required
def activity_link(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get(sel.activities_for(request.user), pk)
    form = f.LinkCasesForm(request.POST, queryset=sel.matching_cases(activity))
    if form.is_valid():
        try:
            sv.activity_link_cases(
                activity=activity, actor=request.user, cases=form.cleaned_data["cases"]
            )
        except DomainError as exc:
            return render(request, "prevention/refused.html", {"error": exc}, status=403)
    return redirect("prevention:activity_detail", pk=pk)


@require_POST
@staff_required
def activity_unlink(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    activity = _get(sel.activities_for(request.user), pk)
    case = _get(activity.cases.all(), case_pk)
    try:
        sv.activity_unlink_case(activity=activity, actor=request.user, case=case)
    except DomainError as exc:
        status = 403 if isinstance(exc, permissions.NotAllowed) else 400
        return render(request, "prevention/refused.html", {"error": exc}, status=status)
    return redirect("prevention:activity_detail", pk=pk)


@require_POST
@staff_required
def activity_upload(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _get(sel.activities_for(request.user), pk)
    form = f.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "prevention/refused.html", {"error": _("Choose a file.")}, status=400
        )
    try:
        sv.activity_add_document(
            activity=activity,
            actor=request.user,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
        )
    except DomainError as exc:
        status = 403 if isinstance(exc, permissions.NotAllowed) else 400
        return render(request, "prevention/refused.html", {"error": exc}, status=status)
    return redirect("prevention:activity_detail", pk=pk)


@require_GET
@staff_required
def activity_document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    activity = _get(sel.activities_for(request.user), pk)
    document = _get(activity.documents.all(), document_pk)
    return file_response(document.file, name=document.original_name)


# --- systemic reviews ---------------------------------------------------------------


@require_GET
@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevention/review_list.html",
        {
            "reviews": sel.reviews_for(request.user),
            "can_work": _office_or_403(request) is not None,
        },
    )


@GET_POST
@staff_required
def review_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    form = f.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = _attempt(
            form,
            lambda: sv.review_create(
                office=office,
                actor=request.user,
                fields={k: data[k] for k in sv.REVIEW_FIELDS},
                agencies=data["agencies"],
            ),
        )
        if review:
            return redirect("prevention:review_detail", pk=review.pk)
    return _form_page(
        request, form, title=_("Draft a systemic review"), back=reverse("prevention:review_list")
    )


@require_GET
@staff_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get(sel.reviews_for(request.user), pk)
    today = _today(request)
    rows = list(review.suggestions.select_related("agency"))
    clocks = sel.suggestion_clocks(rows, today)
    pending = sel.pending_suggestion_reports(rows)
    suggestions = [
        (
            s,
            s.is_overdue(today),
            s.status not in Suggestion.FINAL,
            clocks.get(s.pk, []),
            pending.get(s.pk),
        )
        for s in rows
    ]
    return render(
        request,
        "prevention/review_detail.html",
        {
            "review": review,
            "suggestions": suggestions,
            "can_work": permissions.can(request.user, "work", review.office),
            "can_publish": permissions.can(request.user, "publish", review.office),
            "suggestion_form": f.SuggestionForm(),
        },
    )


@GET_POST
@staff_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get(sel.reviews_for(request.user), pk)
    form = f.ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review.refresh_from_db()
        if _attempt(
            form,
            lambda: sv.review_update(
                review=review,
                actor=request.user,
                fields={k: data[k] for k in sv.REVIEW_FIELDS},
                agencies=data["agencies"],
            ),
        ):
            return redirect("prevention:review_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Change the review"),
        back=reverse("prevention:review_detail", args=[pk]),
    )


@GET_POST
@staff_required
def suggestion_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get(sel.reviews_for(request.user), pk)
    form = f.SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: sv.suggestion_add(
                review=review,
                actor=request.user,
                agency=data["agency"],
                text=data["text"],
            ),
        ):
            return redirect("prevention:review_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Add an improvement suggestion"),
        back=reverse("prevention:review_detail", args=[pk]),
    )


@require_POST
@staff_required
def review_publish(request: HttpRequest, pk: int) -> HttpResponse:
    review = _get(sel.reviews_for(request.user), pk)
    try:
        sv.review_publish(review=review, actor=request.user)
    except DomainError as exc:
        return render(request, "prevention/refused.html", {"error": exc}, status=400)
    return redirect("prevention:review_detail", pk=pk)


@GET_POST
@staff_required
def suggestion_respond(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _get(sel.suggestions_for(request.user), pk)
    form = f.ResponseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: sv.suggestion_respond(
                suggestion=suggestion,
                actor=request.user,
                status=data["status"],
                response=data["response"],
                evidence=data["evidence"],
            ),
        ):
            return redirect("prevention:review_detail", pk=suggestion.review_id)
    return _form_page(
        request,
        form,
        title=_("Agency's response to: %s") % suggestion.text[:80],
        back=reverse("prevention:review_detail", args=[suggestion.review_id]),
        multipart=True,
    )


@require_GET
@staff_required
def suggestion_evidence(request: HttpRequest, pk: int) -> FileResponse:
    suggestion = _get(sel.suggestions_for(request.user), pk)
    return file_response(suggestion.evidence, name=suggestion.evidence_name or "bukti")


@require_GET
@staff_required
def suggestion_report_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence an agency sent with its report on a suggestion (the office's side)."""
    report = _get(sel.suggestion_reports_for(request.user), pk)
    return file_response(report.evidence, name=report.evidence_name or "bukti")


# --- service standards ------------------------------------------------------------------


@require_GET
@staff_required
def standards(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevention/standards.html",
        {
            "can_work": _office_or_403(request) is not None,
            "units": sel.mapped_units(request.user),
            "sessions": sel.assistance_for(request.user).prefetch_related("staff")[:20],
        },
    )


@GET_POST
@staff_required
def mapping_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    initial = {"as_of": _today(request)}
    if _plain_number(request.GET.get("unit", "")):
        initial["agency"] = int(request.GET["unit"])
    form = f.MappingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mapping = _attempt(
            form,
            lambda: sv.mapping_record(
                office=office,
                agency=data["agency"],
                as_of=data["as_of"],
                met=data["met"],
                notes=data["notes"],
                actor=request.user,
            ),
        )
        if mapping:
            return redirect("prevention:unit_history", agency_pk=mapping.agency_id)
    return _form_page(
        request,
        form,
        title=_("Map a service unit's standard"),
        back=reverse("prevention:standards"),
    )


@require_GET
@staff_required
def unit_history(request: HttpRequest, agency_pk: int) -> HttpResponse:
    history = sel.mapping_history(request.user, agency_pk)
    sessions = sel.assistance_for(request.user, agency_pk).prefetch_related("staff")
    if not history and not sessions.exists():
        raise Http404(_("No mapping of this unit."))
    agency = history[0]["mapping"].agency if history else sessions[0].agency
    names = sel.COMPONENT_NAMES
    for item in history:
        for key in ("gained", "lost"):
            item[f"{key}_names"] = [names[code][0] for code in item[key]]
    return render(
        request,
        "prevention/unit_history.html",
        {
            "can_work": _office_or_403(request) is not None,
            "agency": agency,
            "history": history,
            "grid": sel.component_grid(history),
            "sessions": [(s, [names[c][0] for c in s.components if c in names]) for s in sessions],
        },
    )


@GET_POST
@staff_required
def assistance_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    initial = {"date": _today(request)}
    if _plain_number(request.GET.get("unit", "")):
        initial["agency"] = int(request.GET["unit"])
    form = f.AssistanceForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = _attempt(
            form,
            lambda: sv.assistance_record(
                office=office,
                agency=data["agency"],
                date=data["date"],
                topic=data["topic"],
                components=data["components"],
                staff=data["staff"],
                notes=data["notes"],
                actor=request.user,
            ),
        )
        if session:
            return redirect("prevention:unit_history", agency_pk=session.agency_id)
    return _form_page(
        request,
        form,
        title=_("Record an assistance session"),
        back=reverse("prevention:standards"),
    )


# --- network -----------------------------------------------------------------------------


@require_GET
@staff_required
def partner_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("jenis", "")
    if kind not in Partner.Kind.values:
        kind = ""
    return render(
        request,
        "prevention/partner_list.html",
        {
            "can_work": _office_or_403(request) is not None,
            "partners": sel.partners_for(request.user, kind=kind),
            "kind": kind,
            "kinds": Partner.Kind.choices,
        },
    )


@GET_POST
@staff_required
def partner_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    form = f.PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = _attempt(
            form,
            lambda: sv.partner_create(office=office, actor=request.user, fields=form.cleaned_data),
        )
        if partner:
            return redirect("prevention:partner_detail", pk=partner.pk)
    return _form_page(
        request, form, title=_("Add a partner institution"), back=reverse("prevention:partners")
    )


@require_GET
@staff_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _get(sel.partners_for(request.user), pk)
    return render(
        request,
        "prevention/partner_detail.html",
        {
            "partner": partner,
            "agreements": sel.agreements_with_status(partner, _today(request)),
            "contacts": partner.contacts.all(),
            "activities": partner.activities.all(),
            "can_work": permissions.can(request.user, "work", partner.office),
            "contact_form": f.ContactForm(),
        },
    )


@GET_POST
@staff_required
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _get(sel.partners_for(request.user), pk)
    form = f.PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partner.refresh_from_db()
        if _attempt(
            form, lambda: sv.partner_update(partner=partner, actor=request.user, fields=data)
        ):
            return redirect("prevention:partner_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Change the partner"),
        back=reverse("prevention:partner_detail", args=[pk]),
    )


@GET_POST
@staff_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _get(sel.partners_for(request.user), pk)
    form = f.AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            form,
            lambda: sv.agreement_create(
                partner=partner,
                actor=request.user,
                fields={k: data[k] for k in sv.AGREEMENT_FIELDS},
                document=data["upload"],
            ),
        ):
            return redirect("prevention:partner_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Record an agreement (MoU)"),
        back=reverse("prevention:partner_detail", args=[pk]),
        multipart=True,
    )


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    partners = sel.partners_for(request.user).values("pk")
    return _get(Agreement.objects.filter(partner__in=partners).select_related("partner"), pk)


@GET_POST
@staff_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    form = f.AgreementForm(request.POST or None, request.FILES or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement.refresh_from_db()
        if _attempt(
            form,
            lambda: sv.agreement_update(
                agreement=agreement,
                actor=request.user,
                fields={k: data[k] for k in sv.AGREEMENT_FIELDS},
                document=data["upload"],
            ),
        ):
            return redirect("prevention:partner_detail", pk=agreement.partner_id)
    return _form_page(
        request,
        form,
        title=_("Change the agreement"),
        back=reverse("prevention:partner_detail", args=[agreement.partner_id]),
        multipart=True,
    )


@require_GET
@staff_required
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    agreement = _agreement(request, pk)
    return file_response(agreement.document, name=agreement.document_name or "mou")


@GET_POST
@staff_required
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = _get(sel.partners_for(request.user), pk)
    form = f.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form, lambda: sv.contact_add(partner=partner, actor=request.user, **form.cleaned_data)
        ):
            return redirect("prevention:partner_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Add a contact"),
        back=reverse("prevention:partner_detail", args=[pk]),
    )


@require_POST
@staff_required
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    partners = sel.partners_for(request.user).values("pk")
    contact = _get(Contact.objects.filter(partner__in=partners).select_related("partner"), pk)
    try:
        sv.contact_remove(contact=contact, actor=request.user)
    except DomainError as exc:
        return render(request, "prevention/refused.html", {"error": exc}, status=403)
    return redirect("prevention:partner_detail", pk=contact.partner_id)


# --- guidelines (pedoman pelayanan) --------------------------------------------------


@require_GET
@staff_required
def guideline_list(request: HttpRequest) -> HttpResponse:
    guidelines = sel.guidelines_for(request.user).prefetch_related("versions")
    return render(
        request,
        "prevention/guideline_list.html",
        {
            "guidelines": [(g, list(g.versions.all())[-1]) for g in guidelines[:200]],
            "can_work": _office_or_403(request) is not None,
        },
    )


@GET_POST
@staff_required
def guideline_create(request: HttpRequest) -> HttpResponse:
    office = _office_or_403(request)
    if office is None:
        return _forbidden(request)
    form = f.GuidelineForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        guideline = _attempt(
            form,
            lambda: guidelines.guideline_create(
                office=office,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                agencies=data["agencies"],
                reviews=data["reviews"],
                suggestions=data["suggestions"],
            ),
        )
        if guideline:
            return redirect("prevention:guideline_detail", pk=guideline.pk)
    return _form_page(
        request, form, title=_("Draft a guideline"), back=reverse("prevention:guideline_list")
    )


@require_GET
@staff_required
def guideline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guideline = _get(sel.guidelines_for(request.user), pk)
    versions = list(
        guideline.versions.select_related("drafted_by", "approved_by")
        .prefetch_related("acknowledgements__agency")
        .order_by("-number")
    )
    return render(
        request,
        "prevention/guideline_detail.html",
        {
            "guideline": guideline,
            "versions": versions,
            "can_work": permissions.can(request.user, "work", guideline.office),
            "can_decide": permissions.can(request.user, "publish", guideline.office),
            "version_form": f.GuidelineVersionForm(
                initial={"text": versions[0].text} if versions else None
            ),
        },
    )


@GET_POST
@staff_required
def guideline_version_new(request: HttpRequest, pk: int) -> HttpResponse:
    guideline = _get(sel.guidelines_for(request.user), pk)
    if not permissions.can(request.user, "work", guideline.office):
        return _forbidden(request)
    form = f.GuidelineVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(
            form,
            lambda: guidelines.version_new(
                guideline=guideline,
                actor=request.user,
                text=form.cleaned_data["text"],
                change_note=form.cleaned_data["change_note"],
            ),
        ):
            return redirect("prevention:guideline_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("Draft a new version"),
        back=reverse("prevention:guideline_detail", args=[pk]),
    )


@require_POST
@staff_required
def guideline_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """submit, approve, return or publish one version."""
    version = _get(
        GuidelineVersion.objects.filter(guideline__in=sel.guidelines_for(request.user)), pk
    )
    note = posted_text(request, "note")
    calls = {
        "kirim": lambda: guidelines.version_submit(version=version, actor=request.user),
        "setujui": lambda: guidelines.version_review(
            version=version, actor=request.user, approve=True, note=note
        ),
        "kembalikan": lambda: guidelines.version_review(
            version=version, actor=request.user, approve=False, note=note
        ),
        "terbitkan": lambda: guidelines.version_publish(version=version, actor=request.user),
    }
    if step not in calls:
        raise Http404
    try:
        calls[step]()
    except DomainError as exc:
        status = 403 if isinstance(exc, permissions.NotAllowed) else 400
        return render(request, "prevention/refused.html", {"error": exc}, status=status)
    return redirect("prevention:guideline_detail", pk=version.guideline_id)
