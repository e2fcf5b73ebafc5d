"""The map's points as one compact canvas layer (geo.view.points): payload size, escaping,
colours and legend, co-located events, reading a click back."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

import folium
import numpy as np
import pandas as pd
import pytest

from geo.view.mapview import base_map, event_layers
from geo.view.points import (
    OTHER_COLOR, PALETTE, SPIRAL_PX, TOP_ACTORS, PointsData, PointsLayer, actor_colors, clicked_event_id, decode_column,
    decode_ids, decode_meta, dequantise, encode_points, event_at, points_frame, quantise, safe_json,
    same_place_ranks, spiral_offset,
)
from tests.export_samples import HOSTILE, hostile_event, kamchatka_launch, seed_events


def synthetic_frame(n: int, seed: int = 3) -> pd.DataFrame:
    """``n`` events shaped like Store.map_frame's rows: 10-character ids, 200 actors, 15 types, 40 years."""
    rng = np.random.default_rng(seed)
    types = np.array(["missile_launch", "statement", "meeting", "attack", "military_exercise", "deployment",
                      "agreement", "sanction", "protest", "talks", "visit", "warning", "inspection",
                      "satellite_launch", "weapons_test"], dtype=object)
    day = rng.integers(0, 40 * 365, n)
    dates = np.datetime64("1985-01-01") + day.astype("timedelta64[D]")
    actors = [";".join(f"A{a:03d}" for a in rng.integers(0, 200, k)) for k in rng.integers(1, 4, n)]
    return pd.DataFrame({
        "id": [f"ev{i:08x}" for i in range(n)], "type": types[rng.integers(0, 15, n)],
        "date": dates, "date_end": dates + rng.integers(0, 2, n).astype("timedelta64[D]") * 29,
        "date_precision": np.where(rng.random(n) < 0.1, "range", "day"),
        "lat": rng.uniform(-60, 70, n), "lon": rng.uniform(-180, 180, n),
        "actors": actors, "source": [f"report-{i % 5000}" for i in range(n)],
    })


def _script(layer_frame: pd.DataFrame, **kw) -> str:
    """The JavaScript st_folium would send for a FeatureGroup holding the layer."""
    from streamlit_folium import _get_feature_group_string
    m = base_map(basemap=False, online_tiles=False)
    group = folium.FeatureGroup(name="Places")
    PointsLayer(layer_frame, **kw).add_to(group)
    m.render()
    return _get_feature_group_string(group, map=m, idx=0)


def test_payload_is_compact_bytes_per_event_bounded():
    # Per event: 2 positions x 3 bytes, day 2, type/colour/who/more/span/prec 1 each,
    # as base64 (4/3): 20 chars; the id (10 chars + separator, minus the common prefix) as
    # base64 under 15. The naive marker (CircleMarker + Tooltip + Popup through folium's
    # templates) is about 1,600 bytes an event: we must stay under 40, under 5 MB at 100,000.
    frame = synthetic_frame(20_000)
    payload = encode_points(frame)
    size = len(safe_json(payload))
    assert payload["n"] == 20_000
    assert size / 20_000 < 40, size / 20_000
    # and what st_folium sends (library + call) adds a constant, not per event
    assert len(_script(frame)) - size < 30_000  # the library (loader, density grid) and the call


def test_payload_round_trips_positions_dates_ids_and_types():
    frame = synthetic_frame(500)
    frame.loc[3, "date"] = pd.NaT
    frame.loc[3, "date_end"] = pd.NaT
    frame.loc[7, ["lat", "lon"]] = np.nan  # not located: left out
    payload = encode_points(frame)
    kept = frame.drop(index=7).reset_index(drop=True)
    assert payload["n"] == 499
    assert decode_ids(payload) == kept["id"].tolist()
    lat, lon = dequantise(decode_column(payload, "lat"), decode_column(payload, "lon"))
    assert np.abs(lat - kept["lat"]).max() < 2e-5 and np.abs(lon - kept["lon"]).max() < 3e-5
    meta = decode_meta(payload)
    types = [meta["types"][i] for i in decode_column(payload, "type")]
    assert types == [t.replace("_", " ") for t in kept["type"]]
    days = decode_column(payload, "day")
    assert days[3] == meta["undated"]
    expected = kept["date"].dt.date
    for i in (0, 1, 250, 498):
        assert dt.date(1970, 1, 1) + dt.timedelta(days=int(meta["day0"] + days[i])) == expected[i]


