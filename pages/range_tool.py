"""The range tool: a place (search or a click on the map), radii, a missile class or a CNS
missile -> geodesic rings and the capitals, cities and countries in reach, with distances.

A thin page: the logic is :mod:`geo.view.rangetool` (tested without Streamlit). Its state is
in the URL (``?lat=&lon=&r=``, ``?place=&missile=``, ``class=``), so a link reopens it.
"""

from __future__ import annotations

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.errors import GeoError, InvalidInput
from geo.view import rangetool as rt
from geo.view.assets import use_local_assets
from geo.view.mapview import RING_STYLE, base_map, content_bounds, view_for_bounds
from geo.view.text import escape_html

MAP_HEIGHT = 520
NO_CLASS = ""
BAND_STYLE = {"color": "#1f618d", "weight": 1.5, "dashArray": "6 4", "fillColor": "#5dade2", "fillOpacity": 0.08}


@st.cache_data(show_spinner=False)
def missiles() -> list[rt.Missile]:
    return rt.cns_missiles()


@st.cache_data(show_spinner=False)
def choices(query: str) -> list[rt.Choice]:
    return rt.place_choices(query)


def find(query: str) -> list[rt.Choice]:
    return choices(query)


@st.cache_data(show_spinner="Finding what is in reach…", max_entries=32)
def places_in_reach(lat: float, lon: float, radius_km: float) -> list[dict]:
    return rt.in_reach(lat, lon, radius_km)


def _open_on(state: rt.ToolState) -> None:
    """Set the widgets from the link once per session."""
    if st.session_state.get("rt_opened"):
        return
    st.session_state.update(
        rt_opened=True, rt_query=state.place or "", rt_radii=", ".join(f"{r:g}" for r in state.radii),
        rt_class=state.cls or NO_CLASS, rt_missile=state.missile or "",
        rt_point=(state.lat, state.lon, state.place) if state.located else None,
    )


def _pick_choice() -> None:
    """A place picked in the search results becomes the centre."""
    found = st.session_state.get("rt_found") or []
    label = st.session_state.get("rt_choice")
    c = next((c for c in found if c.label == label), None)
    if c is not None:
        st.session_state["rt_point"] = (c.lat, c.lon, c.name)


def controls(names: list[str], by_name: dict[str, rt.Missile]) -> tuple[tuple[float, ...], str | None, str | None]:
    """The sidebar: search, radii, class, missile. Returns (radii, class, missile)."""
    with st.sidebar:
        st.header("Range tool")
        if st.session_state.pop("rt_clear_search", False):  # a click on the map replaced the searched place
            st.session_state.update(rt_query="", rt_found=[])
        query = st.text_input("Search a place", key="rt_query", placeholder="e.g. Pyongyang, Sohae, Guam",
                              help="The offline gazetteer (GeoNames, Natural Earth, CNS sites). Or click the map.")
        if query.strip():
            try:
                found = choices(query)
            except InvalidInput as exc:
                found = []
                st.warning(str(exc))
            else:
                if not found:
                    st.warning(f"No place called {rt.shown(query)} in the gazetteer; try another spelling, "
                               "or click the map.")
            previous = [c.label for c in st.session_state.get("rt_found") or []]
            st.session_state["rt_found"] = found
            if found:
                labels = [c.label for c in found]
                if labels != previous:
                    # new results: keep the point if it is one of them (a link), else take the best match
                    point = st.session_state.get("rt_point")
                    same = [c.label for c in found if point and abs(c.lat - point[0]) < 1e-3
                            and abs(c.lon - point[1]) < 1e-3]
                    st.session_state["rt_choice"] = same[0] if same else labels[0]
                    if not same:
                        _pick_choice()
                elif st.session_state.get("rt_choice") not in labels:
                    st.session_state["rt_choice"] = labels[0]
                st.selectbox("Place", labels, key="rt_choice", on_change=_pick_choice)
        radii_text = st.text_input("Radii, km", key="rt_radii", placeholder="e.g. 570, 1000",
                                   help="Up to 6, between 1 and 19,900 km, separated by commas.")
        try:
            radii = rt.parse_radii(radii_text)
        except InvalidInput as exc:
            st.error(f"Radii: {exc}.")
            radii = ()
        cls = st.selectbox("Missile class", [NO_CLASS, *rt.CLASSES], key="rt_class",
                           format_func=lambda c: "none" if not c else
                           f"{c} ({rt.CLASSES[c][0]:,.0f}-{rt.CLASSES[c][1]:,.0f} km)")
        missile = st.selectbox("Missile (CNS table)", ["", *names], key="rt_missile",
                               format_func=lambda n: "none" if not n else by_name[n].label)
    return radii, cls or None, missile or None


