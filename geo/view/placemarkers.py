"""A marker for each place an event names, by role, as one folium element (``places.js``).

Folium's way, a ``CircleMarker`` with its own ``Tooltip`` and ``Popup`` per place, renders
three Jinja templates per marker (and compiles one per popup): 0.2-0.6 s of the server's
one core for the seed and demo data's few hundred places, on every new view (issue 16's
load test queued behind it). Here the places travel as one JSON list and ``places.js``
makes the same Leaflet markers in the browser: same classes (``event-place``,
``event-place-<role>``), same tooltip and popup lines, the popup ending with
``event id: ID`` (what :func:`geo.view.points.clicked_event_id` reads after a click).

No report text is HTML or code here: the list is JSON with ``<``, ``>``, ``&``, backtick and
``$`` escaped (:func:`geo.view.points.safe_json`), and ``places.js`` sets every string with
``textContent``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from jinja2 import Template

from geo.events import Event
from geo.view.filters import readable as label
from geo.view.points import ScriptElement, js_library, safe_json

JS_PATH = Path(__file__).with_name("places.js")
PLACE_CLASS = "event-place"
ROLE_COLORS = {
    "launch_site": "#c0392b",
    "impact_area": "#e67e22",
    "venue": "#2471a3",
    "target": "#7d3c98",
    "mention": "#566573",
}
DEFAULT_COLOR = "#566573"
SENTENCE_CHARS = 400  # popups show the source sentence up to this many characters


def date_text(event: Event) -> str:
    """The event's date as a tooltip says it: "2023-12-18", "2023-11-01 (month)",
    "2022-01-01 to 2023-12-18" or "date unknown"."""
    if event.date is None:
        return "date unknown"
    if event.date_end and event.date_end != event.date:
        return f"{event.date.isoformat()} to {event.date_end.isoformat()}"
    precision = event.date_precision
    return f"{event.date.isoformat()} ({precision})" if precision and precision != "day" else event.date.isoformat()


def css_safe(value: str) -> str:
    """``value`` reduced to what a CSS class name may hold (lower case, digits, ``_``, ``-``)."""
    return re.sub(r"[^a-z0-9_-]", "", value.lower())


def _short(sentence: str | None) -> str:
    sentence = sentence or ""
    if len(sentence) > SENTENCE_CHARS:
        sentence = sentence[: SENTENCE_CHARS - 1].rstrip() + "…"
    return sentence


def place_markers(events: Iterable[Event]) -> tuple[dict, list[tuple[float, float, str]]]:
    """The located places of ``events`` as ``places.js`` takes them, and each one's
    ``(lat, lon, role)`` (for fitting the view).

    Returns
    -------
    payload : dict
        ``roles``: ``[label, fill colour, radius px, CSS classes]`` per role;
        ``types``: event type labels; ``rows``: ``[lat, lon, role index, place name, type
        index, date text, actors, sentence (at most SENTENCE_CHARS), source, event id]``
        per located place, lat/lon in degrees.
    positions : list of (lat, lon, role)
    """
    roles: dict[str, int] = {}
    types: dict[str, int] = {}
    rows: list[list] = []
    positions: list[tuple[float, float, str]] = []
    for event in events:
        type_label = label(event.type) or "event"
        actors = ", ".join(a.name for a in event.actors)
        for place in event.places:
            if not place.located:
                continue
            role = place.role or "mention"
            r = roles.setdefault(role, len(roles))
            t = types.setdefault(type_label, len(types))
            rows.append([place.lat, place.lon, r, place.name, t, date_text(event), actors,
                         _short(event.sentence), event.source or "", event.id])
            positions.append((place.lat, place.lon, role))
    role_table = [[label(role), ROLE_COLORS.get(role, DEFAULT_COLOR), 7 if role != "mention" else 5,
                   f"{PLACE_CLASS} {PLACE_CLASS}-{css_safe(role)}"] for role in roles]
    return {"roles": role_table, "types": list(types), "rows": rows}, positions


class PlaceMarkers(ScriptElement):
    """The located places of some events as Leaflet circle markers with tooltip and popup.

    Add it to a ``folium.FeatureGroup``; :attr:`positions` gives each marker's
    ``(lat, lon, role)``. Its script is the library (defined once per page on
    ``window.GeoPlaces``) and one call with the JSON list.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "{{ this.library }}\n"
        "window.GeoPlaces.addTo({{ this.payload_json }}, {{ this._parent.get_name() }});\n"
        "{% endmacro %}"
    )

    def __init__(self, events: Iterable[Event]) -> None:
        super().__init__()
        self._name = "GeoPlaces"
        self.payload, self.positions = place_markers(events)
        self.payload_json = safe_json(self.payload)
        self.library = js_library(JS_PATH)
