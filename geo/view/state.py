"""The dashboard's view in the URL: every filter, the selected event, the layers, the map view.

:func:`to_query` writes a :class:`ViewState` as query parameters, :func:`from_query`
reads them back against what the data holds (:class:`Known`), so a shared link opens on
the same view. Nothing a URL says raises: a bad or stale value is left out, the default
is used, and a notice says so.

Query parameters (absent means the default; lists are repeated parameters,
``?actor=PRK&actor=RUS``; ``type``, ``country``, ``region``, ``range``, ``certainty`` and ``layers``
also take comma-separated values):

==========  =====================================================================
``since``   first day, ``YYYY-MM-DD``
``until``   last day, ``YYYY-MM-DD``
``actor``   actor keys: ``PRK`` (the state and all under it), ``PRK:Kim Jong Un``
``type``    event types as stored: ``missile_launch``
``q``       free text (all words must occur in the event's sentence)
``country`` ISO 3166 alpha-2 or alpha-3 codes of the places
``region``  continent codes: AF AN AS EU NA OC SA
``range``   range classes: SRBM MRBM IRBM ICBM
``source``  report / import source names
``certainty`` reported, alleged, planned, hypothetical (``Event.certainty``)
``event``   the selected event's id
``layers``  visible map layers, comma-separated (``layers=`` for none)
``lat``     map centre latitude (degrees, 4 decimals), with ``lon``
``lon``     map centre longitude
``zoom``    map zoom, an integer 1..18
==========  =====================================================================

Notices are plain sentences whose quoted values have Markdown's special characters
escaped (and are cut at 60 characters), so ``st.warning(notice)`` shows them as typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote, urlencode

from geo.events import CERTAINTIES, Event
from geo.view.filters import (
    RANGE_CLASSES, REGIONS, ViewFilter, actor_key, as_event, country_alpha2, date_bounds,
)

LAYERS = ("rings", "zones", "paths", "places", "density", "reach")  # reach: potential-range footprints (docs/ballistics.md), off by default
DEFAULT_LAYERS = ("rings", "zones", "paths", "places")
MIN_ZOOM, MAX_ZOOM = 1, 18
MAX_TEXT = 200  # characters of free text a link may carry
PARAMS = ("since", "until", "actor", "type", "q", "country", "region", "range", "source", "certainty", "event", "layers",
          "lat", "lon", "zoom")
_SPLIT = {"type", "country", "region", "range", "layers", "certainty"}  # values never contain a comma


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link reproduces.

    Attributes
    ----------
    filter : ViewFilter
        What the map, table and timeline keep.
    event : str or None
        The selected event's id.
    layers : tuple of str
        Visible map layers, from :data:`LAYERS`, in that order.
    center : (lat, lon) or None
        The map's centre in degrees, rounded to 4 decimals (about 11 m); None: fit the content.
    zoom : int or None
        The map's zoom, :data:`MIN_ZOOM`..:data:`MAX_ZOOM`; None: fit the content.
    """

    filter: ViewFilter = field(default_factory=ViewFilter)
    event: str | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def __post_init__(self) -> None:
        if self.center is not None:
            object.__setattr__(self, "center", (round(float(self.center[0]), 4), round(float(self.center[1]), 4)))
        object.__setattr__(self, "layers", tuple(x for x in LAYERS if x in self.layers))


@dataclass(frozen=True)
class Known:
    """What the data holds, to tell a stale link from a good one.

    ``first``/``last`` bound the events' dates; a date window wholly outside them is
    dropped (it would show nothing). Empty sets mean "nothing of that kind exists".
    """

    actor_keys: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    event_ids: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    first: dt.date | None = None
    last: dt.date | None = None


def known_of(events: Iterable[Event | Mapping[str, Any]]) -> Known:
    """The :class:`Known` of a list of events (Events or EVENT dicts)."""
    evs = [as_event(e) for e in events]
    keys = {a.code for e in evs for a in e.actors if a.code} | {actor_key(a.code, a.name) for e in evs for a in e.actors}
    bounds = date_bounds(evs)
    return Known(actor_keys=frozenset(keys), types=frozenset(e.type for e in evs),
                 event_ids=frozenset(e.id for e in evs), sources=frozenset(e.source for e in evs),
                 first=bounds[0] if bounds else None, last=bounds[1] if bounds else None)


