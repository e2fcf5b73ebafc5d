"""The dashboard script under Streamlit's AppTest (headless, no browser).

The map shows in the tree as the ``st_folium`` component instance; its
``json_args`` hold the Leaflet script and the script/style links the frame loads.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod
from streamlit.testing.v1 import AppTest

from geo.view.assets import STATIC_DIR
from tests.conftest import open_app

APP_TIMEOUT_S = 120
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs", "code.jquery.com", "netdna", "unpkg", "bootstrapcdn", "d3js.org")
GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.0, 125.75)  # the launch site "near Pyongyang": within 0.3 deg of the city
NPM_INSTALLED = (STATIC_DIR / "node_modules" / "leaflet" / "dist" / "leaflet.js").is_file()


def _map_args(at: AppTest) -> dict:
    [component] = [c for c in at.main.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(component.proto.json_args)


def _map_code(args: dict) -> str:
    """All the map's JavaScript: the base map and the event layers added to it."""
    return "\n".join(args[k] or "" for k in ("script", "feature_group", "layer_control"))


def _polygons(script: str) -> list[list[list[float]]]:
    """Every polygon's outer ring (list of [lon, lat]) embedded in the map script as GeoJSON."""
    decoder = json.JSONDecoder()
    rings = []
    for m in re.finditer(r'"coordinates":\s*', script):
        coords, _ = decoder.raw_decode(script, m.end())
        depth, probe = 0, coords
        while isinstance(probe, list) and probe:
            depth, probe = depth + 1, probe[0]
        if depth == 3:  # Polygon
            rings.append(coords[0])
        elif depth == 4:  # MultiPolygon
            rings += [poly[0] for poly in coords]
    return rings


def _roughly_570_km(ring: list[list[float]]) -> bool:
    """Cheap pre-filter: every vertex 570 km +- 40 km from Pyongyang (0.3 deg is about 33 km)."""
    lons, lats = zip(*ring)
    _, _, d = GEOD.inv([PYONGYANG[1]] * len(lons), [PYONGYANG[0]] * len(lats), lons, lats)
    return len(ring) > 30 and all(abs(x / 1000 - 570) < 40 for x in d)


def _best_centre_fit(ring: list[list[float]], near: tuple[float, float], within_deg: float = 0.3):
    """The centre within ``within_deg`` of ``near`` where the ring's vertex distances vary least.

    Returns (spread_km, mean_km) at that centre.
    """
    lons = np.array([p[0] for p in ring[:-1]])
    lats = np.array([p[1] for p in ring[:-1]])
    best = (float("inf"), 0.0)
    for clat in np.arange(near[0] - within_deg, near[0] + within_deg + 1e-9, 0.02):
        for clon in np.arange(near[1] - within_deg, near[1] + within_deg + 1e-9, 0.02):
            _, _, d = GEOD.inv(np.full(lons.size, clon), np.full(lats.size, clat), lons, lats)
            spread = (d.max() - d.min()) / 1000
            if spread < best[0]:
                best = (spread, d.mean() / 1000)
    return best


SEED_SOURCE = "2023-12-18_north-korea-srbm-launch.txt"


def _app(**params: str | list[str]) -> AppTest:
    """The dashboard opened on a link with these query parameters."""
    return open_app(APP_TIMEOUT_S, **params)


@pytest.fixture(scope="module")
def seed_app() -> AppTest:
    # The store holds the seed and the demo table; a link to the seed's source shows the seed.
    return _app(source=SEED_SOURCE)


def test_seed_runs_without_exception(seed_app):
    assert not seed_app.exception
    assert not seed_app.error and not seed_app.warning
    assert seed_app.title[0].value == "Reported events on a map"


def test_map_loads_no_cdn_script_or_style(seed_app):
    args = _map_args(seed_app)
    links = args["js_links"] + args["css_links"]
    assert any("leaflet" in u for u in args["js_links"])
    # Whatever npm did, the map's own script and header never name a CDN (tile servers
    # appear only as layers the user may switch on).
    assert not [host for host in CDN_HOSTS if host in _map_code(args) or host in args["header"]]
    if NPM_INSTALLED:
        assert not [u for u in links if any(host in u for host in CDN_HOSTS)]
        assert all(u.startswith("/app/static/") for u in links)
        assert not re.search(r"https?://", " ".join(links))


def test_map_has_the_offline_basemap(seed_app):
    script = _map_args(seed_app)["script"]
    assert '"className": "basemap-land"' in script and '"className": "basemap-border"' in script
    assert "L.tileLayer" in script  # offered in the layer control...
    assert not re.search(r"tile_layer_\w+\.addTo\(", script)  # ...but not shown


