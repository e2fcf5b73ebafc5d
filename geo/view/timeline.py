"""Events -> a timeline: events per week, stacked by type (or actor), long intervals apart.

- Weekly bars (Vega-Lite, stacked, legend): each event counted in the week (Monday to
  Sunday) of its first day. Events the text does not date sit in the week of their
  report date (:func:`geo.view.filters.effective_dates`) and are drawn hollow.
- Long intervals (more than :data:`LONG_DAYS` days: "since the beginning of 2022")
  are not counted in a week; each is a thin rule over its span in a band at the top,
  clipped to the x domain, which starts with the other events (with a week of
  padding), so "since 2022" does not squeeze the weekly bars (:func:`x_domain`).
- An interval selection named ``"when"`` on the x axis (a brush) lets the app read the
  span the user picks: :func:`brushed_span`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable, Literal, Mapping

import numpy as np
import pandas as pd

from geo.events import Event
from geo.view.filters import actor_options, as_event, effective_dates, readable
from geo.view.table import date_text

LONG_DAYS = 60  # an interval longer than this is drawn as a span, not counted in a week
MAX_LANES = 30  # long intervals drawn one by one, at most (the latest)
BRUSH = "when"  # the name of the x-axis interval selection
DATED = "dated by the text"
BY_REPORT = "placed at its report date"
COLUMNS = ["id", "start", "end", "week", "group", "type", "label", "precision", "dated_by_report", "long",
           "sentence"]
PAD = pd.Timedelta(days=7)
MAX_BARS = 260  # at most this many bars across the chart (about 3 px each): weeks, else months, else years
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"  # what Altair 6 writes


def _groups_by_actor(events: list[Event]) -> dict[str, str]:
    """Roll-up key -> name ("PRK" -> "North Korea"); actors without a code by their name."""
    return {o.key: o.name for o in actor_options(events)}


def timeline_frame(events: Iterable[Event | Mapping[str, Any]], by: Literal["type", "actor"] = "type",
                   *, long_days: int = LONG_DAYS) -> pd.DataFrame:
    """One row per event (per event and actor with ``by="actor"``), placed on the calendar.

    Parameters
    ----------
    events : iterable of Event or EVENT dict
    by : "type" or "actor"
        What ``group`` holds: the readable type, or the actor's state roll-up ("North
        Korea" for Kim Jong Un too); an event with several states has a row for each.
    long_days : int
        Intervals longer than this many days are ``long``.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`: ``start``/``end`` timestamps (``end`` exclusive: the day after the
        last day), ``week`` (the Monday of ``start``), ``group``, ``type`` (readable),
        ``label`` (the date as the table gives it), ``precision``, ``dated_by_report``,
        ``long``; sorted by start. ``frame.attrs["unplaced"]`` counts the events with no
        date at all (neither in the text nor a report date), which cannot be placed.
    """
    if by not in ("type", "actor"):
        raise ValueError(f"by must be 'type' or 'actor', not {by!r}")
    if isinstance(events, pd.DataFrame) and by == "type":
        return _timeline_of_frame(events, long_days)
    if isinstance(events, pd.DataFrame):
        raise ValueError("a frame's timeline is by type only")
    evs = [as_event(e) for e in events]
    names = _groups_by_actor(evs) if by == "actor" else {}
    rows, unplaced = [], 0
    for e in evs:
        first, last, by_report = effective_dates(e)
        if first is None:
            unplaced += 1
            continue
        if by == "type":
            groups = [readable(e.type) or "event"]
        else:
            keys = dict.fromkeys(a.code if a.code else f":{a.name}" for a in e.actors)
            groups = [names.get(k, k.lstrip(":")) for k in keys] or ["no actor"]
        if by_report:
            # not dated by its text: drawn (hollow) on the last day it can have happened,
            # not as a span that would look like a known duration
            first = last
        start = pd.Timestamp(first)
        for group in groups:
            rows.append({
                "id": e.id, "start": start, "end": pd.Timestamp(last + dt.timedelta(days=1)),
                "week": start - pd.Timedelta(days=first.weekday()), "group": group,
                "type": readable(e.type) or "event", "label": date_text(e), "precision": e.date_precision or "",
                "dated_by_report": bool(by_report), "long": (last - first).days > long_days,
                "sentence": (e.sentence or "")[:300],
            })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.sort_values("start", kind="stable").reset_index(drop=True)
    frame.attrs["unplaced"] = unplaced
    return frame


def _timeline_of_frame(view: pd.DataFrame, long_days: int) -> pd.DataFrame:
    """:func:`timeline_frame` (by type) of a prepared frame (:func:`geo.view.frame.view_frame`),
    vectorised. ``label`` and ``sentence`` are filled for the long intervals only (the rows
    drawn one by one); the weekly bars need neither."""
    from geo.view.table import frame_date_text

    first = view["first"].to_numpy(dtype="datetime64[D]")
    placed = ~np.isnat(first)
    v = view[placed]
    first = first[placed]
    last = v["last"].to_numpy(dtype="datetime64[D]")
    by_report = v["dated_by_report"].to_numpy(dtype=bool)
    first = np.where(by_report, last, first)  # not dated by its text: drawn on its last day
    start = first.astype("datetime64[ns]")
    weekday = (first.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday
    long = (last - first).astype("int64") > long_days
    types = v["type"].astype(object)
    # readable() once per distinct type, not once per event (100,000 calls: 0.2 s)
    names = {t: readable(t) or "event" for t in pd.unique(types)}
    readable_type = types.map(names).to_numpy(dtype=object) if len(v) else np.array([], dtype=object)
    label = np.full(len(v), "", dtype=object)
    sentence = np.full(len(v), "", dtype=object)
    if long.any():
        label[long] = frame_date_text(v[long])
        sentence[long] = [(x or "")[:300] for x in v["sentence"][long]]
    frame = pd.DataFrame({
        "id": v["id"].to_numpy(dtype=object), "start": start,
        "end": (last + np.timedelta64(1, "D")).astype("datetime64[ns]"),
        "week": (first - weekday.astype("timedelta64[D]")).astype("datetime64[ns]"),
        "group": readable_type, "type": readable_type, "label": label,
        "precision": v["date_precision"].fillna("").to_numpy(dtype=object),
        "dated_by_report": by_report, "long": long, "sentence": sentence,
    }, columns=COLUMNS)
    frame = frame.sort_values("start", kind="stable").reset_index(drop=True)
    frame.attrs["unplaced"] = int((~placed).sum())
    return frame


def weekly_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Events per week, group and dating (``how``: :data:`DATED` or :data:`BY_REPORT`), long intervals left out.

    Columns ``week``, ``week_end`` (the next Monday), ``group``, ``how``, ``count``.
    """
    short = frame[~frame["long"].astype(bool)]
    how = short["dated_by_report"].map({True: BY_REPORT, False: DATED})
    weekly = (short.assign(how=how).groupby(["week", "group", "how"], as_index=False)
              .size().rename(columns={"size": "count"}))
    weekly.insert(1, "week_end", weekly["week"] + pd.Timedelta(days=7))
    return weekly[["week", "week_end", "group", "how", "count"]]


def x_domain(frame: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The x span, with a week of padding each side; None for an empty frame.

    It starts at the first event that is not a long interval (the beginnings of long
    intervals are clipped) and ends at the last day of any event, so an interval that
    lies after the others ("from June to August 2024") stays in view.
    """
    if not len(frame):
        return None
    short = frame[~frame["long"].astype(bool)]
    lo = (short if len(short) else frame)["start"].min()
    return lo - PAD, frame["end"].max() + PAD


def _long_lanes(frame: pd.DataFrame) -> pd.DataFrame:
    long = frame[frame["long"].astype(bool)].drop_duplicates(["id", "group"])
    long = long.iloc[-MAX_LANES:].reset_index(drop=True)  # the latest: thousands of lanes hide the bars
    return long.assign(lane=[len(long) - i - 0.5 for i in range(len(long))])


def timeline_height(frame: pd.DataFrame) -> int:
    """Chart height in pixels: the weekly bars plus a thin lane per long interval."""
    return 240 + 14 * len(_long_lanes(frame))


def bar_period(domain: tuple[pd.Timestamp, pd.Timestamp] | None) -> str:
    """"week", "month" or "year": the shortest period of which at most :data:`MAX_BARS` span
    the x ``domain``. Thinner bars say nothing more, and every bar costs the browser: 26,000
    weekly rows held Chromium's page 5 s, 7,000 monthly rows 0.5 s (40 years at 100,000 events)."""
    days = (domain[1] - domain[0]).days if domain else 0
    for period, length in (("week", 7.0), ("month", 30.44)):
        if days <= MAX_BARS * length:
            return period
    return "year"


def bar_data(frame: pd.DataFrame, domain: tuple[pd.Timestamp, pd.Timestamp] | None
             ) -> tuple[pd.DataFrame, str, str, float]:
    """The bars' rows, their period (:func:`bar_period`), the Vega expression of a bar's end,
    and the tallest stack (events).

    What travels with every rerun: 40 years of weeks by 15 types is 26,000 rows, and Vega
    drawing them held Chromium's page for 5 s at 100,000 events (bars under a pixel wide), so
    over more than MAX_BARS weeks the bars are months or years; the bar's end is computed in
    the browser and the text columns go as categories (Arrow dictionaries).
    """
    weekly = weekly_counts(frame)
    period = bar_period(domain) if len(weekly) else "week"
    if period != "week":
        start = weekly["week"].dt.to_period("M" if period == "month" else "Y").dt.start_time
        weekly = (weekly.assign(week=start).groupby(["week", "group", "how"], as_index=False, sort=False)["count"]
                  .sum())
    end = {"week": "toDate(datum.week) + 7 * 24 * 3600 * 1000",
           "month": "utc(utcyear(datum.week), utcmonth(datum.week) + 1, 1)",
           "year": "utc(utcyear(datum.week) + 1, 0, 1)"}[period]
    weekly = weekly.drop(columns=["week_end"], errors="ignore").astype(
        {"group": "category", "how": "category", "count": "int32"})
    top = float(weekly.groupby("week")["count"].sum().max()) if len(weekly) else 1.0
    return weekly, period, end, top


def _field(name: str, kind: str, **more: Any) -> dict:
    return {"field": name, "type": kind, **more}


def vega_lite_spec(frame: pd.DataFrame, *, legend_title: str = "event type") -> dict:
    """Weekly stacked bars by ``group`` (hollow: placed at the report date) and long intervals
    as rules, as a Vega-Lite spec.

    Layers: ``[bars, spans, span labels]`` (the last two only when there are long
    intervals). The bars carry the ``"when"`` interval selection on x. Give the chart its
    height where it is shown (:func:`timeline_height`): Streamlit's theme squeezes a
    height set inside the spec.

    The spec is written here as a dict, the one Altair's ``to_dict()`` gives for the same
    chart (``tests/test_view_timeline.py`` builds it with Altair and compares): building
    and validating the Altair objects took 50 ms of every new view, a third of a rerun
    with the demo data.

    Returns
    -------
    dict
        The spec; ``datasets`` holds two DataFrames, ``"bars"`` (``week``, ``group``,
        ``how``, ``count``) and, when there are long intervals, ``"lanes"``.
    """
    domain = x_domain(frame)
    scale = {"domain": [d.isoformat() for d in domain]} if domain else {}
    weekly, period, end, top = bar_data(frame, domain)
    lanes = _long_lanes(frame)
    n = len(lanes)
    bar_share = 0.7 if n else 1.0  # the top 30 % holds the long intervals
    color = _field("group", "nominal", title=legend_title)
    bars = {
        "data": {"name": "bars"},
        "mark": {"type": "bar", "clip": True, "strokeWidth": 1.2},
        "encoding": {
            "color": color,
            "fillOpacity": _field("how", "nominal", title="date",
                                  scale={"domain": [DATED, BY_REPORT], "range": [0.85, 0.12]}),
            "stroke": _field("group", "nominal", legend=None),
            "tooltip": [_field("week", "temporal", title=f"{period} of"),
                        _field("group", "nominal", title=legend_title),
                        _field("how", "nominal", title="date"),
                        {"aggregate": "sum", **_field("count", "quantitative", title="events")}],
            "x": _field("week", "temporal", scale=scale, title=period),
            "x2": {"field": "week_end"},
            "y": {"aggregate": "sum", **_field("count", "quantitative", stack="zero", title=f"events per {period}",
                                               scale={"domain": [0, top / bar_share], "nice": False})},
        },
        "name": "timeline",
        "transform": [{"calculate": end, "as": "week_end"}],
    }
    spec: dict[str, Any] = {
        "layer": [bars],
        "params": [{"name": BRUSH, "select": {"type": "interval", "encodings": ["x"]}, "views": ["timeline"]}],
        "$schema": VEGA_LITE_SCHEMA,
        "datasets": {"bars": weekly},
    }
    if not n:
        return spec
    lane_y = _field("lane", "quantitative", axis=None,
                    scale={"domain": [-n * (bar_share / (1 - bar_share)), n], "nice": False, "zero": False})
    lo = domain[0] if domain else lanes["start"].min()
    lanes = lanes.assign(text_at=lanes["start"].where(lanes["start"] > lo, lo),
                         text=[f"{t}: {lb}" for t, lb in zip(lanes["type"], lanes["label"])])
    spans = {
        "data": {"name": "lanes"},
        "mark": {"type": "rule", "clip": True, "opacity": 0.75, "strokeWidth": 4},
        "encoding": {
            "color": color,
            "tooltip": [_field("type", "nominal", title="event"), _field("label", "nominal", title="date"),
                        _field("group", "nominal", title=legend_title), _field("sentence", "nominal")],
            "x": _field("start", "temporal", scale=scale), "x2": {"field": "end"}, "y": lane_y,
        },
    }
    labels = {
        "data": {"name": "lanes"},
        "mark": {"type": "text", "align": "left", "clip": True, "dy": -7, "fontSize": 10},
        "encoding": {"text": _field("text", "nominal"), "x": _field("text_at", "temporal", scale=scale), "y": lane_y},
    }
    spec["layer"] += [spans, labels]
    spec["resolve"] = {"scale": {"y": "independent"}}
    spec["datasets"]["lanes"] = lanes
    return spec


def _day(value: Any) -> dt.date | None:
    try:
        if isinstance(value, (int, float)):
            return pd.Timestamp(value, unit="ms").date()  # Vega-Lite gives dates as epoch milliseconds
        return pd.Timestamp(value).date()
    except (ValueError, TypeError, OverflowError):
        return None


def brushed_span(selection: Mapping[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """The days the user brushed on the timeline, or None.

    Parameters
    ----------
    selection : mapping or None
        What ``st.altair_chart(chart, on_select="rerun", selection_mode=["when"])`` returns
        (``event.selection``, or the whole event): ``{"when": {"week": [start, end]}}``
        with epoch milliseconds (or ISO strings); any other shape gives None.
    """
    if not selection:
        return None
    sel = selection.get("selection", selection) if isinstance(selection, Mapping) else None
    span = sel.get(BRUSH) if isinstance(sel, Mapping) else None
    if not isinstance(span, Mapping) or not span:
        return None
    values = next(iter(span.values()))
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return None
    a, b = _day(values[0]), _day(values[1])
    if a is None or b is None:
        return None
    return (a, b) if a <= b else (b, a)
