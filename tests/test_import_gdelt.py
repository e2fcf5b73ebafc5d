"""GDELT event export import (geo.importers.gdelt).

The fixtures are rows written for this project in the published layouts: the GDELT 2.0
column list of ../shared/data/gdelt (61 tab-separated columns, no header) and GDELT 1.0
daily files (the same order without the three *_ADM2Code columns; 57 columns, 58 with
SOURCEURL). See tests/fixtures/imports/README.md. Expected values are the ones written
into the fixtures.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import pytest

from geo.errors import InvalidInput
from geo.importers.gdelt import COLUMNS_V2, cameo_type, read_gdelt

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
V2 = FIXTURES / "gdelt_v2.export.CSV"


def test_column_list_matches_the_published_one(shared_data: Path):
    with open(shared_data / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv", encoding="utf-8") as fh:
        published = [r[0] for r in list(csv.reader(fh))[1:]]
    assert tuple(published) == COLUMNS_V2


def _by_id(result):
    return {e.id: e for e in result.events}


def test_threat_row_keeps_actors_place_url_and_scores():
    e = _by_id(read_gdelt(V2))["gdelt:1144100001"]
    assert (e.type, e.subtype, e.origin, e.source) == ("statement", "threat", "gdelt", V2.name)
    assert e.date == dt.date(2023, 12, 17) and e.date_precision == "day"
    assert [(a.code, a.role) for a in e.actors] == [("PRK", "initiator"), ("JPN", "target")]
    place = e.places[0]
    assert (place.role, place.lat, place.lon) == ("venue", 39.0194, 125.755)
    assert place.country_code == "KP"  # FIPS "KN" is North Korea, ISO "KP"
    assert place.name.startswith("Pyongyang")
    assert e.url == "https://www.example.org/2023/12/17/north-korea-warns-japan"
    assert e.attributes["GoldsteinScale"] == -7.0 and e.attributes["NumMentions"] == 12
    assert e.cameo["code"] == "138"


def test_cameo_codes_map_to_our_types():
    ids = _by_id(read_gdelt(V2))
    assert ids["gdelt:1144100002"].type == "meeting"
    assert {a.role for a in ids["gdelt:1144100002"].actors} == {"participant"}  # talks are symmetric
    assert ids["gdelt:1144100003"].type == "military_exercise"  # 150: a show of force, never a launch
    assert ids["gdelt:1144100007"].type == "other"  # 07 Provide aid: no type of ours
    assert ids["gdelt:1144100007"].places == ()
    assert cameo_type("190")[0] == "attack" and cameo_type("1951")[0] == "attack"
    assert cameo_type("163")[0] == "sanction" and cameo_type("057")[0] == "agreement"
    assert cameo_type("154")[0] == "deployment" and cameo_type("111")[:2] == ("statement", "condemnation")
    assert cameo_type("0871")[0] == "other" and cameo_type("")[0] == "other"


def test_bad_rows_have_their_line_numbers_and_the_rest_load():
    result = read_gdelt(V2)
    assert sorted(_by_id(result)) == ["gdelt:1144100001", "gdelt:1144100002", "gdelt:1144100003", "gdelt:1144100007"]
    bad = {b.row: b.reason for b in result.bad_rows}
    assert set(bad) == {4, 5, 6}
    assert "SQLDATE '2023-12-17'" in bad[4]
    assert "60" in bad[5] and "61" in bad[5]
    assert "95.5" in bad[6]


def test_zipped_export_reads_the_same(tmp_path: Path):
    plain, zipped = read_gdelt(V2), read_gdelt(FIXTURES / "gdelt_v2.export.CSV.zip")
    assert [e.to_dict() | {"source": None} for e in zipped.events] == [e.to_dict() | {"source": None} for e in plain.events]
    assert [b.row for b in zipped.bad_rows] == [4, 5, 6]
    assert all(b.reason.startswith("20231217101500.export.CSV: ") for b in zipped.bad_rows)


def test_gdelt_1_rows_of_57_and_58_columns():
    result = read_gdelt(FIXTURES / "gdelt_v1.export.CSV")
    assert result.bad_rows == []
    a, b = result.events
    assert a.attributes["gdelt_version"] == b.attributes["gdelt_version"] == "1.0"
    assert a.url is None and a.type == "statement" and a.subtype == "threat"  # 57: no SOURCEURL
    assert (a.places[0].lat, a.places[0].lon) == (40.0, 127.0)
    assert b.url == "https://www.example.org/2013/02/12/un-condemns"
    assert b.subtype == "condemnation" and b.places[0].country_code == "US"
    assert (b.places[0].lat, b.places[0].lon) == (40.7143, -74.006)  # ADM2 columns absent: still the right cells


def test_unreadable_files_are_refused(tmp_path: Path):
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        read_gdelt(empty)
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(InvalidInput, match="not a zip"):
        read_gdelt(fake)
    nodata = tmp_path / "nodata.zip"
    with zipfile.ZipFile(nodata, "w") as zf:
        zf.writestr("readme.pdf", "x")
    with pytest.raises(InvalidInput, match="no .csv"):
        read_gdelt(nodata)


def test_stable_ids_across_reads():
    assert [e.id for e in read_gdelt(V2).events] == [e.id for e in read_gdelt(V2).events]


def test_every_taxonomy_subtype_with_a_cameo_code_has_a_type_for_imports():
    # A subtype added to the taxonomy's CAMEO table without its type broke every GDELT import
    # (KeyError at the first row); each key must be a type or a known subtype.
    from geo.extract.taxonomy import CAMEO, EVENT_TYPES
    from geo.importers import gdelt

    assert all(k in EVENT_TYPES or k in gdelt._SUBTYPE_OF for k in CAMEO)
    assert gdelt.cameo_type("012")[:2] == ("statement", "concern")
