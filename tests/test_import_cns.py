"""CNS North Korea Missile Test Database import (geo.importers.cns).

The real export is read from ../shared/data when it is there (skipped otherwise, with the
reason); expected values are read from the CSV by the test itself with the csv module,
not from the importer. ``tests/fixtures/imports/cns_unknowns.csv`` has the real header
and rows written here (see the fixtures' README) for Unknown/N/A, Sep-84 and bad rows.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from geo.errors import InvalidInput
from geo.importers.cns import read_cns

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
CNS_NAME = "cns-missile-tests/north_korea_missile_test_database.csv"
DEMO = Path(__file__).resolve().parent.parent / "geo" / "data" / "demo" / "cns_missile_tests.csv"


@pytest.fixture(scope="module")
def real(shared_data: Path):
    path = shared_data / CNS_NAME
    with open(path, encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return path, rows, read_cns(path)


def test_every_real_row_is_a_launch_or_a_named_bad_row(real):
    path, rows, result = real
    assert len(rows) == 245
    assert len(result.events) + len(result.bad_rows) == 245
    assert all(b.reason for b in result.bad_rows)
    assert {e.type for e in result.events} <= {"missile_launch", "satellite_launch"}
    assert all(e.origin == "cns" and e.source == path.name for e in result.events)
    assert len({e.id for e in result.events}) == len(result.events)
    assert all(e.actors[0].code == "PRK" for e in result.events)


def test_hwasong15_of_2017_11_28_against_the_csv(real):
    _, rows, result = real
    row = next(r for r in rows if r["Date"] == "28-Nov-17" and r["Missile Name"] == "Hwasong-15")
    event = next(e for e in result.events if e.attributes.get("cns_row") == row["F1"])
    assert event.date == dt.date(2017, 11, 28) and event.date_precision == "day"
    assert event.range_km == float(row["Distance Travelled"].split()[0])  # "950 km"
    assert event.apogee_km == float(row["Apogee"].split()[0])  # "4475 km"
    site = event.launch_site
    assert site.name == row["Facility Name"]
    assert (site.lat, site.lon) == (float(row["Facility Latitude"]), float(row["Facility Longitude"]))
    assert event.sentence == row["Additional Information"].strip()
    assert event.attributes["missile_name"] == "Hwasong-15" and event.attributes["missile_type"] == row["Missile Type"]
    assert event.attributes["outcome"] == row["Test Outcome"]
    landing = [p for p in event.places if p.role == "impact_area"]
    assert [p.name for p in landing] == [row["Landing Location"]]
    assert event.impact_hint == {"sea": "Sea of Japan"}


def test_the_real_files_latin1_bytes_survive(real):
    path, rows, result = real
    raw = path.read_bytes()
    assert b"\xa0" in raw  # the export is not UTF-8
    row = next(r for r in rows if "\xa0" in r["Facility Location"])
    event = next(e for e in result.events if e.attributes.get("cns_row") == row["F1"])
    assert "\xa0" in event.attributes["facility_location"]
    degree = [e for e in result.events if "\u00b0" in (e.sentence or "")]
    assert degree, "the degree sign (0xB0 in Windows-1252) should be decoded as such"


def test_month_only_dates_of_the_real_file(real):
    _, rows, result = real
    month_rows = {r["F1"] for r in rows if r["Date"].count("-") == 1}
    assert month_rows  # "Sep-84"
    month_events = {e.attributes["cns_row"]: e for e in result.events if e.date_precision == "month"}
    assert set(month_events) == month_rows
    e = next(iter(month_events.values()))
    assert e.date.day == 1 and e.date_end.month == e.date.month and (e.date_end + dt.timedelta(days=1)).day == 1


def test_reimport_gives_the_same_ids(real):
    path, _, result = real
    assert [e.id for e in read_cns(path).events] == [e.id for e in result.events]


def test_the_demo_table_is_the_cns_export(shared_data: Path):
    if not DEMO.is_file():
        pytest.skip("geo/data/demo/cns_missile_tests.csv not built (scripts/build_demo.py)")
    assert DEMO.read_bytes() == (shared_data / CNS_NAME).read_bytes()


def test_unknown_and_na_cells_give_no_value():
    result = read_cns(FIXTURES / "cns_unknowns.csv")
    first = next(e for e in result.events if e.id == "cns:1")
    assert first.range_km is None and first.apogee_km is None and first.range_band_km is None
    assert first.places == ()  # facility Unknown without coordinates, landing N/A
    assert "outcome" not in first.attributes  # Unknown
    assert first.sentence.endswith("row 2]") and "James Martin Center" in first.sentence


def test_sep84_is_a_month_and_unconfirmed_is_possible():
    e = next(e for e in read_cns(FIXTURES / "cns_unknowns.csv").events if e.id == "cns:2")
    assert (e.date, e.date_end, e.date_precision) == (dt.date(1984, 9, 1), dt.date(1984, 9, 30), "month")
    assert e.modality == "possible"
    assert e.range_km is None and e.range_band_km == (110.0, 670.0)
    assert e.attributes["facility_location"] == "Chiha-ri\xa0, Kangwon Province"


def test_satellite_launch_with_thousands_separator_and_degree_sign():
    e = next(e for e in read_cns(FIXTURES / "cns_unknowns.csv").events if e.id == "cns:6")
    assert e.type == "satellite_launch"
    assert e.range_km == 1380.0 and e.apogee_km == 2111.5
    assert "39\u00b049'N" in e.sentence
    assert e.url == "https://www.example.org/one"
    assert e.impact_hint == {"sea": "Yellow Sea"}


def test_bad_rows_are_numbered_and_the_rest_load():
    result = read_cns(FIXTURES / "cns_unknowns.csv")
    assert [e.id for e in result.events] == ["cns:1", "cns:2", "cns:6"]
    bad = {b.row: b.reason for b in result.bad_rows}
    assert set(bad) == {4, 5, 6}  # header is row 1
    assert "31-Feb-17" in bad[4]
    assert "139.2" in bad[5] and "latitude" in bad[5]
    assert "6 columns" in bad[6]


def test_a_file_that_is_not_cns_is_refused_naming_the_columns(tmp_path: Path):
    p = tmp_path / "other.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="'Date'"):
        read_cns(p)
    with pytest.raises(InvalidInput, match="does not exist"):
        read_cns(tmp_path / "missing.csv")
