"""The desk's pages in the back office (``/kantor/terima/``): thin. Forms check the shape,
``services.desk_record`` hands the report to ``submit`` (which commits it), and only then is the
receipt shown. The shared fields of the last form (channel, intake type, event tag) are kept in
the session, so a posko operator types the event once."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aduan.access import permission_required
from aduan.cases.errors import NotAllowed
from aduan.cases.models import Case
from aduan.cases.selectors import case_for_user
from aduan.core.errors import DomainError
from aduan.deadlines.models import Deadline
from aduan.intake.channels.desk import services
from aduan.intake.channels.desk.forms import (
    DATETIME_FORMAT,
    BatchRows,
    DeskForm,
    SharedFields,
)

SHARED = "desk_shared"  # session: channel, intake type, event tag of the last form
RECEIPTS = "desk_receipts"  # session: the cases recorded here whose receipt may be printed
BATCHES = "desk_batches"  # session: batch token → the cases it made
KEEP_RECEIPTS = 200
KEEP_BATCHES = 5
COMPLETENESS_RULE = "pemberitahuan-kelengkapan"


# Staff whose role may receive reports in their own office ('receive').
receive_required = permission_required("receive", template="desk/not_allowed.html")


def _shared_initial(request: HttpRequest) -> dict[str, Any]:
    remembered = request.session.get(SHARED, {})
    return {
        "token": services.new_token(),
        "channel": remembered.get("channel", "datang-langsung"),
        "intake_type": remembered.get("intake_type", "lm"),
        "event_tag": remembered.get("event_tag", ""),
        "received_at": timezone.localtime().strftime(DATETIME_FORMAT),
    }


def _remember(request: HttpRequest, shared: dict[str, Any], cases: list[Case]) -> None:
    request.session[SHARED] = {
        "channel": shared["channel"],
        "intake_type": shared["intake_type"],
        "event_tag": shared.get("event_tag", ""),
    }
    receipts = [pk for pk in request.session.get(RECEIPTS, []) if pk not in {c.pk for c in cases}]
    request.session[RECEIPTS] = (receipts + [c.pk for c in cases])[-KEEP_RECEIPTS:]


@require_http_methods(["GET", "POST"])
@receive_required
def desk_form(request: HttpRequest) -> HttpResponse:
    """One report: the person at the desk, a phone call, a letter."""
    if request.method == "POST":
        form = DeskForm(request.POST, request.FILES, office=request.user.office)
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.desk_record(
                    shared=data,
                    report=data,
                    user=request.user,
                    key=services.desk_key(user=request.user, token=data["token"]),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                _remember(request, data, [case])
                return redirect("backoffice:desk:receipt", pk=case.pk)
        return render(request, "desk/form.html", {"form": form}, status=400)
    form = DeskForm(initial=_shared_initial(request), office=request.user.office)
    return render(request, "desk/form.html", {"form": form})


def _receipt_case(request: HttpRequest, pk: int) -> Case:
    """Only a case recorded at this desk in this session: the receipt shows the access code."""
    if pk not in request.session.get(RECEIPTS, []):
        raise Http404(_("No such receipt."))
    try:
        return case_for_user(request.user, pk)
    except NotAllowed as exc:
        raise Http404(str(exc)) from exc


def _receipt_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    clock = (
        Deadline.objects.filter(case=case, rule__code=COMPLETENESS_RULE)
        .order_by("due_date")
        .first()
    )
    return {
        "case": case,
        "reporters": list(case.reporters.all()),
        "completeness_due": clock.due_date if clock else None,
        "track_url": request.build_absolute_uri(reverse("portal:track")),
    }


@require_GET
@receive_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable receipt (tanda terima, UU 25/2009 Ps.44(1)-(2))."""
    case = _receipt_case(request, pk)
    return render(request, "desk/receipt.html", {"receipts": [_receipt_context(request, case)]})


@require_GET
@receive_required
def batch_receipts(request: HttpRequest, token: str) -> HttpResponse:
    """Every receipt of a batch, one per printed page."""
    pks = request.session.get(BATCHES, {}).get(token)
    if not pks:
        raise Http404(_("No such batch."))
    cases = [_receipt_case(request, pk) for pk in pks]
    return render(
        request, "desk/receipt.html", {"receipts": [_receipt_context(request, c) for c in cases]}
    )


def _batch_rows(formset: Any) -> dict[int, dict[str, Any]]:
    """The rows with something typed in, by their index; invalid ones are left out."""
    return {
        index: form.cleaned_data
        for index, form in enumerate(formset.forms)
        if form.has_changed() and form.is_valid()
    }


def _batch_page(
    request: HttpRequest,
    shared: SharedFields,
    rows: Any,
    *,
    saved: dict[int, Case] | None = None,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    """The sheet; ``saved`` rows of a sheet shown again are marked with their case."""
    saved = saved or {}
    marks = saved if rows.is_bound else {}
    context = {
        "shared": shared,
        "rows": rows,
        "sheet": [(index + 1, form, marks.get(index)) for index, form in enumerate(rows.forms)],
        "saved": list(saved.values()),
        "token": token,
    }
    return render(request, "desk/batch.html", context, status=status)


@require_http_methods(["GET", "POST"])
@receive_required
def batch(request: HttpRequest) -> HttpResponse:
    """A stack of paper forms sharing one channel, event tag and date: each row with content
    becomes a case; a row refused is shown again with its message, the others are saved."""
    if request.method != "POST":
        shared = SharedFields(initial=_shared_initial(request), prefix="batch")
        return _batch_page(request, shared, BatchRows())
    shared = SharedFields(request.POST, prefix="batch")
    rows = BatchRows(request.POST)
    if not (shared.is_valid() and rows.management_form.is_valid()):
        return _batch_page(request, shared, rows, status=400)
    token = shared.cleaned_data["token"]
    filled = [i for i, form in enumerate(rows.forms) if form.has_changed()]
    if not filled:
        shared.add_error(None, _("Type at least one row."))
        return _batch_page(request, shared, rows, status=400)
    result = services.desk_record_batch(
        shared=shared.cleaned_data, rows=_batch_rows(rows), user=request.user, token=token
    )
    saved = {i: result.saved[i] for i in sorted(result.saved)}
    if saved:
        _remember(request, shared.cleaned_data, list(saved.values()))
        batches = dict(list(request.session.get(BATCHES, {}).items())[-(KEEP_BATCHES - 1) :])
        batches[token] = [c.pk for c in saved.values()]
        request.session[BATCHES] = batches
    pending = [i for i in filled if i not in saved]
    if not pending:
        # All typed rows are saved: a fresh sheet for the next stack (a new token).
        fresh = SharedFields(initial=_shared_initial(request), prefix="batch")
        return _batch_page(request, fresh, BatchRows(), saved=saved, token=token)
    for index, message in result.errors.items():
        rows.forms[index].add_error(None, message)
    for index in saved:  # kept on the sheet so nothing shifts, but no longer to be edited
        for field in rows.forms[index].fields.values():
            field.widget.attrs["readonly"] = True
    return _batch_page(request, shared, rows, saved=saved, token=token, status=400)
