"""Personal-data pages under /kantor/privasi/, for the head of office and the data protection
officers (``permissions``): requests with their 3×24-hour clocks, the export of a requester's
data, the retention period, and the breach register (/kantor/privasi/insiden/). Thin views: reads
through ``selectors`` (scoped to the offices the user handles: another office's request is a 404),
each change one service call."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import staff_required
from aduan.cases.models import Reporter
from aduan.core.errors import DomainError
from aduan.privacy import export as ex
from aduan.privacy import forms as f
from aduan.privacy import selectors as sel
from aduan.privacy import services as sv
from aduan.privacy.models import DEFAULT_ARCHIVE_YEARS, Breach, DataRequest, RetentionPolicy
from aduan.privacy.permissions import is_handler

GET_POST = require_http_methods(["GET", "POST"])


def _refused(request: HttpRequest, error: str, status: int = 403) -> HttpResponse:
    return render(request, "privacy/refused.html", {"error": error}, status=status)


def _handlers_only(view: Callable, otherwise: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Staff who handle personal data get ``view``; other staff get ``otherwise``."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_handler(request.user):
            return otherwise(request)
        return view(request, *args, **kwargs)

    return wrapper


def _not_a_handler(request: HttpRequest) -> HttpResponse:
    return _refused(
        request,
        _(
            "Only the head of the office or its data protection officer handles "
            "personal-data requests and breaches."
        ),
    )


def _no_such_page(request: HttpRequest) -> HttpResponse:
    raise Http404


def handler_required(view: Callable) -> Callable:
    """Staff, and head of office or data protection officer."""
    return _handlers_only(view, _not_a_handler)


def handler_object(view: Callable) -> Callable:
    """Like ``handler_required``, for a page of one request or breach: to staff who do not
    handle personal data it does not exist (404), whatever their office."""
    return _handlers_only(view, _no_such_page)


def _request_or_404(request: HttpRequest, pk: int) -> DataRequest:
    return get_object_or_404(sel.requests_for(request.user), pk=pk)


def _breach_or_404(request: HttpRequest, pk: int) -> Breach:
    return get_object_or_404(sel.breaches_for(request.user), pk=pk)


def _posted_text(request: HttpRequest, field: str) -> str | None:
    """The POSTed text ``field`` ("" when missing), None when it holds a NUL character (which
    PostgreSQL cannot store: a 500 rather than a message, found in review)."""
    value = request.POST.get(field, "")
    return None if "\x00" in value else value


def _null_refused(request: HttpRequest) -> HttpResponse:
    return _refused(request, str(ProhibitNullCharactersValidator.message), status=400)


def _attempt(request: HttpRequest, call: Callable[[], Any], back: str) -> HttpResponse:
    try:
        call()
    except DomainError as exc:
        return _refused(request, str(exc), status=400)
    return redirect(back)


def _submit(
    request: HttpRequest,
    form: Any,
    invalid: str,
    call: Callable[[dict[str, Any]], Any],
    back: str,
) -> HttpResponse:
    """A POSTed ``form``: refused with ``invalid`` when it does not validate, else ``call``
    with its cleaned data (see ``_attempt``)."""
    if not form.is_valid():
        return _refused(request, invalid, status=400)
    return _attempt(request, lambda: call(form.cleaned_data), back)


def _create(
    request: HttpRequest,
    form_class: type,
    service: Callable[..., Any],
    title: str,
    back: str,
    detail: str,
) -> HttpResponse:
    """The page that records a request or breach: ``service`` with the form's data for the
    user's office, then its ``detail`` page; errors stay on the form."""
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = service(office=request.user.office, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(detail, item.pk)
    return render(
        request,
        "privacy/form.html",
        {"form": form, "title": title, "back": back},
        status=400 if request.method == "POST" else 200,
    )


# --- requests --------------------------------------------------------------------------------
@require_GET
@handler_required
def index(request: HttpRequest) -> HttpResponse:
    items = sel.with_colours(list(sel.requests_for(request.user)[:200]))
    office = request.user.office
    policy = RetentionPolicy.objects.filter(office=office).first() if office else None
    return render(
        request,
        "privacy/index.html",
        {
            "requests": items,
            "open_breaches": sel.breaches_for(request.user)
            .filter(status=Breach.Status.OPEN)
            .count(),
            "policy": policy,
            "default_years": DEFAULT_ARCHIVE_YEARS,
            "policy_form": f.PolicyForm(
                initial={
                    "archive_years": policy.archive_years if policy else DEFAULT_ARCHIVE_YEARS,
                    "source": policy.source if policy else "",
                }
            ),
        },
    )


@require_POST
@handler_required
def policy_set(request: HttpRequest) -> HttpResponse:
    return _submit(
        request,
        f.PolicyForm(request.POST),
        _("The archive period is between 1 and 100 years."),
        lambda data: sv.retention_policy_set(
            office=request.user.office,
            actor=request.user,
            archive_years=data["archive_years"],
            source=data["source"],
        ),
        "privacy:index",
    )


@GET_POST
@handler_required
def request_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        f.RequestForm,
        sv.data_request_receive,
        _("Record a personal-data request"),
        "privacy:index",
        "privacy:request_detail",
    )


