"""The public pages: report, receipt, tracking. Thin: a form, one service call, a redirect.

The receipt's URL carries a signed, short-lived token and is shown only in the session that
made the report; the tracked case is kept in the session, so no access code is ever in a URL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from aduan.cases import reporter_fields
from aduan.cases.checklists import item_labels
from aduan.cases.errors import CaseError
from aduan.cases.models import Case, ReporterCompletion
from aduan.cases.services import completion_refusal, two_years_before
from aduan.cases.states import State
from aduan.core.clients import client_address
from aduan.core.errors import DomainError
from aduan.deadlines.models import Deadline
from aduan.deadlines.workdays import local_date
from aduan.directory.models import Agency, Office
from aduan.intake import lookups
from aduan.intake.channels.portal import drafts, forms, selectors
from aduan.intake.channels.portal import services as portal
from aduan.intake.models import Rating
from aduan.intake.services import Attachment, Submission, route_office

RECEIPT_SALT = "aduan.portal.receipt"
RECEIPT_MAX_AGE = 60 * 60  # seconds the receipt page can be shown again (refresh, print)
# The receipts this browser may show again: a signed cookie (no session row for a citizen who
# only sends a report; decision 0020), holding the last five case ids.
RECEIPTS_COOKIE = "aduan_receipts"
SESSION_CASE = "portal_case"
TRACK_SESSION_AGE = 60 * 60


def _client(request: HttpRequest) -> str:
    return client_address(request)


# --- the report ---------------------------------------------------------------------------
def _agency(name: str, region: str) -> Agency | None:
    """The directory's agency of exactly this name (in the place's province when several)."""
    matches = list(Agency.objects.filter(name__iexact=name.strip())[:5])
    if len(matches) > 1 and region:
        province = region.split(".")[0]
        matches = [
            a
            for a in matches
            if a.region_id and (a.region_id == province or a.region_id.startswith(province + "."))
        ]
    return matches[0] if len(matches) == 1 else None


def _submission(
    form: forms.ReportForm, office: Office, attachments: list[Attachment]
) -> Submission:
    data = form.cleaned_data
    with translation.override(settings.LANGUAGE_CODE):  # the case file is kept in Indonesian
        chronology = "{label}: {agency}\n\n{text}".format(
            label=_("Reported agency"), agency=data["agency_name"].strip(), text=data["chronology"]
        )
    prior = data["prior_complaint"].strip() if data.get("raised_before") == "ya" else ""
    # What the receiving office does not collect is not kept, whatever the form showed.
    reporter = reporter_fields.for_office(office).only_shown(form.reporter())
    return Submission(
        channel="web",
        title=data["title"],
        reporters=[reporter],
        intake_type=form.intake_type,
        key=data["token"],
        office=office,
        region=data["place"],
        confidential=data["confidential"],
        attachments=attachments,
        fields={
            "agency": _agency(data["agency_name"], data["place"]),
            "official_name": data["official"].strip() or None,
            "event_date": data["event_date"],
            "chronology": chronology,
            "remedy_sought": data["remedy_sought"].strip() or None,
            "prior_complaint": prior or None,
            "prior_complaint_date": data["prior_complaint_date"] if prior else None,
        },
    )


def _form_office(code: str | None) -> Office | None:
    """The office named in the address (``/lapor/<office>/``), or None for the general form."""
    if code is None:
        return None
    office = Office.objects.filter(code=code, active=True).first()
    if office is None:
        raise Http404
    return office


def _fields_for(office: Office | None) -> reporter_fields.ReporterFields:
    """The reporter's details the form asks: those of the named office, else those of the
    office that receives reports by default (an Ombudsman office, unless the installation is
    an agency's complaint unit)."""
    if office is None:
        try:
            office = route_office()
        except DomainError:
            return reporter_fields.OMBUDSMAN
    return reporter_fields.for_office(office)


DRAFT_REFUSED = gettext_lazy(
    "The files you attached earlier could not be found: the form is more than a day old or "
    "was opened in another browser. Attach them again before you send."
)


def _blank_fields(form: forms.ReportForm, fields_for: reporter_fields.ReporterFields) -> str:
    """The empty form's fields, drawn once per language, reporter fields and generation of
    the place list (``intake.lookups``): the same for every citizen who opens the form, and
    most of the page's time. The CSRF and report tokens are outside them."""
    key = ("portal-blank-fields", translation.get_language(), fields_for)
    return lookups.current().memo(
        key,
        lambda: render_to_string(
            "portal/_report_fields.html", {"form": form, "fields_for": fields_for, "kept": []}
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, office: str | None = None) -> HttpResponse:
    named = _form_office(office)
    fields_for = _fields_for(named)
    key, refused = None, False
    if request.method == "POST" and request.POST.get("draft"):
        try:
            key = drafts.open_token(request.POST["draft"], request.session)
        except drafts.DraftRefused:
            refused = True
        else:
            drafts.remove(key, request.POST.getlist("remove_draft"))
    form = forms.ReportForm(
        request.POST or None,
        request.FILES or None,
        fields_for=fields_for,
        kept=drafts.files(key),
    )
    if request.method == "POST":
        valid = form.is_valid()
        if refused:
            form.add_error(None, DRAFT_REFUSED)
            valid = False
        if valid:
            data = form.cleaned_data
            try:
                receiving = named or route_office(region=data["place"])
                case = portal.report_send(
                    _submission(form, receiving, [*drafts.attachments(key), *form.attachments()]),
                    draft_key=key,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                receipts = [pk for pk in _receipts(request) if pk != case.pk]
                token = signing.dumps(case.pk, salt=RECEIPT_SALT)
                response = redirect("portal:receipt", token=token)
                response.set_signed_cookie(
                    RECEIPTS_COOKIE,
                    ",".join(str(pk) for pk in [*receipts[-4:], case.pk]),
                    salt=RECEIPT_SALT,
                    max_age=RECEIPT_MAX_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
                return response
        # Keep the files that passed their checks, so the citizen need not attach them again.
        new = form.attachments()
        if new and key is None:
            key = drafts.new_key()
            drafts.remember(request.session, key)
        if new:
            drafts.keep(key, new)
    kept = drafts.files(key)
    context = {
        "form": form,
        "fields_for": fields_for,
        "kept": kept,
        "draft_token": drafts.sign(key) if key else "",
        "blank_fields": _blank_fields(form, fields_for) if not form.is_bound and not kept else "",
    }
    status = 400 if form.is_bound else 200
    return render(request, "portal/report.html", context, status=status)


def _receipt_notes(case: Case) -> list[str]:
    """What the reporter should know now about requirements their report may not meet."""
    notes = []
    if case.intake_type.code != "lm":
        return notes
    if not case.prior_complaint:
        notes.append(
            _(
                "You said you did not first complain to the agency. The office may ask you to "
                "do so, or reject the report (UU 37/2008 Ps.24(1)c and Ps.36(1)a)."
            )
        )
    if case.event_date and case.event_date < two_years_before(
        local_date(case.received_at, case.office)
    ):
        notes.append(
            _(
                "The event is more than two years old; the Ombudsman may not be able to "
                "examine it (UU 37/2008 Ps.24(3))."
            )
        )
    asks_id = reporter_fields.for_office(case.office).identity_document
    if asks_id and not case.documents.filter(kind="identitas").exists():
        notes.append(
            _("Send a copy of your identity document through the tracking page to complete it.")
        )
    return notes


def _receipts(request: HttpRequest) -> list[int]:
    """The case ids whose receipt this browser may show (from its signed cookie)."""
    value = request.get_signed_cookie(
        RECEIPTS_COOKIE, default="", salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE
    )
    return [int(pk) for pk in value.split(",") if pk.isdigit()]


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        pk = None
    if pk is None or pk not in _receipts(request):
        return render(request, "portal/receipt_gone.html", status=404)
    case = Case.objects.select_related("office", "intake_type").get(pk=pk)
    reporter = case.reporters.order_by("id").first()
    context = {
        "case": case,
        # cases.tasks.send_receipt_task mails the receipt to every reporter with an address.
        "by_email": bool(reporter and reporter.email),
        "notes": _receipt_notes(case),
        "track_url": request.build_absolute_uri(reverse("portal:track")),
    }
    return render(request, "portal/receipt.html", context)


# --- tracking -----------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                case = portal.find_case(
                    reference=form.cleaned_data["reference"],
                    code=form.cleaned_data["code"],
                    client=_client(request),
                )
            except portal.TooManyAttempts as exc:
                form.add_error(None, exc.message)
                status = 429
            except portal.TrackingError as exc:
                form.add_error(None, exc.message)
            else:
                request.session.cycle_key()
                request.session[SESSION_CASE] = case.pk
                if not request.user.is_authenticated:
                    request.session.set_expiry(TRACK_SESSION_AGE)
                return redirect("portal:tracked")
    return render(request, "portal/track.html", {"form": form}, status=status)


def _tracked_case(request: HttpRequest) -> Case | None:
    pk = request.session.get(SESSION_CASE)
    if pk is None:
        return None
    return (
        Case.objects.select_related("office", "intake_type", "closure_mode").filter(pk=pk).first()
    )


ACTIONS: dict[str, tuple[type[forms.PortalForm], str]] = {
    "dokumen": (forms.DocumentForm, "doc"),
    "lengkapi": (forms.CompleteForm, "complete"),
    "tanggapan": (forms.LahpResponseForm, "lahp"),
    "nilai": (forms.RatingForm, "rating"),
    "cabut": (forms.WithdrawForm, "withdraw"),
}


def _available(case: Case) -> set[str]:
    """The reporter's actions the case allows now."""
    actions = set()
    if case.is_open:
        actions.add("dokumen")
        if case.intake_type.code != "iaps":
            actions.add("cabut")
    if case.state == State.AWAITING_COMPLETION:
        actions.add("lengkapi")
    draft = portal.open_draft(case)
    if draft is not None and draft.responded_at is None and portal.lahp_response_open(draft):
        actions.add("tanggapan")
    if case.state == State.CLOSED and not Rating.objects.filter(case=case).exists():
        actions.add("nilai")
    return actions


def _deemed_withdrawn(case: Case) -> bool:
    return case.state == State.CLOSED and getattr(case.closure_reason, "code", "") == (
        "dianggap-dicabut"
    )


def _page(
    request: HttpRequest, case: Case, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    available = _available(case)
    action_forms = {
        name: (bound or {}).get(name) or form_class(prefix=prefix)
        for name, (form_class, prefix) in ACTIONS.items()
        if name in available
    }
    draft = portal.open_draft(case)
    context = {
        "case": case,
        "plain": selectors.plain_state(case),
        "clock": selectors.next_clock(case),
        "office_messages": selectors.messages_for_reporter(case),
        "documents": selectors.reporter_documents(case),
        "missing": selectors.missing_items(case),
        "completed": case.state == State.RECEIVED and case.completed_by_reporter_at is not None,
        "refusal": completion_refusal(case) if _deemed_withdrawn(case) else "",
        "closure": selectors.closure(case),
        "draft": draft if "tanggapan" in available else None,
        "rating": Rating.objects.filter(case=case).first(),
        "forms": action_forms,
    }
    return render(request, "portal/case.html", context, status=status)


@never_cache
def tracked(request: HttpRequest) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        return redirect("portal:track")
    portal.reporter_viewed(case)
    return _page(request, case)


@never_cache
@require_POST
def act(request: HttpRequest, action: str) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        return redirect("portal:track")
    if action not in ACTIONS:
        raise Http404
    form_class, prefix = ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if action not in _available(case):
        refusal = completion_refusal(case) if action in COMPLETING else ""
        messages.error(request, refusal or _("This cannot be done at this stage of the report."))
        return redirect("portal:tracked")
    if form.is_valid():
        try:
            done = _run(action, case, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if isinstance(done, ReporterCompletion):
                messages.success(request, _completion_message(done))
            else:
                messages.success(request, DONE[action]())
            return redirect("portal:tracked")
    return _page(request, case, bound={action: form}, status=400)


DONE = {
    "dokumen": lambda: _("Thank you; the documents were added to your report."),
    "lengkapi": lambda: _("Thank you; your report goes back to verification."),
    "tanggapan": lambda: _("Thank you; your response to the draft was recorded."),
    "nilai": lambda: _("Thank you for your rating."),
    "cabut": lambda: _("Your report was withdrawn and is now closed."),
}


COMPLETING = {"dokumen", "lengkapi"}


def _completion_message(completion: ReporterCompletion) -> str:
    """What the reporter is told after sending what was asked: the 30-day period stopped and
    the office verifies; or, truthfully, what is still missing and until when they may send
    it (the date in the reader's language)."""
    if completion.complete:
        return _(
            "Thank you. Your report now has what was asked for, so the 30-day period to "
            "complete it (UU 37/2008 Ps.25) has stopped. The office will verify it and tell you."
        )
    clock = (
        Deadline.objects.open()
        .filter(case=completion.case, rule__code="melengkapi-laporan")
        .order_by("due_date")
        .first()
    )
    missing = ", ".join(item_labels(completion.still_missing))
    if clock is None or clock.due_date is None:
        return _(
            "Thank you; we received it. Still missing: %(missing)s. Send it within 30 days of "
            "the office's notice (UU 37/2008 Ps.25), or the report is treated as withdrawn."
        ) % {"missing": missing}
    return _(
        "Thank you; we received it. Still missing: %(missing)s. Send it by %(due)s "
        "(UU 37/2008 Ps.25), or the report is treated as withdrawn."
    ) % {"missing": missing, "due": date_format(clock.due_date, "j F Y")}


def _run(action: str, case: Case, data: dict[str, Any]) -> Any:
    if action == "dokumen":
        for item in data["files"]:
            item.kind = data["kind"]
        if case.state == State.AWAITING_COMPLETION:
            return portal.reporter_complete(case=case, text="", attachments=data["files"], items=[])
        portal.reporter_add_documents(case=case, attachments=data["files"])
    elif action == "lengkapi":
        for item in data["files"]:
            item.kind = data["kind"] or item.kind
        text = data["text"].strip()
        if not text and not data["files"]:
            raise CaseError(_("Write your answer or choose a file."))
        # Words answer the whole request; files alone answer the items their kind answers.
        return portal.reporter_complete(
            case=case, text=text, attachments=data["files"], items=None if text else []
        )
    elif action == "tanggapan":
        portal.reporter_respond_lahp(
            case=case,
            response=data["response"],
            new_evidence=data["new_evidence"],
            attachments=data["files"],
        )
    elif action == "nilai":
        portal.rating_record(case=case, score=data["score"], comment=data["comment"])
    elif action == "cabut":
        portal.reporter_withdraw(case=case, reason=data["reason"])


@require_POST
def leave(request: HttpRequest) -> HttpResponseRedirect:
    request.session.pop(SESSION_CASE, None)
    return redirect("portal:track")
