"""The back-office menu: "My work" once, and the section one is in marked for every reader."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_my_work_appears_once(client, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count(">My work</a>") == 1


def test_the_current_section_is_marked(client, receive, pvl_assistant):
    case = receive()
    client.force_login(pvl_assistant)
    page = client.get("/kantor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'href="/kantor/" aria-current="page">My work' in page
    for url in ("/kantor/laporan/", f"/kantor/laporan/{case.pk}/"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert page.count('aria-current="page"') == 1
        assert 'href="/kantor/laporan/" aria-current="page">Cases' in page


def test_the_dashboard_section_is_marked(client, head_of_office):
    client.force_login(head_of_office)
    page = client.get("/kantor/dasbor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-current="page">Dashboard' in page


def test_the_header_still_leads_staff_to_their_work_from_a_public_page(client, pvl_assistant):
    client.force_login(pvl_assistant)
    page = client.get("/statistik/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count(">My work</a>") == 1
