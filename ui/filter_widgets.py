"""The dashboard's sidebar filters: widgets opened on a link's view, returning the view they select.

The UI layer (it imports Streamlit), beside ``streamlit_app.py``. What the filters mean, and
the counts beside their options, are library functions (``geo.view.filters``,
``geo.view.frame``); this module lays out the widgets and keeps the date slider and the date
inputs in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from geo.events import CERTAINTIES
from geo.view.filters import (
    RANGE_CLASSES, REGIONS, ViewFilter, clamp_span, country_alpha2, country_name, flat_actor_options, readable,
)
from geo.view.frame import MAX_OPTIONS, Facets, top_options
from geo.view.mapview import LAYER_NAMES
from geo.view.state import LAYERS, ViewState
from geo.view.state import shown as shown_value


def _open_on(view: ViewState, facets: Facets) -> None:
    """Set the filter widgets to ``view`` once per session: a shared link's view, then the user's."""
    if st.session_state.get("opened"):
        return
    flt = view.filter
    bounds = facets.long_bounds
    if bounds:
        lo, hi = bounds
        st.session_state["f_dates"] = clamp_span(flt.since, flt.until, lo, hi)
    countries = list(dict.fromkeys(country_alpha2(c) or c for c in flt.countries))  # a link may say PRK or KP
    st.session_state.update(f_actors=list(flt.actors), f_types=list(flt.types), f_ranges=list(flt.range_classes),
                            f_countries=countries, f_regions=list(flt.regions),
                            f_text=flt.text, f_sources=list(flt.sources), f_layers=list(view.layers),
                            f_certainties=list(flt.certainties),
                            opened=True)


def _span_key(span: tuple[dt.date, dt.date]) -> str:
    """The suffix of the date inputs' keys: the slider's span, so the inputs are new widgets
    whenever the slider moves."""
    return f"{span[0].isoformat()}_{span[1].isoformat()}"


def _dates_from_inputs(key: str, lo: dt.date, hi: dt.date) -> None:
    """The slider follows the date inputs (a callback: it runs before the widgets are drawn); a
    cleared input is the end of the data, and a start after the end swaps them.

    Streamlit also calls this when the browser sends the inputs back unchanged after another
    widget moved (their dates are still the span of their key): that is no edit and changes nothing.
    """
    typed = (st.session_state.get(f"f_since_{key}"), st.session_state.get(f"f_until_{key}"))
    if all(isinstance(d, dt.date) for d in typed) and _span_key(typed) == key:
        return
    st.session_state["f_dates"] = clamp_span(*typed, lo, hi)


def filter_widgets(facets_: Facets, view: ViewState) -> ViewState:
    """The sidebar filters, opened on ``view`` the first time; returns the view they select."""
    _open_on(view, facets_)
    facets = facets_.counts
    since = until = None
    with st.sidebar:
        st.header("Filters")
        bounds = facets_.long_bounds
        if bounds and bounds[0] == bounds[1]:  # one day: nothing to choose (a slider needs a span)
            st.caption(f"Dates: every event is on {bounds[0].isoformat()}.")
        elif bounds:
            lo, hi = bounds
            pending = st.session_state.pop("pending_dates", None)  # a span brushed on the timeline
            if pending:
                st.session_state["f_dates"] = clamp_span(*pending, lo, hi)
            first, last = st.slider("Dates", min_value=lo, max_value=hi, key="f_dates", format="YYYY-MM-DD")
            # The same span typed as dates. The slider holds the span; the inputs show it and are
            # keyed by it. Streamlit calls an input's callback whenever the browser sends its
            # value back, also when a rerun was cut short while the slider kept moving: keyed by
            # the span, such a late value is the span it was drawn with and is no edit, instead of
            # an old date that pulls the slider back (a browser test presses PageUp 8 times).
            key = _span_key((first, last))
            st.date_input("From", value=first, min_value=lo, max_value=hi, key=f"f_since_{key}",
                          format="YYYY-MM-DD", on_change=_dates_from_inputs, args=(key, lo, hi))
            st.date_input("To", value=last, min_value=lo, max_value=hi, key=f"f_until_{key}",
                          format="YYYY-MM-DD", on_change=_dates_from_inputs, args=(key, lo, hi))
            since, until = (first if first > lo else None), (last if last < hi else None)
        options = flat_actor_options(facets_.options)
        labels = {o.key: ("— " if o.parent else "") + o.label for o in options}
        actors = st.multiselect("Actors", list(labels), key="f_actors", format_func=labels.get,
                                help="A state includes its institutions and leaders; each can be picked alone.")
        type_counts = facets.get("types", {})
        types = st.multiselect("Event types", list(type_counts), key="f_types",
                               format_func=lambda t: f"{readable(t)} ({type_counts[t]:,})")
        range_counts = facets.get("range_classes", {})
        ranges = st.multiselect("Range class", list(RANGE_CLASSES), key="f_ranges",
                                format_func=lambda c: f"{c} ({range_counts.get(c, 0):,})")
        country_counts = facets.get("countries", {})
        chosen = [c for c in st.session_state.get("f_countries", ()) if c not in country_counts]
        countries = st.multiselect(
            "Countries", sorted(country_counts, key=lambda c: (-country_counts[c], country_name(c))) + chosen,
            key="f_countries", format_func=lambda c: f"{country_name(c)} ({country_counts.get(c, 0):,})",
            help="Events naming a place in one of these countries.")
        region_counts = facets.get("regions", {})
        regions = st.multiselect("Regions", list(REGIONS), key="f_regions",
                                 format_func=lambda r: f"{REGIONS[r]} ({region_counts.get(r, 0):,})",
                                 help="Events naming a place on one of these continents.")
        text = st.text_input("Search the text", key="f_text")
        source_counts = facets.get("sources", {})
        many = len(source_counts) > MAX_OPTIONS
        picked = st.multiselect(
            "Sources", top_options(source_counts, st.session_state.get("f_sources", ())), key="f_sources",
            format_func=lambda s: f"{s} ({source_counts[s]:,})" if s in source_counts else s,
            accept_new_options=many,
            help=f"The {MAX_OPTIONS} sources with the most events are listed; type the name of another."
            if many else None)
        sources = [s for s in picked if s in source_counts]
        if len(sources) < len(picked):
            st.caption("No events come from " + ", ".join(f"“{shown_value(s)}”" for s in picked
                                                           if s not in source_counts) + ".")
        certainty_counts = facets.get("certainties", {})  # issue 12: how sure the wording is
        certainties = st.multiselect("Certainty", list(CERTAINTIES), key="f_certainties",
                                     format_func=lambda c: f"{c} ({certainty_counts.get(c, 0):,})")
        layers = st.multiselect("Map layers", list(LAYERS), key="f_layers",
                                format_func=lambda k: LAYER_NAMES.get(k, readable(k)))
    new = ViewFilter(since=since, until=until, actors=tuple(actors), types=tuple(types), text=text.strip(),
                     countries=tuple(countries), regions=tuple(regions), range_classes=tuple(ranges),
                     sources=tuple(sources), certainties=tuple(certainties))
    return replace(view, filter=new, layers=tuple(layers))
