"""Every event as one point on ONE canvas layer, compact enough for 100,000 events.

Folium's way (one ``CircleMarker`` per event, each with its own tooltip and popup
rendered through Jinja templates) costs 18 s per rerun and 16 MB of script at 10,000
events. Here the events travel as a few columns packed into base64 typed arrays
(:func:`encode_points`: positions quantised to 24 bits, type/colour/place codes as small
integers, a string table for labels), and a few lines of our own JavaScript draw them on
one ``<canvas>`` per map (:class:`PointsLayer`):

- colour by the initiating actor (the state code before any ``:``; a palette for the
  :data:`TOP_ACTORS` most frequent, grey for the others), shape by kind of event
  (:data:`TYPE_SHAPES`), with a legend control;
- tooltip and popup built on demand in JS, every string set with ``textContent``
  (report text never becomes HTML nor JavaScript source: the data is base64);
- events at the same place fan out in a spiral of :func:`spiral_offset` pixels from
  zoom :data:`SPIRAL_ZOOM` on, and the popup says how many share the place;
- a click opens the popup and fires ``click`` on the layer with the event's own
  ``latlng``: ``st_folium(..., returned_objects=["last_object_clicked_popup"])``
  returns the popup text, whose ``event id: ...`` line :func:`clicked_event_id` reads
  (falling back to :func:`event_at` on ``last_object_clicked``).

It works inside a ``folium.FeatureGroup`` handed to ``st_folium(feature_group_to_add=...)``:
the script defines its library on ``window`` once and removes its canvas, legend and
listeners when the group is removed. No Streamlit here.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.events import Event
from geo.view.filters import readable as label

TOP_ACTORS = 10  # actors with a colour of their own; the rest are "other"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#393b79")
OTHER_COLOR = "#7f7f7f"
# Shape codes: 0 circle, 1 triangle, 2 square, 3 diamond.
SHAPES = ("circle", "triangle", "square", "diamond")
SHAPE_LABELS = ("other events", "launches and tests", "talks, statements, sanctions",
                "exercises, deployments, attacks, interceptions")
TYPE_SHAPES = {
    "missile_launch": 1, "satellite_launch": 1, "weapons_test": 1, "nuclear_test": 1,
    "meeting": 2, "agreement": 2, "statement": 2, "sanction": 2, "talks": 2, "visit": 2, "warning": 2,
    "military_exercise": 3, "deployment": 3, "attack": 3, "interception": 3,
}
DENSITY_PX = 24  # the density layer's cell, screen pixels (points.js)
SPIRAL_ZOOM = 5  # from this zoom on, events at one place fan out
SPIRAL_PX = 7.0  # pixels between the rings of the spiral
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SAME_PLACE_DECIMALS = 4  # events within ~11 m are "at the same place"
POINT_CLASS = "event-points"
LAYER_NAME = "Events"
Q24 = (1 << 24) - 1
UNDATED = 0xFFFF
JS_PATH = Path(__file__).with_name("points.js")


# -- the frame ------------------------------------------------------------------
def state_of(code: object) -> str:
    """The state an actor code rolls up to: ``"PRK:Kim Jong Un"`` -> ``"PRK"``; "" for none."""
    text = "" if code is None or (isinstance(code, float) and math.isnan(code)) else str(code)
    return text.split(":", 1)[0].strip().upper()


def _initiator(event: Event):
    return next((a for a in event.actors if a.role == "initiator"), event.actors[0] if event.actors else None)


def points_frame(events: Iterable[Event]) -> pd.DataFrame:
    """The map's columns (as :meth:`geo.store.Store.map_frame` returns them) of Events, plus
    ``place`` (the name of the place the event is shown at).

    ``actors`` are the codes joined by ``;``, the initiator first; their names are in
    ``frame.attrs["actor_names"]`` (code -> name). Events without a position are kept,
    with NaN coordinates (the layer skips them).
    """
    rows = []
    names: dict[str, str] = {}
    for e in events:
        pos = e.position
        place = None
        if pos is not None:
            site = e.launch_site or next((p for p in e.places if p.located), None)
            place = site.name if site else None
        first = _initiator(e)
        actors = ([first] if first else []) + [a for a in e.actors if a is not first]
        codes = []
        for a in actors:
            code = a.code or a.name
            names.setdefault(code, a.name)
            codes.append(code)
        rows.append((e.id, e.type, e.date, e.last_day, e.date_precision, pos[0] if pos else np.nan,
                     pos[1] if pos else np.nan, e.range_km if e.range_km is not None else np.nan,
                     ";".join(codes), e.source, place))
    frame = pd.DataFrame(rows, columns=["id", "type", "date", "date_end", "date_precision", "lat", "lon", "range_km",
                                        "actors", "source", "place"])
    for col in ("date", "date_end"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("lat", "lon", "range_km"):
        frame[col] = frame[col].astype(float)
    frame.attrs["actor_names"] = names
    return frame


# -- colours, shapes, spiral ---------------------------------------------------------
def actor_colors(initiators: Sequence[str] | pd.Series, top: int = TOP_ACTORS) -> dict[str, str]:
    """Colour of each of the ``top`` most frequent initiator states (ties by code); others are
    :data:`OTHER_COLOR` (not in the dict). Empty codes get no colour of their own."""
    counts = pd.Series(list(initiators), dtype=object).value_counts()
    counts = counts[counts.index != ""]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {code: PALETTE[i % len(PALETTE)] for i, (code, _) in enumerate(ranked)}


def shape_of(event_type: str | None) -> str:
    """The marker shape of an event type (:data:`SHAPES`)."""
    return SHAPES[TYPE_SHAPES.get(event_type or "", 0)]


def spiral_offset(rank: int, step: float = SPIRAL_PX) -> tuple[float, float]:
    """Pixel offset of the ``rank``-th event at one place (0 stays put): a sunflower spiral,
    so every rank lands on its own spot and the fan grows as ``sqrt(rank)``. points.js
    computes the same."""
    if rank <= 0:
        return 0.0, 0.0
    r = step * math.sqrt(rank)
    a = rank * GOLDEN_ANGLE
    return r * math.cos(a), r * math.sin(a)


def same_place_ranks(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """For each point, how many earlier points share its place (rounded to
    :data:`SAME_PLACE_DECIMALS`): 0 for the first at a place, 1 for the next..."""
    key = pd.DataFrame({"a": np.round(lat, SAME_PLACE_DECIMALS), "b": np.round(lon, SAME_PLACE_DECIMALS)})
    return key.groupby(["a", "b"], sort=False).cumcount().to_numpy()


# -- packing --------------------------------------------------------------------------
def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def _pack(values: np.ndarray) -> dict:
    """Non-negative integers as the narrowest little-endian typed array: ``{"k": kind, "d": base64}``."""
    values = np.asarray(values, dtype=np.int64)
    top = int(values.max()) if values.size else 0
    if top < 1 << 8:
        return {"k": "u8", "d": _b64(values.astype("<u1"))}
    if top < 1 << 16:
        return {"k": "u16", "d": _b64(values.astype("<u2"))}
    return {"k": "i32", "d": _b64(values.astype("<i4"))}


def _pack24(values: np.ndarray) -> dict:
    """Integers below 2**24 as 3 little-endian bytes each."""
    v = np.asarray(values, dtype="<u4")
    return {"k": "u24", "d": _b64(v.view(np.uint8).reshape(-1, 4)[:, :3])}


def _codes(values: Sequence) -> tuple[np.ndarray, list[str]]:
    """Dictionary-encode strings (None/NaN as ""): codes and the table, most frequent first."""
    series = pd.Series(list(values), dtype=object)
    series = series.where(series.notna(), "")
    codes, uniques = pd.factorize(series, sort=False)
    if not len(uniques):
        return np.zeros(len(series), dtype=np.int64), []
    counts = np.bincount(codes, minlength=len(uniques))
    order = np.argsort(-counts, kind="stable")
    remap = np.empty_like(order)
    remap[order] = np.arange(len(order))
    return remap[codes].astype(np.int64), [str(uniques[i]) for i in order]


def quantise(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Degrees to 24-bit integers (about 1.2 m in latitude, 2.4 m in longitude)."""
    qlat = np.rint((np.clip(lat, -90, 90) + 90) / 180 * Q24).astype(np.int64)
    qlon = np.rint((((lon + 180) % 360) / 360) * Q24).astype(np.int64)
    return qlat, qlon


