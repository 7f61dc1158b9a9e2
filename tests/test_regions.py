"""aduan load-regions: the Kepmendagri list, idempotent, with clear errors that change nothing."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from aduan.directory.models import Office
from aduan.regions.loader import RegionFileError, load_regions
from aduan.regions.models import Region
from tests.conftest import shared_file

HEADER = "kode,nama,tingkat,induk\n"


def write_csv(tmp_path, body: str, name: str = "wilayah.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def levels_in(path) -> Counter:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return Counter(row["tingkat"] for row in csv.DictReader(handle))


@pytest.mark.django_db
def test_it_loads_the_full_list_with_the_counts_of_the_csv_and_again_changes_nothing():
    path = shared_file("wilayah-kemendagri-2025.csv")
    expected = levels_in(path)
    assert expected == {
        "provinsi": 38,
        "kabupaten_kota": 514,
        "kecamatan": 7285,
        "desa_kelurahan": 83762,
    }
    first = load_regions(path)
    assert first.created == sum(expected.values())
    actual = Counter(Region.objects.values_list("level", flat=True))
    assert actual == expected
    second = load_regions(path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, sum(expected.values()))
    assert Region.objects.get(code="19.71").name == "Kota Pangkal Pinang"
    assert Region.objects.get(code="19.71").parent_id == "19"


@pytest.mark.django_db
def test_the_shipped_list_is_the_full_kepmendagri_2025_list():
    counts = levels_in(settings.ADUAN_REGIONS_FILE)
    assert counts == {
        "provinsi": 38,
        "kabupaten_kota": 514,
        "kecamatan": 7285,
        "desa_kelurahan": 83762,
    }


@pytest.mark.django_db
def test_a_renamed_region_is_updated_and_one_missing_from_the_file_is_kept(tmp_path):
    load_regions(
        write_csv(tmp_path, "19,Bangka Belitung,provinsi,\n19.71,Pangkalpinang,kabupaten_kota,19\n")
    )
    result = load_regions(write_csv(tmp_path, "19,Kepulauan Bangka Belitung,provinsi,\n"))
    assert (result.created, result.updated, result.missing_from_file) == (0, 1, 1)
    assert Region.objects.get(code="19").name == "Kepulauan Bangka Belitung"
    assert Region.objects.filter(code="19.71").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("19,Babel,negara,\n", "level 'negara' is not one of"),
        ("19,Babel,provinsi,\n19.71,Pangkalpinang,kabupaten_kota,18\n", "should be 19, not 18"),
        ("19,Babel,provinsi,\n19,Babel,provinsi,\n", "appears twice"),
        ("19.71,Pangkalpinang,kabupaten_kota,19\n", "its parent 19 is not in the file"),
        ("AB,Babel,provinsi,\n", "is not a dotted region code"),
        (",Babel,provinsi,\n", "code and name are required"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_loaded(tmp_path, body, message):
    path = write_csv(tmp_path, "11,Aceh,provinsi,\n" + body)
    with pytest.raises(RegionFileError, match=message):
        load_regions(path)
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n11,Aceh\n")
    with pytest.raises(CommandError, match="lacks the column.*kode.*Nothing was changed"):
        call_command("load_regions", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_the_command_reports_progress_per_level(tmp_path):
    path = write_csv(tmp_path, "19,Babel,provinsi,\n19.71,Pangkalpinang,kabupaten_kota,19\n")
    out = StringIO()
    call_command("load_regions", str(path), stdout=out)
    assert "province: 1 in file, 1 new" in out.getvalue()
    assert "2 regions: 2 new, 0 changed, 0 unchanged" in out.getvalue()


def test_regions_know_their_time_zone():
    assert Region(code="19.71").time_zone == "Asia/Jakarta"
    assert Region(code="73.71").time_zone == "Asia/Makassar"
    assert Region(code="94.01").time_zone == "Asia/Jayapura"


def test_a_region_knows_what_contains_it():
    village = Region(code="19.71.01.1001")
    assert village.ancestor_codes() == ["19", "19.71", "19.71.01", "19.71.01.1001"]
    assert village.is_within(Region(code="19.71"))
    assert not village.is_within(Region(code="19.7"))


def test_offices_covering_a_region_follow_the_jurisdiction(office, other_office, regions):
    assert list(Office.objects.covering(regions["19.71.01"])) == [office]
    assert list(Office.objects.covering(regions["73.71"])) == [other_office]