def test_quantise_wraps_longitude_and_keeps_the_poles():
    qlat, qlon = quantise(np.array([-90.0, 90.0, 0.0]), np.array([180.0, -180.0, 359.0]))
    lat, lon = dequantise(qlat, qlon)
    assert lat.tolist() == pytest.approx([-90, 90, 0], abs=1e-5)
    assert lon.tolist() == pytest.approx([-180, -180, -1], abs=1e-5)


def test_hostile_text_is_never_script_source_but_survives_as_data():
    e = hostile_event()
    frame = points_frame([e, *seed_events()])
    script = _script(frame, selected=e.id)
    for raw in ("<script>", "</script", "${alert", "`backtick`", "alert(1)", "<x>", "javascript:"):
        assert raw not in script, raw
    # no backtick or "${" from the data anywhere: our library uses neither
    assert "`" not in script and "${" not in script
    payload = encode_points(frame, selected=e.id)
    meta = decode_meta(payload)
    assert HOSTILE in meta["place"] and HOSTILE in meta["who"]
    assert meta["sel"] == decode_ids(payload).index("hostile-1")
    # the JS builds popups and the legend with textContent only: no innerHTML, no eval
    library = PointsLayer(frame).library
    assert "innerHTML" not in library and "eval(" not in library and "insertAdjacentHTML" not in library
    assert "textContent" in library


def test_safe_json_escapes_markup_and_template_characters():
    text = safe_json({"a": "</script><b>`${x}` & \u2028"})
    assert not set("<>&`$") & set(text)
    assert "\u2028" not in text


def test_colours_for_the_top_actors_and_other_for_the_rest():
    # 12 initiator states, state i initiating 20 - i events; codes with ':' roll up to the state
    rows = []
    for i in range(12):
        code = f"S{i:02d}"
        rows += [(f"{code}-{k}", f"{code}:Leader" if k % 2 else code) for k in range(20 - i)]
    frame = pd.DataFrame({"id": [r[0] for r in rows], "type": "statement", "lat": 1.0, "lon": 2.0,
                          "date": pd.Timestamp("2020-01-01"), "actors": [r[1] + ";ZZZ" for r in rows]})
    frame["lat"] = np.arange(len(frame)) * 0.01  # distinct places
    colours = actor_colors(frame["actors"].str.split(";").str[0].str.split(":").str[0])
    assert list(colours) == [f"S{i:02d}" for i in range(TOP_ACTORS)]
    assert list(colours.values()) == list(PALETTE[:TOP_ACTORS])
    payload = encode_points(frame, actor_names={"S00": "State zero"})
    meta = decode_meta(payload)
    assert meta["legend"][0] == [PALETTE[0], "State zero"]
    assert meta["legend"][-1] == [OTHER_COLOR, "other actors"] and len(meta["legend"]) == TOP_ACTORS + 1
    colour = decode_column(payload, "colour")
    ids = frame["id"]
    assert {int(c) for c in colour[ids.str.startswith("S00").to_numpy()]} == {0}
    assert {int(c) for c in colour[ids.str.startswith("S11").to_numpy()]} == {TOP_ACTORS}  # "other"
    assert meta["palette"][TOP_ACTORS] == OTHER_COLOR
    assert set(decode_column(payload, "more")) == {1}  # "and 1 more" (ZZZ)


def test_shapes_by_kind_of_event():
    frame = points_frame([*seed_events(), kamchatka_launch()])
    meta = decode_meta(encode_points(frame))
    shapes = dict(zip(meta["types"], meta["shapes"]))
    assert shapes["missile launch"] == 1  # triangle
    assert all(s in (0, 1, 2, 3) for s in meta["shapes"])