def test_map_has_a_570_km_ring_around_pyongyang(seed_app):
    script = _map_code(_map_args(seed_app))
    assert '"className": "range-ring"' in script
    fits = [_best_centre_fit(ring, PYONGYANG) for ring in _polygons(script) if _roughly_570_km(ring)]
    # A geodesic ring: every vertex 570 km from one centre near Pyongyang.
    assert any(spread < 5 and abs(mean - 570) < 3 for spread, mean in fits), fits[:5]


def test_report_text_highlights_event_sentences(seed_app):
    panels = [h.value for h in seed_app.main.get("html")]
    text = next(p for p in panels if "Pyongyang" in p)
    assert '<mark class="event-sentence"' in text
    assert "South Korea’s Joint Chiefs" in text  # the seed's own text, shown in full
    # The sentence that gives the launch its site, range and impact area is highlighted too,
    # not only the sentence with the launch verb.
    marked = re.findall(r'<mark class="event-sentence"[^>]*>(.*?)</mark>', text, flags=re.S)
    assert any("traveled approximately 570 kilometers" in m for m in marked), marked[:3]


def test_seed_has_a_table_a_report_and_a_timeline(seed_app):
    assert [s.value for s in seed_app.subheader] == ["Events", "Reports", "Timeline", "Export"]
    assert len(seed_app.main.get("vega_lite_chart")) == 1
    table = seed_app.dataframe[0].value
    assert "missile launch" in set(table["type"]) and set(table["source"]) == {SEED_SOURCE}
    # every event of the seed is listed, the undated ones at their report date
    assert len(table) == 19 and table["date"].str.endswith("(reported)").sum() == 14  # 19: the concern of issue 12 item 3


def test_the_store_shows_the_demo_table_beside_the_seed():
    at = _app()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    # forty years of CNS launches (245 rows in the table) and the seed's 19 events
    assert len(table) > 200 and SEED_SOURCE in set(table["source"])
    assert table["date"].str[:4].min() <= "1985"
    # too many rings to draw at once: the caption says how to see them
    assert any("hidden" in c.value for c in at.caption)


def test_bad_uploads_show_errors_and_the_rest_still_renders():
    at = _app(source=SEED_SOURCE)
    uploader = at.sidebar.get("file_uploader")[0]
    uploader.set_value([
        ("empty.txt", b"", "text/plain"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "text/plain"),
        ("undated.txt", b"North Korea fired a missile from near Pyongyang.", "text/plain"),
    ])
    at.run()
    assert not at.exception
    errors = " | ".join(e.value for e in at.error)
    assert "empty.txt is empty" in errors
    assert "photo.txt is a binary file" in errors
    assert "undated.txt has no 'date YYYY-MM-DD' line" in errors
    # The seed is still there, on the map and in the text panel.
    assert _map_args(at)["script"]
    assert any("Pyongyang" in h.value for h in at.main.get("html"))


def test_pasted_text_lives_in_the_session_only():
    from geo.store import default_db_path, open_store

    with open_store(default_db_path()) as store:
        before = store.stats()["events"]
    at = _app()
    at.sidebar.text_area[0].input("Talks were held in Geneva <b>today</b>.")
    at.run()
    assert any("pasted text has no 'date" in e.value for e in at.error)
    at.sidebar.text_area[0].input("date 2024-02-01\nTalks were held in Geneva <b>today</b>.")
    at.run()
    assert not at.error and not at.exception
    at.multiselect(key="f_sources").set_value(["pasted text"])
    at.run()
    [panel] = [h.value for h in at.main.get("html") if "Geneva" in h.value]
    assert "&lt;b&gt;today&lt;/b&gt;" in panel and "<b>today</b>" not in panel
    assert "in your session only, not saved" in panel
    with open_store(default_db_path()) as store:
        assert store.stats()["events"] == before  # nothing saved for other visitors


def test_filtering_swaps_layers_without_changing_the_map_script_and_the_url_follows():
    at = _app(source=SEED_SOURCE)
    before = _map_args(at)
    # The view opens on everything shown: the ring around Pyongyang and the talks in Washington.
    assert -77 < before["center"][1] < 125.75 and before["zoom"] <= 3
    types = at.multiselect(key="f_types")
    types.set_value(["meeting"])
    at.run()
    after = _map_args(at)
    assert after["script"] == before["script"] and after["key"] == before["key"]  # not remounted
    assert "range-ring" in before["feature_group"] and "range-ring" not in after["feature_group"]
    url = {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}
    assert url["type"] == ["meeting"] and url["source"] == [SEED_SOURCE]
    assert list(at.dataframe[0].value["type"]) == ["meeting"]


def test_a_link_opens_the_same_filters():
    at = _app(source=SEED_SOURCE, actor="PRK", since="2023-12-01", type="statement")
    assert not at.warning
    table = at.dataframe[0].value
    # North Korea's statements: its Defense Ministry's and Kim Jong Un's roll up to the state
    assert set(table["type"]) == {"statement"} and len(table) >= 3
    assert any("Kim Jong Un" in a for a in table["actors"]) and any("Ministry" in a for a in table["actors"])
    assert at.multiselect(key="f_actors").value == ["PRK"]


