"""Letters on the case: the list with the form that makes one, and the downloads. Thin: the
case is fetched with ``case_for_user`` (another office's staff get 404, as on the case page)
and the letter is made by ``services.generate_letter``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aduan.access import case_for_request, staff_required
from aduan.cases.errors import NotAllowed
from aduan.core.errors import DomainError
from aduan.core.files import file_response
from aduan.core.forms import posted_text
from aduan.letters.forms import LetterForm
from aduan.letters.selectors import CONTENT_TYPES, letter_file
from aduan.letters.services import available_letters, generate_letter


@require_http_methods(["GET", "POST"])
@staff_required
def case_letters(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_request(request, pk)
    form, error = None, ""
    if request.method == "POST":
        form = LetterForm(request.POST, choices=available_letters(case, request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                letter = generate_letter(
                    case,
                    data["kind"],
                    actor=request.user,
                    addressee=data["addressee"],
                    other_name=data.get("other_name", ""),
                    other_address=data.get("other_address", ""),
                )
            except DomainError as exc:
                error = str(exc)
            else:
                messages.success(request, _("Letter %(number)s made.") % {"number": letter.number})
                if request.POST.get("next") == "case":
                    return redirect(reverse("backoffice:case_detail", args=[case.pk]) + "#surat")
                return redirect("backoffice:letters:list", pk=case.pk)
    return render(
        request,
        "letters/case_letters.html",
        {"case": case, "letter_form": form, "letter_error": error, "letters_page": True},
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def download(request: HttpRequest, pk: int, letter_pk: str, fmt: str) -> HttpResponse:
    """A letter's file. A letter to a confidential reporter outside need to know is opened by
    POST with a ``reason`` (break glass, as the identity on the case page)."""
    reason = posted_text(request, "reason") if request.method == "POST" else ""
    try:
        file, name = letter_file(request.user, pk, int(letter_pk), fmt, reason=reason)
    except (NotAllowed, ValueError) as exc:
        raise Http404(_("No such letter, or you may not see it.")) from exc
    # Streamed from storage (disk or bucket), or a short-lived signed URL (core.files).
    return file_response(file, name=name, content_type=CONTENT_TYPES[fmt])
