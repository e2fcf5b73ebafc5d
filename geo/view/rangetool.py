"""The range tool's logic (``pages/range_tool.py``), without Streamlit.

Pick a point (a place found in the offline gazetteer, or a click on the map), choose what
reaches from it (radii in km, a missile class band, or a missile of the bundled CNS table),
and list what lies in reach: capitals, cities and countries with their geodesic distances
on WGS84 (:mod:`geo.geodesy`; never Leaflet's ``L.Circle``).

- :func:`place_choices`: a search text -> :class:`Choice` list (the gazetteer, offline);
- :func:`cns_missiles`: the missiles of ``data/demo/cns_missile_tests.csv`` with the
  longest distance each flew in a test and its class;
- :func:`parse_radii`: "570, 1000 km" -> radii, or a clear :class:`~geo.errors.InvalidInput`;
- :func:`reach_of`: a :class:`ToolState` -> the rings to draw (:class:`Reach`);
- :func:`in_reach`: the table of capitals, cities and countries within the outer radius;
- :func:`from_query`, :func:`to_query`: the tool's state in the URL (``?lat=&lon=&r=``,
  ``?place=&missile=``, ``class=``), read without ever raising: a bad value gives a notice.

A caution the page repeats: the CNS "Distance Travelled" is how far a *test* flew. North
Korea fires its long-range missiles on lofted trajectories, so for those the figure is far
below the missile's range (a Hwasong-15 flew about 1,000 km; its estimated range is over
12,000 km). The missile's class band (its CNS "Missile Type": SRBM, MRBM, IRBM, ICBM) is
drawn with it for that reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from geo import geodesy
from geo.errors import InvalidInput
from geo.geodesy import MISSILE_CLASSES
from geo.geodesy._core import MAX_RADIUS_KM, MIN_RADIUS_KM
from geo.view.state import shown  # a user's value quoted for a message, Markdown escaped
from geo.resources import data_path

CNS_DEMO = data_path("demo", "cns_missile_tests.csv")
CLASSES = {name: (lo, hi) for name, lo, hi in MISSILE_CLASSES}
MAX_RADII = 6  # rings at once
MAX_QUERY = 120  # characters of a place search
CITY_MIN_POPULATION = 500_000  # cities listed in the table (capitals always are)
TABLE_LIMIT = 300  # rows of places at most
PARAMS = ("lat", "lon", "place", "r", "class", "missile")


# --- places -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """A place a search found: what the select box shows and where it is."""

    label: str
    name: str
    lat: float
    lon: float
    country_code: str | None = None
    feature: str | None = None


def _label(p: Any) -> str:
    bits = [p.feature or "place"]
    if getattr(p, "admin1", None) and p.admin1 != p.name:
        bits.append(p.admin1)
    if p.country_code:
        bits.append(p.country_code)
    if getattr(p, "population", 0):
        bits.append(f"pop. {p.population:,}")
    return f"{p.name} ({', '.join(bits)}) {p.lat:.3f}, {p.lon:.3f}"


def place_choices(query: str, limit: int = 8, gazetteer: Any = None) -> list[Choice]:
    """Places matching ``query`` in the offline gazetteer, best first.

    Raises
    ------
    InvalidInput
        For an empty or overlong query. A query that finds nothing gives ``[]``.
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidInput("type a place name to search for")
    query = query.strip()
    if len(query) > MAX_QUERY:
        raise InvalidInput(f"the place name is longer than {MAX_QUERY} characters")
    if gazetteer is None:
        from geo.gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    out = []
    for p in gazetteer.search(query, limit=limit):
        if p.lat is None or p.lon is None:
            continue
        out.append(Choice(label=_label(p), name=p.name, lat=float(p.lat), lon=float(p.lon),
                          country_code=p.country_code, feature=p.feature))
    return out


