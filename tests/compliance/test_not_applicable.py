""" "Not applicable" (tidak relevan) answers: offered only where the indicator allows it, with a
note saying why, left out of the score (an all-N/A dimension drops out), needing no evidence,
shown as such on the page, the report and the workbook; past results are never recomputed."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from aduan.compliance import scoring, services
from aduan.compliance.errors import ComplianceError
from aduan.compliance.models import NOT_APPLICABLE, Answer, Assessment, Indicator
from aduan.compliance.seed import NOT_APPLICABLE_ALLOWED, allow_not_applicable

from .conftest import png

NA = NOT_APPLICABLE
WHY = "Layanan gratis, tidak ada tarif."


def _by_code(instrument) -> dict[tuple[str, str], Indicator]:
    return {
        (i.dimension.code, i.code): i
        for i in Indicator.objects.filter(dimension__instrument=instrument).select_related(
            "dimension"
        )
    }


def _answers(instrument, special: dict[tuple[str, str], object], *, scale: int, yes: int):
    """Every indicator answered ``scale`` or ``yes``, except those in ``special`` (value, or
    ``NA``); evidence where a positive answer needs it."""
    answers, files = {}, {}
    for key, indicator in _by_code(instrument).items():
        if key in special:
            value = special[key]
        else:
            value = scale if indicator.kind == Indicator.Kind.SCALE else yes
        answers[indicator.pk] = (value, WHY if value == NA else "")
        if indicator.evidence_required and value not in (0, NA):
            files[indicator.pk] = [png()]
    return answers, files


@pytest.fixture
def submit(assessor):
    def go(assessment, special, *, scale=0, yes=1):
        answers, files = _answers(assessment.instrument, special, scale=scale, yes=yes)
        services.assessment_record(
            assessment=assessment, actor=assessor, answers=answers, files=files
        )
        return services.assessment_submit(assessment=assessment, actor=assessor)

    return go


# --- the seed ------------------------------------------------------------------------------


def test_the_migration_allows_it_only_on_the_chosen_2013_indicators(standard_2013, dimensions_2022):
    allowed = set(
        Indicator.objects.filter(allows_not_applicable=True).values_list(
            "dimension__instrument__code", "dimension__code", "code"
        )
    )
    assert allowed == {
        ("standar-pelayanan", "komponen-standar", "biaya-tarif"),
        ("standar-pelayanan", "atribut-tampak", "ruang-tunggu"),
        ("standar-pelayanan", "atribut-tampak", "toilet"),
    }
    assert allow_not_applicable(Indicator) == sum(map(len, NOT_APPLICABLE_ALLOWED.values()))


def test_a_new_version_keeps_the_option(standard_2013, administrator):
    copy = services.instrument_new_version(instrument=standard_2013, actor=administrator)
    assert _by_code(copy)[("komponen-standar", "biaya-tarif")].allows_not_applicable
    assert not _by_code(copy)[("komponen-standar", "dasar-hukum")].allows_not_applicable


# --- scores computed by hand ---------------------------------------------------------------


def test_2013_not_applicable_leaves_both_achieved_and_possible_points(
    standard_2013, make_campaign, schedule, agency_tree, submit
):
    # Components: biaya-tarif N/A, 3 of the other 13 "no" → 10/13. Visible items: waiting room
    # and toilet N/A, 2 of the other 6 "no" → 4/6. Weights 14 and 8 (the whole dimensions).
    special = {
        ("komponen-standar", "biaya-tarif"): NA,
        ("komponen-standar", "dasar-hukum"): 0,
        ("komponen-standar", "persyaratan"): 0,
        ("komponen-standar", "jangka-waktu"): 0,
        ("atribut-tampak", "ruang-tunggu"): NA,
        ("atribut-tampak", "toilet"): NA,
        ("atribut-tampak", "sistem-informasi"): 0,
        ("atribut-tampak", "tanda-pengenal"): 0,
    }
    assessment = submit(schedule(make_campaign(standard_2013), agency_tree["clinic"]), special)
    by_hand = (14 * Decimal(10) / 13 + 8 * Decimal(4) / 6) / 22 * 100  # 73.193… → 73.19
    assert assessment.score == by_hand.quantize(Decimal("0.01")) == Decimal("73.19")
    assert (assessment.category, assessment.zone) == ("kuning", "kuning")
    assert assessment.breakdown == {
        "komponen-standar": {
            "name": "Komponen standar pelayanan (UU 25/2009 Ps.21)",
            "weight": "14.00",
            "score": "76.92",
            "not_applicable": 1,
        },
        "atribut-tampak": {
            "name": "Atribut pelayanan yang tampak",
            "weight": "8.00",
            "score": "66.67",
            "not_applicable": 2,
        },
    }
    answers = assessment.answers.filter(not_applicable=True)
    assert answers.count() == 3
    assert {(a.value, a.note) for a in answers} == {(None, WHY)}


def test_2022_a_dimension_all_not_applicable_drops_out_and_the_weights_renormalise(
    dimensions_2022, make_campaign, schedule, agency_tree, submit
):
    by_code = _by_code(dimensions_2022)
    na_keys = [
        ("proses", "kepastian-biaya"),
        ("pengaduan", "sarana-pengaduan"),
        ("pengaduan", "tindak-lanjut"),
        ("pengaduan", "kepatuhan-ombudsman"),
    ]
    Indicator.objects.filter(pk__in=[by_code[k].pk for k in na_keys]).update(
        allows_not_applicable=True
    )
    campaign = make_campaign(dimensions_2022, year=2023)
    assessment = submit(
        schedule(campaign, agency_tree["clinic"]), dict.fromkeys(na_keys, NA), scale=3, yes=1
    )
    # input: (2·¾ + 2·¾ + 2·1 + 1·1 + 1·¾) / 8 = 0.84375; proses without the fee indicator:
    # (2·¾ + ¾ + ¾) / 4 = 0.75; output 0.75; pengaduan out: weights 30 + 30 + 25 = 85.
    by_hand = (30 * Decimal("0.84375") + 30 * Decimal("0.75") + 25 * Decimal("0.75")) / 85 * 100
    assert assessment.score == by_hand.quantize(Decimal("0.01")) == Decimal("78.31")
    assert (assessment.category, assessment.zone) == ("C", "kuning")
    assert assessment.breakdown["input"]["score"] == "84.38"
    assert assessment.breakdown["proses"] == {
        "name": "Proses",
        "weight": "30.00",
        "score": "75.00",
        "not_applicable": 1,
    }
    assert assessment.breakdown["pengaduan"] == {
        "name": "Pengelolaan pengaduan",
        "weight": "15.00",
        "score": None,
        "not_applicable": 3,
    }
    assert "not_applicable" not in assessment.breakdown["output"]


def test_every_indicator_not_applicable_has_nothing_to_score(standard_2013):
    every = {i.pk for i in Indicator.objects.filter(dimension__instrument=standard_2013)}
    Indicator.objects.filter(pk__in=every).update(allows_not_applicable=True)
    with pytest.raises(ComplianceError, match="nothing to score"):
        scoring.compute(standard_2013, {}, not_applicable=every)


def test_scoring_refuses_not_applicable_where_not_allowed(standard_2013):
    indicators = _by_code(standard_2013)
    values = {i.pk: 1 for i in indicators.values()}
    with pytest.raises(ComplianceError, match="cannot be answered"):
        scoring.compute(
            standard_2013,
            values,
            not_applicable={indicators[("komponen-standar", "dasar-hukum")].pk},
        )


# --- refusals and evidence -----------------------------------------------------------------


@pytest.fixture
def assessment(standard_2013, make_campaign, schedule, agency_tree):
    return schedule(make_campaign(standard_2013), agency_tree["clinic"])


def test_not_applicable_is_refused_where_the_indicator_does_not_allow_it(
    assessment, assessor, standard_2013
):
    indicator = _by_code(standard_2013)[("komponen-standar", "dasar-hukum")]
    with pytest.raises(ComplianceError, match="cannot be answered “not applicable”"):
        services.assessment_record(
            assessment=assessment, actor=assessor, answers={indicator.pk: (NA, WHY)}
        )
    assert not Answer.objects.exists()


def test_not_applicable_without_a_note_is_refused(assessment, assessor, standard_2013):
    indicators = _by_code(standard_2013)
    fee = indicators[("komponen-standar", "biaya-tarif")]
    other = indicators[("komponen-standar", "dasar-hukum")]
    for note in ["", "   "]:
        with pytest.raises(ComplianceError, match="say in its note why"):
            services.assessment_record(
                assessment=assessment,
                actor=assessor,
                answers={other.pk: (1, ""), fee.pk: (NA, note)},
            )
    assert not Answer.objects.exists()  # nothing of the refused save is kept


def test_a_not_applicable_answer_needs_no_evidence(
    standard_2013, make_campaign, schedule, agency_tree, submit
):
    key = ("atribut-tampak", "maklumat-pelayanan")  # evidence required for "yes"
    Indicator.objects.filter(pk=_by_code(standard_2013)[key].pk).update(allows_not_applicable=True)
    assessment = submit(schedule(make_campaign(standard_2013), agency_tree["clinic"]), {key: NA})
    assert assessment.score == Decimal("100.00")  # 14/14 and 7/7
    assert not assessment.answers.get(indicator__code="maklumat-pelayanan").evidence.exists()


def test_changing_a_not_applicable_answer_back_to_points(assessment, assessor, standard_2013):
    fee = _by_code(standard_2013)[("komponen-standar", "biaya-tarif")]
    services.assessment_record(assessment=assessment, actor=assessor, answers={fee.pk: (NA, WHY)})
    services.assessment_record(assessment=assessment, actor=assessor, answers={fee.pk: (0, "")})
    answer = Answer.objects.get(indicator=fee)
    assert (answer.value, answer.not_applicable, answer.note) == (0, False, "")


# --- past results --------------------------------------------------------------------------


def test_past_approved_results_are_not_recomputed(
    standard_2013, make_campaign, schedule, agency_tree, fill_and_submit, head_of_office
):
    # A result approved before the option existed: the fee component answered "no".
    allow_not_applicable(Indicator, allowed=False)
    campaign = make_campaign(standard_2013)
    past = fill_and_submit(
        schedule(campaign, agency_tree["clinic"]), scale=0, yes=False, yes_count=17
    )
    services.assessment_approve(assessment=past, actor=head_of_office)
    past.refresh_from_db()
    stored = (past.score, past.category, past.zone, past.breakdown)
    assert stored[0] == Decimal("77.27")

    allow_not_applicable(Indicator)  # what migration 0004 does

    past.refresh_from_db()
    assert (past.score, past.category, past.zone, past.breakdown) == stored
    assert past.state == Assessment.State.APPROVED
    assert not past.answers.filter(not_applicable=True).exists()
    assert all("not_applicable" not in part for part in past.breakdown.values())


# --- pages, report and workbook ------------------------------------------------------------


def test_the_form_offers_not_applicable_only_where_allowed(client, assessment, assessor):
    indicators = _by_code(assessment.instrument)
    fee = indicators[("komponen-standar", "biaya-tarif")]
    other = indicators[("komponen-standar", "dasar-hukum")]
    client.force_login(assessor)
    page = client.get(f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/").content.decode()
    assert f'name="v-{fee.pk}" value="na"' in page
    assert f'name="v-{other.pk}" value="na"' not in page
    assert page.count('value="na"') == 3


def test_the_form_refuses_a_note_less_not_applicable_and_keeps_what_was_typed(
    client, assessment, assessor
):
    indicators = _by_code(assessment.instrument)
    fee = indicators[("komponen-standar", "biaya-tarif")]
    other = indicators[("komponen-standar", "dasar-hukum")]
    client.force_login(assessor)
    url = f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/"
    response = client.post(
        url, {"action": "save", f"v-{fee.pk}": "na", f"v-{other.pk}": "1", f"n-{other.pk}": "ok"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{fee.text}”" in page  # the message names the indicator
    assert f'name="v-{fee.pk}" value="na" checked' in page
    assert f'name="v-{other.pk}" value="1" checked' in page and ">ok</textarea>" in page
    assert not Answer.objects.exists()

    data = {"action": "save", f"v-{fee.pk}": "na", f"n-{fee.pk}": WHY}
    assert client.post(url, data).status_code == 302
    answer = Answer.objects.get(indicator=fee)
    assert (answer.not_applicable, answer.value, answer.note) == (True, None, WHY)
    page = client.get(url).content.decode()
    assert f'name="v-{fee.pk}" value="na" checked' in page


def test_the_form_refuses_not_applicable_posted_where_not_allowed(client, assessment, assessor):
    other = _by_code(assessment.instrument)[("komponen-standar", "dasar-hukum")]
    client.force_login(assessor)
    response = client.post(
        f"/kantor/kepatuhan/penilaian/{assessment.pk}/isi/",
        {"action": "save", f"v-{other.pk}": "na", f"n-{other.pk}": WHY},
    )
    assert response.status_code == 200
    assert not Answer.objects.exists()


def test_review_page_report_and_workbook_show_not_applicable(
    client, dimensions_2022, make_campaign, schedule, agency_tree, submit, head_of_office
):
    by_code = _by_code(dimensions_2022)
    na_keys = [("proses", "kepastian-biaya")] + [
        ("pengaduan", c) for c in ("sarana-pengaduan", "tindak-lanjut", "kepatuhan-ombudsman")
    ]
    Indicator.objects.filter(pk__in=[by_code[k].pk for k in na_keys]).update(
        allows_not_applicable=True
    )
    campaign = make_campaign(dimensions_2022, year=2023)
    assessment = submit(
        schedule(campaign, agency_tree["clinic"]), dict.fromkeys(na_keys, NA), scale=3, yes=1
    )
    client.force_login(head_of_office)
    page = client.get(f"/kantor/kepatuhan/penilaian/{assessment.pk}/").content.decode()
    assert page.count('class="not-applicable"') == 4
    assert page.count(WHY) == 4
    assert "78,31" in page  # Indonesian number format

    services.assessment_approve(assessment=assessment, actor=head_of_office)
    book = load_workbook(
        io.BytesIO(client.get(f"/kantor/kepatuhan/kampanye/{campaign.pk}/unduh.xlsx").content)
    )
    sheet = book.worksheets[-1]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert {r[2] for r in rows} == {by_code[k].text for k in na_keys}
    assert {r[4] for r in rows} == {WHY}

    delivery = services.delivery_record(
        campaign=campaign,
        agency=agency_tree["city"],
        recipient_name="Budi",
        recipient_position="Wali Kota",
        delivered_on=campaign.assessments.get().scheduled_on,
        actor=head_of_office,
    )
    assert delivery.pdf.read().startswith(b"%PDF")


def test_the_report_names_a_dimension_left_out():
    from aduan.compliance.pdf import _part_score

    assert _part_score({"score": None, "not_applicable": 3}) == "not applicable"
    assert _part_score({"score": "75.00", "not_applicable": 1}) == "75.00 (1 not applicable)"
    assert _part_score({"score": "75.00"}) == "75.00"
