"""ACLED CSV exports (Armed Conflict Location & Event Data) as events.

Columns are found by name, in any case and order (exports before and after ACLED's
2023 column changes both read): ``event_id_cnty``, ``event_date``, ``event_type``,
``latitude`` and ``longitude`` are required; ``time_precision``, ``sub_event_type``,
``actor1``/``actor2`` (and ``assoc_actor_*``, ``inter*``), ``country``, ``iso``,
``admin1``-``admin3``, ``location``, ``geo_precision``, ``notes``, ``source``,
``source_scale``, ``fatalities``, ``disorder_type``, ``civilian_targeting``, ``tags``
and ``timestamp`` are read when present.

Per row (docs/import.md has every column):

- ``type`` from ACLED's event and sub-event type (:data:`TYPES`), ``subtype`` the
  sub-event type in snake case;
- the date at ACLED's time precision: 1 the day; 2 a week (ACLED codes the middle
  day, so the event is given the three days either side); 3 a month (the calendar month);
- ``actor1``/``actor2`` both as participants (ACLED: "Actor 1 and Actor 2 do not imply
  directionality"); state forces ("Military Forces of Russia (2000-)") get their
  state's ISO alpha-3 code, other actors (rebels, protesters, civilians) none;
- the location as the ``venue`` place with ACLED's coordinates;
- ``sentence`` = notes; ``attributes``: fatalities, ACLED's sources, precisions, admin
  areas, associated actors and the raw types.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterator

from geo.events import Actor, Event, Place
from geo.importers import BadRow, ImportResult, collect
from geo.importers._fields import (RowError, actor_code, iso2_from_iso3, iso3_from_numeric, month_end,
                                   parse_date, parse_float, parse_latlon, row_hash)
from geo.importers._io import table_rows
from geo.errors import InvalidInput

ORIGIN = "acled"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
# ACLED (event type, sub-event type) -> our type; a sub-event type of None covers the rest
# of its event type. Protests, riots and most strategic developments have no type of ours
# (docs/extract.md's taxonomy is about security news), so they are "other".
TYPES: dict[tuple[str, str | None], str] = {
    ("battles", None): "attack",
    ("explosions/remote violence", None): "attack",
    ("violence against civilians", None): "attack",
    ("protests", None): "other",
    ("riots", None): "other",
    ("strategic developments", "agreement"): "agreement",
    ("strategic developments", "headquarters or base established"): "deployment",
    ("strategic developments", None): "other",
}
# State forces and governments, as ACLED names them: "Military Forces of Russia (2000-)",
# "Police Forces of Ukraine (2019-) Prison Guards", "Government of Sudan (2019-)".
_STATE_ACTOR = re.compile(r"(?P<kind>Military|Police|Naval|Air|Government)\s+(?:Forces\s+)?of\s+(?P<state>.+?)(?:\s*\(|$)")
_DMY = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")  # ACLED's codebook: dd-mm-yyyy


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"not an ACLED export: no column {', '.join(missing)} in its header")


def acled_type(event_type: str, sub_event_type: str) -> str:
    """Our type for an ACLED event type and sub-event type (:data:`TYPES`); ``other`` when unknown."""
    e, s = event_type.strip().lower(), sub_event_type.strip().lower()
    return TYPES.get((e, s)) or TYPES.get((e, None)) or "other"


def _slug(text: str) -> str | None:
    s = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    return s or None


def _actor(name: str) -> Actor | None:
    name = name.strip()
    if not name:
        return None
    m = _STATE_ACTOR.match(name)
    if m:
        code, _, kind = actor_code(m["state"])
        if code is not None and kind == "state":
            return Actor(code=code, name=name, role="participant",
                         kind="government" if m["kind"] == "Government" else "military")
    return Actor(code=None, name=name, role="participant", kind="group")


def _dates(text: str, precision: str) -> tuple[dt.date, dt.date | None, str]:
    m = _DMY.fullmatch(text.strip())
    if m:
        try:
            day = dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError as exc:
            raise RowError(f"event_date {text.strip()!r} is not a real date ({exc})") from None
        date, end, prec = day, None, "day"
    else:
        date, end, prec = parse_date(text, "event_date")
    p = precision.strip()
    if prec != "day" or p in ("", "1"):
        return date, end, prec
    if p == "2":
        return date - dt.timedelta(days=3), date + dt.timedelta(days=3), "range"
    if p == "3":
        return date.replace(day=1), month_end(date.year, date.month), "month"
    raise RowError(f"time_precision {p!r} is not 1, 2 or 3")


def event_from_row(row: dict[str, str], n: int, source: str) -> Event:
    """One ACLED row (column names in lower case) as an event.

    Raises
    ------
    RowError
        For an unreadable date or time precision, an empty event type, missing or
        impossible coordinates, or fatalities that are not a number.
    """
    get = lambda k: (row.get(k) or "").strip()  # noqa: E731 - a local shorthand
    date, date_end, precision = _dates(get("event_date"), get("time_precision"))
    event_type = get("event_type")
    if not event_type:
        raise RowError("event_type is empty")
    latlon = parse_latlon(get("latitude"), get("longitude"))
    if latlon is None:
        raise RowError("latitude and longitude are empty")
    fatalities = parse_float(get("fatalities"), "fatalities")
    iso3 = iso3_from_numeric(get("iso")) or (actor_code(get("country"))[0] if get("country") else None)
    place_name = get("location") or ", ".join(x for x in (get("admin2"), get("admin1"), get("country")) if x)
    place = Place(name=place_name or "unnamed place", role="venue", lat=latlon[0], lon=latlon[1],
                  country_code=iso2_from_iso3(iso3))
    actors = tuple(a for a in (_actor(get("actor1")), _actor(get("actor2"))) if a)
    attrs: dict[str, object] = {"event_type": event_type, "sub_event_type": get("sub_event_type") or None,
                                "fatalities": int(fatalities) if fatalities is not None else None, "file_row": n}
    for k in ("disorder_type", "assoc_actor_1", "assoc_actor_2", "inter1", "inter2", "interaction",
              "civilian_targeting", "country", "region", "admin1", "admin2", "admin3", "geo_precision",
              "time_precision", "source", "source_scale", "tags", "timestamp"):
        if get(k):
            attrs["acled_source" if k == "source" else k] = get(k)
    own_id = get("event_id_cnty")
    return Event(
        id=f"acled:{own_id}" if own_id else f"acled:{row_hash(list(row.values()))}",
        type=acled_type(event_type, get("sub_event_type")), subtype=_slug(get("sub_event_type")),
        source=source, origin=ORIGIN,
        date=date, date_end=date_end, date_precision=precision, date_text=get("event_date"),
        actors=actors, places=(place,), sentence=get("notes") or None, attributes=attrs,
    )


def iter_acled(path: str | Path) -> Iterator[Event | BadRow]:
    """Stream an ACLED export: an :class:`Event` or a :class:`BadRow` per row (see :func:`read_acled`)."""
    return table_rows(path, _check_header, event_from_row, key=lambda c: c.strip().lower())


def read_acled(path: str | Path) -> ImportResult:
    """Read an ACLED CSV export.

    Parameters
    ----------
    path : str or Path
        The CSV (a header row, then one event per row), or a zip holding it.

    Returns
    -------
    ImportResult
        An event per good row (module docstring); a :class:`BadRow` for each row whose
        date, time precision, coordinates or fatalities cannot be read, or whose number
        of cells differs from the header's. The header is row 1.

    Raises
    ------
    InvalidInput
        When the file is missing, empty, or lacks a required column (named).
    """
    return collect(Path(path).name, iter_acled(path))
