"""The back office: thin views over the selectors and the case services."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aduan.access import case_for_request, staff_required
from aduan.backoffice import presence
from aduan.backoffice import selectors as bo
from aduan.backoffice.actions import ACTIONS, available
from aduan.cases import permissions
from aduan.cases import services as sv
from aduan.cases.checklists import (
    formal_evidence,
    item_labels,
    last_request,
    material_evidence,
    still_missing,
)
from aduan.cases.models import Case, Reporter, SanctionRecommendation, Verification
from aduan.cases.reveal import MIN_REASON, ReasonRequired, identity_reveal, needs_reason
from aduan.cases.selectors import case_for_user, clocks, deliveries, reporter_view, timeline
from aduan.cases.states import State
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.core.forms import posted_text
from aduan.directory.models import Unit, User
from aduan.reference.models import Channel, IntakeType, Substance
from aduan.sp4n.rules import Privacy, ReportClass

PAGE_SIZE = 50


@require_GET
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {"today": bo.today_for(user)}
    if user.role in {User.Role.ASISTEN, User.Role.KEPALA_KEASISTENAN}:
        context["my_cases"] = bo.my_cases(user)[:50]
        context["queue"] = bo.unit_queue(user)[:50]
    if (
        user.role in {User.Role.KEPALA_PERWAKILAN, User.Role.KEPALA_KEASISTENAN, User.Role.ANGGOTA}
        or user.is_superuser
    ):
        context["overview"] = bo.office_overview(user)
    return render(request, "backoffice/home.html", context)


EXPORT_COLUMNS = [
    ("reference", "nomor_laporan"),
    ("received_at", "diterima"),
    ("intake_type.code", "jenis"),
    ("channel.code", "saluran"),
    ("state", "status"),
    ("title", "ringkasan"),
    ("agency.name", "terlapor"),
    ("substance.code", "substansi"),
    ("unit.name", "keasistenan"),
    ("assignee.username", "petugas"),
    ("next_due", "tenggat_berikut"),
    ("confidential", "identitas_dirahasiakan"),
]
# Added for the staff of an agency complaint unit (bo.shows_sp4n).
SP4N_EXPORT_COLUMNS = [
    ("sp4n.report_class", "klasifikasi"),
    ("sp4n.privacy", "kerahasiaan"),
    ("sp4n.level", "tingkat_disposisi"),
]


def _export_columns(user: Any) -> list[tuple[str, str]]:
    return EXPORT_COLUMNS + SP4N_EXPORT_COLUMNS if bo.shows_sp4n(user) else EXPORT_COLUMNS


def _value(case: Case, path: str) -> str:
    value: Any = case
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet program.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included


def _cell(case: Case, path: str) -> Any:
    """A typed spreadsheet cell: dates stay dates (in the office's time zone), text is text."""
    value: Any = case
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (dt.date, bool, int)):
        return value
    return str(value)


