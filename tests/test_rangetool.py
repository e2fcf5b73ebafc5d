"""The range tool's logic (geo/view/rangetool.py), without Streamlit.

Expected distances come from pyproj's Geod directly (not our code) at the gazetteer's own
coordinates, and from published figures (Seoul about 195 km from Pyongyang, Tokyo about
1,290 km); the CNS figures are read from the CSV with the csv module, not our importer.
"""

from __future__ import annotations

import csv

import pytest
from pyproj import Geod

from geo.errors import InvalidInput
from geo.view import rangetool as rt

GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.03385, 125.75432)  # GeoNames, the gazetteer's capital point
SEOUL = (37.566, 126.9784)
TOKYO = (35.6895, 139.69171)


def _km(a, b) -> float:
    return GEOD.inv(a[1], a[0], b[1], b[0])[2] / 1000


def test_published_distances_hold_for_these_coordinates():
    assert _km(PYONGYANG, SEOUL) == pytest.approx(195, abs=3)
    assert _km(PYONGYANG, TOKYO) == pytest.approx(1290, abs=15)


def test_seoul_is_within_570_km_of_pyongyang_at_about_195_km():
    rows = rt.in_reach(*PYONGYANG, 570)
    seoul = [r for r in rows if r["name"] == "Seoul" and r["kind"] == "capital"]
    assert len(seoul) == 1
    assert seoul[0]["distance_km"] == pytest.approx(_km(PYONGYANG, (seoul[0]["lat"], seoul[0]["lon"])), abs=0.1)
    assert seoul[0]["distance_km"] == pytest.approx(195, abs=3)
    assert seoul[0]["country"] == "KR"
    # nearest first; the countries come with the places
    assert [r["distance_km"] for r in rows] == sorted(r["distance_km"] for r in rows)
    countries = {r["name"] for r in rows if r["kind"] == "country"}
    assert {"North Korea", "South Korea", "China"} <= countries
    assert "Japan" not in countries  # Japan's nearest coast is ~700 km away


def test_tokyo_is_not_within_1000_km_of_pyongyang_but_is_within_1300():
    names = {r["name"] for r in rt.in_reach(*PYONGYANG, 1000)}
    assert "Tokyo" not in names and "Seoul" in names and "Japan" in names
    tokyo = [r for r in rt.in_reach(*PYONGYANG, 1300) if r["name"] == "Tokyo"]
    assert tokyo and tokyo[0]["distance_km"] == pytest.approx(_km(PYONGYANG, TOKYO), abs=0.1)


def test_every_listed_place_is_inside_the_radius_by_pyproj():
    for r in rt.in_reach(*PYONGYANG, 800):
        if r["lat"] is not None:
            assert _km(PYONGYANG, (r["lat"], r["lon"])) <= 800


def _cns_rows(name: str) -> list[dict]:
    with open(rt.CNS_DEMO, encoding="cp1252", newline="") as fh:
        return [r for r in csv.DictReader(fh) if r["Missile Name"].strip() == name]


def test_hwasong_15_is_read_from_the_cns_table():
    rows = _cns_rows("Hwasong-15")
    longest = max(float(r["Distance Travelled"].replace("km", "").replace(",", "")) for r in rows)
    m = rt.missile_named("hwasong-15", rt.cns_missiles())
    assert m is not None and m.name == "Hwasong-15"
    assert m.kind == "ICBM" == rows[0]["Missile Type"]
    assert m.tests == len(rows) == 3
    assert m.max_km == longest == 1090
    assert m.band == ("ICBM", 5500.0, 15500.0)
    assert "1,090 km" in m.label


def test_missiles_without_a_distance_are_listed_with_their_class():
    kn02 = rt.missile_named("KN-02", rt.cns_missiles())
    assert kn02 is not None and kn02.max_km is None and kn02.kind == "SRBM"
    reach = rt.reach_of(rt.ToolState(lat=PYONGYANG[0], lon=PYONGYANG[1], missile="KN-02"), rt.cns_missiles())
    assert [f["properties"]["class"] for f in reach.features] == ["SRBM"] and reach.outer_km == 1000