def _coord(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != 0 else "0"


def to_query(view: ViewState) -> dict[str, str | list[str]]:
    """Query parameters for ``view``: defaults left out, lists as lists (repeat the parameter).

    For Streamlit: ``st.query_params.from_dict(to_query(view))``.
    """
    f = view.filter
    q: dict[str, str | list[str]] = {}
    if f.since:
        q["since"] = f.since.isoformat()
    if f.until:
        q["until"] = f.until.isoformat()
    for name, values in (("actor", f.actors), ("type", f.types), ("country", f.countries), ("region", f.regions),
                         ("range", f.range_classes), ("source", f.sources), ("certainty", f.certainties)):
        if values:
            q[name] = list(values)
    if f.text:
        q["q"] = f.text
    if view.event:
        q["event"] = view.event
    if view.layers != DEFAULT_LAYERS:
        q["layers"] = ",".join(view.layers)
    if view.center is not None:
        q["lat"], q["lon"] = _coord(view.center[0]), _coord(view.center[1])
    if view.zoom is not None:
        q["zoom"] = str(view.zoom)
    return q


def share_link(base_url: str | None, view: ViewState) -> str:
    """The address that opens ``view``: ``base_url`` (the app's address without its query, as
    ``st.context.url`` gives it; None gives a link relative to the app) and :func:`to_query`.

    >>> share_link("http://host:8501/", ViewState(event="abc"))
    'http://host:8501/?event=abc'
    """
    query = urlencode(to_query(view), doseq=True, safe=":,", quote_via=quote)  # ids like cns:245 stay readable
    base = (base_url or "").split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{query}" if query else (base or "?")


_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def shown(value: Any, limit: int = 60) -> str:
    """A value from a URL, quoted for a notice: cut at ``limit`` characters, Markdown escaped."""
    text = str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return "'" + _MD.sub(r"\\\1", text) + "'"


def _values(params: Mapping[str, str | Sequence[str]], name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else [str(x) for x in raw]
    if name in _SPLIT:
        items = [part for item in items for part in item.split(",")]
    out: list[str] = []
    for item in items:
        item = item.strip() if name in _SPLIT or name in ("actor", "source") else item
        if item and item not in out:
            out.append(item)
    return out


def _one(params: Mapping[str, str | Sequence[str]], name: str, notices: list[str]) -> str | None:
    values = _values(params, name)
    if len(values) > 1:
        notices.append(f"{name} is given {len(values)} times; the first, {shown(values[0])}, is used")
    return values[0] if values else None


def _date(params: Mapping[str, str | Sequence[str]], name: str, notices: list[str]) -> dt.date | None:
    raw = _one(params, name, notices)
    if raw is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
            raise ValueError
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        notices.append(f"{name} {shown(raw)} is not a date (YYYY-MM-DD); ignored")
        return None


def _number(params: Mapping[str, str | Sequence[str]], name: str, notices: list[str]) -> float | None:
    raw = _one(params, name, notices)
    if raw is None:
        return None
    try:
        x = float(raw)
        if not math.isfinite(x):
            raise ValueError
        return x
    except ValueError:
        notices.append(f"{name} {shown(raw)} is not a number; ignored")
        return None


def _known(values: list[str], allowed: Iterable[str], what: str, notices: list[str]) -> tuple[str, ...]:
    allowed = set(allowed)
    bad = [v for v in values if v not in allowed]
    for v in bad:
        notices.append(f"{what} {shown(v)} is not in the data; ignored")
    return tuple(v for v in values if v in allowed)


def from_query(params: Mapping[str, str | Sequence[str]], known: Known) -> tuple[ViewState, list[str]]:
    """The view a URL asks for, and one notice per value left out.

    Parameters
    ----------
    params : mapping
        Parameter name -> value or list of values. From Streamlit:
        ``{k: st.query_params.get_all(k) for k in st.query_params}`` (``to_dict()``
        keeps only the last of repeated values).
    known : Known
        What the data holds (:func:`known_of`).

    Returns
    -------
    (ViewState, list of str)
        Never raises on any input: bad dates, ``since`` after ``until``, unknown actors,
        types, sources, countries, regions, range classes, layers or event ids, a
        latitude outside -90..90, a zoom outside 1..18, unknown parameters: each is
        dropped (the default used) with a notice naming it.
    """
    notices: list[str] = []
    for name in params:
        if name not in PARAMS:
            notices.append(f"unknown parameter {shown(name)}; ignored")

    since, until = _date(params, "since", notices), _date(params, "until", notices)
    if since and until and since > until:
        notices.append(f"since {since.isoformat()} is after until {until.isoformat()}; both ignored")
        since = until = None
    if known.first and known.last and ((since and since > known.last) or (until and until < known.first)):
        notices.append(f"no event lies in the dates asked for (the data spans {known.first.isoformat()} to "
                       f"{known.last.isoformat()}); the date filter is ignored")
        since = until = None

    actors = _known(_values(params, "actor"), known.actor_keys, "actor", notices)
    types = _known(_values(params, "type"), known.types, "event type", notices)
    sources = _known(_values(params, "source"), known.sources, "source", notices)
    countries = []
    for c in _values(params, "country"):
        if country_alpha2(c):
            countries.append(c.upper())
        else:
            notices.append(f"country {shown(c)} is not an ISO 3166 code; ignored")
    regions = _known([r.upper() for r in _values(params, "region")], REGIONS, "region", notices)
    ranges = _known([r.upper() for r in _values(params, "range")], RANGE_CLASSES, "range class", notices)
    certainties = _known([c.lower() for c in _values(params, "certainty")], CERTAINTIES, "certainty", notices)

    text = _one(params, "q", notices) or ""
    if len(text) > MAX_TEXT:
        notices.append(f"the search text is longer than {MAX_TEXT} characters; cut")
        text = text[:MAX_TEXT]

    event = _one(params, "event", notices)
    if event is not None and event not in known.event_ids:
        notices.append(f"event {shown(event)} is not in the data; no event selected")
        event = None

    layers = DEFAULT_LAYERS
    if "layers" in params:
        asked = _values(params, "layers")
        layers = _known(asked, LAYERS, "layer", notices)
        if asked and not layers:
            notices.append("no known layer asked for; the default layers are shown")
            layers = DEFAULT_LAYERS

    center = None
    lat, lon = _number(params, "lat", notices), _number(params, "lon", notices)
    if lat is not None and not -90 <= lat <= 90:
        notices.append(f"latitude {shown(_coord(lat))} is outside -90..90; the map fits the events")
        lat = None
    if lon is not None and not -180 <= lon <= 180:
        lon = (lon + 180) % 360 - 180  # the same meridian: Leaflet gives such longitudes after panning round
    if (lat is None) != (lon is None):
        if "lat" in params and "lon" in params:
            pass  # the other one was bad and said so
        else:
            notices.append("the map centre needs both lat and lon; the map fits the events")
        lat = lon = None
    if lat is not None and lon is not None:
        center = (lat, lon)

    zoom = None
    z = _number(params, "zoom", notices)
    if z is not None:
        if z != int(z) or not MIN_ZOOM <= z <= MAX_ZOOM:
            notices.append(f"zoom {shown(_coord(z))} is not a whole number in {MIN_ZOOM}..{MAX_ZOOM}; "
                           "the map fits the events")
        else:
            zoom = int(z)

    flt = ViewFilter(since=since, until=until, actors=actors, types=types, text=text, countries=tuple(countries),
                     regions=regions, range_classes=ranges, sources=sources, certainties=certainties)
    return ViewState(filter=flt, event=event, layers=layers, center=center, zoom=zoom), notices


def with_filter(view: ViewState, **changes: Any) -> ViewState:
    """A copy of ``view`` with fields of its filter changed (``with_filter(v, types=("talks",))``)."""
    return replace(view, filter=replace(view.filter, **changes))
