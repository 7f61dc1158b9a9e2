"""Finding cases from the back-office search box, on SQLite (FTS5) and PostgreSQL (tsvector,
pg_trgm) alike. The services index a case in their own transaction, so no on-commit capture is
needed here."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from aduan.backoffice.selectors import case_list
from aduan.cases import services as sv
from aduan.cases.selectors import cases_for
from aduan.search.models import CaseText, SearchWord
from aduan.search.selectors import search_cases
from aduan.search.services import index_case, reindex

pytestmark = pytest.mark.django_db


def found(user, words):
    return list(search_cases(cases_for(user), words, user=user))


def refs(user, words):
    return [case.reference for case in found(user, words)]


@pytest.fixture
def cases(receive, agency_tree):
    """Three reports with different agencies and chronologies."""
    return {
        "clinic": receive(
            title="Pelayanan lambat",
            agency=agency_tree["clinic"],
            chronology="Antrean di puskesmas berjam-jam, petugas datang terlambat.",
        ),
        "permit": receive(
            title="Izin usaha tidak terbit",
            agency=agency_tree["city"],
            chronology="Pengurusan izin mendirikan bangunan sudah tiga bulan tanpa kabar.",
            reporters=[{"name": "Bambang Sutrisno"}],
        ),
        "land": receive(
            title="Sertifikat tanah",
            agency=agency_tree["health"],
            chronology="Sertifikat tanah ditahan, diminta kwitansi pembayaran tambahan.",
            reporters=[{"name": "Rahmat Hidayat"}],
        ),
    }


def test_a_received_case_is_indexed(cases):
    row = CaseText.objects.get(case=cases["clinic"])
    assert "puskesmas" in row.text and "taman sari" in row.text
    assert row.office_id == cases["clinic"].office_id
    assert row.names == "siti aminah"
    assert SearchWord.objects.filter(word="puskesmas").exists()


def test_it_finds_by_reference(cases, pvl_assistant):
    case = cases["permit"]
    assert refs(pvl_assistant, case.reference)[0] == case.reference
    assert refs(pvl_assistant, case.reference.lower())[0] == case.reference
    prefix = case.reference.split("/")[0] + "/LM"  # "0002/LM"
    assert refs(pvl_assistant, prefix)[0] == case.reference


def test_the_exact_reference_comes_first(cases, receive, pvl_assistant):
    target = cases["clinic"]
    mention = receive(title="Lanjutan", chronology=f"Lanjutan dari laporan {target.reference}.")
    results = found(pvl_assistant, target.reference)
    assert [c.pk for c in results][:2] == [target.pk, mention.pk]
    assert results[0].search_rank > results[1].search_rank


def test_it_finds_by_agency_and_its_parents(cases, pvl_assistant):
    assert refs(pvl_assistant, "taman sari") == [cases["clinic"].reference]
    assert set(refs(pvl_assistant, "Pemerintah Kota Pangkalpinang")) == {
        c.reference for c in cases.values()
    }
    assert set(refs(pvl_assistant, "dinas kesehatan")) == {
        cases["clinic"].reference,
        cases["land"].reference,
    }


def test_it_finds_by_words_of_the_chronology(cases, pvl_assistant):
    assert refs(pvl_assistant, "antrean terlambat") == [cases["clinic"].reference]
    assert refs(pvl_assistant, "bangunan") == [cases["permit"].reference]
    assert refs(pvl_assistant, "mendiri") == [cases["permit"].reference]  # a word's beginning


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("pukesmas", "clinic"),  # a letter missing
        ("puskesams", "clinic"),  # two letters swapped
        ("ijin", "permit"),  # spelling variant
        ("perijinan bangunan", "permit"),
        ("sertipikat", "land"),
        ("kuitansi", "land"),
    ],
)
def test_it_tolerates_typos_and_spelling_variants(cases, pvl_assistant, typed, key):
    assert cases[key].reference in refs(pvl_assistant, typed)


def test_all_words_must_match_unless_none_would(cases, pvl_assistant):
    assert refs(pvl_assistant, "puskesmas sertifikat") != []  # no case has both: any of them
    assert refs(pvl_assistant, "izin bangunan") == [cases["permit"].reference]


def test_another_offices_case_is_never_found(cases, outsider, receive, other_office):
    assert found(outsider, "puskesmas") == []
    assert found(outsider, cases["clinic"].reference) == []
    assert found(outsider, "siti aminah") == []


def test_a_reporter_is_found_by_name_by_those_who_may_see_identities(
    cases, pvl_assistant, examiner, head_of_office, member, administrator
):
    for user in (pvl_assistant, examiner, head_of_office, member):
        assert refs(user, "bambang sutrisno") == [cases["permit"].reference], user
        assert refs(user, "rahmat sertifikat") == [cases["land"].reference], user
    assert found(administrator, "bambang sutrisno") == []


def test_a_confidential_reporter_is_never_found_by_name(receive, pvl_assistant, member):
    secret = receive(
        title="Pungutan di sekolah", confidential=True, reporters=[{"name": "Dewi Lestari"}]
    )
    assert CaseText.objects.get(case=secret).names == ""
    for user in (pvl_assistant, member):
        assert found(user, "dewi lestari") == []
        assert found(user, "lestari") == []
        assert refs(user, "pungutan sekolah") == [secret.reference]


def test_a_case_made_confidential_loses_its_names(cases, pvl_assistant):
    sv.case_update(case=cases["permit"], actor=pvl_assistant, confidential=True)
    assert found(pvl_assistant, "bambang") == []


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "a",
        "!!",
        "*",
        '"',
        "'",
        '"puskesmas',
        "puskesmas*",
        "NEAR(puskesmas antrean)",
        "puskesmas AND OR NOT",
        "text : puskesmas",
        "names:siti",
        "{text names}: x",
        "^puskesmas",
        "pusk%",
        "_",
        "\\",
        "'); DROP TABLE search_casetext; --",
        "x" * 5000,
        "puskesmas " * 300,
        "0012/",
        "/" * 50,
        "\x00",
        "東京",
        "🙂 puskesmas",
    ],
)
def test_nothing_typed_breaks_it(cases, pvl_assistant, typed):
    results = found(pvl_assistant, typed)
    assert isinstance(results, list)


def test_syntax_is_taken_as_words(cases, pvl_assistant):
    assert refs(pvl_assistant, "NEAR(puskesmas antrean)") == [cases["clinic"].reference]
    assert refs(pvl_assistant, '"puskesmas*"') == [cases["clinic"].reference]


def test_the_index_follows_an_edit(cases, pvl_assistant):
    case = cases["clinic"]
    sv.case_update(
        case=case, actor=pvl_assistant, chronology="Obat di apotik habis, pasien disuruh membeli."
    )
    assert found(pvl_assistant, "antrean") == []
    assert refs(pvl_assistant, "apotek habis") == [case.reference]


def test_the_index_follows_a_conversion_and_a_transfer(
    receive, pvl_assistant, head_of_office, other_office, member
):
    knl = receive(intake_type="knl", title="Tanya prosedur paspor")
    old = knl.reference
    knl = sv.knl_convert(case=knl, actor=pvl_assistant)
    assert knl.reference != old and refs(pvl_assistant, knl.reference) == [knl.reference]
    assert "knl" not in CaseText.objects.get(case=knl).text
    sv.case_transfer(case=knl, actor=head_of_office, reason="Wilayah", to_office=other_office)
    assert CaseText.objects.get(case=knl).office_id == other_office.pk
    assert refs(member, "paspor") == [knl.reference]


def test_the_index_rolls_back_with_the_change(cases, pvl_assistant):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        sv.case_update(case=cases["clinic"], actor=pvl_assistant, chronology="Kata baru sekali")
        raise RuntimeError
    assert "antrean" in CaseText.objects.get(case=cases["clinic"]).text


def test_index_case_is_idempotent_and_forgets_a_deleted_case(cases):
    case = cases["clinic"]
    first = index_case(case.pk).text
    assert index_case(case.pk).text == first
    assert CaseText.objects.filter(case=case).count() == 1
    case_id = case.pk
    CaseText.objects.filter(case_id=case_id).delete()
    assert index_case(case_id).text == first
    assert index_case(10**12) is None


def test_reindex_rebuilds_in_batches(cases, pvl_assistant):
    CaseText.objects.all().delete()
    assert found(pvl_assistant, "puskesmas") == []
    lines = []
    assert reindex(batch_size=2, progress=lines.append) == 3
    assert lines[0] == "3 cases to index" and lines[-1] == "3 / 3"
    assert refs(pvl_assistant, "puskesmas") == [cases["clinic"].reference]


def test_the_reindex_command(cases, pvl_assistant, office):
    CaseText.objects.all().delete()
    out = io.StringIO()
    call_command("reindex", "--office", office.code, "--batch-size", "1", stdout=out)
    assert "3 cases indexed" in out.getvalue()
    assert refs(pvl_assistant, "sertifikat") == [cases["land"].reference]
    call_command("reindex", "--office", "nowhere", stdout=out)
    assert "0 cases indexed" in out.getvalue()


def test_the_case_list_searches_and_ranks(cases, receive, pvl_assistant):
    target = cases["land"]
    receive(title="Lain", chronology=f"Menyebut {target.reference} saja.")
    listed = list(case_list(pvl_assistant, {"q": target.reference}))
    assert listed[0] == target and len(listed) == 2
    assert [c.reference for c in case_list(pvl_assistant, {"q": "pukesmas"})] == [
        cases["clinic"].reference
    ]
    by_reference = list(case_list(pvl_assistant, {"q": target.reference, "sort": "reference"}))
    assert [c.reference for c in by_reference] == sorted(c.reference for c in by_reference)
    filtered = case_list(pvl_assistant, {"q": "sertifikat", "intake_type": "knl"})
    assert list(filtered) == []
    assert case_list(pvl_assistant, {"q": "sertifikat"}).count() == 1


def test_the_demo_indexes_its_reports(cases, office):
    from aduan.demo import builder, data

    assert builder._search_index in builder.STEPS
    office.code = data.OFFICE_CODE
    office.save()
    CaseText.objects.all().delete()
    said = []
    builder._search_index(builder.DemoResult(), said.append)
    assert said == ["Search index: 3 reports"]
    assert CaseText.objects.count() == 3


def test_a_short_misspelt_word_finds_its_neighbour(receive, pvl_assistant):
    case = receive(title="Tanya", chronology="Sudah dilaporkan sebelum lebaran.")
    assert case.reference in refs(pvl_assistant, "seblum lebaran")