def dequantise(qlat: np.ndarray, qlon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`quantise` (what the browser draws)."""
    return np.asarray(qlat) / Q24 * 180 - 90, np.asarray(qlon) / Q24 * 360 - 180


def _common_prefix(ids: Sequence[str]) -> str:
    if not len(ids):
        return ""
    lo, hi = min(ids), max(ids)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[:n]


def encode_points(frame: pd.DataFrame, *, actor_names: Mapping[str, str] | None = None,
                  selected: str | None = None, with_states: bool = False) -> dict:
    """The compact, JSON-able form of the frame's located events that points.js draws.

    Parameters
    ----------
    frame : DataFrame
        ``id``, ``type``, ``lat``, ``lon``, ``date`` (datetime64), ``actors`` (codes joined by
        ``;``, initiator first); optional ``date_end``, ``date_precision``, ``place``, ``source``.
    actor_names : mapping, optional
        Code -> name for the popup and legend (default ``frame.attrs["actor_names"]``, else codes).
    selected : str, optional
        The selected event's id: drawn with a ring.
    with_states : bool
        Add a ``state`` column (the initiator's state, an index into ``meta["states"]``),
        which a :func:`view_of` colouring needs (:class:`PointsData`).

    Returns
    -------
    dict
        ``n``, the packed columns (``{"k": kind, "d": base64}``), and ``meta``: the
        base64 of a UTF-8 JSON string table (labels, names, places, id prefix, palette,
        legend). Strings never appear in it as JavaScript or HTML source.
    """
    names = dict(frame.attrs.get("actor_names") or {})
    names.update(actor_names or {})
    lat = frame["lat"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
    lon = frame["lon"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
    ok = np.isfinite(lat) & np.isfinite(lon)
    f = frame.loc[ok]
    lat, lon = lat[ok], lon[ok]
    n = int(ok.sum())
    qlat, qlon = quantise(lat, lon)
    ids = f["id"].astype(str).tolist()
    prefix = _common_prefix(ids)
    id_text = "\n".join(i[len(prefix):] for i in ids)

    # initiator (first code) and how many others, in plain Python: faster than pandas' str accessor
    first: list[str] = []
    more = np.zeros(n, dtype=np.int64)
    for i, text in enumerate(f["actors"].tolist() if "actors" in f else [""] * n):
        head, sep, rest = (text if isinstance(text, str) else "").partition(";")
        head = head.strip()
        first.append(head)
        if sep and head:
            more[i] = min(255, rest.count(";") + 1)
    state_cache: dict[str, str] = {}
    states = pd.Series([state_cache.get(h) or state_cache.setdefault(h, state_of(h)) for h in first], dtype=object)
    colours = actor_colors(states)
    colour_codes = list(colours)
    colour_of = {c: i for i, c in enumerate(colour_codes)}
    colour = states.map(colour_of).fillna(len(colour_codes)).to_numpy(dtype=np.int64)
    who, who_table = _codes(first)

    types, type_table = _codes(f["type"].tolist())
    shapes = [TYPE_SHAPES.get(t, 0) for t in type_table]

    days = f["date"].to_numpy(dtype="datetime64[D]").astype("int64") if n else np.zeros(0, np.int64)
    undated = pd.isna(f["date"]).to_numpy() if n else np.zeros(0, bool)
    day0 = int(days[~undated].min()) if (~undated).any() else 0
    rel = days - day0
    if n and int(rel[~undated].max(initial=0)) < UNDATED and int(rel[~undated].min(initial=0)) >= 0:
        day_col, undated_value = {"k": "u16", "d": _b64(np.where(undated, UNDATED, rel).astype("<u2"))}, UNDATED
    else:  # spans of more than 179 years, or nothing dated
        day_col, undated_value = {"k": "i32", "d": _b64(np.where(undated, -1, rel).astype("<i4"))}, -1
    cols: dict[str, dict] = {"lat": _pack24(qlat), "lon": _pack24(qlon), "type": _pack(types),
                             "colour": _pack(colour), "who": _pack(who), "day": day_col}
    if n and more.any():
        cols["more"] = _pack(more)
    if "date_end" in f and n:
        ends = f["date_end"].to_numpy(dtype="datetime64[D]").astype("int64")
        span = np.where(undated | pd.isna(f["date_end"]).to_numpy(), 0, np.clip(ends - days, 0, 65535))
        if span.any():
            cols["span"] = _pack(span)
    tables: dict[str, list] = {}
    if "date_precision" in f and n:
        prec, tables["prec"] = _codes(f["date_precision"].tolist())
        if len(tables["prec"]) > 1:
            cols["prec"] = _pack(prec)
    if "place" in f and n:
        place, tables["place"] = _codes(f["place"].tolist())
        cols["place"] = _pack(place)
    ranks = same_place_ranks(lat, lon) if n else np.zeros(0, np.int64)
    if ranks.any():
        cols["rank"] = _pack(np.minimum(ranks, 65535))
    if with_states:
        state_codes, tables["states"] = _codes(states.tolist())
        cols["state"] = _pack(state_codes)
    sel = -1
    if selected is not None and selected in set(ids):
        sel = ids.index(selected)
    meta = {
        "types": [label(t) or "event" for t in type_table], "shapes": shapes,
        "who": [names.get(c, c) for c in who_table],
        "palette": [colours[c] for c in colour_codes] + [OTHER_COLOR],
        "legend": [[colours[c], names.get(c, c)] for c in colour_codes] + [[OTHER_COLOR, "other actors"]],
        "shapeLabels": list(SHAPE_LABELS), "idPrefix": prefix, "day0": day0, "undated": undated_value, "sel": sel,
        "spiralZoom": SPIRAL_ZOOM, "spiralPx": SPIRAL_PX, **tables,
    }
    return {
        "n": n, "cols": cols,
        "ids": base64.b64encode(id_text.encode("utf-8")).decode("ascii"),
        "meta": base64.b64encode(json.dumps(meta, ensure_ascii=False).encode("utf-8")).decode("ascii"),
    }


def decode_meta(payload: dict) -> dict:
    """The string table of an :func:`encode_points` payload (for tests and debugging)."""
    return json.loads(base64.b64decode(payload["meta"]).decode("utf-8"))


def decode_ids(payload: dict) -> list[str]:
    """The ids of an :func:`encode_points` payload, in order."""
    text = base64.b64decode(payload["ids"]).decode("utf-8")
    prefix = decode_meta(payload)["idPrefix"]
    return [prefix + s for s in text.split("\n")] if payload["n"] else []


def decode_column(payload: dict, name: str) -> np.ndarray:
    """One packed column back as integers."""
    col = payload["cols"][name]
    raw = np.frombuffer(base64.b64decode(col["d"]), dtype=np.uint8)
    if col["k"] == "u24":
        r = raw.reshape(-1, 3).astype(np.int64)
        return r[:, 0] | (r[:, 1] << 8) | (r[:, 2] << 16)
    return np.frombuffer(raw.tobytes(), dtype={"u8": "<u1", "u16": "<u2", "i32": "<i4"}[col["k"]]).astype(np.int64)


# -- every event once, then a mask per rerun -----------------------------------------
class PointsData:
    """Every event of a frame encoded once (:func:`encode_points`), for a browser that keeps
    it, and what a rerun needs to show a subset of it (:meth:`view_of`).

    Built once per store generation (the dashboard caches it): the payload travels once, as
    a file the browser fetches (:mod:`geo.view.published`), and a filter change sends only a
    bit mask of the kept points (12.5 kB for 100,000 events), the selected point and the
    colours of the actors most frequent among the kept events.

    Attributes
    ----------
    payload : dict
        :func:`encode_points` of the whole frame, with the ``state`` column.
    json : bytes
        The payload as UTF-8 :func:`safe_json` (what is published).
    located : numpy.ndarray of bool
        Per frame row: has a position (rows without one are not in the payload).
    n : int
        Points in the payload.
    """

    def __init__(self, frame: pd.DataFrame, *, actor_names: Mapping[str, str] | None = None) -> None:
        names = dict(frame.attrs.get("actor_names") or {})
        names.update(actor_names or {})
        self.names = names
        lat = frame["lat"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
        lon = frame["lon"].to_numpy(dtype=float) if len(frame) else np.zeros(0)
        self.located = np.isfinite(lat) & np.isfinite(lon)
        self.payload = encode_points(frame, actor_names=names, with_states=True)
        self.json = safe_json(self.payload).encode("ascii")
        self.n = int(self.payload["n"])
        self._ids = pd.Index(frame["id"].astype(str).to_numpy()[self.located])
        meta = decode_meta(self.payload)
        self._state_table = meta.get("states", [])
        self._states = (np.asarray(self._state_table, dtype=object)[decode_column(self.payload, "state")]
                        if self.n and "state" in self.payload["cols"] else np.zeros(0, dtype=object))

    def view_of(self, shown: np.ndarray | None, selected: str | None = None) -> dict:
        """What one rerun sends: which points are shown, the selected one, the colours.

        Parameters
        ----------
        shown : numpy.ndarray of bool, or None
            Per row of the frame this was built from (a :func:`geo.view.filters.frame_mask`);
            None: every row.
        selected : str, optional
            The selected event's id (ringed when it is shown).

        Returns
        -------
        dict
            ``count`` (points shown), ``mask`` (base64 of the little-endian bit mask over the
            payload's points; absent when all are shown), ``sel`` (index, -1 for none),
            ``colourOf`` (state index -> palette index for the :data:`TOP_ACTORS` most frequent
            initiator states of the shown events), ``palette`` and ``legend`` (as in the payload's
            meta, for the shown events).
        """
        keep = np.ones(self.n, dtype=bool) if shown is None else np.asarray(shown, dtype=bool)[self.located]
        count = int(keep.sum())
        view: dict = {"count": count}
        if count < self.n:
            view["mask"] = _b64(np.packbits(keep, bitorder="little"))
        sel = -1
        if selected is not None:
            at = self._ids.get_indexer([str(selected)])[0] if self._ids.is_unique else -1
            if at >= 0 and keep[at]:
                sel = int(at)
        view["sel"] = sel
        colours = actor_colors(pd.Series(self._states[keep], dtype=object)) if count else {}
        index_of = {code: i for i, code in enumerate(self._state_table)}
        view["colourOf"] = {str(index_of[code]): k for k, code in enumerate(colours) if code in index_of}
        view["palette"] = list(colours.values()) + [OTHER_COLOR]
        view["legend"] = [[colours[c], self.names.get(c, c)] for c in colours] + [[OTHER_COLOR, "other actors"]]
        return view


# -- the folium element ---------------------------------------------------------------
@functools.cache
def js_library(path: Path) -> str:
    """A script of ours shipped beside this module (``points.js``, ``places.js``), read once
    per process: every new view of the map embeds it."""
    return path.read_text(encoding="utf-8")


class ScriptElement(MacroElement):
    """A folium element whose script (its ``_template``'s ``script`` macro) goes into the page
    as plain text. branca's ``MacroElement.render`` wraps it in ``Element(text)``, which
    compiles the text as a Jinja template: 1.4 s per rerun for 100,000 points, and data would
    be read as template syntax."""

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Text(script(self, kwargs)), name=self.get_name())


class PointsLayer(ScriptElement):
    """The events of a frame as one canvas layer (see the module docstring).

    Add it to a ``folium.FeatureGroup`` (or a map). Its script is the library (defined once
    on ``window``) and one call with the packed data; no string from the data is in it.
    With ``source=(url, view)`` (a published :class:`PointsData` and its
    :meth:`PointsData.view_of`) the script carries only the URL and the view: the browser
    fetches the points once per page and keeps them across reruns. ``mode="density"`` draws
    the shown events per screen cell of :data:`DENSITY_PX` pixels (a heat grid, recomputed on
    every pan and zoom) instead of the points, with no click or hover.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "{{ this.library }}\n"
        "var {{ this.get_name() }} = window.GeoPoints.layer({{ this.payload_json }}, "
        "{{ this.options_json }}).addTo({{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, frame: pd.DataFrame | None = None, *, actor_names: Mapping[str, str] | None = None,
                 selected: str | None = None, class_name: str = POINT_CLASS,
                 source: tuple[str, dict] | None = None, mode: str = "points") -> None:
        super().__init__()
        self._name = "GeoPoints"
        if source is not None:
            # the browser fetches the points once from this URL and shows the view's subset
            url, view = source
            self.payload = {"src": url, "view": view}
        else:
            self.payload = encode_points(frame, actor_names=actor_names, selected=selected)
        self.payload_json = safe_json(self.payload)
        if mode not in ("points", "density"):
            raise ValueError(f"mode must be 'points' or 'density', not {mode!r}")
        self.options_json = safe_json({"className": re.sub(r"[^A-Za-z0-9_ -]", "", class_name), "mode": mode})
        self.library = js_library(JS_PATH)


class _Text(Element):
    """Text that renders as itself (no Jinja)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def safe_json(value: object) -> str:
    """JSON that is also safe inside ``<script>`` and JS template literals: ``<``, ``>``,
    ``&``, backtick, ``$`` and the JS line separators are ``\\u`` escapes."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    for ch in "<>&`$":
        text = text.replace(ch, "\\u%04x" % ord(ch))
    return text


def points_group(frame: pd.DataFrame, *, name: str = LAYER_NAME, **kwargs) -> folium.FeatureGroup:
    """A ``folium.FeatureGroup`` holding a :class:`PointsLayer` of the frame."""
    group = folium.FeatureGroup(name=name)
    PointsLayer(frame, **kwargs).add_to(group)
    return group


# -- reading a click ----------------------------------------------------------------
_ID_LINE = re.compile(r"^event id: (.+?)\s*$", re.MULTILINE)


def event_at(frame: pd.DataFrame, lat: float, lon: float, *, max_km: float = 5.0) -> str | None:
    """The id of the frame's event nearest ``(lat, lon)`` (within ``max_km``), or None.

    The layer reports a click at the event's own position (not where the pointer was),
    so the nearest event is the one clicked; of events at one place, the first in the frame.
    """
    if frame is None or not len(frame) or lat is None or lon is None:
        return None
    la = frame["lat"].to_numpy(dtype=float)
    lo = frame["lon"].to_numpy(dtype=float)
    ok = np.isfinite(la) & np.isfinite(lo)
    if not ok.any():
        return None
    p1, p2 = np.radians(la), np.radians(float(lat))
    dl = np.radians(((lo - float(lon)) + 180) % 360 - 180)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    d = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    d = np.where(ok, d, np.inf)
    i = int(np.argmin(d))
    return str(frame["id"].iloc[i]) if d[i] <= max_km else None


def clicked_event_id(returned: Mapping | None, frame: pd.DataFrame | None = None) -> str | None:
    """The event id a ``st_folium`` return value reports as clicked, or None.

    Reads the ``event id: ...`` line of ``last_object_clicked_popup`` (the points layer's
    popups and the place markers' popups end with it); else, with ``frame``, the event at
    ``last_object_clicked`` (:func:`event_at`).
    """
    if not returned:
        return None
    popup = returned.get("last_object_clicked_popup")
    if popup:
        found = _ID_LINE.findall(str(popup))
        if found:
            return found[-1]
    where = returned.get("last_object_clicked")
    if frame is not None and isinstance(where, Mapping) and where.get("lat") is not None:
        return event_at(frame, where["lat"], where.get("lng", where.get("lon")))
    return None
