"""Pages of the liaison portal (/instansi/) and the office's focal-point and review pages.
Thin: fetch through the selectors, call one service, show the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import liaison_case_for_request, liaison_required, staff_required
from aduan.cases.errors import NotAllowed
from aduan.cases.models import ClarificationRequest, CorrectiveAction, Recommendation, Summons
from aduan.cases.selectors import cases_for
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.core.forms import posted_text
from aduan.deadlines import deliveries
from aduan.directory.models import Agency, Liaison
from aduan.liaison import scorecard, selectors, services
from aduan.liaison.forms import AnswerForm
from aduan.liaison.models import AgencyReport, PortalDocument
from aduan.prevention import services as prevention_services
from aduan.sp4n import services as sp4n_services


def _back(request: HttpRequest, case_pk: int | None) -> HttpResponse:
    if case_pk:
        return redirect("liaison:case_detail", pk=case_pk)
    return redirect("liaison:inbox")


# --- activation
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest, token: str) -> HttpResponse:
    error = None
    try:
        invitation = services.invitation_for(token)
    except DomainError as exc:
        return render(request, "liaison/activate.html", {"invalid": exc.message}, status=410)
    if request.method == "POST":
        password = request.POST.get("password", "")
        if password != request.POST.get("password2", ""):
            error = _("The two passwords differ.")
        else:
            try:
                services.liaison_activate(
                    token=token, username=posted_text(request, "username"), password=password
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Your account is active. Sign in."))
                return redirect("liaison:login")
    return render(
        request,
        "liaison/activate.html",
        {"liaison": invitation.liaison, "error": error, "username": request.POST.get("username")},
        status=400 if error else 200,
    )


# --- the liaison's portal
@require_GET
@liaison_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "liaison/inbox.html",
        {"liaison": request.liaison, "items": selectors.liaison_inbox(request.user)},
    )


@require_GET
@liaison_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = liaison_case_for_request(request, pk)
    # Opening the case is the agency's receipt of what the office sent it through the portal
    # (a request, the LHP, a recommendation): the clocks that waited for it start today
    # (decision 0018). Idempotent: the first opening stands.
    deliveries.liaison_opened_case(case=case, agency_ids=selectors.agency_ids_for(request.user))
    inbox = [
        i
        for i in selectors.liaison_inbox(request.user, case=case)
        if i["case"] is not None and i["case"].pk == case.pk
    ]
    clocks = {(i["kind"], i["object"].pk): i for i in inbox}
    documents = PortalDocument.objects.filter(
        document__case=case, liaison__agency_id__in=selectors.agency_ids_for(request.user)
    ).select_related("document")
    return render(
        request,
        "liaison/case_detail.html",
        {
            "liaison": request.liaison,
            "case": case,
            "title": selectors.agency_title(case),
            "summary": selectors.agency_summary(case),
            "reporters": selectors.case_reporters(request.user, case),
            "items": selectors.case_items(request.user, case),
            "open_items": inbox,
            "clocks": clocks,
            "documents": documents,
        },
    )


def _files(request: HttpRequest) -> list:
    return request.FILES.getlist("files")


def _act(
    request: HttpRequest, call: Callable[[], Any], done: str, then: HttpResponse
) -> HttpResponse:
    """Run one service call for a form: its refusal, or ``done``, as a message; then ``then``."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return then


