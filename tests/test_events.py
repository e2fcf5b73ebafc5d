"""The typed event record and its JSON form (geo/events.py), and the one enrichment step
(geo/geodesy/enrich.py). Expected figures come from geodesy outside our code: the area of
a geodesic disc of radius r on the sphere, 2*pi*R^2*(1 - cos(r/R)), which the WGS84
figure matches to well under 1 %."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from geo.errors import InvalidInput
from geo.events import Actor, Claim, Event, Place, event_from_dict
from geo.geodesy.enrich import enrich
from geo.pipeline import events_of_report
from geo.reports import read_report

PYONGYANG = Place(name="Pyongyang", role="launch_site", lat=39.03, lon=125.75, country_code="KP")


def launch(**kw) -> Event:
    base = dict(id="t1", type="missile_launch", source="test", date=dt.date(2023, 12, 17), date_precision="day",
                actors=(Actor(code="PRK", name="North Korea", role="initiator", kind="state"),),
                places=(PYONGYANG,), range_km=570.0)
    base.update(kw)
    return Event(**base)


def test_json_round_trip_keeps_every_field(seed_path):
    for event in events_of_report(read_report(seed_path)):
        text = json.dumps(event.to_dict())  # JSON-serialisable as it is
        assert event_from_dict(json.loads(text)) == event


def test_json_form_has_the_contract_keys():
    d = launch().to_dict()
    assert {"id", "type", "date", "date_precision", "date_end", "actors", "places", "range_km", "apogee_km",
            "impact_zone", "sentence", "start", "end", "source", "confidence"} <= set(d)
    assert d["date"] == "2023-12-17" and d["places"][0]["lat"] == 39.03 and d["launch_site"]["name"] == "Pyongyang"


def test_claims_keep_distances_in_km_and_their_source():
    c = Claim(quantity="range", value=570.0, unit="kilometers", text="about 570 km", source_name="Seoul")
    assert c.to_dict()["value_km"] == 570.0 and "value" not in c.to_dict()
    assert Claim.from_dict(c.to_dict()) == c
    count = Claim(quantity="count", value=2.0)
    assert Claim.from_dict(count.to_dict()) == count


@pytest.mark.parametrize("field,value,words", [
    ("date", "2023-13-45", "date"),
    ("date_precision", "sometime", "date_precision"),
    ("range_km", "far", "range_km"),
])
def test_bad_values_name_the_field(field, value, words):
    d = launch().to_dict()
    d[field] = value
    with pytest.raises(InvalidInput, match=words):
        event_from_dict(d)


def test_impossible_coordinates_are_refused():
    d = launch().to_dict()
    d["places"][0]["lat"] = 123.0
    with pytest.raises(InvalidInput, match="latitude 123"):
        event_from_dict(d)


def test_enrich_makes_a_ring_of_the_right_area():
    e = enrich(launch())
    r_earth = 6371.0
    sphere = 2 * math.pi * r_earth**2 * (1 - math.cos(570 / r_earth))
    assert e.geometry.ring["type"] == "Polygon"
    assert abs(e.geometry.ring_area_km2 - sphere) / sphere < 0.01
    # nothing says where it came down: the part of the range band at sea (issue 12)
    assert e.geometry.impact_zone is not None and e.geometry.zone_candidates


def test_enrich_makes_an_impact_zone_point_and_path_from_the_hint():
    e = enrich(launch(impact_hint={"sea": "the sea"}))
    assert e.geometry.impact_zone["type"] in ("Polygon", "MultiPolygon")
    lat, lon = e.geometry.impact_point
    # the point lies about 570 km from the site (the zone is the 513-627 km band at sea)
    from geo.coords import haversine_km
    assert 500 < haversine_km(39.03, 125.75, lat, lon) < 640
    assert e.geometry.path["type"] == "LineString"
    assert e.geometry.zone_area_km2 > 0


def test_enrich_leaves_non_launches_and_unlocated_launches_without_geometry():
    talks = launch(type="meeting", places=(Place(name="Washington", role="venue", lat=38.9, lon=-77.0),))
    assert enrich(talks).geometry.ring is None
    nowhere = launch(places=(Place(name="the sea", role="impact_area"),))
    assert enrich(nowhere).geometry.ring is None and enrich(nowhere).geometry.path is None


def test_enrich_splits_a_ring_across_the_antimeridian():
    kamchatka = Place(name="Petropavlovsk-Kamchatsky", role="launch_site", lat=53.0, lon=158.65)
    ring = enrich(launch(places=(kamchatka,), range_km=2000.0)).geometry.ring
    assert ring["type"] == "MultiPolygon"
    lons = [pt[0] for poly in ring["coordinates"] for loop in poly for pt in loop]
    assert min(lons) >= -180 and max(lons) <= 180 and min(lons) < -170 and max(lons) > 170


def test_enrich_notes_a_range_beyond_half_the_earth():
    e = enrich(launch(range_km=25_000.0))
    assert e.geometry.ring is None and "beyond half" in e.geometry.note


def test_seed_launch_has_its_ring_and_zone(seed_path):
    events = events_of_report(read_report(seed_path))
    first = next(e for e in events if e.type == "missile_launch" and e.date == dt.date(2023, 12, 17))
    assert first.range_km == 570 and first.geometry.ring is not None and first.geometry.impact_zone is not None
    assert first.position == (first.launch_site.lat, first.launch_site.lon)
