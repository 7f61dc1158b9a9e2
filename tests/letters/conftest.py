"""Letters: a confidential case that has a record for every kind of letter, files in a
temporary MEDIA_ROOT, and the built-in PDF renderer unless a test asks for LibreOffice."""

from __future__ import annotations

import pytest

from aduan.cases import identity
from tests.letters.helpers import SECRET, everything


@pytest.fixture(autouse=True)
def media(settings, tmp_path, stored_in):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ADUAN_SOFFICE = "off"  # the built-in renderer; LibreOffice tests switch it on
    return settings.MEDIA_ROOT


@pytest.fixture
def secret_case(receive, office, agency_tree, head_of_office):
    case = receive(confidential=True, reporters=[dict(SECRET)])
    # The identity guard: letters to anyone but the reporter carry the agency's own text.
    case = identity.case_set_agency_summary(
        case=case,
        actor=head_of_office,
        title="Pungutan biaya pelayanan kesehatan",
        summary="Pelapor diminta membayar pungutan tanpa dasar hukum.",
    )
    return everything(case, agency_tree["health"], office.units.get(code="pemeriksaan"))


@pytest.fixture
def open_case(receive, office, agency_tree):
    case = receive(reporters=[{"name": "Budi Santoso", "phone": "08123456789"}])
    return everything(case, agency_tree["health"], office.units.get(code="pemeriksaan"))
