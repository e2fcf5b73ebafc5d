"""ACLED CSV import (geo.importers.acled).

tests/fixtures/imports/acled.csv has the column names of ACLED's export layout since its
2023 column changes (ACLED codebook) and rows written for this project.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.errors import InvalidInput
from geo.importers.acled import acled_type, read_acled

FIXTURE = Path(__file__).parent / "fixtures" / "imports" / "acled.csv"


@pytest.fixture(scope="module")
def result():
    return read_acled(FIXTURE)


def test_shelling_row(result):
    e = next(e for e in result.events if e.id == "acled:UKR100001")
    assert (e.type, e.subtype, e.origin) == ("attack", "shelling_artillery_missile_attack", "acled")
    assert e.date == dt.date(2023, 12, 17) and e.date_precision == "day" and e.date_end is None
    assert [(a.code, a.role) for a in e.actors] == [("RUS", "participant"), (None, "participant")]
    assert (e.places[0].name, e.places[0].lat, e.places[0].lon, e.places[0].country_code) == ("Kharkiv", 49.9935, 36.2304, "UA")
    assert e.sentence.startswith("On 17 December 2023, Russian forces shelled")
    assert e.attributes["fatalities"] == 2 and e.attributes["acled_source"] == "Ukrinform"


def test_time_precision_month_and_week(result):
    protest = next(e for e in result.events if e.id == "acled:UKR100002")  # "15 December 2023", precision 3
    assert (protest.date, protest.date_end, protest.date_precision) == (dt.date(2023, 12, 1), dt.date(2023, 12, 31), "month")
    assert protest.type == "other" and protest.actors[0].code is None  # protesters are not the state
    deal = next(e for e in result.events if e.id == "acled:KOR200003")  # precision 2: the week around the 18th
    assert (deal.date, deal.date_end, deal.date_precision) == (dt.date(2023, 12, 15), dt.date(2023, 12, 21), "range")
    assert deal.type == "agreement"
    assert {a.code for a in deal.actors} == {"KOR", "USA"}


def test_bad_rows_named_and_numbered(result):
    assert len(result.events) == 3
    bad = {b.row: b.reason for b in result.bad_rows}
    assert set(bad) == {5, 6, 7}
    assert "2023-02-30" in bad[5]
    assert "148.5956" in bad[6] or "148.596" in bad[6]
    assert "columns" in bad[7]


def test_type_table():
    assert acled_type("Battles", "Armed clash") == "attack"
    assert acled_type("Strategic developments", "Headquarters or base established") == "deployment"
    assert acled_type("Strategic developments", "Arrests") == "other"
    assert acled_type("Riots", "Mob violence") == "other"
    assert acled_type("Something new", "") == "other"


def test_missing_required_column_is_named(tmp_path: Path):
    p = tmp_path / "acled.csv"
    p.write_text("event_id_cnty,event_date,event_type,latitude\nX1,2023-01-01,Battles,1\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="longitude"):
        read_acled(p)


def test_upper_case_headers_of_older_exports(tmp_path: Path):
    p = tmp_path / "old.csv"
    p.write_text("EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,LATITUDE,LONGITUDE,NOTES\n"
                 "SDN1,15-04-2023,Battles,15.5007,32.5599,Clashes in Khartoum.\n", encoding="utf-8")
    (e,) = read_acled(p).events
    assert e.date == dt.date(2023, 4, 15) and e.sentence == "Clashes in Khartoum."
