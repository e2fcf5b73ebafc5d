"""Issue 12 item 2, the rules beyond a located site and a named sea: a launch whose site is
not located (the country's launch area), exclusive economic zones, an offset from a named
place, an early failure without a site, and a long flight that is no failure.

The reports are short texts written for these tests. Expected geometry comes from geography
computed here with pyproj (not with the code under test): Japan's Natural Earth polygon,
Okushiri (GeoNames: 42.17213 N, 139.51228 E), the Sunan area (39.2 N, 125.67 E).
"""

from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import Point, shape

from geo.events import LAUNCH_TYPES
from geo.extract.landing import failed_early, launching_country
from geo.geodesy.eez import maritime_zone
from geo.geodesy.origins import country_origins
from geo.naturalearth import load_shapes
from geo.pipeline import events_of_report
from geo.reports import report_from_text
from tests.test_extract_zones import _in, _launch  # one helper for both zone test files

GEOD = Geod(ellps="WGS84")


def _japan():
    props, geoms = load_shapes("countries")
    return next(g for p, g in zip(props, geoms) if p["iso_a2"] == "JP")


def _km_to_japan(lat: float, lon: float) -> float:
    """Geodesic distance, km, from a point to the nearest vertex of Japan's polygon (an upper bound)."""
    coords = [c for poly in getattr(_japan(), "geoms", [_japan()]) for c in poly.exterior.coords]
    _, _, d = GEOD.inv([lon] * len(coords), [lat] * len(coords), [c[0] for c in coords], [c[1] for c in coords])
    return min(d) / 1000.0


def test_no_located_site_takes_the_countrys_launch_area():
    raw, event = _launch("North Korea fired a ballistic missile on Sunday. It flew about 570 km, South Korea said.")
    assert raw["impact_hint"]["origin_country"] == "KP" and raw["impact_hint"]["origin_rule"] == "initiator"
    g = event.geometry
    assert event.launch_site is None and g.ring is None  # no centre, no ring
    assert g.impact_zone is not None and "launch site not located" in g.note.lower()
    assert g.zone_candidates[0]["basis"] == "origins"
    # every candidate has an area and a confidence; the confidences are a distribution
    assert all(c["area_km2"] > 0 and 0 <= c["confidence"] <= 1 for c in g.zone_candidates)
    assert abs(sum(c["confidence"] for c in g.zone_candidates) - 1) < 1e-3
    # the zone's point is 570 km +- 10 % (+ the origins' spread) from one of the launch facilities
    origins = country_origins("KP")
    lat, lon = g.impact_point
    d = min(GEOD.inv(o[1], o[0], lon, lat)[2] / 1000 - o[2] for o in origins.points)
    assert d <= 627 + 1
    assert _in("Sea of Japan", lat, lon)  # the prior (CNS landings: mostly the Sea of Japan)


def test_no_site_toward_the_yellow_sea():
    _, event = _launch("North Korea launched a cruise missile toward the Yellow Sea on Sunday. It flew 300 km.")
    lat, lon = event.geometry.impact_point
    assert _in("Yellow Sea", lat, lon)


def test_no_site_off_the_east_coast_lies_east():
    _, event = _launch("North Korea fired a ballistic missile off its east coast on Sunday. It flew about 400 km.")
    lat, lon = event.geometry.impact_point
    assert lon > 128.0 and _in("Sea of Japan", lat, lon)


def test_a_country_without_known_facilities_launches_from_its_territory():
    _, event = _launch("Iran fired a ballistic missile on Sunday. It flew about 300 km, state media said.")
    g = event.geometry
    assert g.impact_zone is not None
    assert "territory of IR" in g.note
    assert g.zone_candidates[0]["prior"] is None  # the CNS prior is North Korea's only


def test_launching_country_rules_in_order():
    iso2 = {"PRK": "KP", "KOR": "KR", "JPN": "JP"}
    ev = {"actors": [], "places": [{"role": "launch_site", "country_code": "KP"}]}
    assert launching_country(ev, [], [], iso2) == ("KP", "site_country")
    assert launching_country({"actors": [], "places": []}, ["PRK"], [], iso2) == ("KP", "report_launcher")

    class M:  # an actor mention: only code and kind are read
        def __init__(self, code, kind="state"):
            self.code, self.kind = code, kind

    mentions = [M("KOR"), M("PRK"), M("PRK"), M("JPN")]
    assert launching_country({"actors": [], "places": []}, [], mentions, iso2) == ("KP", "most_named")
    assert launching_country({"actors": [], "places": []}, [], [], iso2) == (None, None)


