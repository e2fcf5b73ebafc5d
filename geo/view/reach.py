"""The in-range list of a launch's potential range (docs/ballistics.md), without Streamlit.

:func:`potential_range_rows` turns what :func:`geo.geodesy.enrich.enrich` stored in
``geometry.potential_range["covers"]`` into table rows shaped like the range tool's
(:func:`geo.view.rangetool.in_reach`): the regions first ("the continental United States",
whole or in part), then the capitals, then the countries with the share of their area inside.
Every row says it comes from an estimate; the view escapes the names where they reach HTML.
"""

from __future__ import annotations

from typing import Any

from geo.events import Event, event_from_dict

KINDS = ("region", "capital", "country")


def potential_range_rows(event: Event | dict[str, Any]) -> list[dict]:
    """Rows ``{"name", "kind", "covered", "share", "estimate"}`` for the places inside the
    launch's potential-range footprint; empty when it has none.

    ``covered`` is ``"all"`` or ``"part"`` (regions and countries; capitals are points:
    ``"all"``); ``share`` the fraction of the area inside (None for capitals).
    """
    ev = event if isinstance(event, Event) else event_from_dict(event)
    pr = ev.geometry.potential_range
    if not isinstance(pr, dict):
        return []
    covers = pr.get("covers") or {}
    rows = [{"name": g["name"], "kind": "region", "covered": "all" if g.get("whole") else "part",
             "share": g.get("share"), "estimate": True} for g in covers.get("regions") or ()]
    rows += [{"name": name, "kind": "capital", "covered": "all", "share": None, "estimate": True}
             for name in covers.get("capitals") or ()]
    rows += [{"name": c["name"], "kind": "country", "covered": "all" if (c.get("share") or 0) >= 0.999 else "part",
              "share": c.get("share"), "estimate": True} for c in covers.get("countries") or ()]
    return rows