def test_events_at_one_place_get_distinct_spiral_offsets():
    lat = np.array([39.0, 39.0, 39.00001, 40.0, 39.0])
    lon = np.array([125.0, 125.0, 125.00001, 125.0, 125.0])
    assert same_place_ranks(lat, lon).tolist() == [0, 1, 2, 0, 3]
    offsets = [spiral_offset(k) for k in range(300)]
    assert offsets[0] == (0.0, 0.0)
    closest = min(math.dist(a, b) for a, b in itertools.combinations(offsets, 2))
    assert closest > SPIRAL_PX * 0.6  # each one its own spot, not overlapping a 4-px marker
    # the JS computes the same sunflower: keep the formula in one place per language
    from geo.view.points import JS_PATH
    assert "Math.sqrt(k)" in JS_PATH.read_text() and "k * GOLDEN" in JS_PATH.read_text()
    frame = pd.DataFrame({"id": list("abcde"), "type": "meeting", "lat": lat, "lon": lon,
                          "date": pd.Timestamp("2020-01-01"), "actors": "USA"})
    assert decode_column(encode_points(frame), "rank").tolist() == [0, 1, 2, 0, 3]


def test_event_at_finds_the_clicked_event():
    frame = synthetic_frame(2_000)
    for i in (0, 17, 1999):
        lat, lon = dequantise(*quantise(frame["lat"].to_numpy()[i:i + 1], frame["lon"].to_numpy()[i:i + 1]))
        assert event_at(frame, float(lat[0]), float(lon[0])) == frame["id"][i]
    assert event_at(frame, 89.9, 0.0) is None  # nothing within 5 km of the pole
    # across the antimeridian
    f = pd.DataFrame({"id": ["w", "e"], "lat": [10.0, 10.0], "lon": [179.999, -170.0]})
    assert event_at(f, 10.0, -179.9995) == "w"
    assert event_at(pd.DataFrame({"id": [], "lat": [], "lon": []}), 1.0, 1.0) is None


def test_clicked_event_id_reads_the_popup_then_the_position():
    frame = pd.DataFrame({"id": ["a", "b"], "lat": [10.0, 20.0], "lon": [10.0, 20.0]})
    popup = "missile launch, 2023-12-18\nNorth Korea\nnear Pyongyang\nevent id: cns:245"
    assert clicked_event_id({"last_object_clicked_popup": popup}) == "cns:245"
    assert clicked_event_id({"last_object_clicked_popup": "no id", "last_object_clicked": {"lat": 20.0, "lng": 20.0}},
                            frame) == "b"
    assert clicked_event_id({"last_object_clicked": {"lat": 20.0, "lng": 20.0}}) is None  # no frame
    assert clicked_event_id(None) is None and clicked_event_id({}) is None


def test_place_popups_carry_the_event_id_too():
    from geo.view.placemarkers import PlaceMarkers
    out = base_map(basemap=False, online_tiles=False)
    for group in event_layers(seed_events()).groups:
        group.add_to(out)
    html = out.get_root().render()
    [markers] = [c for g in event_layers(seed_events()).groups for c in g._children.values()
                 if isinstance(c, PlaceMarkers)]
    ids = {row[9] for row in markers.payload["rows"]}
    assert ids == {e.id for e in seed_events() if any(p.located for p in e.places)}
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert markers.payload_json in html and '"event id: " + r[9]' in html  # the popup's last line


def test_event_layers_takes_the_store_frame_and_goes_through_st_folium():
    from streamlit_folium import _get_feature_group_string
    frame = synthetic_frame(5_000)
    layers = event_layers([], frame=frame)
    [places] = layers.groups
    assert [type(c).__name__ for c in places._children.values()] == ["PointsLayer"]
    assert layers.bounds == [[pytest.approx(frame["lat"].min()), pytest.approx(frame["lon"].min())],
                             [pytest.approx(frame["lat"].max()), pytest.approx(frame["lon"].max())]]
    m = base_map(basemap=False, online_tiles=False)
    m.render()
    js = _get_feature_group_string(places, map=m, idx=0)
    assert "window.GeoPoints.layer(" in js and ".addTo(feature_group_feature_group_0)" in js
    assert "map_div.addLayer(feature_group_feature_group_0)" in js


