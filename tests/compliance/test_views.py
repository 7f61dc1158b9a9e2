"""The pages under /kantor/kepatuhan/: scoped reads, the assessor's form, review, exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from aduan.compliance import services
from aduan.compliance.models import Assessment, Delivery, Evidence, Indicator

from .conftest import PNG, png


@pytest.fixture
def campaign(standard_2013, make_campaign):
    return make_campaign(standard_2013)


@pytest.fixture
def assessment(campaign, schedule, agency_tree):
    return schedule(campaign, agency_tree["clinic"])


@pytest.fixture
def approved(assessment, fill_and_submit, head_of_office):
    fill_and_submit(assessment, scale=0, yes=True)
    return services.assessment_approve(assessment=assessment, actor=head_of_office)


def test_another_office_sees_nothing(client, approved, outsider):
    evidence = Evidence.objects.first()
    client.force_login(outsider)
    assert "Penilaian Kepatuhan" not in client.get("/kantor/kepatuhan/").content.decode()
    for url in [
        f"/kantor/kepatuhan/kampanye/{approved.campaign_id}/",
        f"/kantor/kepatuhan/kampanye/{approved.campaign_id}/peringkat/",
        f"/kantor/kepatuhan/kampanye/{approved.campaign_id}/unduh.xlsx",
        f"/kantor/kepatuhan/penilaian/{approved.pk}/",
        f"/kantor/kepatuhan/penilaian/{approved.pk}/isi/",
        f"/kantor/kepatuhan/bukti/{evidence.pk}/",
    ]:
        assert client.get(url).status_code == 404, url


def test_signed_out_people_are_sent_to_sign_in(client, approved):
    response = client.get("/kantor/kepatuhan/")
    assert response.status_code == 302 and "/kantor/masuk/" in response["Location"]


def test_evidence_is_served_only_through_the_scoped_view(client, approved, head_of_office):
    evidence = Evidence.objects.get()
    client.force_login(head_of_office)
    response = client.get(f"/kantor/kepatuhan/bukti/{evidence.pk}/?lihat=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_the_assessor_fills_in_and_submits_through_the_form(client, assessment, assessor):
    client.force_login(assessor)
    page = client.get(f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/")
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()
    data = {"action": "submit"}
    for indicator in Indicator.objects.filter(dimension__instrument=assessment.instrument):
        data[f"v-{indicator.pk}"] = "1"
        data[f"n-{indicator.pk}"] = "ada"
        if indicator.evidence_required:
            data[f"f-{indicator.pk}"] = png()
    response = client.post(f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/", data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/penilaian/{assessment.pk}/")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED
    assert assessment.score == Decimal("100.00")


def test_a_half_filled_form_is_saved_and_submission_refused(client, assessment, assessor):
    client.force_login(assessor)
    indicator = Indicator.objects.filter(dimension__instrument=assessment.instrument).first()
    response = client.post(
        f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/",
        {"action": "submit", f"v-{indicator.pk}": "1"},
        follow=True,
    )
    assert "Jawab semua indikator" in response.content.decode()  # Indonesian page
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.IN_PROGRESS
    assert assessment.answers.get(indicator=indicator).value == 1


def test_only_the_assessor_gets_the_form(client, assessment, head_of_office):
    client.force_login(head_of_office)
    assert client.get(f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/").status_code == 404


def test_the_reviewer_approves_and_sends_back_from_the_page(
    client, campaign, schedule, agency_tree, fill_and_submit, head_of_office
):
    first = fill_and_submit(schedule(campaign, agency_tree["clinic"]), scale=0, yes=True)
    second = fill_and_submit(schedule(campaign, agency_tree["health"]), scale=0, yes=True)
    client.force_login(head_of_office)
    page = client.get(f"/kantor/kepatuhan/penilaian/{first.pk}/").content.decode()
    assert "Setujui" in page and "100.00" in page  # Indonesian page
    client.post(f"/kantor/kepatuhan/penilaian/{first.pk}/setujui/")
    client.post(f"/kantor/kepatuhan/penilaian/{second.pk}/kembalikan/", {"reason": "Foto buram"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Assessment.State.APPROVED
    assert (second.state, second.return_reason) == (Assessment.State.RETURNED, "Foto buram")


def test_a_head_creates_a_campaign_and_schedules_a_unit(
    client, head_of_office, dimensions_2022, office, agency_tree, assessor
):
    client.force_login(head_of_office)
    response = client.post(
        "/kantor/kepatuhan/",
        {
            "title": "Penilaian 2023",
            "year": 2023,
            "instrument": dimensions_2022.pk,
            "office": office.pk,
        },
    )
    assert response.status_code == 302
    campaign = office.compliance_campaigns.get()
    response = client.post(
        f"/kantor/kepatuhan/kampanye/{campaign.pk}/",
        {"agency": agency_tree["clinic"].pk, "scheduled_on": "2023-07-03", "assessor": assessor.pk},
    )
    assert response.status_code == 302
    assert campaign.assessments.get().assessor == assessor


def test_ranking_history_export_and_letter(
    client, campaign, schedule, agency_tree, fill_and_submit, head_of_office
):
    for agency, yes_count in [("clinic", 22), ("health", 11), ("city", 17)]:
        unit = fill_and_submit(
            schedule(campaign, agency_tree[agency]), scale=0, yes=False, yes_count=yes_count
        )
        services.assessment_approve(assessment=unit, actor=head_of_office)
    client.force_login(head_of_office)

    page = client.get(f"/kantor/kepatuhan/kampanye/{campaign.pk}/peringkat/").content.decode()
    order = [page.index(name) for name in ["Puskesmas Taman Sari", "Pemerintah Kota", "Dinas"]]
    assert order == sorted(order)

    history = client.get(f"/kantor/kepatuhan/instansi/{agency_tree['city'].pk}/").content.decode()
    assert "Puskesmas Taman Sari" in history and "100,00" in history  # Indonesian page

    response = client.get(f"/kantor/kepatuhan/kampanye/{campaign.pk}/unduh.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    ranking = workbook["Peringkat"]  # headings in Indonesian, the default language
    assert ranking["A1"].font.bold and ranking["B1"].value == "Unit layanan"
    assert [ranking.cell(row=r, column=3).value for r in (2, 3, 4)] == [100.0, 77.27, 50.0]
    agencies = workbook["Instansi"]
    assert agencies["C2"].value == pytest.approx(75.76)  # mean of the city's three units

    response = client.post(
        f"/kantor/kepatuhan/kampanye/{campaign.pk}/surat/",
        {
            "agency": agency_tree["city"].pk,
            "recipient_name": "Dr. Maulan Aklil",
            "recipient_position": "Wali Kota Pangkalpinang",
            "delivered_on": "2021-12-10",
        },
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    assert len(delivery.results) == 3
    pdf = client.get(f"/kantor/kepatuhan/surat/{delivery.pk}/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert delivery.delivered_on == dt.date(2021, 12, 10)


def test_a_non_ascii_digit_in_an_answer_is_ignored_not_a_500(client, assessment, assessor):
    client.force_login(assessor)
    indicator = Indicator.objects.filter(dimension__instrument=assessment.instrument).first()
    response = client.post(
        f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/", {f"v-{indicator.pk}": "²"}
    )
    assert response.status_code in {200, 302}


def test_the_workbook_holds_no_formula_even_for_a_name_that_looks_like_one(
    campaign, schedule, agency_tree, fill_and_submit, head_of_office
):
    from aduan.compliance.export import campaign_xlsx

    clinic = agency_tree["clinic"]
    clinic.name = '=HYPERLINK("http://x")'
    clinic.save(update_fields=["name"])
    unit = fill_and_submit(schedule(campaign, clinic), scale=0, yes=True)
    services.assessment_approve(assessment=unit, actor=head_of_office)
    workbook = load_workbook(io.BytesIO(campaign_xlsx(campaign)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