def test_reach_of_radii_and_missile_rings_are_geodesic():
    state = rt.ToolState(lat=PYONGYANG[0], lon=PYONGYANG[1], radii=(570.0,), missile="Hwasong-15")
    reach = rt.reach_of(state, rt.cns_missiles())
    labels = [f["properties"]["label"] for f in reach.features]
    assert labels == ["570 km", "Hwasong-15: longest test flight, 1,090 km (CNS)", "ICBM (> 5,500 km)"]
    assert reach.outer_km == 15500
    ring = reach.features[0]["geometry"]["coordinates"][0]
    lons, lats = zip(*ring)
    _, _, d = GEOD.inv([PYONGYANG[1]] * len(lons), [PYONGYANG[0]] * len(lats), lons, lats)
    assert max(abs(x / 1000 - 570) for x in d) < 1.0


def test_reach_needs_a_place():
    with pytest.raises(InvalidInput, match="pick a place"):
        rt.reach_of(rt.ToolState(radii=(500.0,)))


@pytest.mark.parametrize("text, expected", [
    ("570", (570.0,)), ("570, 1000 km", (570.0, 1000.0)), ("1,000; 300", (300.0, 1000.0)),
    ("  ", ()), ("1000km 1000", (1000.0,)),
])
def test_parse_radii(text, expected):
    assert rt.parse_radii(text) == expected


@pytest.mark.parametrize("text, message", [
    ("abc", "'abc' is not a number of km"),
    ("0", "out of range: give 1 to 19,900 km"),
    ("25000", "'25000' km is out of range"),
    ("nan", "out of range"),
    ("1 2 3 4 5 6 7", "7 radii given: at most 6"),
])
def test_bad_radius_gives_a_clear_message(text, message):
    with pytest.raises(InvalidInput) as info:
        rt.parse_radii(text)
    assert message in str(info.value)


def test_place_choices_find_pyongyang_and_refuse_an_empty_query():
    [first, *_] = rt.place_choices("Pyongyang")
    assert first.name == "Pyongyang" and first.feature == "capital" and first.country_code == "KP"
    assert _km(PYONGYANG, (first.lat, first.lon)) < 1
    assert "Pyongyang (capital" in first.label
    assert rt.place_choices("zzzqqqxx") == []
    with pytest.raises(InvalidInput, match="type a place name"):
        rt.place_choices("   ")
    with pytest.raises(InvalidInput, match="longer than"):
        rt.place_choices("x" * 500)


def test_url_round_trip():
    state = rt.ToolState(lat=39.03385, lon=125.75432, place="Pyongyang", radii=(570.0, 1000.0), cls="MRBM",
                         missile="Hwasong-15")
    q = rt.to_query(state)
    assert q == {"lat": "39.0339", "lon": "125.7543", "place": "Pyongyang", "r": "570,1000", "class": "MRBM",
                 "missile": "Hwasong-15"}
    back, notices = rt.from_query(q, rt.cns_missiles())
    assert notices == []
    assert back.radii == state.radii and back.cls == "MRBM" and back.missile == "Hwasong-15"
    assert (back.lat, back.lon, back.place) == (39.0339, 125.7543, "Pyongyang")


def test_url_place_and_missile_are_looked_up():
    state, notices = rt.from_query({"place": "Seoul", "missile": "hwasong-15"}, rt.cns_missiles())
    assert notices == [] and state.place == "Seoul" and state.missile == "Hwasong-15"
    assert _km(SEOUL, (state.lat, state.lon)) < 1


def test_bad_url_values_give_notices_never_errors():
    params = {"lat": "95", "lon": "abc", "place": "zzzqqqxx", "r": ["570,-3", "x"], "class": "XRBM",
              "missile": "Nope-9", "zoom": "3", "missile2": ["a", "b"]}
    state, notices = rt.from_query(params, rt.cns_missiles())
    assert state == rt.ToolState(radii=(570.0,))
    text = "\n".join(notices)
    for part in ("lat '95' is outside -90..90", "lon 'abc' is not a number", "place 'zzzqqqxx' was not found",
                 "radius '\\-3' km is out of range", "radius 'x' is not a number", "class 'XRBM' is not one of",
                 "missile 'Nope\\-9' is not in the CNS table", "unknown parameter 'zoom'"):
        assert part in text, part


def test_url_values_are_escaped_for_markdown():
    _, notices = rt.from_query({"place": "[x](http://evil)"}, rt.cns_missiles())
    assert notices == ["place '\\[x\\]\\(http\\://evil\\)' was not found in the gazetteer"]
