# ruff: noqa: F811  (the api fixture is imported)
"""Service guidelines and SOPs (issue 18 §5): versions drafted, reviewed, approved and
published, each kept; linked to the systemic review and suggestions they answer; published to
agencies, whose liaisons read and acknowledge them in their portal."""

from __future__ import annotations

import datetime as dt

import pytest

from aduan.core.models import AuditEvent
from aduan.directory.models import Agency
from aduan.prevention import guidelines as gl
from aduan.prevention import services as prevention
from aduan.prevention.models import GuidelineAcknowledgement, GuidelineVersion
from aduan.prevention.permissions import NotAllowed, PreventionError, WrongState
from aduan.prevention.selectors import guidelines_for_liaison
from aduan.reference.models import AgencyGroup
from aduan.stats import render, report
from tests.api.conftest import api  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
TEXT = "1. Kuota diumumkan 14 hari sebelum pendaftaran.\n2. Verifikasi domisili dengan KK."


@pytest.fixture
def review(office, pvl_assistant, agency_tree):
    made = prevention.review_create(
        office=office,
        actor=pvl_assistant,
        fields={
            "title": "Kajian PPDB",
            "topic": "Pendidikan",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 6, 30),
            "findings": "Verifikasi domisili berbeda antarsekolah.",
        },
        agencies=[agency_tree["health"]],
    )
    prevention.suggestion_add(
        review=made, actor=pvl_assistant, agency=agency_tree["health"], text="Susun pedoman."
    )
    return made


@pytest.fixture
def guideline(office, pvl_assistant, agency_tree, review):
    return gl.guideline_create(
        office=office,
        actor=pvl_assistant,
        title="Pedoman verifikasi domisili",
        text=TEXT,
        agencies=[agency_tree["health"]],
        reviews=[review],
        suggestions=list(review.suggestions.all()),
    )


def publish(version, drafter, head):
    gl.version_submit(version=version, actor=drafter)
    gl.version_review(version=version, actor=head, approve=True)
    return gl.version_publish(version=version, actor=head)


def test_a_guideline_starts_as_a_draft_linked_to_what_led_to_it(guideline, review):
    (version,) = guideline.versions.all()
    assert (version.number, version.status) == (1, "draf")
    assert list(review.guidelines.all()) == [guideline]
    assert review.suggestions.get().guidelines.get() == guideline
    assert AuditEvent.objects.filter(action="prevention.guideline_created").count() == 1


def test_draft_review_approve_publish(guideline, pvl_assistant, head_of_office):
    version = publish(guideline.versions.get(), pvl_assistant, head_of_office)
    assert version.status == "terbit" and version.published_at is not None
    assert version.approved_by == head_of_office
    actions = list(
        AuditEvent.objects.filter(action__startswith="prevention.guideline_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "prevention.guideline_created",
        "prevention.guideline_submitted",
        "prevention.guideline_approved",
        "prevention.guideline_published",
    ]


def test_a_head_returns_a_draft_with_a_note(guideline, pvl_assistant, head_of_office):
    version = gl.version_submit(version=guideline.versions.get(), actor=pvl_assistant)
    with pytest.raises(PreventionError, match="what to change"):
        gl.version_review(version=version, actor=head_of_office, approve=False)
    back = gl.version_review(
        version=version, actor=head_of_office, approve=False, note="Tambah jalur afirmasi."
    )
    assert (back.status, back.review_note) == ("draf", "Tambah jalur afirmasi.")


def test_an_assistant_cannot_approve_or_publish(guideline, pvl_assistant):
    version = gl.version_submit(version=guideline.versions.get(), actor=pvl_assistant)
    with pytest.raises(NotAllowed):
        gl.version_review(version=version, actor=pvl_assistant, approve=True)


def test_steps_out_of_order_are_refused(guideline, pvl_assistant, head_of_office):
    version = guideline.versions.get()
    with pytest.raises(WrongState):
        gl.version_publish(version=version, actor=head_of_office)
    with pytest.raises(WrongState):
        gl.version_review(version=version, actor=head_of_office, approve=True)


def test_a_new_version_supersedes_the_published_one_and_both_are_kept(
    guideline, pvl_assistant, head_of_office
):
    first = publish(guideline.versions.get(), pvl_assistant, head_of_office)
    second = gl.version_new(
        guideline=guideline, actor=pvl_assistant, text=TEXT + "\n3. Umumkan hasil.", change_note="3"
    )
    with pytest.raises(WrongState, match="not published yet"):
        gl.version_new(guideline=guideline, actor=pvl_assistant, text="lagi")
    first.refresh_from_db()
    assert first.status == "terbit"  # in force until the next is published
    publish(second, pvl_assistant, head_of_office)
    first.refresh_from_db()
    assert [v.status for v in guideline.versions.order_by("number")] == ["diganti", "terbit"]
    assert first.text == TEXT  # never overwritten


def test_an_outsider_cannot_draft_for_another_office(office, outsider):
    with pytest.raises(NotAllowed):
        gl.guideline_create(office=office, actor=outsider, title="X", text="Y")


def test_another_offices_review_cannot_be_linked(office, other_office, pvl_assistant, outsider):
    theirs = prevention.review_create(
        office=other_office,
        actor=outsider,
        fields={
            "title": "Kajian lain",
            "topic": "Air",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2025, 2, 1),
            "findings": "-",
        },
    )
    with pytest.raises(PreventionError, match="own systemic reviews"):
        gl.guideline_create(
            office=office, actor=pvl_assistant, title="X", text="Y", reviews=[theirs]
        )