def test_stale_or_bad_link_values_give_a_notice_not_an_error():
    at = _app(source=SEED_SOURCE, actor="XYZ", since="2023-02-30", event="nope")
    assert not at.exception and not at.error
    notices = " | ".join(w.value for w in at.warning)
    assert "XYZ" in notices and "2023" in notices and "nope" in notices
    assert len(at.dataframe[0].value) == 19  # the defaults: the whole seed (19 events)


def test_a_link_to_one_event_opens_on_it():
    seed = _app(source=SEED_SOURCE).dataframe[0].value
    talks = seed[seed["type"] == "meeting"].iloc[0]
    at = _app(event=talks["id"])
    assert not at.warning
    args = _map_args(at)
    if pd.notna(talks["lat"]):
        assert abs(args["center"][0] - talks["lat"]) < 0.01 and abs(args["center"][1] - talks["lon"]) < 0.01
    # its report is beside the map with its sentence marked
    assert any("Washington" in h.value for h in at.main.get("html"))


def _table_rows(at: AppTest) -> list[int]:
    """The rows the events table shows selected (what the page sends the browser)."""
    return json.loads(at.dataframe[0].proto.selection_state or "{}").get("selection", {}).get("rows", [])


def test_the_selected_event_is_the_row_the_table_shows_selected():
    """Issue 11, item 4: clicking a marker selects the event in the table. The map's click sets
    ``selected`` (ui.map_component); the table then shows that row selected, a row picked
    selects its event, and a row unpicked selects none."""
    at = _app()
    table = at.dataframe[0].value
    assert _table_rows(at) == []
    clicked = str(table["id"].iloc[7])
    at.session_state["selected"] = clicked  # as a click on its marker does
    at.run()
    assert not at.exception and _table_rows(at) == [7]
    assert at.dataframe[0].value["id"].iloc[7] == clicked
    # a row picked in the browser (its widget state) selects its event, shown under the map
    at.session_state["table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert at.session_state["selected"] == str(table["id"].iloc[2])
    assert any("Selected: " in c.value for c in at.caption)
    at.session_state["table"] = {"selection": {"rows": [], "columns": [], "cells": []}}
    at.run()
    assert at.session_state["selected"] is None
    assert not any("Selected: " in c.value for c in at.caption)


def test_a_linked_event_is_selected_in_the_table():
    launches = _app(type="missile_launch").dataframe[0].value
    event = str(launches["id"].iloc[4])
    at = _app(event=event)
    [row] = _table_rows(at)
    assert at.dataframe[0].value["id"].iloc[row] == event
    # filtered out of the table (the seed's talks are a meeting), the event stays selected but no row is
    at = _app(event=event, type="meeting")
    assert 0 < len(at.dataframe[0].value) and event not in set(at.dataframe[0].value["id"])
    assert _table_rows(at) == [] and at.session_state["selected"] == event


def test_the_filtered_events_can_be_downloaded_in_every_format(seed_app):
    buttons = seed_app.get("download_button")
    assert len(buttons) == 5
    assert {b.proto.label for b in buttons} >= {"GEOJSON", "KML", "CSV", "PARQUET", "HTML map"}


def test_export_bytes_are_what_the_exporter_writes(seed_path):
    import json as _json

    from geo.export import export_bytes
    from geo.pipeline import events_of_report
    from geo.reports import read_report

    events = events_of_report(read_report(seed_path))
    collection = _json.loads(export_bytes("geojson", events))
    ids = {f["properties"].get("event_id") or f["properties"].get("id") for f in collection["features"]}
    assert {e.id for e in events} <= ids


def test_a_windows_1252_upload_is_read_and_says_so():
    at = _app(source=SEED_SOURCE)
    text = "date 2024-02-01\nTalks were held in Zürich on Thursday – the café was closed.".encode("cp1252")
    at.sidebar.get("file_uploader")[0].set_value([("zurich.txt", text, "text/plain")])
    at.run()
    assert not at.error and not at.exception
    [panel] = [h.value for h in at.main.get("html") if "Zürich" in h.value]
    assert "read as Windows-1252" in panel and "café" in panel


def test_a_store_whose_events_are_all_on_one_day_opens(tmp_path, monkeypatch):
    # a slider needs a span: with one day there is nothing to choose, and the page says so
    from geo.store import open_store
    from tests.store_helpers import launch

    path = tmp_path / "one-day.sqlite"
    with open_store(path, bootstrap=False) as store:
        store.add_events([launch(f"d{i}", f"s{i}", dt.date(2023, 12, 17)) for i in range(3)], source="t")
    monkeypatch.setenv("GEO_EVENTS_DB", str(path))
    at = _app()
    assert not at.exception and not at.error
    assert any("every event is on 2023-12-17" in c.value for c in at.sidebar.caption)
    assert len(at.dataframe[0].value) == 3


def test_certainty_link_filters_the_table_and_the_launch_shows_its_zone_ranking():
    """Issue 12: ?certainty= keeps only those events; a selected launch's detail ranks its zones."""
    at = _app(source=SEED_SOURCE, certainty="hypothetical")
    assert not at.exception and not at.warning
    table = at.dataframe[0].value
    assert len(table) == 1 and table["type"].iloc[0] == "agreement"  # "a possible arms alliance"
    assert at.multiselect(key="f_certainties").value == ["hypothetical"]
    seed = _app(source=SEED_SOURCE).dataframe[0].value
    launch = seed[(seed["type"] == "missile launch") & seed["date"].str.startswith("2023-12-17")].iloc[0]
    at = _app(event=launch["id"])
    ranking = [d.value for d in at.dataframe if "area_km2" in d.value.columns]
    assert ranking, "no zone ranking in the selected launch's detail"
    frame = ranking[0]
    assert list(frame["rank"]) == list(range(1, len(frame) + 1))
    assert abs(frame["confidence"].sum() - 1) < 1e-3 and (frame["area_km2"] > 0).all()
    assert frame["confidence"].is_monotonic_decreasing


def test_country_and_region_pickers_filter_the_table_and_go_into_the_link():
    """Issue 11, item 1: countries and regions are filters in the sidebar too, each option
    with the events it keeps; a link's alpha-3 code opens with its country picked."""
    at = _app()
    everything = len(at.dataframe[0].value)
    picker = at.multiselect(key="f_countries")
    label = picker.options[0]  # the country with the most events first, with its count
    assert label.startswith("North Korea (")
    kept = int(label.rsplit("(", 1)[1].rstrip(")").replace(",", ""))
    picker.set_value(["KP"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert 0 < len(table) == min(kept, 2000) < everything
    assert at.query_params["country"] in ("KP", ["KP"])
    linked = _app(country="PRK")
    assert linked.multiselect(key="f_countries").value == ["KP"]
    assert len(linked.dataframe[0].value) == len(table) and not linked.warning

    at = _app()
    regions = at.multiselect(key="f_regions")
    [label] = [o for o in regions.options if o.startswith("North America (")]
    kept = int(label.rsplit("(", 1)[1].rstrip(")").replace(",", ""))
    regions.set_value(["NA"]).run()
    assert not at.exception and at.query_params["region"] in ("NA", ["NA"])
    assert 0 < len(at.dataframe[0].value) == kept < everything


def test_date_inputs_and_the_slider_move_together_and_filter():
    """Issue 11, item 1: the date range is a slider and two date inputs; typing a date moves the
    slider and filters, moving the slider moves the inputs, and a start after the end is swapped."""
    at = _app()

    def typed(label):  # the inputs are keyed by the slider's span: found by their label
        [widget] = [d for d in at.date_input if d.label == label]
        return widget

    lo, hi = at.slider(key="f_dates").value
    assert (typed("From").value, typed("To").value) == (lo, hi)
    everything = len(at.dataframe[0].value)
    start = dt.date(2023, 1, 1)
    typed("From").set_value(start).run()
    assert not at.exception
    assert at.slider(key="f_dates").value == (start, hi)
    assert at.query_params["since"] in ("2023-01-01", ["2023-01-01"])
    kept = at.dataframe[0].value
    assert 0 < len(kept) < everything
    assert all(d[:4] >= "2023" or "to" in d or "reported" in d for d in kept["date"])
    at.slider(key="f_dates").set_value((lo, dt.date(2020, 12, 31))).run()
    assert (typed("From").value, typed("To").value) == (lo, dt.date(2020, 12, 31))
    typed("From").set_value(dt.date(2022, 6, 1)).run()  # after the end: swapped
    assert at.slider(key="f_dates").value == (dt.date(2020, 12, 31), dt.date(2022, 6, 1))
    assert not at.exception


def test_the_page_shows_the_link_to_its_view_and_to_the_selected_event():
    """Issue 11, item 2: a "copy link" control (a code block: Streamlit gives it a copy button)
    holding the address of the view, and one for the selected event alone."""
    at = _app(type="missile_launch")
    [link] = [c.value for c in at.code]
    assert "type=missile_launch" in link and link.startswith("?")  # AppTest has no page address
    event = str(at.dataframe[0].value["id"].iloc[0])
    at = _app(type="missile_launch", event=event)
    links = [c.value for c in at.code]
    assert len(links) == 2 and f"event={event}" in links[0] and "type=missile_launch" in links[0]
    assert links[1] == f"?event={event}"
    assert any("Link to this view" in c.value for c in at.caption)
