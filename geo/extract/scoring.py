"""Per-field accuracy of the extractor on a development set of short reports with expected events.

The set is JSON lines (``tests/fixtures/theatres/reports.jsonl``), one report a line::

    {"id", "theatre", "report_date", "modelled_on", "text",
     "events": [{"type", "subtype"?, "date", "date_end", "actors": [{"code", "role"}] | null,
                 "places": [{"name", "role", "lat", "lon", "km"}]}]}

Each report is extracted through :func:`geo.pipeline.events_of_report` (what the store gets).
Each expected event is matched to one extracted event of the report (greedily, in order,
each extracted event used once): the one with the most in common -- the same type (3
points), shared actor codes (1 each), an expected place within its ``km`` of an extracted
place (1 each), an interval within a day of the expected one (1). Then, per field:

- ``type``: the matched event's type is the expected type; ``subtype`` (when expected)
  likewise;
- ``actors``: the set of actor codes equals the expected set (``actors: null`` = not judged);
  ``roles``: the set of (code, role) pairs equals the expected set;
- ``date``: first and last day each within one day of the expected ones (``date_end``
  null = one day);
- ``place_roles``: per expected place, an extracted place of that role within ``km`` of the
  expected coordinates (``km`` per place: tens of km for a town, hundreds for a country or
  sea); ``coordinates``: per expected place, any located extracted place within ``km``;
- ``extra_places``: located extracted places with a role other than ``mention`` that match
  no expected place (a measure of wrong pins; lower is better).

An expected event with no extracted event of its report counts wrong in every field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Iterable

from geo.coords import haversine_km
from geo.errors import InvalidInput

FIELDS = ("event_found", "type", "subtype", "actors", "roles", "date", "place_roles", "coordinates")


def read_devset(path: str | Path) -> list[dict]:
    """The reports of a development set: a ``.jsonl`` file, or a folder of them.

    Raises
    ------
    InvalidInput
        Naming the file and line that is not a report with ``text``, ``report_date`` and ``events``.
    """
    p = Path(path)
    files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise InvalidInput(f"no development set at {path} (a .jsonl file or a folder of them)")
    out = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                dt.date.fromisoformat(r["report_date"])
                if not isinstance(r["text"], str) or not isinstance(r["events"], list):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise InvalidInput(f"{f}:{n}: not a report with 'text', 'report_date' (YYYY-MM-DD) and 'events'") from None
            out.append(r)
    return out


def _day(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _interval(e: dict) -> tuple[dt.date | None, dt.date | None]:
    d = _day(e.get("date"))
    return d, _day(e.get("date_end")) or d


def _near(p: dict, places: Iterable[dict], role: str | None = None) -> bool:
    return any(q.get("lat") is not None and (role is None or q["role"] == role)
               and haversine_km(p["lat"], p["lon"], q["lat"], q["lon"]) <= p["km"] for q in places)


def _date_right(exp: dict, got: dict) -> bool:
    (a, b), (c, d) = _interval(exp), _interval(got)
    if a is None or c is None:
        return a is None and c is None
    return abs((a - c).days) <= 1 and abs((b - d).days) <= 1


def _affinity(exp: dict, got: dict) -> int:
    score = 3 * (exp["type"] == got["type"])
    codes = {a["code"] for a in got["actors"]}
    score += len({a["code"] for a in exp.get("actors") or ()} & codes)
    score += sum(_near(p, got["places"]) for p in exp.get("places") or ())
    return score + _date_right(exp, got)


def score_report(report: dict, extracted: list[dict]) -> list[dict]:
    """One row per expected event: its fields right or wrong (None when not judged) and the match."""
    rows = []
    free = list(range(len(extracted)))
    for exp in report["events"]:
        best = max(free, key=lambda i: (_affinity(exp, extracted[i]), -i), default=None)
        got = extracted[best] if best is not None else None
        if best is not None:
            free.remove(best)
        row: dict = {"report": report["id"], "theatre": report["theatre"], "expected": exp, "got": None}
        places = exp.get("places") or []
        if got is None:
            row.update({f: False for f in FIELDS})
            row["subtype"] = False if exp.get("subtype") else None
            row["actors"] = row["roles"] = None if exp.get("actors") is None else False
            row["place_hits"] = row["coord_hits"] = 0
            row["place_total"] = len(places)
            rows.append(row)
            continue
        row["got"] = {k: got.get(k) for k in ("type", "subtype", "date", "date_end", "date_precision")}
        row["got"]["actors"] = [(a["code"], a["role"]) for a in got["actors"]]
        row["got"]["places"] = [(p["name"], p["role"], p.get("lat"), p.get("lon")) for p in got["places"]]
        row["event_found"] = True
        row["type"] = got["type"] == exp["type"]
        row["subtype"] = (got.get("subtype") == exp["subtype"]) if exp.get("subtype") else None
        if exp.get("actors") is None:
            row["actors"] = row["roles"] = None
        else:
            row["actors"] = {a["code"] for a in got["actors"]} == {a["code"] for a in exp["actors"]}
            row["roles"] = {(a["code"], a["role"]) for a in got["actors"]} == {(a["code"], a["role"]) for a in exp["actors"]}
        row["date"] = _date_right(exp, got)
        row["place_hits"] = sum(_near(p, got["places"], p["role"]) for p in places)
        row["coord_hits"] = sum(_near(p, got["places"]) for p in places)
        row["place_total"] = len(places)
        row["extra_places"] = sum(
            1 for q in got["places"] if q["role"] != "mention" and q.get("lat") is not None
            and not any(haversine_km(p["lat"], p["lon"], q["lat"], q["lon"]) <= p["km"] for p in places))
        rows.append(row)
    return rows


def _share(right: int, total: int) -> dict:
    return {"right": right, "total": total, "share": round(right / total, 3) if total else None}


def summarise(rows: list[dict]) -> dict:
    """Per-field ``{right, total, share}`` over ``rows``."""
    out = {}
    for f in ("event_found", "type", "subtype", "actors", "roles", "date"):
        judged = [r[f] for r in rows if r[f] is not None]
        out[f] = _share(sum(judged), len(judged))
    out["place_roles"] = _share(sum(r["place_hits"] for r in rows), sum(r["place_total"] for r in rows))
    out["coordinates"] = _share(sum(r["coord_hits"] for r in rows), sum(r["place_total"] for r in rows))
    out["extra_places"] = sum(r.get("extra_places", 0) for r in rows)
    return out


def evaluate(reports: list[dict], misses: bool = False) -> dict:
    """Extract every report and score it: overall and per-theatre figures (and the misses when asked)."""
    from geo.pipeline import events_of_report
    from geo.reports import report_from_text

    rows = []
    for r in reports:
        events = [e.to_dict() for e in events_of_report(report_from_text(r["text"], date=r["report_date"], source=r["id"]))]
        rows.extend(score_report(r, events))
    theatres = sorted({r["theatre"] for r in rows})
    result = {
        "reports": len(reports),
        "expected_events": len(rows),
        "theatres": len(theatres),
        "fields": summarise(rows),
        "by_theatre": {t: summarise([r for r in rows if r["theatre"] == t]) for t in theatres},
    }
    if misses:
        result["misses"] = [
            {"report": r["report"], "wrong": [f for f in FIELDS[:6] if r[f] is False]
             + (["place_roles"] if r["place_hits"] < r["place_total"] else []), "expected": r["expected"], "got": r["got"]}
            for r in rows if any(r[f] is False for f in FIELDS[:6]) or r["place_hits"] < r["place_total"]]
    return result