# --- the agency's side -----------------------------------------------------------------------


def test_the_liaison_sees_only_published_guidelines_for_their_agency_and_acknowledges(
    make_liaison, guideline, pvl_assistant, head_of_office, agency_tree
):
    clinic_liaison = make_liaison(agency_tree["clinic"], pvl_assistant, "puskesmas")
    city_liaison = make_liaison(agency_tree["city"], pvl_assistant, "pemkot")
    assert not guidelines_for_liaison(clinic_liaison).exists()  # a draft is not shown
    version = publish(guideline.versions.get(), pvl_assistant, head_of_office)
    # for the health office: its clinic below it and the city above it see it
    assert list(guidelines_for_liaison(clinic_liaison)) == [guideline]
    assert list(guidelines_for_liaison(city_liaison)) == [guideline]
    gl.acknowledge(version=version, actor=clinic_liaison)
    gl.acknowledge(version=version, actor=clinic_liaison)  # twice is once
    ack = GuidelineAcknowledgement.objects.get()
    assert ack.agency == agency_tree["clinic"]
    assert AuditEvent.objects.filter(action="prevention.guideline_acknowledged").count() == 1


def test_an_unrelated_agencys_liaison_neither_sees_nor_acknowledges(
    make_liaison, guideline, pvl_assistant, head_of_office, regions
):
    other = Agency.objects.add_root(
        instance=Agency(
            name="Kantor Pertanahan",
            group=AgencyGroup.objects.get(code="pemerintah-daerah"),
            level="kabupaten_kota",
            region=regions["19.71"],
        )
    )
    stranger = make_liaison(other, pvl_assistant, "bpn")
    version = publish(guideline.versions.get(), pvl_assistant, head_of_office)
    assert not guidelines_for_liaison(stranger).exists()
    with pytest.raises(NotAllowed):
        gl.acknowledge(version=version, actor=stranger)


def test_the_portal_lists_and_acknowledges(
    make_liaison, client, guideline, pvl_assistant, head_of_office, agency_tree
):
    liaison = make_liaison(agency_tree["health"], pvl_assistant, "dinkes")
    publish(guideline.versions.get(), pvl_assistant, head_of_office)
    client.force_login(liaison)
    listed = client.get("/instansi/pedoman/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pedoman verifikasi domisili" in listed and "not yet" in listed
    page = client.get(f"/instansi/pedoman/{guideline.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Verifikasi domisili dengan KK." in page.content.decode()
    client.post(f"/instansi/pedoman/{guideline.pk}/")
    assert GuidelineAcknowledgement.objects.filter(agency=agency_tree["health"]).exists()


def test_the_staff_pages_walk_a_guideline_to_publication(
    client, office, pvl_assistant, head_of_office, agency_tree
):
    client.force_login(pvl_assistant)
    made = client.post(
        "/kantor/pencegahan/pedoman/baru/",
        {
            "kind": "sop",
            "title": "SOP meja pengaduan",
            "text": TEXT,
            "agencies": [agency_tree["health"].pk],
        },
    )
    assert made.status_code == 302
    version = GuidelineVersion.objects.get()
    client.post(f"/kantor/pencegahan/pedoman/versi/{version.pk}/kirim/")
    refused = client.post(f"/kantor/pencegahan/pedoman/versi/{version.pk}/setujui/")
    assert refused.status_code == 403
    client.force_login(head_of_office)
    client.post(f"/kantor/pencegahan/pedoman/versi/{version.pk}/setujui/")
    client.post(f"/kantor/pencegahan/pedoman/versi/{version.pk}/terbitkan/")
    version.refresh_from_db()
    assert version.status == "terbit"
    page = client.get(
        f"/kantor/pencegahan/pedoman/{version.guideline_id}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Version 1" in page.content.decode()


def test_a_refused_draft_keeps_what_was_written(client, pvl_assistant):
    client.force_login(pvl_assistant)
    answer = client.post(
        "/kantor/pencegahan/pedoman/baru/", {"kind": "pedoman", "title": "", "text": TEXT}
    )
    assert answer.status_code == 400  # the form again, with its error
    assert "Verifikasi domisili dengan KK." in answer.content.decode()


def test_the_report_counts_guidelines_published(office, guideline, pvl_assistant, head_of_office):
    version = publish(guideline.versions.get(), pvl_assistant, head_of_office)
    local = version.published_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
    data = report.build(
        kind="quarterly", year=local.year, quarter=(local.month - 1) // 3 + 1, office=office
    )
    assert data["prevention"]["guidelines_published"] == 1
    assert ["Pedoman pelayanan dan SOP diterbitkan", 1] in render.prevention_rows(data)
    assert "1 pedoman pelayanan atau SOP diterbitkan" in data["narrative"]


def test_the_api_gives_every_version(api, guideline, pvl_assistant, head_of_office):
    publish(guideline.versions.get(), pvl_assistant, head_of_office)
    gl.version_new(guideline=guideline, actor=pvl_assistant, text="v2")
    (item,) = api(pvl_assistant).get("/prevention/guidelines").json()["items"]
    assert [v["status"] for v in item["versions"]] == ["terbit", "draf"]
    assert item["reviews"] and item["suggestions"]