def test_inside_japans_eez_keeps_the_zone_within_200_nmi_of_japan():
    _, event = _launch("North Korea fired an ICBM from the Sunan area on Friday. The missile flew about 1,000 km "
                       "and landed inside Japan's exclusive economic zone.", date="2022-11-19")
    zone = shape(event.geometry.impact_zone)
    eez = maritime_zone("JP")
    assert zone.difference(eez).area < 1e-6 * zone.area + 1e-9
    assert event.geometry.zone_candidates[0]["basis"] == "site+eez"
    lat, lon = event.geometry.impact_point
    assert _km_to_japan(lat, lon) <= 370.4 * 1.02


def test_outside_japans_eez_keeps_the_zone_away_from_japan():
    _, inside = _launch("North Korea fired a ballistic missile from the Sunan area on Sunday. It flew about 1,000 km "
                        "and fell inside Japan's exclusive economic zone.")
    _, outside = _launch("North Korea fired a ballistic missile from the Sunan area on Sunday. It flew about 1,000 km "
                         "and fell outside Japan's exclusive economic zone.")
    assert outside.impact_hint["eez"] == {"owner": "Japan", "inside": False}
    zi, zo = shape(inside.geometry.impact_zone), shape(outside.geometry.impact_zone)
    assert zi.intersection(zo).area < 1e-6
    assert _km_to_japan(*outside.geometry.impact_point) > 370.4 * 0.98


def test_maritime_zone_is_200_nmi_of_land():
    eez = maritime_zone("JP")
    # a point 300 km due west of Okushiri is inside, 450 km is not (Okushiri is on Japan's west coast)
    for km, inside in ((300, True), (450, False)):
        lon, lat, _ = GEOD.fwd(139.51228, 42.17213, 270, km * 1000)
        assert eez.covers(Point(lon, lat)) is inside
    assert maritime_zone("XX").is_empty


def test_landed_km_west_of_a_named_place_is_an_offset_by_geodesy():
    raw, event = _launch("North Korea fired an ICBM from the Sunan area on Friday. The missile flew about 950 km "
                         "and landed about 250 km west of Okushiri island, Japan said.")
    off = raw["impact_hint"]["offset"]
    assert off["distance_km"] == 250 and off["bearing_deg"] == 270 and off["place"] == "Okushiri"
    lon, lat, _ = GEOD.fwd(139.51228, 42.17213, 270, 250_000)
    zone = shape(event.geometry.impact_zone)
    assert zone.distance(Point(lon, lat)) < 0.01 or zone.covers(Point(lon, lat))
    p_lat, p_lon = event.geometry.impact_point
    assert GEOD.inv(lon, lat, p_lon, p_lat)[2] / 1000 <= 37.5 + 1  # within the offset's disc (15 % of 250 km)
    assert "offset" in event.geometry.zone_candidates[0]["basis"]


def test_an_offset_the_range_cannot_reach_is_dropped_and_said():
    _, event = _launch("North Korea fired a missile from the Sunan area on Friday. The missile flew about 300 km "
                       "and landed about 250 km west of Okushiri island.")
    g = event.geometry
    assert g.impact_zone is not None and "offset" not in g.zone_candidates[0]["basis"]


def test_failed_launch_without_a_site_is_near_the_launch_areas():
    _, event = _launch("North Korea launched a ballistic missile on Sunday, but it exploded shortly after launch, "
                       "South Korea's military said.")
    g = event.geometry
    assert g.impact_zone is not None and "failed early" in g.note
    zone = shape(g.impact_zone)
    # near the launch facilities: every point of the zone within 50 km + the spread of some origin
    origins = country_origins("KP")
    assert all(zone.buffer(0.01).covers(Point(o[1], o[0])) for o in origins.points)
    minx, miny, maxx, maxy = zone.bounds
    assert 123 < minx and maxx < 131.5 and 37 < miny and maxy < 42


