"""Reverse geocoding: the nearest populated place, and the country or sea a point is in.

Countries and seas come from the Natural Earth layers bundled in
``data/naturalearth/`` (countries at 1:110m, so borders are good to about 10 km;
seas simplified by 0.02 degree). A point in no country polygon and no sea takes the
country of the nearest place when that place is within 25 km (small islands and
coasts the coarse shapes miss); a point within 10 km of a town takes the town's
country (coarse borders, city states missing from the 1:110m layer).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import shapely
from shapely.strtree import STRtree

from geo.coords import EARTH_MEAN_RADIUS_KM, check_lat_lon
from geo.gazetteer.place import Place
from geo.naturalearth import load_shapes



class PlaceSource(Protocol):
    """What the reverse index reads of a gazetteer (the index builds one; no import back)."""

    def places_arrays(self) -> dict[str, np.ndarray]: ...

    def country(self, code: str) -> Place | None: ...

    def place(self, i: int) -> Place: ...

_COAST_FALLBACK_KM = 25.0
_SAME_TOWN_KM = 10.0


def _unit_vectors(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    c = np.cos(lat)
    return np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])


class ReverseIndex:
    """Nearest-place and point-in-polygon lookups for one gazetteer."""

    def __init__(self, gz: PlaceSource) -> None:
        self._gz = gz
        arr = gz.places_arrays()
        feats = list(arr["features"])
        populated = np.isin(arr["feature"], [feats.index("city"), feats.index("capital")])
        self._rec = np.flatnonzero(populated)
        self._xyz = _unit_vectors(arr["lat"][self._rec], arr["lon"][self._rec])
        country_props, country_geoms = load_shapes("countries")
        self._country_geoms = list(country_geoms)
        self._country_codes = []
        for p in country_props:
            cc = p.get("iso_a2")
            if not cc and p.get("iso_a3"):
                cp = gz.country(p["iso_a3"])
                cc = cp.country_code if cp else None
            self._country_codes.append(cc)
        self._country_tree = STRtree(self._country_geoms)
        sea_props, sea_geoms = load_shapes("seas")  # names already cleaned by the build script
        self._sea_geoms = list(sea_geoms)
        self._sea_names = [p["name"] for p in sea_props]
        self._sea_tree = STRtree(self._sea_geoms)

    def nearest(self, lat: float, lon: float) -> tuple[int, float]:
        """Record number of the nearest populated place and its great-circle distance, km."""
        v = _unit_vectors(np.array([lat]), np.array([lon]))[0]
        dots = self._xyz @ v
        j = int(np.argmax(dots))
        dist = EARTH_MEAN_RADIUS_KM * float(np.arccos(np.clip(dots[j], -1.0, 1.0)))
        return int(self._rec[j]), dist

    def _containing(self, tree: STRtree, geoms: list, pt) -> list[int]:
        hits = tree.query(pt, predicate="intersects")
        return sorted((int(h) for h in hits), key=lambda h: shapely.area(geoms[h]))

    def lookup(self, lat: float, lon: float) -> dict:
        lat, lon = check_lat_lon(lat, lon)
        rec, dist = self.nearest(lat, lon)
        nearest = self._gz.place(rec)
        pt = shapely.Point(lon, lat)
        cc = None
        for h in self._containing(self._country_tree, self._country_geoms, pt):
            if self._country_codes[h]:
                cc = self._country_codes[h]
                break
        if cc is not None and dist <= _SAME_TOWN_KM and nearest.country_code:
            # Within a town, the town's country beats a 1:110m border (Singapore is
            # not in that layer at all and falls inside Malaysia's outline).
            cc = nearest.country_code
        sea = None
        if cc is None:
            seas = self._containing(self._sea_tree, self._sea_geoms, pt)
            if seas:
                sea = self._sea_names[seas[0]]  # the smallest: the gulf before its ocean
            elif dist <= _COAST_FALLBACK_KM:
                cc = nearest.country_code
        country = self._gz.country(cc) if cc else None
        return {
            "nearest": nearest,
            "distance_km": round(dist, 3),
            "country_code": cc,
            "country": country.name if country else None,
            "sea": sea,
        }