# --- missiles -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Missile:
    """A missile of the CNS table.

    Attributes
    ----------
    name : str
        As CNS writes it ("Hwasong-15").
    kind : str or None
        CNS "Missile Type" upper-cased (ICBM, SRBM, SLBM, SLV, ...).
    max_km : float or None
        The longest "Distance Travelled" of its tests, km (the top of a band); None when no
        test of it has a distance.
    tests : int
        Rows of the table with this name.
    """

    name: str
    kind: str | None
    max_km: float | None
    tests: int

    @property
    def band(self) -> tuple[str, float, float] | None:
        """Its class band when its type is one of :data:`geo.geodesy.MISSILE_CLASSES`."""
        if self.kind in CLASSES:
            return (self.kind, *CLASSES[self.kind])
        return None

    @property
    def label(self) -> str:
        flown = f"longest test flight {self.max_km:,.0f} km" if self.max_km else "no distance recorded"
        return f"{self.name} ({self.kind or 'type unknown'}; {flown}; {self.tests} test{'s' * (self.tests != 1)})"


def missiles_of(events: Sequence[Any]) -> list[Missile]:
    """Missiles by name from CNS launch events (``attributes["missile_name"]``), by name.

    A row without a name is left out; the kind is the most frequent type of its rows.
    """
    by_name: dict[str, list[Any]] = {}
    for e in events:
        name = (e.attributes or {}).get("missile_name")
        if name:
            by_name.setdefault(str(name).strip(), []).append(e)
    out = []
    for name, evs in by_name.items():
        kinds = [e.subtype.upper() for e in evs if e.subtype]
        kind = max(set(kinds), key=kinds.count) if kinds else None
        tops = [max([e.range_km or 0.0, *(e.range_band_km or (0.0,))]) for e in evs]
        top = max(tops) if tops and max(tops) > 0 else None
        out.append(Missile(name=name, kind=kind, max_km=top, tests=len(evs)))
    return sorted(out, key=lambda m: m.name.lower())


@lru_cache(maxsize=4)
def _cns_missiles(path: str) -> tuple[Missile, ...]:
    from geo.importers.cns import read_cns

    return tuple(missiles_of(read_cns(path).events))


def cns_missiles(path: str | Path = CNS_DEMO) -> list[Missile]:
    """The missiles of the bundled CNS demo table (or another CNS export), sorted by name."""
    return list(_cns_missiles(str(path)))


def missile_named(name: str, missiles: Sequence[Missile]) -> Missile | None:
    """The missile called ``name`` (case and surrounding spaces ignored), or None."""
    key = name.strip().casefold()
    return next((m for m in missiles if m.name.casefold() == key), None)


# --- radii --------------------------------------------------------------------------------------

def check_radius(value: Any) -> float:
    """One radius in km, or an :class:`InvalidInput` saying what is wrong in plain words."""
    text = str(value).strip().lower().removesuffix("km").strip().replace(",", "").replace("_", "")
    try:
        r = float(text)
    except ValueError:
        raise InvalidInput(f"radius {shown(value)} is not a number of km") from None
    if not math.isfinite(r) or not MIN_RADIUS_KM <= r <= MAX_RADIUS_KM:
        raise InvalidInput(f"radius {shown(value)} km is out of range: give 1 to {MAX_RADIUS_KM:,.0f} km")
    if r < 1:
        raise InvalidInput(f"radius {shown(value)} km is out of range: give 1 to {MAX_RADIUS_KM:,.0f} km")
    return r


def parse_radii(text: str | Sequence[Any]) -> tuple[float, ...]:
    """Radii from "570, 1000 km" (commas, semicolons or spaces between them; thousands
    separators like "1,000" need a space after the comma between radii) or a list.

    Raises
    ------
    InvalidInput
        For a value that is not a number, a radius outside 1..19,900 km or more than
        :data:`MAX_RADII` radii. An empty text gives ``()``.
    """
    if isinstance(text, str):
        items = [t for t in re.split(r"[;\s]+|,\s+|,(?!\d{3}\b)", text.replace("km", " ")) if t.strip()]
    else:
        items = [t for t in text if str(t).strip()]
    radii = sorted({check_radius(t) for t in items})
    if len(radii) > MAX_RADII:
        raise InvalidInput(f"{len(radii)} radii given: at most {MAX_RADII}")
    return tuple(radii)


