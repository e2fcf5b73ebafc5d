"""An impact zone for every launch with a range (issue 12, item 2): extraction records what
the text says in ``impact_hint``; enrichment (geo.geodesy.enrich) draws the zone.

Expected zones come from the geography of the texts: Pyongyang (39.0 N, 125.75 E) lies
about 150-200 km from the Yellow Sea coast and 180 km from the Sea of Japan coast, so a
570 km band at sea meets both; the words or the prior decide.
"""

from __future__ import annotations

from shapely.geometry import Point, shape
from shapely.ops import unary_union

from geo.events import LAUNCH_TYPES
from geo.extract import extract_report
from geo.geodesy import enrich as enrich_mod
from geo.geodesy.seas import find_seas
from geo.pipeline import events_of_report
from geo.reports import report_from_text


def _launch(text: str, date: str = "2024-01-14"):
    report = report_from_text(text, date=date)
    raw = next(e for e in extract_report(report) if e["type"] in LAUNCH_TYPES)
    event = next(e for e in events_of_report(report) if e.id == raw["id"])
    return raw, event


def _in(sea: str, lat: float, lon: float) -> bool:
    return unary_union([s.geometry for s in find_seas(sea)]).buffer(0.2).covers(Point(lon, lat))


def test_extraction_records_a_hint_not_a_zone():
    raw, event = _launch("North Korea fired a ballistic missile from near Pyongyang toward the Yellow Sea on Sunday. "
                         "It flew about 400 km.")
    assert "impact_zone" not in raw
    assert raw["impact_hint"]["sea"] == "Yellow Sea"
    assert event.to_dict()["impact_zone"] is not None  # made at enrichment, repeated at the top level


def test_toward_the_yellow_sea_lies_in_the_yellow_sea():
    _, event = _launch("North Korea fired a ballistic missile from near Pyongyang toward the Yellow Sea on Sunday. "
                       "It flew about 400 km.")
    lat, lon = event.geometry.impact_point
    assert _in("Yellow Sea", lat, lon)
    assert lon < 125.75  # west of the launch site
    zone = shape(event.geometry.impact_zone)
    assert zone.intersection(unary_union([s.geometry for s in find_seas("Sea of Japan")])).area == 0


def test_west_sea_is_the_yellow_sea():
    _, event = _launch("North Korea fired a ballistic missile from near Pyongyang into the West Sea on Sunday. "
                       "It flew about 400 km.")
    assert _in("Yellow Sea", *event.geometry.impact_point)


def test_no_sea_named_gives_the_band_at_sea_ranked_with_confidences():
    _, event = _launch("North Korea fired a ballistic missile from near Pyongyang on Sunday. It flew about 570 km.")
    g = event.geometry
    assert g.impact_zone is not None
    cands = g.zone_candidates
    assert len(cands) >= 2  # both coasts are within 513-627 km of Pyongyang at sea
    assert abs(sum(c["confidence"] for c in cands) - 1) < 0.01
    assert all(c["area_km2"] > 0 for c in cands)
    assert [c["confidence"] for c in cands] == sorted((c["confidence"] for c in cands), reverse=True)
    # the CNS landing areas: most launches came down in the Sea of Japan
    assert cands[0]["sea"] == "Sea of Japan"
    assert "Ranked by" in g.note


def test_without_the_prior_the_ranking_is_by_area(monkeypatch):
    monkeypatch.setenv("GEO_NO_LANDING_PRIOR", "1")
    _, event = _launch("North Korea fired a ballistic missile from near Pyongyang on Sunday. It flew about 570 km.")
    cands = event.geometry.zone_candidates
    assert all(c["prior"] is None for c in cands)
    assert [c["area_km2"] for c in cands] == sorted((c["area_km2"] for c in cands), reverse=True)


def test_direction_word_narrows_the_zone():
    _, plain = _launch("North Korea fired a ballistic missile from near Pyongyang on Sunday. It flew about 570 km.")
    _, east = _launch("North Korea fired a ballistic missile from near Pyongyang eastward on Sunday. It flew about 570 km.")
    assert east.impact_hint.get("direction")
    lat, lon = east.geometry.impact_point
    assert lon > 125.75 and _in("Sea of Japan", lat, lon)


def test_landed_inside_japans_eez():
    raw, event = _launch("North Korea fired an ICBM from the Sunan area on Friday. The missile flew about 1,000 km "
                         "and landed inside Japan's exclusive economic zone.", date="2022-11-19")
    assert raw["impact_hint"]["eez"] == {"owner": "Japan", "inside": True}
    lat, lon = event.geometry.impact_point
    assert _in("Sea of Japan", lat, lon)


def test_failed_launch_is_near_the_launch_site():
    _, event = _launch("North Korea fired a missile from the Sunan area on Sunday. The missile exploded shortly after "
                       "launch, South Korea said. It had been expected to fly 1,000 km.")
    assert event.impact_hint.get("failed") is True
    site = event.launch_site
    zone = shape(event.geometry.impact_zone)
    # a 50 km disc around the site, not the 900-1100 km band
    assert zone.covers(Point(site.lon, site.lat))
    assert event.geometry.zone_area_km2 < 3.2 * 50 ** 2 * 1.05
    assert "failed early" in event.geometry.note


def test_flew_a_few_seconds_is_a_failure():
    raw, _ = _launch("North Korea launched a missile from Wonsan on Sunday; it flew a few seconds before breaking up.")
    assert raw["impact_hint"].get("failed") is True


def test_landing_prior_prefers_the_sites_own_history():
    prior = enrich_mod.landing_prior(39.0, 125.75)
    assert abs(sum(prior.values()) - 1) < 1e-9
    assert prior["Sea of Japan"] > prior["Yellow Sea"] > prior["other"] > 0