@require_http_methods(["GET", "POST"])
@liaison_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """A clarification request and the form to answer it (text and documents). On success the
    case page confirms it, with the answer and the documents sent."""
    item = get_object_or_404(
        ClarificationRequest.objects.select_related("case__office"),
        pk=pk,
        agency_id__in=selectors.agency_ids_for(request.user),
    )
    form = AnswerForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_answer(
                request=item,
                user=request.user,
                answer=form.cleaned_data["answer"],
                files=form.cleaned_data["files"],
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your answer was sent to the Ombudsman."))
            return redirect("liaison:case_detail", pk=item.case_id)
    # Opening the request is the agency's receipt of it (decision 0018), as on the case page.
    deliveries.liaison_opened_case(
        case=item.case, agency_ids=selectors.agency_ids_for(request.user)
    )
    return render(
        request,
        "liaison/answer.html",
        {
            "liaison": request.liaison,
            "request_item": item,
            "case": item.case,
            "title": selectors.agency_title(item.case),
            "item": selectors.clarification_item(item),
            "form": form,
            "error": error,
            "open": selectors.clarification_still_due(request.user, item),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@liaison_required
def report_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        CorrectiveAction, pk=pk, addressee_id__in=selectors.agency_ids_for(request.user)
    )
    return _act(
        request,
        lambda: services.liaison_report_action(
            action=item,
            user=request.user,
            text=posted_text(request, "text"),
            files=_files(request),
        ),
        _("Your report was sent; the office will check it."),
        _back(request, item.case_id),
    )


@require_POST
@liaison_required
def report_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Recommendation,
        pk=pk,
        sent_at__isnull=False,
        addressee_id__in=selectors.agency_ids_for(request.user),
    )
    return _act(
        request,
        lambda: services.liaison_report_recommendation(
            recommendation=item,
            user=request.user,
            outcome=posted_text(request, "outcome"),
            text=posted_text(request, "text"),
            files=_files(request),
        ),
        _("Your implementation report was sent; the office will check it."),
        _back(request, item.case_id),
    )


@require_POST
@liaison_required
def reply_summons(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Summons, pk=pk, case__agency_id__in=selectors.agency_ids_for(request.user)
    )
    return _act(
        request,
        lambda: services.liaison_reply_summons(
            summons=item,
            user=request.user,
            attending=request.POST.get("attending") == "yes",
            attendee=posted_text(request, "attendee"),
            text=posted_text(request, "text"),
            files=_files(request),
        ),
        _("Your reply was sent to the Ombudsman."),
        _back(request, item.case_id),
    )


@require_POST
@liaison_required
def sp4n_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """The handling unit gives the follow-up of a report forwarded to it (SP4N-LAPOR!)."""
    case = liaison_case_for_request(request, pk)
    return _act(
        request,
        lambda: sp4n_services.sp4n_followup_answered(
            case=case, actor=request.user, answer=posted_text(request, "answer")
        ),
        _("Your follow-up was recorded; the reporter has 10 working days to reply."),
        _back(request, case.pk),
    )


@require_POST
@liaison_required
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        deadline = selectors.deadline_for_liaison(request.user, pk)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc
    try:
        days = int(request.POST.get("days", ""))
    except ValueError:
        days = 0
    try:
        services.liaison_request_extension(
            deadline=deadline, user=request.user, days=days, reason=posted_text(request, "reason")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request for more time was sent to the office."))
    if deadline.case_id is None:  # an improvement suggestion's follow-up
        return redirect("liaison:suggestion", pk=int(deadline.subject_id))
    return _back(request, deadline.case_id)


@require_GET
@liaison_required
def document(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """Only documents the agency itself sent through the portal, on its own case."""
    case = liaison_case_for_request(request, pk)
    upload = (
        PortalDocument.objects.filter(
            document__case=case,
            document__pk=document_pk,
            document__identifies_reporter=False,
            liaison__agency_id__in=selectors.agency_ids_for(request.user),
        )
        .select_related("document")
        .first()
    )
    if upload is None:
        raise Http404(_("No such document on this case."))
    doc = upload.document
    return file_response(doc.file, name=doc.original_name, content_type=doc.content_type)


# --- improvement suggestions of systemic reviews (no case data)
def _suggestion_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.liaison_suggestion(request.user, pk)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc


@require_http_methods(["GET", "POST"])
@liaison_required
def suggestion(request: HttpRequest, pk: int) -> HttpResponse:
    """A suggestion addressed to the agency: the review's title, topic and findings, the
    suggestion, its clock, earlier reports; and the form to report what was done."""
    item = _suggestion_or_404(request, pk)
    if request.method == "POST":
        return _act(
            request,
            lambda: prevention_services.suggestion_report(
                suggestion=item,
                actor=request.user,
                status=request.POST.get("status", ""),
                text=posted_text(request, "text"),
                evidence=request.FILES.get("evidence"),
            ),
            _("Your report was sent; the office will check it."),
            redirect("liaison:suggestion", pk=item.pk),
        )
    return render(
        request,
        "liaison/suggestion.html",
        {
            "liaison": request.liaison,
            "suggestion": item,
            "review": item.review,
            **selectors.suggestion_page(request.user, item),
        },
    )


@require_GET
@liaison_required
def suggestion_report_evidence(request: HttpRequest, pk: int, report_pk: int) -> FileResponse:
    """The evidence the agency sent with a report on one of its suggestions."""
    try:
        report = selectors.suggestion_report_for_liaison(request.user, report_pk)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc
    if report.suggestion_id != pk or not report.evidence:
        raise Http404(_("No file."))
    return file_response(report.evidence, name=report.evidence_name or "bukti")


def _period(request: HttpRequest) -> dict[str, Any]:
    """``?since=YYYY-MM-DD&until=YYYY-MM-DD`` (either optional; a bad date is ignored)."""
    period = {}
    for key in ("since", "until"):
        try:
            period[key] = parse_date(request.GET.get(key, "").strip())
        except ValueError:
            period[key] = None
    return period


def _scorecard_response(
    request: HttpRequest, template: str, rows: list, extra: dict[str, Any]
) -> HttpResponse:
    if request.GET.get("format") == "csv":
        response = HttpResponse(scorecard.scorecard_csv(rows), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="kinerja-instansi.csv"'
        return response
    return render(request, template, {"rows": rows, **extra})


@require_GET
@liaison_required
def my_scorecard(request: HttpRequest) -> HttpResponse:
    """The liaison's own agency and its sub-units, over the cases addressed to them."""
    period = _period(request)
    rows = scorecard.agency_scorecard(
        agencies_qs=Agency.objects.filter(pk__in=selectors.agency_ids_for(request.user)),
        cases_qs=selectors.liaison_cases(request.user),
        **period,
    )
    return _scorecard_response(
        request, "liaison/my_scorecard.html", rows, {"liaison": request.liaison, **period}
    )


# --- the office's pages
@require_GET
@staff_required
def office_scorecard(request: HttpRequest) -> HttpResponse:
    """Every agency on the office's cases (cases_for scopes it), for the quarterly report."""
    period = _period(request)
    rows = scorecard.agency_scorecard(
        agencies_qs=Agency.objects.all(), cases_qs=cases_for(request.user), **period
    )
    return _scorecard_response(request, "liaison/office_scorecard.html", rows, period)


@require_GET
@staff_required
def focal_points(request: HttpRequest) -> HttpResponse:
    return render(
        request, "liaison/focal_points.html", {"rows": selectors.focal_points(request.user)}
    )


@require_POST
@staff_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    liaison = get_object_or_404(Liaison.objects.select_related("agency", "user"), pk=pk)
    try:
        result = services.liaison_invite(liaison=liaison, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("liaison:focal_points")
    return render(request, "liaison/invited.html", {"liaison": liaison, "result": result})


@require_POST
@staff_required
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    liaison = get_object_or_404(Liaison, pk=pk)
    try:
        services.liaison_deactivate(
            liaison=liaison, actor=request.user, reason=posted_text(request, "reason")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The portal account was deactivated."))
    return redirect("liaison:focal_points")


@require_GET
@staff_required
def reviews(request: HttpRequest) -> HttpResponse:
    return render(request, "liaison/reviews.html", selectors.pending_reviews(request.user))


def _decision(request: HttpRequest, yes: str, no: str) -> bool | None:
    """The button pressed on a review form: True for ``yes``, False for ``no``; anything else
    (a hand-made request) is None, refused with a message rather than read as a refusal."""
    value = request.POST.get("decision")
    if value in (yes, no):
        return value == yes
    messages.error(request, _("Choose one of the buttons to decide."))
    return None


def _decide(
    request: HttpRequest, yes: str, no: str, decide: Callable[[bool, str], Any]
) -> HttpResponse:
    """Run ``decide(decision, reason)`` for the button pressed on a review form, with the
    outcome as a message, and go back to the reviews page."""
    decision = _decision(request, yes, no)
    if decision is not None:
        try:
            decide(decision, posted_text(request, "reason"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect("liaison:reviews")


@require_POST
@staff_required
def decide_report(request: HttpRequest, pk: int) -> HttpResponse:
    case_ids = cases_for(request.user).values("pk")
    report = get_object_or_404(
        AgencyReport.objects.filter(
            Q(action__case__in=case_ids) | Q(recommendation__case__in=case_ids)
        ),
        pk=pk,
    )
    return _decide(
        request,
        "accept",
        "send_back",
        lambda accept, reason: services.agency_report_decide(
            report=report, actor=request.user, accept=accept, reason=reason
        ),
    )


@require_POST
@staff_required
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.office_extension_requests(request.user), pk=pk)
    return _decide(
        request,
        "grant",
        "refuse",
        lambda grant, reason: services.extension_decide(
            request=item, actor=request.user, grant=grant, reason=reason
        ),
    )


@require_POST
@staff_required
def decide_suggestion_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or send back an agency's report on an improvement suggestion."""
    report = get_object_or_404(selectors.office_suggestion_reports(request.user), pk=pk)
    return _decide(
        request,
        "accept",
        "send_back",
        lambda accept, reason: prevention_services.suggestion_report_decide(
            report=report, actor=request.user, accept=accept, reason=reason
        ),
    )


# --- service guidelines published for the agency (issue 18 §5)
@require_GET
@liaison_required
def guidelines(request: HttpRequest) -> HttpResponse:
    """The guidelines and SOPs published for the liaison's agency, each in force version."""
    from aduan.prevention import selectors as prevention_selectors

    rows = []
    for guideline in prevention_selectors.guidelines_for_liaison(request.user).order_by("title"):
        version = prevention_selectors.published_version(guideline)
        rows.append(
            {
                "guideline": guideline,
                "version": version,
                "acknowledged": version.acknowledgements.filter(
                    agency=request.liaison.agency
                ).exists(),
            }
        )
    return render(request, "liaison/guidelines.html", {"liaison": request.liaison, "rows": rows})


@require_http_methods(["GET", "POST"])
@liaison_required
def guideline(request: HttpRequest, pk: int) -> HttpResponse:
    """One published guideline; POST: the agency acknowledges it."""
    from aduan.prevention import guidelines as prevention_guidelines
    from aduan.prevention import selectors as prevention_selectors

    item = get_object_or_404(prevention_selectors.guidelines_for_liaison(request.user), pk=pk)
    version = prevention_selectors.published_version(item)
    if request.method == "POST":
        return _act(
            request,
            lambda: prevention_guidelines.acknowledge(version=version, actor=request.user),
            _("The guideline is acknowledged for your agency."),
            redirect("liaison:guideline", pk=item.pk),
        )
    return render(
        request,
        "liaison/guideline.html",
        {
            "liaison": request.liaison,
            "guideline": item,
            "version": version,
            "acknowledgement": version.acknowledgements.filter(
                agency=request.liaison.agency
            ).first(),
        },
    )
