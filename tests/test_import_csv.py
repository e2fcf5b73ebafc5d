"""Mapped CSV import (geo.importers.csvmap): any table with a date and coordinates or a place.

tests/fixtures/imports/places.csv is written for this project (see the fixtures' README).
Geocoding uses the bundled offline gazetteer; expected coordinates are GeoNames' for the
places (Washington 38.895, -77.036; Sinp'o 40.04, 128.19), to within 0.1 degree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.errors import InvalidInput
from geo.importers.csvmap import parse_mapping, read_csv

FIXTURE = Path(__file__).parent / "fixtures" / "imports" / "places.csv"
MAPPING = {"date": "When", "lat": "Y", "lon": "X", "place": "Town", "country": "Country", "type": "What",
           "actor": "Who", "text": "Note", "id": "Ref"}


@pytest.fixture(scope="module")
def result():
    return read_csv(FIXTURE, MAPPING)


def _event(result, ref):
    return next(e for e in result.events if e.id == f"csv:places.csv:{ref}")


def test_row_with_coordinates(result):
    e = _event(result, "r1")
    assert (e.type, e.origin, e.date) == ("missile_launch", "csv", dt.date(2023, 12, 17))
    assert (e.places[0].lat, e.places[0].lon) == (39.0392, 125.7625)
    assert e.actors[0].code == "PRK" and e.sentence == "Launch near Pyongyang."


def test_place_names_are_geocoded_offline(result):
    washington = _event(result, "r2").places[0]
    assert washington.lat == pytest.approx(38.895, abs=0.1) and washington.lon == pytest.approx(-77.036, abs=0.1)
    assert washington.country_code == "US" and washington.text == "Washington"
    sinpo = _event(result, "r3")
    assert sinpo.places[0].lat == pytest.approx(40.04, abs=0.1) and sinpo.places[0].lon == pytest.approx(128.19, abs=0.1)
    assert sinpo.type == "military_exercise" and sinpo.date_precision == "month"
    paris = _event(result, "r8").places[0]  # "Paris, France": the name in the country
    assert paris.country_code == "FR"
    assert {a.code for a in _event(result, "r2").actors} == {"USA", "KOR"}


def test_unknown_types_are_other_and_unmapped_columns_kept(tmp_path: Path, result):
    e = _event(result, "r8")
    assert e.type == "other" and e.attributes["type_text"] == "protest"
    p = tmp_path / "t.csv"
    p.write_text("Date,Lat,Lon,Extra\n2023-01-02,10,20,kept\n", encoding="utf-8")
    (only,) = read_csv(p, {"date": "Date", "lat": "Lat", "lon": "Lon"}).events
    assert only.attributes["Extra"] == "kept"
    assert only.id == read_csv(p, {"date": "Date", "lat": "Lat", "lon": "Lon"}).events[0].id  # stable


def test_bad_rows(result):
    assert len(result.events) == 4
    bad = {b.row: b.reason for b in result.bad_rows}
    assert set(bad) == {5, 6, 7, 8}
    assert "17/12/2023" in bad[5]
    assert "Xyzzyville" in bad[6] and "gazetteer" in bad[6]
    assert "95.1" in bad[7]
    assert "no coordinates and no place" in bad[8]


def test_a_missing_mapped_column_is_named():
    with pytest.raises(InvalidInput, match=r"'Datum' \(mapped to date\)"):
        read_csv(FIXTURE, {"date": "Datum", "lat": "Y", "lon": "X"})


def test_mapping_errors():
    assert parse_mapping("date=Date,lat=Y,lon=X") == {"date": "Date", "lat": "Y", "lon": "X"}
    with pytest.raises(InvalidInput, match="FIELD=COLUMN"):
        parse_mapping("date")
    with pytest.raises(InvalidInput, match="'when'"):
        read_csv(FIXTURE, {"when": "When", "lat": "Y", "lon": "X"})
    with pytest.raises(InvalidInput, match="date"):
        read_csv(FIXTURE, {"lat": "Y", "lon": "X"})
    with pytest.raises(InvalidInput, match="lat and lon"):
        read_csv(FIXTURE, {"date": "When", "lat": "Y"})
    with pytest.raises(InvalidInput, match="place"):
        read_csv(FIXTURE, {"date": "When"})