# --- state --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ToolState:
    """What the tool shows: a centre (and the place it is), radii, a class, a missile."""

    lat: float | None = None
    lon: float | None = None
    place: str | None = None
    radii: tuple[float, ...] = ()
    cls: str | None = None
    missile: str | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class Reach:
    """The rings of a state: features for the map and the outer radius for the table."""

    features: list[dict] = field(default_factory=list)
    outer_km: float | None = None
    notes: list[str] = field(default_factory=list)


def reach_of(state: ToolState, missiles: Sequence[Missile] = ()) -> Reach:
    """Rings (``geodesy.rings``) for the radii and a missile's longest test flight, and
    bands (``geodesy.class_bands``) for the class and the missile's class; GeoJSON
    Features, each with a ``label`` property.

    Raises
    ------
    InvalidInput
        When the state has no centre.
    """
    if not state.located:
        raise InvalidInput("pick a place first: search for one or click the map")
    out = Reach()
    radii = list(state.radii)
    labels: dict[float, str] = {}
    classes: list[str] = []
    if state.cls:
        classes.append(state.cls)
    if state.missile:
        m = missile_named(state.missile, missiles)
        if m is None:
            out.notes.append(f"missile {shown(state.missile)} is not in the CNS table")
        else:
            if m.max_km:
                radii.append(m.max_km)
                labels[m.max_km] = f"{m.name}: longest test flight, {m.max_km:,.0f} km (CNS)"
            if m.band and m.band[0] not in classes:
                classes.append(m.band[0])
            if not m.max_km and not m.band:
                out.notes.append(f"{m.name} has neither a distance nor a range class in the CNS table")
    if radii:
        for f in geodesy.rings(state.lat, state.lon, sorted(set(radii)), outline=False):
            r = f["properties"]["radius_km"]
            f["properties"]["label"] = labels.get(r, f"{r:,.0f} km")
            out.features.append(f)
    if classes:
        wanted = [c for c in MISSILE_CLASSES if c[0] in classes]
        out.features.extend(geodesy.class_bands(state.lat, state.lon, wanted))
    reach = [f["properties"].get("radius_km") or f["properties"].get("max_km") for f in out.features]
    out.outer_km = max(reach) if reach else None
    return out


def in_reach(lat: float, lon: float, radius_km: float, *, city_min_population: int = CITY_MIN_POPULATION,
             limit: int = TABLE_LIMIT) -> list[dict]:
    """Capitals, cities (at least ``city_min_population`` people) and countries within
    ``radius_km`` of a point, nearest first.

    Returns
    -------
    list of dict
        ``{"name", "kind" ("capital", "city", "country"), "country", "population",
        "distance_km", "lat", "lon"}``; a country's distance is to its nearest border point
        (0 for the one the point is in). At most ``limit`` places plus every country.
    """
    rows = []
    for p in geodesy.in_range(lat, lon, radius_km):
        if p["feature"] == "capital" or p["population"] >= city_min_population:
            rows.append({"name": p["name"], "kind": p["feature"], "country": p["country_code"] or "",
                         "population": p["population"], "distance_km": p["distance_km"],
                         "lat": p["lat"], "lon": p["lon"]})
    rows = rows[:limit]
    for c in geodesy.countries_in_range(lat, lon, radius_km):
        rows.append({"name": c["name"], "kind": "country", "country": c["iso_a2"] or "", "population": None,
                     "distance_km": c["distance_km"], "lat": None, "lon": None})
    rows.sort(key=lambda r: (r["distance_km"], r["kind"] != "country", r["name"] or ""))
    return rows


def within(distance_km: float, reach: Reach) -> str:
    """The label of the smallest ring or band (by its outer radius) that reaches ``distance_km``;
    for a band, "inside" when the place is nearer than the band's inner radius."""
    best = None
    for f in reach.features:
        p = f["properties"]
        outer = p.get("radius_km") or p.get("max_km")
        if outer is not None and distance_km <= outer and (best is None or outer < best[0]):
            inner = p.get("min_km") or 0.0
            best = (outer, p["label"] + (" (inside its inner edge)" if distance_km < inner else ""))
    return best[1] if best else ""


# --- URL ----------------------------------------------------------------------------------------

def _values(params: Mapping[str, Any], name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(x) for x in raw]


def _first(params: Mapping[str, Any], name: str, notices: list[str]) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        notices.append(f"{name} is given {len(values)} times; the first, {shown(values[0])}, is used")
    return values[0].strip() if values else None