def _xlsx(queryset: Any, columns: list[tuple[str, str]] = EXPORT_COLUMNS) -> HttpResponse:
    """The current list as an Excel workbook, written row by row (openpyxl's write-only mode,
    so memory stays flat). Text cells are stored as text, never as formulas. Reporters'
    identities are never in the export."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("laporan")
    sheet.freeze_panes = "A2"
    header = []
    for _path, title in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for case in queryset[:XLSX_MAX_ROWS].iterator(chunk_size=500):
        row = []
        for path, _title in columns:
            cell = WriteOnlyCell(sheet, value=_cell(case, path))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it starts with "="
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="laporan.xlsx"'
    return response


def _csv(queryset: Any, columns: list[tuple[str, str]] = EXPORT_COLUMNS) -> StreamingHttpResponse:
    """The current list as CSV (UTF-8 with BOM for spreadsheet programs). Reporters' identities
    are never in the export."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())

    def rows() -> Any:
        yield "\ufeff" + writer.writerow([header for _path, header in columns])
        for case in queryset.iterator(chunk_size=500):
            yield writer.writerow([_value(case, path) for path, _header in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="laporan.csv"'
    return response


@require_GET
@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.dict()
    columns = _export_columns(request.user)
    if params.get("format") == "csv":
        return _csv(bo.case_list(request.user, params), columns)
    if params.get("format") == "xlsx":
        return _xlsx(bo.case_list(request.user, params), columns)
    page = bo.case_page(bo.case_list(request.user, params), params.get("page"), per_page=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/case_list.html",
        {
            "page": page,
            "params": params,
            "query": query.urlencode(),
            "today": bo.today_for(request.user),
            "states": State.choices,
            "intake_types": IntakeType.objects.active(),
            "channels": Channel.objects.active(),
            "substances": Substance.objects.active(),
            "sp4n_columns": bo.shows_sp4n(request.user),
            "report_classes": ReportClass.choices,
            "privacies": Privacy.choices,
            "bulk_actions": BULK_ACTIONS.items(),
            "units": Unit.objects.filter(office=request.user.office_id, active=True),
            "colleagues": bo.colleagues(request.user),
            "next": request.get_full_path(),
            "sorts": [
                ("received", _("newest first")),
                ("received_asc", _("oldest first")),
                ("urgent", _("most urgent first (RCO, then next due)")),
                ("due", _("next due first")),
                ("reference", _("reference")),
            ],
        },
    )


BULK_ACTIONS = {
    "assign": gettext_lazy("Assign to"),
    "note": gettext_lazy("Add an internal note"),
    "transfer": gettext_lazy("Transfer to unit"),
    "remind": gettext_lazy("Send a reminder to whoever holds them"),
}


@require_POST
@staff_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Do one thing to many cases; each still goes through its own service and audit, and a
    refusal for one case does not stop the others."""
    name = request.POST.get("bulk_action", "")
    ids = [int(i) for i in request.POST.getlist("case") if bo.is_id(i)][:500]
    if name not in BULK_ACTIONS or not ids:
        messages.error(request, _("Choose an action and at least one case."))
        return redirect(_back(request))
    assignee = unit = None
    text = (request.POST.get("text") or "").strip()
    if name == "assign":
        assignee = User.objects.filter(username=request.POST.get("assignee", "")).first()
    if name == "transfer":
        raw_unit = request.POST.get("unit") or ""
        unit = Unit.objects.filter(pk=int(raw_unit)).first() if bo.is_id(raw_unit) else None
    done, refused = 0, []
    for pk in ids:
        label = str(pk)
        try:
            case = case_for_user(request.user, pk)
            label = case.reference
            if name == "assign":
                sv.case_assign(case=case, actor=request.user, assignee=assignee, reason=text)
            elif name == "note":
                sv.case_add_note(case=case, actor=request.user, kind="internal", text=text)
            elif name == "remind":
                sv.case_send_reminder(case=case, actor=request.user, note=text)
            else:
                if unit is None:
                    raise DomainError(_("Choose the unit."))
                sv.case_transfer(
                    case=case, actor=request.user, to_unit=unit, reason=text or _("Bulk transfer")
                )
            done += 1
        except DomainError as exc:
            refused.append(f"{label}: {exc}")
    if done:
        messages.success(request, _("%(n)s cases done.") % {"n": done})
    for line in refused[:20]:
        messages.error(request, line)
    return redirect(_back(request))


@require_POST
@staff_required
def take_case(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Take this case" from a queue: the signed-in person becomes its holder
    (``case_take``), then returns to the list they were on."""
    case = case_for_request(request, pk)
    try:
        sv.case_take(case=case, actor=request.user)
    except DomainError as exc:
        messages.error(request, f"{case.reference}: {exc}")
    else:
        messages.success(request, _("You now hold %(ref)s.") % {"ref": case.reference})
    return redirect(_back(request, default="/kantor/"))


def _back(request: HttpRequest, default: str = "/kantor/laporan/") -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/kantor/") else default


@require_GET
@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_request(request, pk)
    presence.touch(case, request.user)
    request.guide_state = case.state  # "Help for this page" opens the guide at this stage
    return _render_case(request, case, reveal=None)


@require_GET
@staff_required
def case_presence(request: HttpRequest, pk: int) -> HttpResponse:
    """The 'also on this case' line, polled by the open case page (htmx) every minute."""
    case = case_for_request(request, pk)
    presence.touch(case, request.user)
    return render(
        request,
        "backoffice/_presence.html",
        {"case": case, "present": presence.others_on(case, request.user)},
    )


PREVIEWABLE = {"application/pdf", "image/jpeg", "image/png"}


@require_http_methods(["GET", "POST"])
@staff_required
def document_file(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document of the case: shown in the browser (PDF and images, ``?lihat=1``) or
    downloaded. A file that may identify a confidential reporter needs the right to see
    identities and, outside need to know, a reason posted with the request (break glass, as
    the reporter's identity); every such opening is audited."""
    case = case_for_request(request, pk)
    document = case.documents.filter(pk=document_pk).first()
    if document is None:
        raise Http404(_("No such document on this case."))
    hides_identity = case.confidential and document.identifies_reporter
    if request.method == "POST" and not hides_identity:
        return HttpResponse(status=405)
    if hides_identity:
        if not permissions.can(request.user, "view_identity", case):
            raise Http404(_("No such document on this case."))
        try:
            identity_reveal(
                case=case,
                actor=request.user,
                shown=[{"document": document.pk}],
                reason=posted_text(request, "reason") if request.method == "POST" else "",
                routine="case.identity_document_opened",
            )
        except ReasonRequired as exc:
            return _render_case(request, case, reveal=None, failed=("", None, str(exc)), status=403)
    wanted = request.POST if request.method == "POST" else request.GET
    inline = wanted.get("lihat") == "1" and document.content_type in PREVIEWABLE
    name = (
        f"dokumen-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}"
        if hides_identity
        else document.original_name
    )
    return file_response(
        document.file, name=name, content_type=document.content_type, inline=inline
    )


@require_POST
@staff_required
def reveal_identity(request: HttpRequest, pk: int, reporter_pk: int) -> HttpResponse:
    """Show a confidential reporter's identity to a permitted person; the view is audited."""
    case = case_for_request(request, pk)
    reporter = case.reporters.filter(pk=reporter_pk).first()
    if reporter is None:
        raise Http404(_("No such reporter on this case."))
    if not permissions.can(request.user, "view_identity", case):
        refusal = _("You may not see this reporter's identity (your role, or an anonymous report).")
        return _render_case(request, case, reveal=None, failed=("", None, refusal), status=403)
    try:
        return _render_case(
            request, case, reveal=reporter.pk, reason=posted_text(request, "reason")
        )
    except ReasonRequired as exc:
        return _render_case(request, case, reveal=None, failed=("", None, str(exc)), status=400)


@require_POST
@staff_required
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Run one action from the case page through its service function."""
    case = case_for_request(request, pk)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404(_("Unknown action."))
    form = action.form(request.POST, request.FILES, case=case)
    error = ""
    if form.is_valid():
        try:
            result = action.run(case, request.user, form)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            # An action that made another case (filing a report again) leads to it.
            target = result.pk if isinstance(result, Case) else case.pk
            return redirect("backoffice:case_detail", pk=target)
    case.refresh_from_db()
    return _render_case(request, case, reveal=None, failed=(name, form, error), status=400)


def _completions(case: Case) -> list[Any]:
    """What the reporter sent to complete the report, newest first, with the items named."""
    completions = case.reporter_completions.select_related("recorded_by", "message")
    rows = list(completions.order_by("-at", "-id")[:20])
    for row in rows:
        row.item_labels = item_labels(row.items)
        row.missing_labels = item_labels(row.still_missing)
    return rows


CHECKLIST_ACTIONS = {"verify-formal", "verify-material"}
CHECKLIST_STATES = {
    "met": (gettext_lazy("given"), "green"),
    "missing": (gettext_lazy("missing"), "red"),
    "not_applicable": (gettext_lazy("not applicable"), "grey"),
    "to_judge": (gettext_lazy("for you to judge"), "blue"),
}
RECORDED = {True: gettext_lazy("met"), False: gettext_lazy("not met"), None: gettext_lazy("n/a")}


def _displayed(data: dict[str, Any]) -> dict[str, Any]:
    """A reporter as ``reporter_view`` shows them, with the coded values as people read them."""
    data["kind_display"] = Reporter.Kind(data["kind"]).label if data.get("kind") else ""
    channel = data.get("contact_channel")
    choices = dict(Reporter.ContactChannel.choices)
    data["contact_channel_display"] = choices.get(channel, channel or "")
    data["id_type_display"] = dict(Reporter.IdType.choices).get(data.get("id_type") or "", "")
    data["language_display"] = dict(settings.LANGUAGES).get(data.get("language") or "", "")
    return data


def _last_items(case: Case, kind: str) -> dict[str, Any] | None:
    if kind == Verification.Kind.FORMAL:
        verification = last_request(case)[0]
    else:
        verification = case.verifications.filter(kind=kind).order_by("-at", "-id").first()
    return verification.items if verification is not None else None


def _checklist_rows(
    rows: list[dict[str, Any]], action: dict[str, Any] | None, recorded: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each checklist item with its evidence, its state, what the last verification recorded
    and, when the verification can be done now, its choice in the action's form."""
    for row in rows:
        label, colour = CHECKLIST_STATES[row["state"]]
        row["state_label"], row["colour"] = label, colour
        if recorded is not None and row["code"] in recorded:
            row["recorded"] = RECORDED.get(recorded[row["code"]], "")
        row["field"] = action["form"][row["code"]] if action else None
    return rows


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    reveal: int | None,
    reason: str = "",
    failed: tuple[str, Any, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    # Read once for the whole page (the checklists, the identity guard and the facts ask too).
    prefetch_related_objects([case], "reporters", "maladministration_forms")
    actions = []
    for name, action in available(case, request.user):
        if failed and failed[0] == name:
            actions.append(
                {
                    "name": name,
                    "label": action.label,
                    "form": failed[1],
                    "error": failed[2],
                    "open": True,
                }
            )
        else:
            actions.append(
                {
                    "name": name,
                    "label": action.label,
                    "form": action.form(case=case),
                    "error": "",
                    "open": False,
                }
            )
    shown = {entry["name"] for entry in actions}
    page_error = failed[2] if failed and failed[0] not in shown else ""
    reporters = [
        _displayed(
            reporter_view(reporter, request.user, reveal=reporter.pk == reveal, reason=reason)
        )
        for reporter in case.reporters.all()
    ]
    # The verification checklists sit beside their evidence, with the verify action's choices
    # on each row; the other actions go to the aside.
    by_name = {entry["name"]: entry for entry in actions}
    formal_action = by_name.get("verify-formal")
    material_action = by_name.get("verify-material")
    actions = [entry for entry in actions if entry["name"] not in CHECKLIST_ACTIONS]
    show_formal = formal_action is not None or (
        case.intake_type.code == "lm"
        and case.state in {State.AWAITING_COMPLETION, State.MATERIAL_VERIFICATION}
    )
    formal = (
        _checklist_rows(
            formal_evidence(case, identity_shown=False),
            formal_action,
            _last_items(case, Verification.Kind.FORMAL),
        )
        if show_formal
        else []
    )
    material = (
        _checklist_rows(material_evidence(case), material_action, None) if material_action else []
    )
    documents = list(case.documents.all())
    return render(
        request,
        "backoffice/case_detail.html",
        {
            "case": case,
            "reporters": reporters,
            "clocks": clocks(case),
            "deliveries": deliveries(case),
            "timeline": list(reversed(timeline(case))),
            "completed_by_reporter": case.completed_by_reporter_at is not None
            and case.state == Case.State.RECEIVED,
            "still_missing": item_labels(still_missing(case)),
            "completions": _completions(case),
            "documents": documents,
            "notes": case.notes.select_related("author").prefetch_related("messages"),
            "forms": case.maladministration_forms.all(),
            "actions": actions,
            "formal_checklist": formal,
            "formal_action": formal_action,
            "show_formal": show_formal,
            "material_checklist": material,
            "material_action": material_action,
            "checklist_state_labels": CHECKLIST_STATES,
            "prior_complaint_documents": [d for d in documents if d.kind == "bukti_pengaduan"],
            "page_error": page_error,
            "can_view_identity": permissions.can(request.user, "view_identity", case),
            "reveal_needs_reason": needs_reason(request.user, case),
            "reveal_min_reason": MIN_REASON,
            "present": presence.others_on(case, request.user),
            "sanctions": SanctionRecommendation.objects.filter(recommendation__case=case)
            .select_related("addressee")
            .order_by("sent_on", "id"),
        },
        status=status,
    )
