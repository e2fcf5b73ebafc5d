"""Events as KML 2.2 for Google Earth: placemarks in time, rings and zones as polygons.

One Document with shared styles and a Folder of Placemarks, for each event:

- an **event** Placemark: a Point at :attr:`Event.position` (no geometry when nothing is
  located), its name (type and date), the source sentence as description, and
  ``ExtendedData`` with ``kind`` = ``event``, ``event_id``, ``type``, ``date``, ``actors``,
  ``source``, ``geometry_note`` and ``record``: the event's JSON form without its geometry, which the reader takes back;
- one Placemark per geometry the event carries (``kind`` = ``ring``, ``impact_zone``,
  ``path``, ``impact_point``; ``event_id``; ``area_km2`` for rings and zones): rings and
  zones as a Polygon, or a MultiGeometry of Polygons when the event's geometry is split at
  the antimeridian; the path as a LineString (MultiGeometry when split).

Every Placemark has the event's time: a ``TimeStamp`` for a known day, a ``TimeSpan``
from ``date`` to ``date_end`` otherwise, so Google Earth's time slider shows and hides
them; an undated event has neither and is always shown.

Text from reports is escaped by :mod:`xml.etree.ElementTree`; the description is
HTML-escaped first as well, because Google Earth renders descriptions as HTML. Characters
XML 1.0 cannot hold (control characters) become U+FFFD in names and descriptions; the
record is ASCII JSON, so it keeps them exactly. Coordinates are written with ``repr`` so
they read back to the same floats.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from typing import Iterable, Sequence

from geo.errors import InvalidInput
from geo.events import Event
from geo.export._common import GEOMETRY_KINDS, atomic_path, event_of, parse_json, point_lonlat, record
from geo.view.text import escape_html

NS = "http://www.opengis.net/kml/2.2"
_K = f"{{{NS}}}"
# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# name -> (line colour, line width, fill colour); KML colours are aabbggrr.
STYLES = {
    "event": None,
    "ring": ("ff2b39c0", 2.0, "0a2b39c0"),
    "impact_zone": ("ff0054d3", 1.5, "4022e67e"),
    "path": ("ff0054d3", 2.0, None),
    "impact_point": None,
}


def _text(value: object) -> str:
    return _NOT_XML.sub("\ufffd", "" if value is None else str(value))


def _sub(parent: ET.Element, tag: str, text: object | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = _text(text)
    return el


def _coords(positions: Iterable[Sequence[float]]) -> str:
    # repr: the shortest text that reads back to the same float (round trip exact).
    return " ".join(",".join(repr(float(c)) for c in pos[:2]) for pos in positions)


def _polygon(parent: ET.Element, rings: Sequence[Sequence[Sequence[float]]]) -> None:
    poly = _sub(parent, "Polygon")
    _sub(poly, "tessellate", 1)  # edges follow the Earth's surface, not straight chords
    for i, ring in enumerate(rings):
        boundary = _sub(poly, "outerBoundaryIs" if i == 0 else "innerBoundaryIs")
        _sub(_sub(boundary, "LinearRing"), "coordinates", _coords(ring))


def _line(parent: ET.Element, positions: Sequence[Sequence[float]]) -> None:
    line = _sub(parent, "LineString")
    _sub(line, "tessellate", 1)
    _sub(line, "coordinates", _coords(positions))


def _geometry(parent: ET.Element, geometry: dict) -> None:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        _sub(_sub(parent, "Point"), "coordinates", _coords([coords]))
    elif kind == "Polygon":
        _polygon(parent, coords)
    elif kind == "LineString":
        _line(parent, coords)
    elif kind in ("MultiPolygon", "MultiLineString"):
        multi = _sub(parent, "MultiGeometry")
        for part in coords:
            (_polygon if kind == "MultiPolygon" else _line)(multi, part)
    else:
        raise InvalidInput(f"KML export cannot write a GeoJSON {kind!r} geometry")


def _time(parent: ET.Element, event: Event) -> None:
    if event.date is None:
        return
    if event.date_end is None or event.date_end == event.date:
        _sub(_sub(parent, "TimeStamp"), "when", event.date.isoformat())
    else:
        span = _sub(parent, "TimeSpan")
        _sub(span, "begin", event.date.isoformat())
        _sub(span, "end", event.date_end.isoformat())


def _data(parent: ET.Element, items: dict) -> None:
    ext = _sub(parent, "ExtendedData")
    for name, value in items.items():
        if value is not None:
            data = _sub(ext, "Data")
            data.set("name", name)
            _sub(data, "value", value)


def _placemark(folder: ET.Element, name: str, style: str, event: Event, data: dict) -> ET.Element:
    pm = _sub(folder, "Placemark")
    _sub(pm, "name", name)
    _time(pm, event)
    _sub(pm, "styleUrl", f"#{style}")
    _data(pm, data)
    return pm


def _styles(doc: ET.Element) -> None:
    for name, style in STYLES.items():
        if style is None:
            continue
        line, width, fill = style
        el = _sub(doc, "Style")
        el.set("id", name)
        ls = _sub(el, "LineStyle")
        _sub(ls, "color", line)
        _sub(ls, "width", width)
        ps = _sub(el, "PolyStyle")
        _sub(ps, "color", fill or "00000000")
        _sub(ps, "fill", 1 if fill else 0)


def kml_document(events: Sequence[Event]) -> tuple[ET.ElementTree, int]:
    """The KML tree of the events and the number of Placemarks in it."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{_K}kml")
    doc = _sub(root, "Document")
    _sub(doc, "name", "Reported events")
    _styles(doc)
    folder = _sub(doc, "Folder")
    _sub(folder, "name", "Events")
    count = 0
    for event in events:
        title = " ".join(x for x in (event.type.replace("_", " "), event.date and event.date.isoformat()) if x)
        actors = ", ".join(a.name for a in event.actors)
        pm = _placemark(folder, title, "event", event, {
            "kind": "event", "event_id": event.id, "type": event.type,
            "date": event.date and event.date.isoformat(), "actors": actors or None, "source": event.source,
            "geometry_note": event.geometry.note,
            "record": json.dumps(record(event, geometry=False), ensure_ascii=True, separators=(",", ":")),
        })
        if event.sentence:
            _sub(pm, "description", escape_html(event.sentence))
        if (lonlat := point_lonlat(event)) is not None:
            _geometry(pm, {"type": "Point", "coordinates": lonlat})
        count += 1
        g = event.geometry
        point = {"type": "Point", "coordinates": [g.impact_point[1], g.impact_point[0]]} if g.impact_point else None
        for kind, geometry, area, label in (
            ("ring", g.ring, g.ring_area_km2, f"{event.range_km or 0:,.0f} km range ring"),
            ("impact_zone", g.impact_zone, g.zone_area_km2, "Estimated impact zone"),
            ("path", g.path, None, "Flight path"),
            ("impact_point", point, None, "Estimated impact point"),
        ):
            if geometry is None:
                continue
            pm = _placemark(folder, f"{label} ({title})", kind, event,
                            {"kind": kind, "event_id": event.id, "area_km2": area,
                             **({"candidates": json.dumps(list(g.zone_candidates))}
                                if kind == "impact_zone" and g.zone_candidates else {})})
            _geometry(pm, geometry)
            count += 1
    return ET.ElementTree(root), count