def _coord(raw: str | None, name: str, bound: float, notices: list[str]) -> float | None:
    if raw is None:
        return None
    try:
        x = float(raw)
        if not math.isfinite(x):
            raise ValueError
    except ValueError:
        notices.append(f"{name} {shown(raw)} is not a number; ignored")
        return None
    if name == "lon":
        return (x + 180) % 360 - 180 if not -180 <= x <= 180 else x
    if not -bound <= x <= bound:
        notices.append(f"{name} {shown(raw)} is outside -{bound:g}..{bound:g}; ignored")
        return None
    return x


def from_query(params: Mapping[str, Any], missiles: Sequence[Missile] = (),
               find: Any = None) -> tuple[ToolState, list[str]]:
    """The tool's state from URL parameters, and a notice per value left out. Never raises.

    ``lat``/``lon`` (degrees) or ``place`` (a name, looked up with ``find``: a function
    name -> list of :class:`Choice`, :func:`place_choices` by default; the first is used);
    ``r`` radii in km (repeat or commas); ``class`` one of SRBM MRBM IRBM ICBM; ``missile``
    a missile name of the CNS table.
    """
    notices: list[str] = []
    for name in params:
        if name not in PARAMS:
            notices.append(f"unknown parameter {shown(name)}; ignored")
    lat = _coord(_first(params, "lat", notices), "lat", 90, notices)
    lon = _coord(_first(params, "lon", notices), "lon", 180, notices)
    place = _first(params, "place", notices) or None
    if (lat is None) != (lon is None):
        if not ("lat" in params and "lon" in params):
            notices.append("a point needs both lat and lon; ignored")
        lat = lon = None
    if lat is None and place:
        try:
            found = (find or place_choices)(place)
        except InvalidInput as exc:
            found = []
            notices.append(f"place {shown(place)}: {exc}")
        if found:
            lat, lon, place = found[0].lat, found[0].lon, found[0].name
        else:
            notices.append(f"place {shown(place)} was not found in the gazetteer")
            place = None
    radii: list[float] = []
    for raw in _values(params, "r"):
        for part in raw.split(","):
            if not part.strip():
                continue
            try:
                r = check_radius(part)
            except InvalidInput as exc:
                notices.append(f"{exc}; ignored")
                continue
            if r not in radii:
                radii.append(r)
    if len(radii) > MAX_RADII:
        notices.append(f"{len(radii)} radii given: the first {MAX_RADII} are used")
        radii = radii[:MAX_RADII]
    cls = _first(params, "class", notices)
    if cls is not None:
        if cls.upper() in CLASSES:
            cls = cls.upper()
        else:
            notices.append(f"class {shown(cls)} is not one of {', '.join(CLASSES)}; ignored")
            cls = None
    missile = _first(params, "missile", notices)
    if missile is not None:
        m = missile_named(missile, missiles)
        if m is None:
            notices.append(f"missile {shown(missile)} is not in the CNS table; ignored")
        missile = m.name if m else None
    return ToolState(lat=lat, lon=lon, place=place, radii=tuple(sorted(radii)), cls=cls or None,
                     missile=missile), notices


def _num(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != 0 else "0"


def to_query(state: ToolState) -> dict[str, str]:
    """URL parameters for ``state``: the point as ``lat``/``lon`` (4 decimals) with its
    ``place`` name when it has one, ``r`` radii comma-separated, ``class``, ``missile``."""
    q: dict[str, str] = {}
    if state.located:
        q["lat"], q["lon"] = _num(state.lat), _num(state.lon)
    if state.place:
        q["place"] = state.place
    if state.radii:
        q["r"] = ",".join(_num(r) for r in state.radii)
    if state.cls:
        q["class"] = state.cls
    if state.missile:
        q["missile"] = state.missile
    return q


__all__ = [
    "Choice", "Missile", "ToolState", "Reach", "CNS_DEMO", "CLASSES", "MAX_RADII",
    "place_choices", "cns_missiles", "missiles_of", "missile_named", "check_radius", "parse_radii",
    "reach_of", "in_reach", "within", "from_query", "to_query", "shown",
]