def show_map(state: rt.ToolState, reach: rt.Reach | None) -> None:
    m = base_map()
    use_local_assets(m)
    group = folium.FeatureGroup(name="Range")
    points: list[tuple[float, float]] = []
    for f in reversed(reach.features if reach else []):  # widest first, so the smaller stay clickable on top
        band = f["properties"].get("kind") == "band"
        tip = f"{f['properties']['label']} from {state.place or 'the point'} (geodesic, WGS84)"
        folium.GeoJson(f, className="range-tool-band" if band else "range-tool-ring",
                       **(BAND_STYLE if band else RING_STYLE),
                       tooltip=folium.Tooltip(escape_html(tip), sticky=True)).add_to(group)
        for lon, lat, *_ in _coords(f["geometry"]):
            points.append((lat, lon))
    if state.located:
        folium.CircleMarker((state.lat, state.lon), radius=7, color="#ffffff", weight=1.5, fill=True,
                            fill_color="#c0392b", fill_opacity=0.95, class_name="range-tool-centre",
                            tooltip=folium.Tooltip(escape_html(state.place or f"{state.lat:.4f}, {state.lon:.4f}"))
                            ).add_to(group)
        points.append((state.lat, state.lon))
    centre, zoom = view_for_bounds(content_bounds(points) if points else None, height_px=MAP_HEIGHT - 40,
                                   max_zoom=6)
    returned = st_folium(m, key="rt_map", height=MAP_HEIGHT, use_container_width=True,
                         returned_objects=["last_clicked"], feature_group_to_add=[group],
                         center=centre, zoom=zoom) or {}
    click = returned.get("last_clicked")
    if isinstance(click, dict) and click.get("lat") is not None and click.get("lng") is not None:
        at = (round(float(click["lat"]), 4), round((float(click["lng"]) + 180) % 360 - 180, 4))
        if at != st.session_state.get("rt_last_click"):
            st.session_state["rt_last_click"] = at
            st.session_state["rt_point"] = (at[0], at[1], None)
            st.session_state["rt_clear_search"] = True
            st.rerun()


def _coords(geometry: dict):
    def walk(c):
        if c and isinstance(c[0], (int, float)):
            yield c
        else:
            for x in c:
                yield from walk(x)
    yield from walk(geometry["coordinates"])


def reach_table(state: rt.ToolState, reach: rt.Reach) -> None:
    rows = places_in_reach(state.lat, state.lon, reach.outer_km)
    st.subheader(f"In reach: {sum(r['kind'] != 'country' for r in rows)} capitals and cities, "
                 f"{sum(r['kind'] == 'country' for r in rows)} countries")
    frame = pd.DataFrame(
        [{"place": r["name"], "kind": r["kind"], "country": r["country"], "population": r["population"],
          "distance (km)": r["distance_km"], "within": rt.within(r["distance_km"], reach)} for r in rows],
        columns=["place", "kind", "country", "population", "distance (km)", "within"])
    st.dataframe(frame, hide_index=True, width="stretch", key="rt_table",
                 column_config={"population": st.column_config.NumberColumn(format="localized"),
                                "distance (km)": st.column_config.NumberColumn(format="%.1f")})
    st.caption(f"Capitals, cities of at least {rt.CITY_MIN_POPULATION:,} people (GeoNames) and countries "
               "(Natural Earth 1:110m; distance to the nearest border, 0 for the one the point is in) within "
               f"{reach.outer_km:,.0f} km, nearest first; geodesic distances on WGS84 (pyproj). "
               f"At most {rt.TABLE_LIMIT} places are listed.")


def main() -> None:
    st.set_page_config(page_title="Range tool", page_icon="🎯", layout="wide")
    st.title("Range tool")
    all_missiles = missiles()
    by_name = {m.name: m for m in all_missiles}
    if not st.session_state.get("rt_opened"):
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        state, notices = rt.from_query(params, all_missiles, find=find)
        st.session_state["rt_notices"] = notices
        _open_on(state)
    for notice in st.session_state.get("rt_notices", []):
        st.warning(notice)
    radii, cls, missile = controls(list(by_name), by_name)
    point = st.session_state.get("rt_point")
    state = rt.ToolState(lat=point[0] if point else None, lon=point[1] if point else None,
                         place=point[2] if point else None, radii=radii, cls=cls, missile=missile)
    reach = None
    if state.located:
        try:
            reach = rt.reach_of(state, all_missiles)
        except GeoError as exc:
            st.error(str(exc))
        for note in reach.notes if reach else []:
            st.warning(note)
        where = state.place or "the clicked point"
        st.caption(f"Centre: {rt.shown(where)[1:-1]} ({state.lat:.4f}, {state.lon:.4f}). "
                   "Click the map to move it.")
    else:
        st.info("Pick a place: search for one in the sidebar, or click the map.")
    if missile and by_name[missile].max_km:
        st.caption("CNS gives the distance each test flew; long-range missiles are tested on lofted "
                   "trajectories, so their ring is far smaller than their range. Their class band is drawn too.")
    show_map(state, reach)
    if state.located and reach and reach.outer_km:
        reach_table(state, reach)
    elif state.located:
        st.info("Choose radii, a missile class or a missile to see what is in reach.")
    st.query_params.from_dict(rt.to_query(state))


main()