def write_kml(events: Sequence[Event], path: str | os.PathLike) -> int:
    """Write the events as KML 2.2 (UTF-8), atomically.

    Parameters
    ----------
    events : sequence of Event
        The events, with the geometry :func:`geo.geodesy.enrich.enrich` gave them.
    path : str or path-like
        The file to write (``.kml``); its folder must exist.

    Returns
    -------
    int
        The number of Placemarks written (events plus their geometries).
    """
    tree, count = kml_document(events)
    ET.indent(tree, space=" ")
    with atomic_path(path) as tmp:
        tree.write(tmp, encoding="UTF-8", xml_declaration=True)
    return count


def _read_coords(text: str | None, where: str) -> list[list[float]]:
    try:
        return [[float(c) for c in pos.split(",")[:2]] for pos in (text or "").split()]
    except ValueError:
        raise InvalidInput(f"{where}: coordinates {(text or '')[:60]!r} are not lon,lat numbers") from None


def _read_polygon(poly: ET.Element, where: str) -> list[list[list[float]]]:
    outer = poly.find(f"{_K}outerBoundaryIs/{_K}LinearRing/{_K}coordinates")
    if outer is None:
        raise InvalidInput(f"{where}: a Polygon has no outer boundary")
    inner = poly.findall(f"{_K}innerBoundaryIs/{_K}LinearRing/{_K}coordinates")
    return [_read_coords(c.text, where) for c in (outer, *inner)]


