"""The dashboard's timeline built with Altair: the reference ``geo.view.timeline.vega_lite_spec``
is checked against (Altair validates its objects against the Vega-Lite schema).

This is how the app built the chart until the spec was written as a dict (50 ms of every new
view went into building and validating these objects).
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from geo.view.timeline import (
    BRUSH, BY_REPORT, DATED, _long_lanes, bar_data, x_domain,
)


def timeline_chart(frame: pd.DataFrame, *, legend_title: str = "event type") -> alt.LayerChart:
    """Weekly stacked bars by ``group`` (hollow: placed at the report date) and long intervals as rules.

    Layers: ``[bars, spans, span labels]`` (the last two only when there are long
    intervals). The bars carry the ``"when"`` interval selection on x. Give the chart its
    height where it is shown (:func:`timeline_height`): Streamlit's theme squeezes a
    height set inside the spec.
    """
    domain = x_domain(frame)
    scale = alt.Scale(domain=[d.isoformat() for d in domain]) if domain else alt.Scale()
    weekly, period, end, top = bar_data(frame, domain)  # the data: the chart is what is checked
    lanes = _long_lanes(frame)
    n = len(lanes)
    bar_share = 0.7 if n else 1.0  # the top 30 % holds the long intervals
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    color = alt.Color("group:N", title=legend_title)
    bars = alt.Chart(weekly).transform_calculate(week_end=end).mark_bar(clip=True, strokeWidth=1.2).encode(
        x=alt.X("week:T", title=period, scale=scale),
        x2="week_end:T",
        y=alt.Y("sum(count):Q", title=f"events per {period}", stack="zero",
                scale=alt.Scale(domain=[0, top / bar_share], nice=False)),
        color=color, stroke=alt.Stroke("group:N", legend=None),
        fillOpacity=alt.FillOpacity("how:N", title="date", scale=alt.Scale(domain=[DATED, BY_REPORT],
                                                                           range=[0.85, 0.12])),
        tooltip=[alt.Tooltip("week:T", title=f"{period} of"), alt.Tooltip("group:N", title=legend_title),
                 alt.Tooltip("how:N", title="date"), alt.Tooltip("sum(count):Q", title="events")],
    ).add_params(brush)
    if not n:
        return alt.layer(bars)
    lane_scale = alt.Scale(domain=[-n * (bar_share / (1 - bar_share)), n], nice=False, zero=False)
    lo = domain[0] if domain else lanes["start"].min()
    lanes = lanes.assign(text_at=lanes["start"].where(lanes["start"] > lo, lo),
                         text=[f"{t}: {lb}" for t, lb in zip(lanes["type"], lanes["label"])])
    base = alt.Chart(lanes).encode(y=alt.Y("lane:Q", axis=None, scale=lane_scale))
    spans = base.mark_rule(strokeWidth=4, opacity=0.75, clip=True).encode(
        x=alt.X("start:T", scale=scale), x2="end:T", color=color,
        tooltip=[alt.Tooltip("type:N", title="event"), alt.Tooltip("label:N", title="date"),
                 alt.Tooltip("group:N", title=legend_title), alt.Tooltip("sentence:N")],
    )
    labels = base.mark_text(align="left", dy=-7, fontSize=10, clip=True).encode(
        x=alt.X("text_at:T", scale=scale), text="text:N")
    return alt.layer(bars, spans, labels).resolve_scale(y="independent")



def normalised(spec: dict) -> dict:
    """``spec`` without its datasets, and its dataset and view names replaced by their order of
    appearance (Altair names a dataset by a hash of its content and a view by a counter)."""
    spec = json.loads(json.dumps({k: v for k, v in spec.items() if k != "datasets"}))
    shared = spec.pop("data", None)  # Altair hoists the data of a one-layer chart: the same chart
    for layer in spec.get("layer", []):
        if shared is not None and "data" not in layer:
            layer["data"] = dict(shared)
    data: dict[str, str] = {}
    views: dict[str, str] = {}
    for layer in spec.get("layer", []):
        if "name" in layer.get("data", {}):
            layer["data"]["name"] = data.setdefault(layer["data"]["name"], f"data{len(data)}")
        if "name" in layer:
            layer["name"] = views.setdefault(layer["name"], f"view{len(views)}")
    for param in spec.get("params", []):
        param["views"] = [views.get(v, v) for v in param.get("views", [])]
    return spec
