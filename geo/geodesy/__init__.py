"""Geodesy on the WGS84 ellipsoid (pyproj's ``Geod``, Karney's algorithm) for the map.

Everything the map draws about distance comes from here as GeoJSON, computed on the ellipsoid
(never Leaflet's ``L.Circle``) and split at the antimeridian per RFC 7946:

- :mod:`~geo.geodesy.circles`: range rings, bands (annuli), missile-class bands;
- :mod:`~geo.geodesy.vertices`: ring vertices, densified to the drawing bound;
- :mod:`~geo.geodesy.batch`: many rings at once;
- :mod:`~geo.geodesy.paths`: great-circle (geodesic) paths and radials;
- :mod:`~geo.geodesy.impact`: the impact zone of a launch from a range band and what is known
  of where it came down (named sea, "the sea", a direction, a bearing);
- :mod:`~geo.geodesy.inrange`: populated places, capitals and countries within a radius;
- :mod:`~geo.geodesy.antimeridian`: loops and lines to valid lon/lat geometry.
"""

from geo.geodesy._core import MAX_RADIUS_KM, SOURCE, WGS84
from geo.geodesy.impact import ImpactZone, impact_zone
from geo.geodesy.inrange import countries_in_range, in_range
from geo.geodesy.paths import great_circle, path_feature, radials
from geo.geodesy.batch import rings_batch
from geo.geodesy.circles import (
    MISSILE_CLASSES,
    area_km2,
    band,
    band_feature,
    class_bands,
    ring,
    ring_line,
    rings,
)

__all__ = [
    "WGS84",
    "MAX_RADIUS_KM",
    "SOURCE",
    "MISSILE_CLASSES",
    "ring",
    "ring_line",
    "rings",
    "rings_batch",
    "band",
    "band_feature",
    "class_bands",
    "area_km2",
    "great_circle",
    "radials",
    "path_feature",
    "impact_zone",
    "ImpactZone",
    "in_range",
    "countries_in_range",
]
