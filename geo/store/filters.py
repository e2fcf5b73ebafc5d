"""What the dashboard asks for: :class:`EventFilter`, and the SQL ``WHERE`` it becomes.

Dates
-----
An event meets ``[since, until]`` when its own interval ``[date, date_end or date]``
overlaps it (a "December 2023" event meets a filter from 2023-12-17). An undated event
has no interval: it is kept when no date bound is set and left out as soon as one is,
because the filter then asks for events known to fall in the range.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.errors import InvalidInput

EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def day_number(d: dt.date | None) -> int | None:
    """Days since 1970-01-01 (the store's date column), None for None."""
    return None if d is None else d.toordinal() - EPOCH_ORDINAL


def day_date(n: int | None) -> dt.date | None:
    """The date of a day number."""
    return None if n is None else dt.date.fromordinal(int(n) + EPOCH_ORDINAL)


@dataclass(frozen=True)
class EventFilter:
    """A selection of events; every field left at its default selects everything.

    Parameters
    ----------
    since, until : date, optional
        Inclusive date range (see the module notes for intervals and undated events).
    actors : tuple of str
        Actor codes ("PRK") or names ("North Korea"); an event with any of them matches.
    types : tuple of str
        Event types ("missile_launch"); any of them.
    bbox : (south, west, north, east), optional
        Degrees. ``west > east`` is a box across the antimeridian. Events with no position
        are left out when a box is set.
    text : str, optional
        Case-insensitive substring of the event's sentence or its report's text.
    sources : tuple of str
        Report or import names; any of them.
    limit : int, optional
        At most this many events (newest first).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    actors: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    sources: tuple[str, ...] = ()
    limit: int | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise InvalidInput(f"since {self.since} is after until {self.until}")
        if self.bbox is not None:
            if len(self.bbox) != 4:
                raise InvalidInput(f"bbox {self.bbox!r} is not (south, west, north, east)")
            s, w, n, e = self.bbox
            if not (-90 <= s <= n <= 90):
                raise InvalidInput(f"bbox latitudes south={s}, north={n} must satisfy -90 <= south <= north <= 90")
            if not (-180 <= w <= 180 and -180 <= e <= 180):
                raise InvalidInput(f"bbox longitudes west={w}, east={e} must lie in -180..180")
        if self.limit is not None and self.limit < 0:
            raise InvalidInput(f"limit {self.limit} is negative")
        for name in ("actors", "types", "sources"):
            if isinstance(getattr(self, name), str):  # a bare string would filter by its letters
                object.__setattr__(self, name, (getattr(self, name),))


# Above this share of the store inside box x date range, reading the date index beats
# fetching R*Tree hits one by one (measured in benchmarks/bench_store.py; docs/store.md).
RTREE_MAX_SHARE = 0.02


def box_share(flt: EventFilter, first_day: int | None, last_day: int | None) -> float:
    """The share of the store the filter's box and date range cover, assuming events spread
    evenly over the map (in degrees) and over the stored days: 1.0 without a box."""
    if flt.bbox is None:
        return 1.0
    s, w, n, e = flt.bbox
    share = (n - s) / 180 * ((e - w) % 360 or 360) / 360
    if first_day is not None and last_day is not None and last_day > first_day:
        lo = max(first_day, day_number(flt.since) if flt.since else first_day)
        hi = min(last_day, day_number(flt.until) if flt.until else last_day)
        share *= max(0, hi - lo + 1) / (last_day - first_day + 1)
    return share


def _rtree(flt: EventFilter, a: str) -> tuple[str, list]:
    s, w, n, e = flt.bbox
    lo = day_number(flt.since) if flt.since else -10_000_000
    hi = day_number(flt.until) if flt.until else 10_000_000
    base = "SELECT id FROM events_rtree WHERE min_day <= ? AND max_day >= ? AND max_lat >= ? AND min_lat <= ?"
    if w <= e:
        return f"{a}.rowid IN ({base} AND max_lon >= ? AND min_lon <= ?)", [hi, lo, s, n, w, e]
    return (f"{a}.rowid IN ({base} AND max_lon >= ? UNION ALL {base} AND min_lon <= ?)",
            [hi, lo, s, n, w, hi, lo, s, n, e])


def where(flt: EventFilter, actor_codes: tuple[str, ...], max_span_days: int, alias: str = "e", *,
          use_rtree: bool = False) -> tuple[str, list]:
    """The SQL condition on ``events`` (as ``alias``) and its parameters.

    ``actor_codes`` are the filter's actors resolved to codes; ``max_span_days`` the longest
    event in the store, which bounds the first day from below so the day index serves;
    ``use_rtree`` reads the box and dates from the R*Tree (for a small box x range).
    """
    a = alias
    clauses: list[str] = []
    params: list = []
    if use_rtree and flt.bbox is not None:
        # The R*Tree drives; the exact tests below still apply (it stores 32-bit floats).
        sql, more = _rtree(flt, a)
        clauses.append(sql)
        params += more
    # With the R*Tree, a unary + keeps the planner off the other indexes so the R*Tree drives.
    c = f"+{a}." if use_rtree and flt.bbox is not None else f"{a}."
    if flt.until is not None:
        clauses.append(f"{c}day <= ?")
        params.append(day_number(flt.until))
    if flt.since is not None:
        clauses.append(f"{a}.last_day >= ? AND {c}day >= ?")
        params += [day_number(flt.since), day_number(flt.since) - max_span_days]
    if flt.types:
        clauses.append(f"{c}type IN ({','.join('?' * len(flt.types))})")
        params += list(flt.types)
    if flt.sources:
        clauses.append(f"{a}.rowid IN (SELECT group_rid FROM records WHERE source IN ({','.join('?' * len(flt.sources))}))")
        params += list(flt.sources)
    if flt.bbox is not None:
        s, w, n, e = flt.bbox
        clauses.append(f"{c}lat BETWEEN ? AND ?")
        params += [s, n]
        if w <= e:
            clauses.append(f"{a}.lon BETWEEN ? AND ?")
            params += [w, e]
        else:
            clauses.append(f"({a}.lon >= ? OR {a}.lon <= ?)")
            params += [w, e]
    if flt.actors:
        if not actor_codes:
            clauses.append("0")  # none of the actors asked for is known: nothing matches
        else:
            marks = ",".join("?" * len(actor_codes))
            if use_rtree and flt.bbox is not None:  # few rows: look each one's actors up
                clauses.append(f"EXISTS (SELECT 1 FROM event_actors x WHERE x.event = {a}.rowid AND x.code IN ({marks}))")
            else:
                clauses.append(f"{a}.rowid IN (SELECT event FROM event_actors WHERE code IN ({marks}))")
            params += list(actor_codes)
    if flt.text:
        pattern = "%" + flt.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(f"({a}.text LIKE ? ESCAPE '\\' OR {a}.rowid IN (SELECT r.group_rid FROM records r "
                       "JOIN reports p ON p.id = r.report_id WHERE p.text LIKE ? ESCAPE '\\'))")
        params += [pattern, pattern]
    return (" AND ".join(clauses) or "1"), params