# -- every event once, a mask per rerun (PointsData) ------------------------------------
def _bits(view: dict, n: int) -> np.ndarray:
    import base64
    if "mask" not in view:
        return np.ones(n, dtype=bool)
    raw = np.frombuffer(base64.b64decode(view["mask"]), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def test_points_data_view_sends_a_mask_of_the_located_points_only():
    frame = synthetic_frame(5_000)
    frame.loc[frame.index % 10 == 0, "lat"] = np.nan  # unlocated rows are not in the payload
    data = PointsData(frame)
    assert data.n == int(frame["lat"].notna().sum())
    everything = data.view_of(None)
    assert everything["count"] == data.n and "mask" not in everything  # nothing to send
    shown = (frame["type"] == "statement").to_numpy()
    view = data.view_of(shown)
    bits = _bits(view, data.n)
    ids = decode_ids(data.payload)
    assert [i for i, b in zip(ids, bits) if b] == frame["id"][shown & frame["lat"].notna().to_numpy()].tolist()
    assert view["count"] == int(bits.sum())
    # the per-rerun part is small: a bit per point, base64, plus a legend
    assert len(safe_json(view)) < data.n / 8 * 4 / 3 + 2_000
    assert len(safe_json(view)) < len(data.json) / 20


def test_points_data_view_selects_and_colours_among_the_shown_events():
    rows = []
    for i in range(12):  # state S<i> initiates 20 - i events
        rows += [(f"S{i:02d}-{k}", f"S{i:02d}") for k in range(20 - i)]
    frame = pd.DataFrame({"id": [r[0] for r in rows], "type": "statement", "date": pd.Timestamp("2020-01-01"),
                          "actors": [r[1] for r in rows], "lon": 2.0})
    frame["lat"] = np.arange(len(frame)) * 0.01
    frame.attrs["actor_names"] = {"S11": "State eleven"}
    data = PointsData(frame)
    meta = decode_meta(data.payload)
    state = decode_column(data.payload, "state")
    assert [meta["states"][s] for s in state] == frame["actors"].tolist()
    # Only S11 shown: it gets the first colour of its own (store-wide it is "other").
    only = (frame["actors"] == "S11").to_numpy()
    view = data.view_of(only, selected="S11-3")
    s11 = str(meta["states"].index("S11"))
    assert view["colourOf"] == {s11: 0} and view["palette"] == [PALETTE[0], OTHER_COLOR]
    assert view["legend"][0] == [PALETTE[0], "State eleven"]
    assert decode_ids(data.payload)[view["sel"]] == "S11-3"
    # a selected event the filters hide, or one that does not exist, is not ringed
    assert data.view_of(only, selected="S00-1")["sel"] == -1
    assert data.view_of(None, selected="nope")["sel"] == -1
    assert data.view_of(np.zeros(len(frame), bool))["count"] == 0


def test_points_layer_from_a_source_carries_no_point_data():
    frame = synthetic_frame(2_000)
    data = PointsData(frame)
    m = base_map(basemap=False, online_tiles=False)
    group = folium.FeatureGroup(name="Places")
    PointsLayer(source=("/app/static/generated/points-abc.json", data.view_of(None))).add_to(group)
    from streamlit_folium import _get_feature_group_string
    m.render()
    script = _get_feature_group_string(group, map=m, idx=0)
    assert "/app/static/generated/points-abc.json" in script
    assert data.payload["cols"]["lat"]["d"][:40] not in script
    assert len(script) < 30_000  # the library and the view; the points are not in it
    with pytest.raises(ValueError):
        PointsLayer(source=("/x.json", {}), mode="heat")


def test_every_taxonomy_type_has_a_shape_of_its_group():
    # A type added to the taxonomy (interception, issue 18) drew as "other events" until it
    # was given a shape: each type of the extractor falls in one of the legend's groups.
    from geo.extract.taxonomy import EVENT_TYPES
    from geo.view.points import TYPE_SHAPES

    assert [t for t in EVENT_TYPES if TYPE_SHAPES.get(t, 0) == 0] == []
