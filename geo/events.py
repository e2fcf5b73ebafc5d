"""The event record: one typed shape for every event, whatever produced it.

Extraction, the importers (CNS, GDELT, ACLED, CSV), the store, the view and the
exporters all pass :class:`Event` objects. Its JSON form (:meth:`Event.to_dict`,
:func:`event_from_dict`) is documented in ``docs/events.md``; it is the contract
of DESIGN.md plus the fields listed there.

Geometry (range ring, impact zone, flight path) is not made here nor drawn by the
view: :func:`geo.geodesy.enrich.enrich` computes it once into :class:`Geometry`,
the store keeps it, and the view draws what it is given.

Dates are ``datetime.date``; distances in kilometres, flight times in seconds;
coordinates ``lat``/``lon`` in decimal degrees (WGS84). Offsets (``start``/``end``)
index the text of the report the event came from.
"""

from __future__ import annotations

import datetime as dt
import math
import copy
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Mapping

from geo.errors import InvalidInput

_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def asdict(obj: Any) -> Any:
    """:func:`dataclasses.asdict` with the same result, twice as fast: scalars are returned as
    they are instead of going through :func:`copy.deepcopy` (a bulk import spent half its time
    there). Containers are still copied, so the result shares nothing mutable with ``obj``."""
    if isinstance(obj, _SCALARS):
        return obj
    if is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES.get(type(obj))
        if names is None:
            names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
        return {name: asdict(getattr(obj, name)) for name in names}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):  # a namedtuple, as dataclasses.asdict keeps it
        return type(obj)(*[asdict(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(asdict(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((asdict(k), asdict(v)) for k, v in obj.items())
    return copy.deepcopy(obj)

DATE_PRECISIONS = ("day", "month", "year", "range", "reported")
# Why an event has its interval: the text's date, or which rule inferred it (geo/extract/timing.py).
DATE_BASES = ("text", "same_day", "during", "before", "after", "planned", "present", "recent", "reported")
# How sure the report's words are that the event happened (geo/extract/kinds.py): stated as
# fact, attributed to others' claims, to come, or only possible / conditional.
CERTAINTIES = ("reported", "alleged", "planned", "hypothetical")
PLACE_ROLES = ("launch_site", "impact_area", "venue", "target", "mention", "interception")
DISTANCE_QUANTITIES = ("range", "apogee", "distance", "altitude")
# Events that fly from a launch site: they get a range ring, an impact zone and a path.
LAUNCH_TYPES = frozenset({"missile_launch", "satellite_launch", "weapons_test"})


def parse_day(value: Any, what: str = "date") -> dt.date | None:
    """A day from a date, a datetime (pandas' Timestamp too), an ISO string, or None/""/NaT.

    Raises
    ------
    InvalidInput
        Naming ``what`` and the value when it is not a date in the form YYYY-MM-DD.
    """
    if value is None or (isinstance(value, str) and not value):
        return None
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except TypeError:  # pandas' NA refuses to be a truth value: it is missing too
        return None
    if isinstance(value, dt.datetime) or (hasattr(value, "date") and callable(value.date)
                                          and not isinstance(value, dt.date)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def _float(value: Any, what: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{what} {value!r} is not a number") from None
    if math.isnan(f) or math.isinf(f):
        return None
    return f


def _pair(value: Any, what: str) -> tuple[float, float] | None:
    if not value:
        return None
    lo, hi = (_float(v, what) for v in value)
    return (lo, hi) if lo is not None and hi is not None else None


def _span(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    return (int(value[0]), int(value[1]))


@dataclass(frozen=True)
class Actor:
    """Who takes part: ``code`` is ISO 3166 alpha-3 for states, a short code for bodies ("UN").

    ``role`` is ``initiator``, ``target``, ``participant`` or ``source``; ``kind`` is
    ``state``, ``body``, ``institution``, ``person``, ``group``...; ``start``/``end`` the
    mention in the report (None for imported rows).
    """

    code: str | None
    name: str
    role: str = "participant"
    kind: str | None = None
    start: int | None = None
    end: int | None = None
    cameo: str | None = None  # CAMEO actor code (docs/events.md); None when CAMEO has none
    country: str | None = None  # a group's or command's state, ISO alpha-3

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Actor":
        name = d.get("name") or d.get("code")
        if not name:
            raise InvalidInput(f"an actor needs a name or a code, got {dict(d)!r}")
        return cls(code=d.get("code"), name=str(name), role=str(d.get("role") or "participant"),
                   kind=d.get("kind"), start=d.get("start"), end=d.get("end"), cameo=d.get("cameo"),
                   country=d.get("country"))


@dataclass(frozen=True)
class Candidate:
    """Another place a mention could have meant, as the geocoder ranked it."""

    name: str
    lat: float
    lon: float
    country_code: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class Place:
    """A place an event names, in a role (:data:`PLACE_ROLES`), located or not (``lat is None``).

    ``candidates`` are the other places the name could have meant, best first.
    """

    name: str
    role: str = "mention"
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    place_id: str | None = None
    candidates: tuple[Candidate, ...] = ()
    uncertainty_km: float | None = None  # radius the wording allows ("60 nautical miles southeast of Aden")
    anchor: str | None = None  # the named place a relative position is measured from
    bearing_deg: float | None = None  # its compass bearing from the anchor, when the text gives one
    distance_km: float | None = None  # its distance from the anchor, when the text gives one

    @property
    def located(self) -> bool:
        """True when the place has valid coordinates."""
        return (self.lat is not None and self.lon is not None
                and -90 <= self.lat <= 90 and -180 <= self.lon <= 180)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Place":
        lat, lon = _float(d.get("lat"), "latitude"), _float(d.get("lon"), "longitude")
        if lat is not None and not -90 <= lat <= 90:
            raise InvalidInput(f"latitude {lat} of {d.get('name')!r} is outside -90..90")
        if lon is not None and not -180 <= lon <= 180:
            raise InvalidInput(f"longitude {lon} of {d.get('name')!r} is outside -180..180")
        candidates = tuple(Candidate(**{k: c.get(k) for k in ("name", "lat", "lon", "country_code", "score")})
                           for c in d.get("candidates") or ())
        return cls(name=str(d.get("name") or d.get("text") or "?"), role=str(d.get("role") or "mention"),
                   lat=lat, lon=lon, country_code=d.get("country_code"), feature=d.get("feature"),
                   start=d.get("start"), end=d.get("end"), text=d.get("text"), place_id=d.get("place_id"),
                   candidates=candidates, uncertainty_km=_float(d.get("uncertainty_km"), "uncertainty_km"),
                   anchor=d.get("anchor"), bearing_deg=_float(d.get("bearing_deg"), "bearing_deg"),
                   distance_km=_float(d.get("distance_km"), "distance_km"))


@dataclass(frozen=True)
class Claim:
    """One figure as a source stated it: "approximately 570 kilometers" from Seoul.

    ``value`` is in kilometres for distances (:data:`DISTANCE_QUANTITIES`), seconds for
    flight times, a count for counts; ``unit`` is the unit as written.
    """

    quantity: str
    value: float
    unit: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    qualifier: str | None = None
    hedged: bool = False
    source_name: str | None = None
    source_actor: str | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Claim":
        value = d.get("value_km", d.get("value"))
        return cls(quantity=str(d["quantity"]), value=float(value), unit=d.get("unit"), text=d.get("text"),
                   start=d.get("start"), end=d.get("end"), qualifier=d.get("qualifier"),
                   hedged=bool(d.get("hedged")), source_name=d.get("source_name"), source_actor=d.get("source_actor"))

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.quantity in DISTANCE_QUANTITIES:  # the extraction's form: distances as value_km
            d["value_km"] = d.pop("value")
        return d


@dataclass(frozen=True)
class Geometry:
    """What geodesy made of an event, once (:func:`geo.geodesy.enrich.enrich`).

    GeoJSON geometries (lon-first, split at the antimeridian per RFC 7946); None when
    the event has nothing to draw. ``impact_point`` is ``(lat, lon)``.
    """

    ring: dict | None = None
    impact_zone: dict | None = None
    impact_point: tuple[float, float] | None = None
    path: dict | None = None
    ring_area_km2: float | None = None
    zone_area_km2: float | None = None
    note: str | None = None
    # the ranked candidate zones (best first, the best is ``impact_zone``): sea, lat, lon,
    # area_km2, share, prior, confidence (docs/events.md)
    zone_candidates: tuple = ()
    # what a lofted test means for the missile's reach (geo/geodesy/footprint.py, docs/ballistics.md):
    # range band, burnout speeds, footprint GeoJSON and what it covers; an estimate
    potential_range: dict | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "Geometry":
        if not d:
            return cls()
        point = d.get("impact_point")
        return cls(ring=d.get("ring"), impact_zone=d.get("impact_zone"),
                   impact_point=(float(point[0]), float(point[1])) if point else None, path=d.get("path"),
                   ring_area_km2=d.get("ring_area_km2"), zone_area_km2=d.get("zone_area_km2"), note=d.get("note"),
                   zone_candidates=tuple(dict(c) for c in d.get("zone_candidates") or ()),
                   potential_range=d.get("potential_range"))


@dataclass(frozen=True)
class Event:
    """One reported event: what, who, when, where, how far, and the words behind it.

    Dates: ``date`` is the first day, ``date_end`` the last day when the precision is
    not ``day``; ``date_precision`` is one of :data:`DATE_PRECISIONS`. ``origin`` says
    what produced the event: ``extracted`` (from a report's text), ``cns``, ``gdelt``,
    ``acled``, ``csv``. ``attributes`` holds what an import source has and the record
    does not (GDELT's GoldsteinScale, ACLED's fatalities, CNS's missile name...).
    ``impact_hint`` is what the text says of where a launch came down (``sea``,
    ``direction``, ``bearing_deg``): the input of the impact zone. ``certainty`` is one
    of :data:`CERTAINTIES`, from the wording (geo/extract/kinds.py); imports are ``reported``.
    """

    id: str
    type: str
    source: str
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    date_text: str | None = None
    date_basis: str | None = None
    report_date: dt.date | None = None
    subtype: str | None = None
    modality: str = "asserted"
    certainty: str = "reported"
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    range_km: float | None = None
    range_band_km: tuple[float, float] | None = None
    apogee_km: float | None = None
    apogee_band_km: tuple[float, float] | None = None
    flight_time_s: float | None = None
    count: float | None = None
    count_qualifier: str | None = None
    claims: tuple[Claim, ...] = ()
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None
    confidence: float | None = None
    cameo: dict | None = None
    trigger: dict | None = None
    sentences: tuple[tuple[int, int], ...] = ()
    evidence: dict = field(default_factory=dict)
    impact_hint: dict | None = None
    origin: str = "extracted"
    attributes: dict = field(default_factory=dict)
    geometry: Geometry = field(default_factory=Geometry)

    # -- derived ------------------------------------------------------------
    @property
    def launch_site(self) -> Place | None:
        """The located launch site (a facility before a town), or None."""
        sites = [p for p in self.places if p.role == "launch_site" and p.located]
        return next((p for p in sites if p.feature == "facility"), sites[0] if sites else None)

    @property
    def position(self) -> tuple[float, float] | None:
        """``(lat, lon)`` where the event is shown: its launch site, else its first located place."""
        site = self.launch_site
        if site is not None:
            return site.lat, site.lon
        place = next((p for p in self.places if p.located), None)
        return (place.lat, place.lon) if place else None

    @property
    def last_day(self) -> dt.date | None:
        """The last day the event may have happened on (``date_end`` or ``date``)."""
        return self.date_end or self.date

    def with_geometry(self, geometry: Geometry) -> "Event":
        """A copy with ``geometry`` replaced."""
        return replace(self, geometry=geometry)

    # -- JSON form ----------------------------------------------------------
    def to_dict(self) -> dict:
        """The JSON form (docs/events.md): ISO dates, lists, GeoJSON; ``impact_zone`` and
        ``launch_site`` repeated at the top level as the DESIGN.md contract has them."""
        d: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif f.name == "claims":
                value = [c.to_dict() for c in value]
            elif f.name in ("actors", "places", "geometry"):
                value = [asdict(x) for x in value] if isinstance(value, tuple) else asdict(value)
            elif isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            d[f.name] = value
        d["geometry"]["zone_candidates"] = [dict(c) for c in self.geometry.zone_candidates]
        if d["geometry"]["impact_point"] is not None:
            d["geometry"]["impact_point"] = list(d["geometry"]["impact_point"])
        for p in d["places"]:
            p["candidates"] = [dict(c) for c in p["candidates"]]
        d["impact_zone"] = self.geometry.impact_zone
        site = self.launch_site
        d["launch_site"] = ({"name": site.name, "lat": site.lat, "lon": site.lon, "feature": site.feature}
                            if site else None)
        return d


def event_from_dict(d: Mapping[str, Any]) -> Event:
    """An :class:`Event` from its JSON form, or from an extraction dict.

    Raises
    ------
    InvalidInput
        Naming the field whose value is wrong (a bad date, a latitude out of range...).
    """
    if not d.get("id") or not d.get("type"):
        raise InvalidInput(f"an event needs an 'id' and a 'type', got id={d.get('id')!r} type={d.get('type')!r}")
    geometry = Geometry.from_dict(d.get("geometry"))
    if geometry.impact_zone is None and d.get("impact_zone"):  # an extraction dict made before enrichment
        geometry = replace(geometry, impact_zone=d["impact_zone"], note=d.get("impact_zone_note"))
    certainty = d.get("certainty") or "reported"
    if certainty not in CERTAINTIES:
        raise InvalidInput(f"certainty {certainty!r} is not one of {', '.join(CERTAINTIES)}")
    precision = d.get("date_precision")
    if precision is not None and precision not in DATE_PRECISIONS:
        raise InvalidInput(f"date_precision {precision!r} is not one of {', '.join(DATE_PRECISIONS)}")
    return Event(
        id=str(d["id"]), type=str(d["type"]), source=str(d.get("source") or ""),
        date=parse_day(d.get("date"), "date"), date_end=parse_day(d.get("date_end"), "date_end"),
        date_precision=precision, date_text=d.get("date_text"), date_basis=d.get("date_basis"), report_date=parse_day(d.get("report_date"), "report_date"),
        subtype=d.get("subtype"), modality=str(d.get("modality") or "asserted"), certainty=certainty,
        actors=tuple(Actor.from_dict(a) for a in d.get("actors") or ()),
        places=tuple(Place.from_dict(p) for p in d.get("places") or ()),
        range_km=_float(d.get("range_km"), "range_km"), range_band_km=_pair(d.get("range_band_km"), "range_band_km"),
        apogee_km=_float(d.get("apogee_km"), "apogee_km"), apogee_band_km=_pair(d.get("apogee_band_km"), "apogee_band_km"),
        flight_time_s=_float(d.get("flight_time_s"), "flight_time_s"), count=_float(d.get("count"), "count"),
        count_qualifier=d.get("count_qualifier"),
        claims=tuple(Claim.from_dict(c) for c in d.get("claims") or ()),
        sentence=d.get("sentence"), start=d.get("start"), end=d.get("end"), url=d.get("url"),
        confidence=_float(d.get("confidence"), "confidence"), cameo=d.get("cameo"), trigger=d.get("trigger"),
        sentences=tuple(_span(s) for s in d.get("sentences") or ()), evidence=dict(d.get("evidence") or {}),
        impact_hint=d.get("impact_hint"), origin=str(d.get("origin") or "extracted"),
        attributes=dict(d.get("attributes") or {}), geometry=geometry,
    )
