"""KML export: well-formed XML, time stamps for Google Earth's slider, polygons, escaped text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo.errors import InvalidInput
from geo.export.kml import read_kml, write_kml
from tests.export_samples import HOSTILE, hostile_event, kamchatka_launch, sample_events, seed_events

K = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def kml(tmp_path_factory) -> tuple[Path, ET.Element]:
    path = tmp_path_factory.mktemp("kml") / "events.kml"
    write_kml(sample_events(), path)
    return path, ET.parse(path).getroot()  # parses: well-formed XML


def _placemarks(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for pm in root.iter(f"{K}Placemark"):
        data = {d.get("name"): d.findtext(f"{K}value") for d in pm.iter(f"{K}Data")}
        out[(data["event_id"], data["kind"])] = pm
    return out


def test_root_is_kml_22_with_one_placemark_per_event_and_geometry(kml) -> None:
    _, root = kml
    assert root.tag == f"{K}kml"
    marks = _placemarks(root)
    assert {eid for eid, kind in marks if kind == "event"} == {e.id for e in sample_events()}


def test_a_day_has_a_timestamp_and_a_month_a_timespan(kml) -> None:
    _, root = kml
    marks = _placemarks(root)
    launch = seed_events()[0]
    assert marks[(launch.id, "event")].findtext(f"{K}TimeStamp/{K}when") == "2023-12-17"
    assert marks[(launch.id, "ring")].findtext(f"{K}TimeStamp/{K}when") == "2023-12-17"  # the ring too
    span = marks[(hostile_event().id, "event")].find(f"{K}TimeSpan")
    assert (span.findtext(f"{K}begin"), span.findtext(f"{K}end")) == ("2023-11-01", "2023-11-30")


def test_rings_and_zones_are_polygons_split_ones_multigeometry(kml) -> None:
    _, root = kml
    marks = _placemarks(root)
    seed_ring = marks[(seed_events()[0].id, "ring")]
    assert seed_ring.find(f"{K}Polygon/{K}outerBoundaryIs/{K}LinearRing/{K}coordinates") is not None
    split = marks[(kamchatka_launch().id, "ring")].find(f"{K}MultiGeometry")
    assert len(split.findall(f"{K}Polygon")) == 2
    zone = marks[(seed_events()[0].id, "impact_zone")]
    assert zone.find(f".//{K}Polygon") is not None
    lon, lat = map(float, marks[(seed_events()[0].id, "event")].findtext(f"{K}Point/{K}coordinates").split(","))
    assert 125 < lon < 126.5 and 38.5 < lat < 39.5  # KML is lon,lat


def test_hostile_text_is_text_not_markup(kml) -> None:
    path, root = kml
    assert not list(root.iter("x")) and not list(root.iter(f"{K}x"))  # "</Data><x>" made no element
    marks = _placemarks(root)
    pm = marks[(hostile_event().id, "event")]
    description = pm.findtext(f"{K}description")
    # Google Earth renders descriptions as HTML: what it gets after XML parsing is escaped HTML.
    assert "<script>" not in description and "&lt;script&gt;" in description
    assert "${" not in description and "`" not in description
    data = {d.get("name"): d.findtext(f"{K}value") for d in pm.iter(f"{K}Data")}
    assert data["source"].startswith("<script>alert(1)</script>")  # plain text, exactly (XML-escaped on disk)
    raw = path.read_text(encoding="utf-8")
    assert "\x01" not in raw and "<script>" not in raw
    assert HOSTILE not in raw


def test_a_placemark_of_an_unknown_event_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "orphan.kml"
    path.write_text('<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><ExtendedData>'
                    '<Data name="kind"><value>ring</value></Data><Data name="event_id"><value>zz</value></Data>'
                    '</ExtendedData></Placemark></Document></kml>')
    with pytest.raises(InvalidInput, match="'zz'"):
        read_kml(path)


def test_malformed_xml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.kml"
    path.write_text("<kml><Document>")
    with pytest.raises(InvalidInput, match="not well-formed XML"):
        read_kml(path)
