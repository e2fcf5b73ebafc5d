"""The ranking of an event's candidate impact zones, for its detail view (issue 12 item 2).

:func:`geo.geodesy.enrich.enrich` stores the candidates best first in
``Geometry.zone_candidates``; this module only lays them out as rows (no geometry is
computed here).
"""

from __future__ import annotations

import pandas as pd

from geo.events import Event

COLUMNS = ["rank", "where", "confidence", "area_km2", "prior", "share", "basis"]


def zone_ranking(event: Event) -> pd.DataFrame:
    """One row per candidate impact zone, best first: ``rank``, ``where`` (the sea), ``confidence``
    (0..1), ``area_km2``, ``prior`` (the landing prior's share, or NaN when none was used),
    ``share`` (of the zone's area) and ``basis`` (what the zone was drawn from); no rows when the
    event has no candidates."""
    rows = []
    for rank, c in enumerate(event.geometry.zone_candidates, 1):
        rows.append({"rank": rank, "where": str(c.get("sea") or "?"),
                     "confidence": float(c.get("confidence") or 0.0), "area_km2": float(c.get("area_km2") or 0.0),
                     "prior": float(c["prior"]) if c.get("prior") is not None else float("nan"),
                     "share": float(c.get("share") or 0.0), "basis": str(c.get("basis") or "")})
    return pd.DataFrame(rows, columns=COLUMNS)


__all__ = ["COLUMNS", "zone_ranking"]