def _read_geometry(pm: ET.Element, where: str) -> dict:
    if (el := pm.find(f"{_K}Point/{_K}coordinates")) is not None:
        return {"type": "Point", "coordinates": _read_coords(el.text, where)[0]}
    if (el := pm.find(f"{_K}Polygon")) is not None:
        return {"type": "Polygon", "coordinates": _read_polygon(el, where)}
    if (el := pm.find(f"{_K}LineString/{_K}coordinates")) is not None:
        return {"type": "LineString", "coordinates": _read_coords(el.text, where)}
    if (multi := pm.find(f"{_K}MultiGeometry")) is not None:
        polys = multi.findall(f"{_K}Polygon")
        if polys:
            return {"type": "MultiPolygon", "coordinates": [_read_polygon(p, where) for p in polys]}
        return {"type": "MultiLineString", "coordinates": [
            _read_coords(c.text, where) for c in multi.findall(f"{_K}LineString/{_K}coordinates")]}
    raise InvalidInput(f"{where}: the placemark has no geometry")


def read_kml(path: str | os.PathLike) -> list[Event]:
    """The events of a file written by :func:`write_kml`, in file order.

    Raises
    ------
    InvalidInput
        The file is not XML, not KML 2.2, or a placemark's record or geometry is unreadable.
    """
    where = str(path)
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise InvalidInput(f"KML file {where!r} does not exist") from None
    except ET.ParseError as exc:
        raise InvalidInput(f"{where}: not well-formed XML ({exc})") from None
    if root.tag != f"{_K}kml":
        raise InvalidInput(f"{where}: not a KML 2.2 document (root element {root.tag!r})")
    records: dict[str, dict] = {}
    geometry: dict[str, dict] = {}
    for i, pm in enumerate(root.iter(f"{_K}Placemark")):
        here = f"{where}: placemark {i}"
        data = {d.get("name"): (d.findtext(f"{_K}value") or "") for d in pm.iter(f"{_K}Data")}
        kind, event_id = data.get("kind"), data.get("event_id", "")
        if kind == "event":
            records[event_id] = parse_json(data.get("record"), here)
            geometry[event_id] = {"note": data.get("geometry_note")}
            continue
        if kind not in GEOMETRY_KINDS:
            raise InvalidInput(f"{here}: ExtendedData 'kind' {kind!r} is not event, {', '.join(GEOMETRY_KINDS)}")
        if event_id not in geometry:
            raise InvalidInput(f"{here}: names event {event_id!r}, which comes after it or is not in the file")
        g = geometry[event_id]
        geom = _read_geometry(pm, here)
        if kind == "impact_point":
            g["impact_point"] = (geom["coordinates"][1], geom["coordinates"][0])
            continue
        g[kind] = geom
        if data.get("area_km2"):
            g["ring_area_km2" if kind == "ring" else "zone_area_km2"] = float(data["area_km2"])
        if kind == "impact_zone" and data.get("candidates"):
            try:
                g["zone_candidates"] = tuple(json.loads(data["candidates"]))
            except ValueError:
                raise InvalidInput(f"{here}: ExtendedData 'candidates' is not a JSON list") from None
    events = []
    for eid, d in records.items():
        if not isinstance(d, dict):
            raise InvalidInput(f"{where}: the record of event {eid!r} is not a JSON object")
        events.append(event_of({**d, "geometry": geometry[eid]},
                               f"{where}: event {eid!r}"))
    return events
