"""Probable duplicates: the finder, merge, link and dismiss (issue 17 §2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from aduan.cases import services as sv
from aduan.cases.errors import CaseError, NotAllowed
from aduan.cases.models import Case, Note
from aduan.core.models import AuditEvent
from aduan.deadlines.models import Deadline
from aduan.directory.models import Agency, User
from aduan.messaging.models import OutgoingMessage
from aduan.triage import duplicates, matching
from aduan.triage.models import CaseRelation, DuplicateCandidate, ReporterKey

LAMPU = (
    "Lampu penerangan jalan di Jalan Merdeka RT 03 mati sejak dua minggu, warga takut lewat "
    "malam hari karena gelap dan sudah lapor ke kelurahan tapi belum ada tindakan."
)
LAMPU_LAGI = (
    "Selamat siang, sy lapor lg lampu penerangan jln Merdeka RT 03 msh mati sdh dua minggu, "
    "warga takut lewat malam krn gelap, sdh lapor kelurahan blm ada tindakan."
)
SAMPAH = (
    "Petugas puskesmas meminta biaya tambahan untuk surat keterangan sehat padahal seharusnya "
    "gratis bagi warga ber-KTP kota, kami diminta membayar lima puluh ribu."
)
SIMA = {"name": "Siti Aminah", "phone": "0812-3456-7890", "email": "Siti.Aminah@gmail.com"}


@pytest.fixture
def report(receive):
    def make(text=LAMPU, reporter=None, at=None, **fields):
        fields.setdefault("title", text[:60])
        case = receive(
            chronology=text,
            reporters=[reporter or {"name": "Budi", "email": "budi@example.com"}],
            received_at=at,
            **fields,
        )
        # What the after-commit triage does for every report (the immediate task backend of
        # the tests does not run it).
        duplicates.find_for_case(case)
        return case

    return make


def found(case):
    duplicates.find_for_case(case)
    return {c.earlier_id: c for c in DuplicateCandidate.objects.filter(case=case)}


# --- normalisation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["+62 812-3456-7890", "6281234567890", "081234567890", "(0812) 3456 7890", "0062812 34567890"],
)
def test_phone_numbers_are_normalised_from_any_prefix(phone):
    assert matching.normal_phone(phone) == "81234567890"


def test_a_too_short_phone_number_is_no_identity():
    assert matching.normal_phone("0812") == ""


def test_emails_are_trimmed_and_lowered_and_gmail_dots_dropped():
    assert matching.normal_email("  Siti.Aminah+lapor@GMAIL.com ") == "sitiaminah@gmail.com"
    assert matching.normal_email("siti.aminah@googlemail.com") == "sitiaminah@gmail.com"
    assert matching.normal_email("Siti.Aminah@Example.co.id") == "siti.aminah@example.co.id"
    assert matching.normal_email("no address") == ""


def test_nik_keeps_its_digits_only():
    assert matching.normal_nik("1971.0123-4567 8901") == "1971012345678901"
    assert matching.normal_nik("12") == ""


def test_identity_keys_hold_no_identity_in_clear():
    keys = matching.identity_keys(phone="0812 3456 7890", email="a@b.id", id_number="")
    assert set(keys) == {"phone", "email"}
    assert all("3456" not in k and "@" not in k for k in keys.values())
    assert keys["phone"] == matching.identity_keys(phone="+6281234567890")["phone"]


# --- the finder --------------------------------------------------------------------------------


def test_the_same_reporter_writing_again_is_found(report, agency_tree):
    first = report(reporter=SIMA)
    again = report(
        LAMPU_LAGI,
        reporter={"name": "Siti A.", "phone": "+62 812 3456 7890"},
        agency=agency_tree["city"],
    )
    candidate = found(again)[first.pk]
    assert candidate.reasons == ["same_phone"]
    assert candidate.similarity >= 0.3


def test_the_same_gmail_without_dots_is_the_same_reporter(report, agency_tree):
    first = report(reporter=SIMA)
    again = report(
        LAMPU_LAGI,
        reporter={"name": "Siti", "email": "sitiaminah@gmail.com"},
        agency=agency_tree["city"],
    )
    assert found(again)[first.pk].reasons == ["same_email"]


def test_the_same_nik_is_the_same_reporter(report, agency_tree):
    first = report(reporter={"name": "Siti", "id_type": "ktp", "id_number": "1971012345678901"})
    again = report(
        LAMPU_LAGI,
        reporter={"name": "Siti", "id_type": "ktp", "id_number": "1971 0123 4567 8901"},
        agency=agency_tree["city"],
    )
    assert found(again)[first.pk].reasons == ["same_nik"]


def test_another_reporter_about_the_same_agency_with_similar_text_is_found(report):
    first = report(LAMPU)
    again = report(LAMPU, reporter={"name": "Joko", "email": "joko@example.com"})
    candidate = found(again)[first.pk]
    assert candidate.reasons == ["same_agency"]
    assert candidate.similarity > 0.9


def test_a_dissimilar_report_about_the_same_agency_is_not_found(report):
    report(LAMPU)
    other = report(SAMPAH, reporter={"name": "Joko", "email": "joko@example.com"})
    assert found(other) == {}


def test_the_same_reporter_about_something_else_is_not_found(report, agency_tree):
    report(LAMPU, reporter=SIMA)
    other = report(SAMPAH, reporter=SIMA, agency=agency_tree["city"])
    assert found(other) == {}


def test_reporter_and_agency_together_give_both_reasons(report):
    first = report(LAMPU, reporter=SIMA)
    again = report(LAMPU_LAGI, reporter=SIMA)
    assert found(again)[first.pk].reasons == ["same_phone", "same_email", "same_agency"]


def test_a_report_older_than_the_window_is_not_found(report, settings):
    settings.ADUAN_DUPLICATE_WINDOW_DAYS = 30
    now = timezone.now()
    report(LAMPU, reporter=SIMA, at=now - dt.timedelta(days=31))
    inside = report(LAMPU, reporter=SIMA, at=now - dt.timedelta(days=29))
    again = report(LAMPU_LAGI, reporter=SIMA, at=now)
    assert set(found(again)) == {inside.pk}


def test_a_later_report_is_never_an_earlier_one(report):
    first = report(LAMPU, reporter=SIMA)
    report(LAMPU_LAGI, reporter=SIMA)
    assert found(first) == {}


def test_a_report_never_matches_itself(report):
    case = report(LAMPU, reporter=SIMA)
    assert case.pk not in found(case)


def test_another_office_is_never_searched(report, other_office, agency_tree):
    report(LAMPU, reporter=SIMA)
    elsewhere = report(LAMPU, reporter=SIMA, office=other_office)
    assert found(elsewhere) == {}


def test_finding_twice_keeps_one_row_per_pair(report):
    first = report(LAMPU, reporter=SIMA)
    again = report(LAMPU_LAGI, reporter=SIMA)
    found(again)
    found(again)
    assert DuplicateCandidate.objects.filter(case=again, earlier=first).count() == 1
    assert ReporterKey.objects.filter(case=again).count() == 2


def test_only_the_closest_repeats_are_kept_the_same_reporter_first(report, settings):
    monkey = duplicates.KEPT_PER_CASE
    duplicates.KEPT_PER_CASE = 3
    try:
        earlier = [
            report(LAMPU, reporter={"name": f"Warga {n}", "email": f"w{n}@example.com"})
            for n in range(5)
        ]
        own = report(LAMPU_LAGI, reporter=SIMA)
        again = report(LAMPU, reporter=SIMA)
        kept = found(again)
    finally:
        duplicates.KEPT_PER_CASE = monkey
    assert len(kept) == 3
    assert own.pk in kept  # less alike than the others, but the same reporter
    assert set(kept) - {own.pk} <= {case.pk for case in earlier}


def test_the_similarity_is_scikit_learns_tf_idf_cosine():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [LAMPU_LAGI, LAMPU, SAMPAH, "Jalan rusak di RT 03, lampu mati", "!!!", ""]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=matching.normalise
    )
    matrix = vectorizer.fit_transform(texts)  # IDF over the texts compared
    expected = (matrix[1:] @ matrix[0].T).toarray().ravel()
    got = matching.similarities(texts[0], texts[1:])
    assert np.allclose(got, np.clip(expected, 0, 1), atol=1e-9)
    assert got[3:] == [0.0, 0.0]
    assert matching.similarities("!!!", ["", "?"]) == [0.0, 0.0]


def test_a_decided_candidate_stays_decided_when_found_again(report, pvl_assistant):
    first = report(LAMPU, reporter=SIMA)
    again = report(LAMPU_LAGI, reporter=SIMA)
    candidate = found(again)[first.pk]
    duplicates.duplicate_dismiss(candidate=candidate, actor=pvl_assistant, reason="Lain RT.")
    assert found(again)[first.pk].status == DuplicateCandidate.Status.DISMISSED


def test_the_triage_hook_runs_the_finder(report):
    from aduan.triage.services import after_receipt

    first = report(LAMPU, reporter=SIMA)
    again = report(LAMPU_LAGI, reporter=SIMA)
    after_receipt(again.pk)
    assert DuplicateCandidate.objects.filter(case=again, earlier=first).exists()


# --- decisions ---------------------------------------------------------------------------------


@pytest.fixture
def pair(report):
    first = report(LAMPU, reporter=SIMA)
    again = report(
        LAMPU_LAGI, reporter={"name": "Siti", "phone": "081234567890", "contact_channel": "sms"}
    )
    return first, again, found(again)[first.pk]


def test_merge_keeps_both_and_stops_the_merged_clocks(pair, pvl_assistant):
    first, again, candidate = pair
    assert Deadline.objects.live().filter(case=again).exists()
    relation = duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant, reason="Sama.")
    assert (relation.case, relation.other, relation.kind) == (again, first, "merged")
    candidate.refresh_from_db()
    assert candidate.status == "merged" and candidate.decided_by == pvl_assistant
    assert not Deadline.objects.live().filter(case=again).exists()
    assert Deadline.objects.live().filter(case=first).exists()
    assert again.reporters.count() == 1 and first.reporters.count() == 1
    assert duplicates.merged_into(again) == first
    events = AuditEvent.objects.filter(action="case.duplicate_merged")
    assert {e.target_id for e in events} == {str(first.pk), str(again.pk)} or events.count() == 2


def test_the_case_list_marks_a_merged_report_with_the_kept_ones_reference(
    pair, pvl_assistant, client
):
    first, _again, candidate = pair
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    client.force_login(pvl_assistant)
    page = client.get("/kantor/laporan/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("merged into") == 1
    assert f"merged into {first.reference}" in page


def test_staff_may_keep_the_later_report(pair, pvl_assistant):
    first, again, candidate = pair
    relation = duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant, keep=again)
    assert (relation.case, relation.other) == (first, again)


def test_merge_tells_the_merged_reporter_with_their_own_earlier_reference(pair, pvl_assistant):
    first, again, candidate = pair
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    note = Note.objects.get(case=again, kind=Note.Kind.TO_REPORTER)
    assert first.reference in note.text and again.reference in note.text
    message = OutgoingMessage.objects.get(case=again)
    assert message.channel == "sms"


def test_merge_of_another_persons_report_never_names_it(report, pvl_assistant):
    first = report(LAMPU)
    again = report(LAMPU, reporter={"name": "Joko", "email": "joko@example.com"})
    candidate = found(again)[first.pk]
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    note = Note.objects.get(case=again, kind=Note.Kind.TO_REPORTER)
    assert first.reference not in note.text
    assert "laporan lain" in note.text  # "another report", in the reporter's language


def test_closing_the_kept_report_closes_the_merged_one_and_answers_its_reporter(
    pair, pvl_assistant, walk, head_of_unit
):
    first, again, candidate = pair
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    sv.case_close(
        case=walk(first, "examination"),
        actor=head_of_unit,
        closure_mode="klarifikasi-tertulis",
        closure_reason="hak-pelapor-dipulihkan",
    )
    again.refresh_from_db()
    assert again.state == Case.State.CLOSED
    assert again.closure_reason.code == "hak-pelapor-dipulihkan"  # the kept report's outcome
    assert again.closure_mode.code == "klarifikasi-tertulis"
    assert again.transitions.last().action == "closed_with_merged"
    assert not Deadline.objects.live().filter(case=again).exists()
    notes = Note.objects.filter(case=again, kind=Note.Kind.TO_REPORTER).order_by("pk")
    assert notes.count() == 2
    assert "telah ditutup" in notes.last().text  # "has been closed", in the reporter's language
    assert OutgoingMessage.objects.filter(case=again).count() == 2
    assert AuditEvent.objects.filter(action="case.closed_with_merged").count() == 1


def test_reports_merged_in_a_chain_all_close_with_the_last_kept_one(
    report, pvl_assistant, walk, head_of_unit
):
    first = report(LAMPU, reporter=SIMA)
    second = report(LAMPU_LAGI, reporter=SIMA)
    duplicates.duplicate_merge(candidate=found(second)[first.pk], actor=pvl_assistant)
    third = report(LAMPU, reporter={"name": "Joko", "email": "joko@example.com"})
    duplicates.duplicate_merge(candidate=found(third)[first.pk], actor=pvl_assistant, keep=third)
    sv.case_close(
        case=walk(third, "examination"),
        actor=head_of_unit,
        closure_mode="klarifikasi-tertulis",
        closure_reason="hak-pelapor-dipulihkan",
    )
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == Case.State.CLOSED, case.reference


def test_a_kept_report_withdrawn_by_its_reporter_frees_the_merged_one(pair, pvl_assistant):
    """Its reporter's withdrawal ends their report, not the matter the merged reporter raised:
    the merged report stays open, linked, and staff are told it is handled on its own again."""
    first, again, candidate = pair
    duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    sv.case_withdraw(case=first, actor=None, reason="Sudah diperbaiki.")
    again.refresh_from_db()
    assert again.state == "diterima"  # received
    assert duplicates.merged_into(again) is None
    relation = CaseRelation.objects.get(case=again, other=first)
    assert relation.kind == "linked"
    staff_note = Note.objects.get(case=again, kind=Note.Kind.INTERNAL)
    assert first.reference in staff_note.text and "on its own again" in staff_note.text
    # the merged reporter was told of the merge only: nothing says their matter was closed
    assert Note.objects.filter(case=again, kind=Note.Kind.TO_REPORTER).count() == 1
    assert AuditEvent.objects.filter(action="case.merge_released").count() == 1


def test_link_relates_both_reports(pair, pvl_assistant):
    _first, again, candidate = pair
    relation = duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)
    assert relation.kind == "linked"
    candidate.refresh_from_db()
    assert candidate.status == "linked"
    assert Deadline.objects.live().filter(case=again).exists()  # each handled on its own
    assert AuditEvent.objects.filter(action="case.duplicate_linked").count() == 2


def test_dismiss_records_the_reason(pair, pvl_assistant):
    _first, _again, candidate = pair
    duplicates.duplicate_dismiss(candidate=candidate, actor=pvl_assistant, reason="Lain RT.")
    candidate.refresh_from_db()
    assert candidate.status == "dismissed"
    event = AuditEvent.objects.get(action="case.duplicate_dismissed")
    assert event.reason == "Lain RT."
    assert not CaseRelation.objects.exists()


# --- refusals ----------------------------------------------------------------------------------


def test_an_already_decided_candidate_is_refused(pair, pvl_assistant):
    _first, _again, candidate = pair
    duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)
    with pytest.raises(CaseError, match="already decided"):
        duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    with pytest.raises(CaseError, match="already decided"):
        duplicates.duplicate_dismiss(candidate=candidate, actor=pvl_assistant, reason="x")


def test_a_closed_report_cannot_be_merged_or_linked(pair, pvl_assistant):
    first, _again, candidate = pair
    sv.case_withdraw(case=first, actor=None, reason="Sudah beres.")
    with pytest.raises(CaseError, match="is closed"):
        duplicates.duplicate_merge(candidate=candidate, actor=pvl_assistant)
    with pytest.raises(CaseError, match="is closed"):
        duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)
    candidate.refresh_from_db()
    assert candidate.status == "open"


def test_a_report_already_merged_cannot_be_merged_again(report, pvl_assistant):
    first = report(LAMPU, reporter=SIMA)
    second = report(LAMPU_LAGI, reporter=SIMA)
    third = report(LAMPU_LAGI, reporter=SIMA)
    duplicates.duplicate_merge(candidate=found(third)[second.pk], actor=pvl_assistant)
    with pytest.raises(CaseError, match="already merged"):
        duplicates.duplicate_merge(candidate=found(third)[first.pk], actor=pvl_assistant)


def test_reports_of_two_offices_are_refused(pair, pvl_assistant, other_office):
    first, _again, candidate = pair
    type(first).objects.filter(pk=first.pk).update(office=other_office)
    candidate.refresh_from_db()
    with pytest.raises(CaseError):
        duplicates.duplicate_link(candidate=candidate, actor=pvl_assistant)


def test_an_outsider_is_refused(pair, outsider):
    _first, _again, candidate = pair
    with pytest.raises(NotAllowed):
        duplicates.duplicate_merge(candidate=candidate, actor=outsider)


def test_a_liaison_is_refused(pair, agency_tree):
    _first, _again, candidate = pair
    liaison = User.objects.create_user("narahubung", password="x")
    with pytest.raises(NotAllowed):
        duplicates.duplicate_link(candidate=candidate, actor=liaison)
    assert isinstance(agency_tree["health"], Agency)


def test_staff_of_another_unit_without_the_case_are_refused(pair, resmon_assistant):
    _first, _again, candidate = pair
    with pytest.raises(NotAllowed):
        duplicates.duplicate_dismiss(candidate=candidate, actor=resmon_assistant, reason="x")


def test_the_settings_defaults_are_the_measured_thresholds():
    from aduan import settings as defaults

    assert defaults.ADUAN_DUPLICATE_SAME_REPORTER_PERCENT / 100 == pytest.approx(
        matching.SAME_REPORTER_THRESHOLD
    )
    assert defaults.ADUAN_DUPLICATE_SAME_AGENCY_PERCENT / 100 == pytest.approx(
        matching.SAME_AGENCY_THRESHOLD
    )


@pytest.mark.shared_data
def test_the_benchmark_measures_on_a_small_sample():
    import importlib.util

    if importlib.util.find_spec("bench") is None:
        pytest.skip("the bench package is not importable here")
    from bench import triage_duplicates

    if triage_duplicates.data_file() is None:
        pytest.skip("../shared/data/surabaya-keluhan-2022-2023.csv is absent")
    result = triage_duplicates.measure(originals=10, seed=1)
    assert {"method", "pairs", "precision", "recall", "f1", "threshold", "sweep"} <= set(result)
    assert 0 <= result["precision"] <= 1 and result["pairs"] > 20


def test_the_data_migration_fills_the_keys_of_earlier_reports(report):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("aduan.triage.migrations.0002_dup_duplicates")
    first = report(LAMPU, reporter=SIMA)
    ReporterKey.objects.all().delete()
    migration.fill_reporter_keys(apps, None)
    assert set(ReporterKey.objects.filter(case=first).values_list("kind", flat=True)) == {
        "phone",
        "email",
    }
