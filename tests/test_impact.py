"""Impact zones: the part of a range band that meets what a report says about where a launch
came down. The seed: "launched from near Pyongyang, traveled approximately 570 kilometers
before landing in the sea" (no sea named)."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.errors import InvalidInput
from geo.geodesy import impact_zone
from geo.geodesy.impact import direction_bearing
from geo.geodesy.seas import find_seas, land_within

GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.0392, 125.7625)
# Coastal cities in the 513-627 km band round Pyongyang: on land, so never in a sea zone.
BUSAN = (35.1796, 129.0756)
ULSAN_MIPO = (35.5068, 129.4217)  # the Ulsan shipyards, right on the coast
CHANGCHUN = (43.8171, 125.3235)
SEAS_EAST_OR_WEST = {"Sea of Japan", "Yellow Sea", "Bo Hai", "Korea Strait", "East China Sea"}


@pytest.fixture(scope="module")
def seed_zone():
    return impact_zone(*PYONGYANG, range_km=570, sea="the sea")


def test_seed_zone_is_at_sea_east_or_west_of_korea(seed_zone):
    z = seed_zone
    assert z.geometry is not None and z.area_km2 > 10_000
    geom = shape(z.geometry)
    assert geom.is_valid
    # the bundled land polygons and the zone share no area (up to floating point)
    assert geom.intersection(land_within(geom)).area < 1e-6
    for city in (BUSAN, ULSAN_MIPO, CHANGCHUN):
        assert not geom.covers(Point(city[1], city[0]))
    assert {c["sea"] for c in z.candidates} <= SEAS_EAST_OR_WEST
    assert {"Sea of Japan", "Yellow Sea"} <= {c["sea"] for c in z.candidates}
    for c in z.candidates:
        assert 513 <= c["distance_km"] <= 627
        assert shape(c["geometry"]).covers(Point(c["lon"], c["lat"]))


def test_seed_estimate_is_in_the_sea_of_japan_by_area_rule(seed_zone):
    z = seed_zone
    best = z.candidates[0]
    assert best["sea"] == "Sea of Japan"
    assert z.centroid == (best["lat"], best["lon"])
    assert z.centroid[1] > 129.5  # east of the Korean peninsula's east coast
    _, _, d = GEOD.inv(PYONGYANG[1], PYONGYANG[0], z.centroid[1], z.centroid[0])
    assert d / 1000 == pytest.approx(570, abs=1)
    assert "share" in z.note and "area" in z.note
    assert sum(c["share"] for c in z.candidates) == pytest.approx(1.0, abs=1e-3)
    assert [c["score"] for c in z.candidates] == sorted((c["score"] for c in z.candidates), reverse=True)


def test_named_sea_by_alternative_name():
    z = impact_zone(*PYONGYANG, range_km=570, sea="East Sea")
    assert [c["sea"] for c in z.candidates] == ["Sea of Japan"]
    assert z.centroid[1] > 129.5
    w = impact_zone(*PYONGYANG, range_km=570, sea="the Yellow Sea")
    assert [c["sea"] for c in w.candidates] == ["Yellow Sea"]
    assert w.centroid[1] < 125.0


def test_direction_and_bearing_narrow_the_zone():
    z = impact_zone(*PYONGYANG, range_km=570, sea="the sea", direction="off the east coast")
    assert all(45 <= c["bearing_deg"] <= 135 for c in z.candidates)
    assert z.candidates[0]["sea"] == "Sea of Japan"
    b = impact_zone(*PYONGYANG, range_km=570, sea="sea", bearing_deg=250)
    assert 240 <= b.candidates[0]["bearing_deg"] <= 260
    assert b.area_km2 < z.area_km2


def test_earlier_impacts_decide_the_ranking():
    # three earlier impacts to the south-west, in the Yellow Sea
    prior = [(35.5, 123.5), {"lat": 35.0, "lon": 124.0}, (36.0, 123.0)]
    z = impact_zone(*PYONGYANG, range_km=570, sea="the sea", prior_impacts=prior)
    assert z.candidates[0]["sea"] == "Yellow Sea"
    assert z.candidates[0]["prior_impacts"] == 3
    assert "3 earlier impact" in z.note


def test_band_from_disagreeing_sources():
    z = impact_zone(*PYONGYANG, band_km=(400, 600), sea="East Sea")
    assert z.band_km == (400, 600)
    for c in z.candidates:
        assert 400 <= c["distance_km"] <= 600


def test_unreachable_sea_gives_an_empty_zone_with_a_note():
    z = impact_zone(*PYONGYANG, range_km=570, sea="Mediterranean Sea")
    assert z.geometry is None and z.candidates == [] and z.centroid is None
    assert "No area" in z.note


def test_zone_across_the_antimeridian_is_valid():
    # from Kamchatka (Petropavlovsk) 1,500 km east into the Bering Sea / Pacific
    z = impact_zone(53.0, 158.65, range_km=1_500, sea="the sea", direction="east")
    assert z.geometry is not None and shape(z.geometry).is_valid
    xs = [p[0] for poly in (z.geometry["coordinates"] if z.geometry["type"] == "MultiPolygon" else [z.geometry["coordinates"]]) for p in poly[0]]
    assert min(xs) >= -180 and max(xs) <= 180


def test_feature_is_json_with_estimate_and_candidates(seed_zone):
    f = seed_zone.to_feature()
    text = json.dumps(f)
    assert f["type"] == "Feature" and f["properties"]["kind"] == "impact_zone"
    assert f["properties"]["estimate"]["lat"] == seed_zone.centroid[0]
    assert f["properties"]["area_km2"] > 0 and f["properties"]["band_km"] == [513.0, 627.0]
    assert "geometry" not in f["properties"]["candidates"][0]
    assert json.loads(text)["properties"]["note"] == seed_zone.note
    feats = seed_zone.candidate_features()
    assert feats[0]["properties"]["rank"] == 1 and feats[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"sea": "the sea"}, "range"),
        ({"range_km": 570, "sea": "Yelow Sea"}, "Yelow Sea"),
        ({"range_km": -5}, "range"),
        ({"band_km": (600, 400)}, "below"),
        ({"range_km": 570, "direction": "upwards"}, "upwards"),
        ({"range_km": 570, "prior_impacts": ["x"]}, "earlier impact"),
    ],
)
def test_bad_input_is_refused_naming_the_value(kwargs, needle):
    with pytest.raises(InvalidInput, match=needle):
        impact_zone(*PYONGYANG, **kwargs)


@pytest.mark.parametrize(
    "text, bearing",
    [("off the east coast", 90), ("north-east", 45), ("South West", 225), ("westward", 270), ("NW", 315), ("southerly", 180)],
)
def test_direction_words(text, bearing):
    assert direction_bearing(text) == bearing


def test_sea_names_match_name_and_namealt():
    assert [s.name for s in find_seas("east sea")] == ["Sea of Japan"]
    assert [s.name for s in find_seas("Sea of Japan (East Sea)")] == ["Sea of Japan"]
    assert {s.name for s in find_seas("West Sea")} == {"Yellow Sea"}
