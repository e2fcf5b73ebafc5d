"""Events -> a timeline: one bar per dated event from its first to its last day.

An event dated to a day is a one-day bar; "last month" spans the month and "since
the beginning of 2022" the range the extraction gives (``date`` .. ``date_end``),
so the precision of the text stays visible.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import altair as alt
import pandas as pd

COLUMNS = ["start", "end", "type", "label", "precision", "sentence"]


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def timeline_frame(events: Iterable[dict]) -> pd.DataFrame:
    """One row per event with a readable ``date``; undated events are left out.

    Returns
    -------
    pandas.DataFrame
        ``start`` and ``end`` (timestamps, ``end`` exclusive: the day after the last
        day), ``type``, ``label`` (date text), ``precision``, ``sentence``; sorted by start.
    """
    rows = []
    for e in events:
        start = _day(e.get("date"))
        if start is None:
            continue
        last = _day(e.get("date_end")) or start
        if last < start:
            last = start
        label = start.isoformat() if last == start else f"{start.isoformat()} – {last.isoformat()}"
        rows.append({
            "start": pd.Timestamp(start),
            "end": pd.Timestamp(last + dt.timedelta(days=1)),
            "type": str(e.get("type") or "event").replace("_", " "),
            "label": label,
            "precision": str(e.get("date_precision") or ""),
            "sentence": str(e.get("sentence") or "")[:300],
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def timeline_height(frame: pd.DataFrame) -> int:
    """Chart height in pixels: room for the axis plus one row per event type."""
    return 70 + 34 * max(1, frame["type"].nunique())


def timeline_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """A bar per event (x: start..end, y: type) and a dot at its start, with tooltips.

    The dot keeps a one-day event visible beside a bar spanning years in the same
    row. Give the chart its height where it is shown (:func:`timeline_height`):
    Streamlit's theme squeezes a height set inside the spec.
    """
    base = alt.Chart(frame).encode(
        y=alt.Y("type:N", title=None),
        color=alt.Color("type:N", legend=None),
        tooltip=["type:N", alt.Tooltip("label:N", title="date"), "precision:N", "sentence:N"],
    )
    bars = base.mark_bar(cornerRadius=2, opacity=0.55).encode(x=alt.X("start:T", title="date"), x2="end:T")
    dots = base.mark_point(filled=True, size=70, opacity=1, stroke="#333", strokeWidth=0.8).encode(x="start:T")
    return alt.layer(bars, dots)
