"""Events as a GeoJSON FeatureCollection (RFC 7946) that GIS tools and a reader of ours open.

One FeatureCollection, features in event order. For each event:

- an **event** Feature: a Point at :attr:`Event.position` (``null`` geometry when no
  place is located); ``properties`` hold the event's record (its JSON form without the
  geometry) plus ``kind: "event"``, ``event_id`` and ``geometry_note``;
- one Feature per geometry the event carries, linked by ``event_id`` and told apart by
  ``kind``: ``ring`` (Polygon, or MultiPolygon split at the antimeridian), ``impact_zone``
  (ditto), ``path`` (LineString / MultiLineString), ``impact_point`` (Point) and
  ``potential_range`` (the footprint of a lofted test's estimate, docs/ballistics.md: its
  band, burnout and what it covers as properties).

Separate Features rather than one GeometryCollection per event because QGIS, GDAL/OGR,
GeoPandas and geojson.io read mixed-geometry collections as one layer per geometry type
but mostly ignore GeometryCollections. The geometries are written as the event carries
them (:func:`geo.geodesy.enrich.enrich` made them, split at the antimeridian, lon-first);
nothing is computed here.
"""

from __future__ import annotations

import json
import os
from typing import Sequence

from geo.errors import InvalidInput
from geo.events import Event
from geo.export._common import GEOMETRY_KINDS, atomic_path, event_of, parse_json, point_lonlat, read_text, record

# Properties this module adds to an event's record; the reader takes them out again.
_ADDED = ("kind", "event_id", "geometry_note")


def _geometry_features(event: Event) -> list[dict]:
    g = event.geometry
    out = []
    for kind, geometry, extra in (
        ("ring", g.ring, {"radius_km": event.range_km, "area_km2": g.ring_area_km2}),
        ("impact_zone", g.impact_zone, {"area_km2": g.zone_area_km2, "candidates": list(g.zone_candidates)}),
        ("path", g.path, {}),
        ("impact_point", {"type": "Point", "coordinates": [g.impact_point[1], g.impact_point[0]]}
         if g.impact_point else None, {}),
    ):
        if geometry is None:
            continue
        props = {"kind": kind, "event_id": event.id, "type": event.type,
                 "date": event.date.isoformat() if event.date else None,
                 "date_end": event.date_end.isoformat() if event.date_end else None, **extra}
        out.append({"type": "Feature", "id": f"{event.id}:{kind}", "geometry": geometry, "properties": props})
    pr = g.potential_range
    if isinstance(pr, dict) and pr.get("footprint"):  # the estimate's footprint; the rest of it as properties
        props = {"kind": "potential_range", "event_id": event.id, "type": event.type,
                 "date": event.date.isoformat() if event.date else None,
                 **{k: v for k, v in pr.items() if k != "footprint"}}
        out.append({"type": "Feature", "id": f"{event.id}:potential_range", "geometry": pr["footprint"],
                    "properties": props})
    return out


def feature_collection(events: Sequence[Event]) -> dict:
    """The FeatureCollection of the events (see the module docstring for its shape)."""
    features = []
    for event in events:
        lonlat = point_lonlat(event)
        props = {"kind": "event", "event_id": event.id, **record(event, geometry=False),
                 "geometry_note": event.geometry.note}
        features.append({"type": "Feature", "id": event.id,
                         "geometry": {"type": "Point", "coordinates": lonlat} if lonlat else None,
                         "properties": props})
        features.extend(_geometry_features(event))
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: Sequence[Event], path: str | os.PathLike) -> int:
    """Write the events as a GeoJSON FeatureCollection (UTF-8), atomically.

    Parameters
    ----------
    events : sequence of Event
        The events, with the geometry :func:`geo.geodesy.enrich.enrich` gave them.
    path : str or path-like
        The file to write (``.geojson``); its folder must exist.

    Returns
    -------
    int
        The number of Features written (events plus their geometries).
    """
    fc = feature_collection(events)
    with atomic_path(path) as tmp:
        # allow_nan=False: RFC 7946 is JSON, which has no NaN; a NaN would be a bug upstream.
        tmp.write_text(json.dumps(fc, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8")
    return len(fc["features"])


def _impact_point(geometry: dict, where: str) -> tuple[float, float]:
    try:
        lon, lat = geometry["coordinates"][:2]
        return float(lat), float(lon)
    except (TypeError, KeyError, ValueError) as exc:
        raise InvalidInput(f"{where}: the impact_point is not a GeoJSON Point ({exc})") from None


def read_geojson(path: str | os.PathLike) -> list[Event]:
    """The events of a file written by :func:`write_geojson`, in file order.

    Raises
    ------
    InvalidInput
        The file is not JSON, not a FeatureCollection, or a feature is not an event
        record or names an event the file does not hold.
    """
    where = str(path)
    data = parse_json(read_text(path, "GeoJSON"), where)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        raise InvalidInput(f"{where}: not a GeoJSON FeatureCollection")
    records: dict[str, dict] = {}
    geometry: dict[str, dict] = {}
    for i, feature in enumerate(data["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or props.get("kind") not in ("event", *GEOMETRY_KINDS, "potential_range"):
            raise InvalidInput(f"{where}: feature {i} has no 'kind' of event, {', '.join(GEOMETRY_KINDS)}, "
                               "potential_range")
        event_id = str(props.get("event_id"))
        if props["kind"] == "event":
            d = {k: v for k, v in props.items() if k not in _ADDED}
            records[event_id] = d
            geometry[event_id] = {"note": props.get("geometry_note")}
            continue
        g = geometry.get(event_id)
        if g is None:
            raise InvalidInput(f"{where}: feature {i} ({props['kind']}) names event {event_id!r}, "
                               f"which comes after it or is not in the file")
        kind, geom = props["kind"], feature.get("geometry")
        if kind == "impact_point":
            g["impact_point"] = _impact_point(geom, f"{where}: feature {i}")
            continue
        if kind == "potential_range":
            g["potential_range"] = {**{k: v for k, v in props.items() if k not in ("kind", "event_id", "type", "date")},
                                    "footprint": geom}
            continue
        g[kind] = geom
        if kind == "ring":
            g["ring_area_km2"] = props.get("area_km2")
        elif kind == "impact_zone":
            g["zone_area_km2"] = props.get("area_km2")
            g["zone_candidates"] = props.get("candidates") or ()
    return [event_of({**d, "geometry": geometry[eid]}, f"{where}: event {eid!r}") for eid, d in records.items()]