def test_a_long_flight_in_seconds_is_no_failure():
    assert failed_early("The missile flew for only 40 seconds before it exploded.")
    assert not failed_early("The press release stated the missile flew for 4135 seconds, traveling 999.2 km.")
    raw, _ = _launch("North Korea fired an ICBM from the Sunan area on Friday. It flew for 4135 seconds and "
                     "traveled 999 km.")
    assert not raw["impact_hint"].get("failed")


@pytest.mark.parametrize("sea", ["East Sea", "Sea of Japan", "East Sea (Sea of Japan)"])
def test_every_name_of_the_sea_of_japan(sea):
    _, event = _launch(f"North Korea fired a ballistic missile into the {sea} on Sunday. It flew about 400 km.")
    assert _in("Sea of Japan", *event.geometry.impact_point)


def test_a_prior_file_without_a_category_still_ranks(tmp_path, monkeypatch):
    """A prior built from part of the table (bench_zones --prior-before) may lack a sea."""
    import json

    from geo.geodesy import enrich as enrich_mod

    path = tmp_path / "prior.json"
    path.write_text(json.dumps({"country": "KP", "overall": {"Sea of Japan": 5}, "sites": []}), encoding="utf-8")
    monkeypatch.setenv("GEO_LANDING_PRIOR", str(path))
    enrich_mod._landing_prior.cache_clear()
    try:
        _, event = _launch("North Korea fired a ballistic missile on Sunday. It flew about 570 km.")
        cands = event.geometry.zone_candidates
        assert cands and abs(sum(c["confidence"] for c in cands) - 1) < 1e-3
        assert set(enrich_mod.country_prior("KP")) >= {"Sea of Japan", "Yellow Sea", "Pacific Ocean", "other"}
    finally:
        enrich_mod._landing_prior.cache_clear()


def test_an_aggregate_of_launches_gets_no_zone():
    report = report_from_text("North Korea has fired more than 30 ballistic missiles so far this year, some flying "
                              "1,000 km.", date="2024-03-10")
    [agg] = [e for e in events_of_report(report) if e.type in LAUNCH_TYPES]
    assert agg.subtype == "aggregate" and agg.geometry.impact_zone is None
    assert "aggregate" in (agg.geometry.note or "")


def test_outside_territorial_waters_is_12_nmi():
    raw, event = _launch("North Korea fired a ballistic missile from the Sunan area on Sunday. It flew about 1,000 km "
                         "and fell outside Japan's territorial waters.")
    assert raw["impact_hint"]["eez"] == {"owner": "Japan", "inside": False, "territorial": True}
    assert "territorial waters" in event.geometry.note and "12 nmi" in event.geometry.note
    assert maritime_zone("JP", 12).area < maritime_zone("JP").area / 3


def test_a_flight_over_japan_comes_down_beyond_it():
    raw, event = _launch("North Korea fired an intermediate-range ballistic missile from the Sunan area on Tuesday. "
                         "It flew over Japan and traveled about 2,700 km.", date="2017-08-29")
    assert raw["impact_hint"]["over"]["country"] == "JP"
    lat, lon = event.geometry.impact_point
    assert lon > 140.0 and not _japan().covers(Point(lon, lat))  # east of Honshu and Hokkaido, at sea
    assert not _in("Sea of Japan", lat, lon)
    assert "over" in event.geometry.zone_candidates[0]["basis"]
    # every point of the zone lies on a bearing from the site that meets Japan
    def bearings(coords):
        xs, ys = zip(*coords)
        return GEOD.inv([125.67] * len(xs), [39.2] * len(xs), xs, ys)[0]

    site = event.launch_site
    japan = [c for poly in getattr(_japan(), "geoms", [_japan()]) for c in poly.exterior.coords]
    zone = shape(event.geometry.impact_zone)
    zone_coords = [c for poly in getattr(zone, "geoms", [zone]) for c in poly.exterior.coords]
    assert abs(site.lat - 39.2) < 0.3 and abs(site.lon - 125.67) < 0.3
    lo, hi = min(bearings(japan)), max(bearings(japan))
    assert all(lo - 2 <= b <= hi + 2 for b in bearings(zone_coords))
