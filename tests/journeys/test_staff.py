"""Journey b, staff at a desktop (1366x768): the PVL assistant finds the new report in the queue
and verifies it, the head of office registers it for examination, the examiner asks the
reported agency for a clarification.

Screenshots: var/screenshots/journeys/staff/ (see tests/journeys/conftest.py)."""

from __future__ import annotations

import pytest

from aduan.cases.checklists import FORMAL_ITEMS, MATERIAL_ITEMS
from aduan.cases.models import ClarificationRequest
from aduan.cases.states import State
from tests.journeys.conftest import DESKTOP, case_action

# Selectors in one place: the case page's actions by their URL slug, form fields by id.
QUEUE = "/kantor/laporan/"
VERIFY_FORMAL, VERIFY_MATERIAL = "verify-formal", "verify-material"
REGISTER, CLARIFICATION = "register", "clarification"
QUESTIONS = "Mengapa pemohon KTP diminta membayar Rp150.000? Lampirkan dasar hukumnya."


def _tick(form, items: dict) -> None:
    """Every item met; an optional one not applicable."""
    for code, (_label, _basis, optional) in items.items():
        form.locator(f"input[name='{code}'][value='{'' if optional else '1'}']").check()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_verify_register_and_ask_for_a_clarification(
    journey, receive, office, pvl_assistant, head_of_office, examiner
):
    case = receive(
        reporters=[
            {
                "name": "Siti Aminah",
                "email": "siti@example.com",
                "phone": "081200011122",
                "address": "Jl. Merdeka 1, Pangkalpinang",
            }
        ],
        chronology="10 Januari 2026: petugas meminta uang Rp150.000 untuk KTP.",
    )
    j = journey("staff")
    page = j.open(DESKTOP)

    j.staff_sign_in(page, pvl_assistant.username)
    j.goto(page, QUEUE)
    j.step(page, "01-queue")
    j.submit(page, page.get_by_role("link", name=case.reference))
    j.step(page, "02-case-page")

    form = case_action(page, VERIFY_FORMAL)
    _tick(form, FORMAL_ITEMS)
    j.step(page, "03-verify")
    j.submit(page, form.locator("button[type=submit]"))
    form = case_action(page, VERIFY_MATERIAL)
    _tick(form, MATERIAL_ITEMS)
    j.step(page, "03b-verify-material")
    j.submit(page, form.locator("button[type=submit]"))
    case.refresh_from_db()
    assert case.state == State.AWAITING_DECISION

    j.staff_sign_in(page, head_of_office.username)
    j.goto(page, f"/kantor/laporan/{case.pk}/")
    form = case_action(page, REGISTER)
    form.locator("#id_unit").select_option(label=str(office.units.get(code="pemeriksaan")))
    form.locator("#id_assignee").select_option(str(examiner.pk))
    form.locator("#id_reason").fill("Rapat pleno 7 Desember: diperiksa.")
    j.step(page, "04-register")
    j.submit(page, form.locator("button[type=submit]"))
    case.refresh_from_db()
    assert case.state == State.EXAMINATION and case.assignee == examiner

    j.staff_sign_in(page, examiner.username)
    j.goto(page, f"/kantor/laporan/{case.pk}/")
    form = case_action(page, CLARIFICATION)
    form.locator("#id_text").fill(QUESTIONS)
    j.step(page, "05-clarification-request")
    j.submit(page, form.locator("button[type=submit]"))
    j.step(page, "06-clarification-sent")
    request = ClarificationRequest.objects.get(case=case)
    assert request.questions == QUESTIONS
    assert request.status == ClarificationRequest.Status.WAITING
    j.finish()
