"""The report page at /kantor/statistik/laporan/ and its PDF, XLSX and JSON downloads."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aduan.stats import report as reports
from tests.stats.test_render import this_quarter

URL = "/kantor/statistik/laporan/"


@pytest.fixture
def received(receive, other_office, agency_tree):
    """Three reports at Bangka Belitung and two at Sulawesi Selatan, this quarter."""
    year, quarter, at = this_quarter()
    for moment in at[:3]:
        receive(received_at=moment)
    for moment in at[:2]:
        receive(office=other_office, channel="email", received_at=moment)
    return {"year": year, "quarter": quarter}


def test_the_url_is_named():
    assert reverse("stats:report") == URL


@pytest.mark.django_db
def test_head_of_office_sees_their_office_this_quarter(client, head_of_office, received):
    client.force_login(head_of_office)
    response = client.get(URL)
    assert response.status_code == 200
    data = response.context["report"]
    assert data["office"]["code"] == "babel"
    assert (data["period"]["year"], data["period"]["quarter"]) == (
        received["year"],
        received["quarter"],
    )
    assert data["received"]["reports"] == 3
    html = response.content.decode()
    assert "Ombudsman RI Perwakilan Kepulauan Bangka Belitung" in html
    assert 'role="img"' in html and "<svg" in html
    assert data["definitions"]["closure_rate"] in html  # the rate with its definition
    assert "format=pdf" in html and "format=xlsx" in html and "format=json" in html
    assert response["Content-Type"].startswith("text/html")
    if keep := os.environ.get("ADUAN_KEEP_REPORT"):  # a directory, to look at the page
        (Path(keep) / "report.html").write_text(html)


@pytest.mark.django_db
def test_the_form_chooses_an_annual_report(client, head_of_office, received):
    client.force_login(head_of_office)
    response = client.get(URL, {"kind": "annual", "year": received["year"]})
    assert response.status_code == 200
    assert response.context["report"]["kind"] == "annual"
    assert response.context["report"]["received"]["reports"] == 3


@pytest.mark.django_db
def test_a_bad_year_is_a_form_error_not_a_crash(client, head_of_office):
    client.force_login(head_of_office)
    response = client.get(URL, {"year": "dua ribu"})
    assert response.status_code == 400
    assert response.context["form"].errors


@pytest.mark.django_db
def test_staff_of_one_office_cannot_see_another(client, outsider, head_of_office, received):
    client.force_login(head_of_office)
    assert client.get(URL, {"office": "sulsel"}).status_code == 403
    assert client.get(URL, {"office": "all"}).status_code == 403
    assert client.get(URL, {"office": "sulsel", "format": "json"}).status_code == 403
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["report"]["office"]["code"] == "sulsel"
    assert response.context["report"]["received"]["reports"] == 2
    assert "Bangka Belitung" not in response.content.decode()
    assert client.get(URL, {"office": "babel"}).status_code == 403


@pytest.mark.django_db
def test_a_national_role_chooses_any_office_or_the_whole_country(client, member, received):
    client.force_login(member)
    response = client.get(URL, {"office": "sulsel"})
    assert response.status_code == 200
    assert response.context["report"]["received"]["reports"] == 2
    response = client.get(URL, {"office": "all"})
    assert response.status_code == 200
    assert response.context["report"]["office"]["code"] is None
    assert response.context["report"]["received"]["reports"] == 5


@pytest.mark.django_db
def test_anonymous_and_non_staff_are_refused(client, office, django_user_model):
    response = client.get(URL)
    assert response.status_code == 302 and "/kantor/" in response["Location"]
    person = django_user_model.objects.create_user(username="warga", password="x-pass-12345")
    client.force_login(person)
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_downloads(client, head_of_office, received):
    client.force_login(head_of_office)
    stem = f"laporan-triwulan-{received['quarter']}-{received['year']}-babel"
    response = client.get(URL, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.pdf"'
    assert response.content.startswith(b"%PDF-")

    response = client.get(URL, {"format": "xlsx"})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Ringkasan"

    response = client.get(URL, {"format": "json"})
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.json"'
    data = json.loads(response.content)
    assert data["received"]["reports"] == 3
    assert data["narrative"].startswith("Selama ")

    response = client.get(URL, {"format": "json", "kind": "annual", "year": received["year"]})
    assert response["Content-Disposition"] == (
        f'attachment; filename="laporan-tahunan-{received["year"]}-babel.json"'
    )


@pytest.mark.django_db
def test_a_national_download_is_named_nasional(client, member, received):
    client.force_login(member)
    response = client.get(URL, {"office": "all", "format": "json", "quarter": 1, "year": 2026})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="laporan-triwulan-1-2026-nasional.json"'
    )
    assert json.loads(response.content)["office"]["name"] == reports.NATIONAL_NAME