@require_GET
@handler_object
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request_or_404(request, pk)
    linked = list(item.reporters.select_related("case").order_by("case__received_at", "pk"))
    search = f.SearchForm(request.GET or None)
    found: list[Reporter] = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = sel.find_reporters(item.office, search.cleaned_data["q"])
        sv.reporters_searched(office=item.office, actor=request.user, found=len(found))
    choices = {r.pk: r for r in [*linked, *found]}
    link_form = f.LinkForm(
        choices=[(pk, f"{r.name} · {r.case.reference}") for pk, r in choices.items()],
        initial={"reporters": [r.pk for r in linked]},
    )
    corrections = (
        [(r, f.CorrectionForm(instance=r, prefix=f"r{r.pk}")) for r in linked]
        if item.kind == DataRequest.Kind.CORRECTION and item.status == DataRequest.Status.VERIFIED
        else []
    )
    return render(
        request,
        "privacy/request_detail.html",
        {
            "item": item,
            "clocks": sel.clocks(item),
            "linked": linked,
            "search": search,
            "found": found,
            "link_form": link_form,
            "verify_form": f.VerifyForm(),
            "answer_form": f.AnswerForm(),
            "refuse_form": f.RefuseForm(),
            "corrections": corrections,
            "final": item.status in DataRequest.FINAL,
        },
    )


@require_POST
@handler_object
def request_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request_or_404(request, pk)
    values = request.POST.getlist("reporters")
    ids = [int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18]
    if len(ids) != len(values):
        return _refused(request, _("Link only reporter records of this office's cases."), 400)
    rows = list(Reporter.objects.filter(pk__in=ids[:200]))
    if len(rows) != len(set(ids)):
        return _refused(request, _("Link only reporter records of this office's cases."), 400)
    return _attempt(
        request,
        lambda: sv.data_request_link_reporters(request=item, actor=request.user, reporters=rows),
        item_url(item),
    )


def item_url(item: DataRequest) -> str:
    return reverse("privacy:request_detail", args=[item.pk])


@require_POST
@handler_object
def request_verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request_or_404(request, pk)
    return _submit(
        request,
        f.VerifyForm(request.POST),
        _("Choose how the requester's identity was verified."),
        lambda data: sv.data_request_verify(request=item, actor=request.user, **data),
        item_url(item),
    )


def _request_text(
    request: HttpRequest, pk: int, service: Callable[..., Any], field: str
) -> HttpResponse:
    """``service`` on the request with the one text ``field`` POSTed (answer, reason)."""
    item = _request_or_404(request, pk)
    text = _posted_text(request, field)
    if text is None:
        return _null_refused(request)
    return _attempt(
        request,
        lambda: service(request=item, actor=request.user, **{field: text}),
        item_url(item),
    )


@require_POST
@handler_object
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_text(request, pk, sv.data_request_answer, "answer")


@require_POST
@handler_object
def request_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_text(request, pk, sv.data_request_refuse, "reason")


@require_POST
@handler_object
def request_correct(request: HttpRequest, pk: int, reporter_pk: int) -> HttpResponse:
    item = _request_or_404(request, pk)
    reporter = item.reporters.filter(pk=reporter_pk).first()
    if reporter is None:
        raise Http404
    form = f.CorrectionForm(request.POST, prefix=f"r{reporter.pk}")
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return _refused(request, errors, 400)
    return _attempt(
        request,
        lambda: sv.data_request_correct(
            request=item, actor=request.user, reporter=reporter, changes=form.cleaned_data
        ),
        item_url(item),
    )


@require_GET
@handler_object
def request_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = _request_or_404(request, pk)
    if fmt not in {"json", "pdf"}:
        raise Http404
    try:
        sv.export_logged(request=item, actor=request.user, format=fmt)
    except DomainError as exc:
        return _refused(request, str(exc), 400)
    data = ex.subject_export(item)
    if fmt == "pdf":
        response = HttpResponse(ex.to_pdf(data), content_type="application/pdf")
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{item}.{fmt}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- breaches --------------------------------------------------------------------------------
@require_GET
@handler_required
def breach_list(request: HttpRequest) -> HttpResponse:
    items = sel.with_colours(list(sel.breaches_for(request.user)[:200]))
    return render(request, "privacy/breach_list.html", {"breaches": items})


@GET_POST
@handler_required
def breach_create(request: HttpRequest) -> HttpResponse:
    return _create(
        request,
        f.BreachForm,
        sv.breach_record,
        _("Record a personal-data breach"),
        "privacy:breach_list",
        "privacy:breach_detail",
    )


@require_GET
@handler_object
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _breach_or_404(request, pk)
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "item": item,
            "clocks": sel.clocks(item),
            "notice_form": f.NoticeForm(),
            "close_form": f.CloseForm(),
            "open": item.status == Breach.Status.OPEN,
        },
    )


def _breach_notice(request: HttpRequest, pk: int, service: Callable[..., Any]) -> HttpResponse:
    item = _breach_or_404(request, pk)
    return _submit(
        request,
        f.NoticeForm(request.POST),
        _("Give the time and how the notice was given."),
        lambda data: service(breach=item, actor=request.user, **data),
        reverse("privacy:breach_detail", args=[item.pk]),
    )


@require_POST
@handler_object
def breach_subjects(request: HttpRequest, pk: int) -> HttpResponse:
    return _breach_notice(request, pk, sv.breach_notify_subjects)


@require_POST
@handler_object
def breach_authority(request: HttpRequest, pk: int) -> HttpResponse:
    return _breach_notice(request, pk, sv.breach_notify_authority)


@require_POST
@handler_object
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _breach_or_404(request, pk)
    note = _posted_text(request, "note")
    if note is None:
        return _null_refused(request)
    return _attempt(
        request,
        lambda: sv.breach_close(breach=item, actor=request.user, note=note),
        reverse("privacy:breach_detail", args=[item.pk]),
    )
