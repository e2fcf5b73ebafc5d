"""The range tool page (pages/range_tool.py) under Streamlit's AppTest.

Distances are checked against pyproj's Geod directly at the coordinates the table's places
have in the gazetteer (Seoul about 195 km from Pyongyang, a published figure).
"""

from __future__ import annotations

import json

import pytest
from pyproj import Geod
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "range_tool.py")
GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.03385, 125.75432)
SEOUL = (37.566, 126.9784)


def _page(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _map_args(at: AppTest) -> dict:
    [component] = [c for c in at.main.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(component.proto.json_args)


def _url(at: AppTest) -> dict:
    return {k: v for k, v in at.query_params.items()}


def test_opens_asking_for_a_place():
    at = _page()
    assert at.title[0].value == "Range tool"
    assert "Pick a place" in at.info[0].value
    assert not at.warning and not at.error
    assert not at.dataframe


def test_search_a_place_choose_a_class_the_table_lists_capitals_with_distances():
    at = _page()
    at.text_input(key="rt_query").set_value("Pyongyang").run()
    assert at.selectbox(key="rt_choice").value.startswith("Pyongyang (capital")
    at.selectbox(key="rt_class").set_value("SRBM").run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    capitals = table[table["kind"] == "capital"].set_index("place")
    assert {"Pyongyang", "Seoul"} <= set(capitals.index)
    assert "Tokyo" not in set(table["place"])  # ~1,290 km away, beyond the SRBM band
    expected = GEOD.inv(PYONGYANG[1], PYONGYANG[0], SEOUL[1], SEOUL[0])[2] / 1000
    assert capitals.loc["Seoul", "distance (km)"] == pytest.approx(expected, abs=0.2)
    assert capitals.loc["Seoul", "distance (km)"] == pytest.approx(195, abs=3)
    assert list(table["distance (km)"]) == sorted(table["distance (km)"])
    assert capitals.loc["Seoul", "within"] == "SRBM (< 1,000 km)"
    assert {"North Korea", "South Korea", "Japan", "China"} <= set(table[table["kind"] == "country"]["place"])
    # the band is on the map, drawn as GeoJSON by our geodesy (not L.Circle)
    fg = _map_args(at)["feature_group"]
    assert "range-tool-band" in fg and "L.circle(" not in fg
    url = _url(at)
    assert url["place"] == "Pyongyang" and url["class"] == "SRBM" and url["lat"] == "39.0339"


def test_radii_and_a_cns_missile_draw_rings_and_the_url_reopens_them():
    at = _page()
    at.text_input(key="rt_query").set_value("Pyongyang").run()
    at.text_input(key="rt_radii").set_value("570, 1000").run()
    at.selectbox(key="rt_missile").set_value("Hwasong-15").run()
    assert not at.exception and not at.error
    fg = _map_args(at)["feature_group"]
    assert fg.count("range-tool-ring") == 3 and "range-tool-band" in fg  # 570, 1000, 1,090 km; ICBM band
    assert "Hwasong-15: longest test flight, 1,090 km (CNS)" in fg
    assert any("lofted" in c.value for c in at.caption)
    url = _url(at)
    assert url["r"] == "570,1000" and url["missile"] == "Hwasong-15"
    again = _page(**url)
    assert not again.warning
    assert again.text_input(key="rt_radii").value == "570, 1000"
    assert again.selectbox(key="rt_missile").value == "Hwasong-15"
    assert _url(again) == url


def test_a_lat_lon_link_lists_what_is_within_its_radius():
    at = _page(lat="39.0339", lon="125.7543", r="570")
    table = at.dataframe[0].value
    assert "Seoul" in set(table["place"]) and "Tokyo" not in set(table["place"])
    assert table["distance (km)"].max() <= 570
    assert set(table["within"]) == {"570 km"}
    assert any("the clicked point" in c.value for c in at.caption)


def test_bad_query_values_give_notices_and_a_working_page():
    at = _page(lat="95", lon="abc", r="-3", **{"class": "XRBM"}, missile="Nope", zoom="3")
    warnings = "\n".join(w.value for w in at.warning)
    for part in ("lat '95' is outside", "lon 'abc' is not a number", "out of range: give 1 to 19,900 km",
                 "class 'XRBM' is not one of", "missile 'Nope' is not in the CNS table", "unknown parameter 'zoom'"):
        assert part in warnings, part
    assert "Pick a place" in at.info[0].value
    # and it still works after the notices
    at.text_input(key="rt_query").set_value("Seoul").run()
    at.text_input(key="rt_radii").set_value("200").run()
    assert "Pyongyang" in set(at.dataframe[0].value["place"])


def test_bad_radius_and_unknown_place_give_messages():
    at = _page(place="Pyongyang")
    at.text_input(key="rt_radii").set_value("25000").run()
    assert not at.exception
    assert at.error[0].value == "Radii: radius '25000' km is out of range: give 1 to 19,900 km."
    at.text_input(key="rt_query").set_value("Zzqxwv Nowhere").run()
    assert any("No place called 'Zzqxwv Nowhere' in the gazetteer" in w.value for w in at.warning)


def test_markdown_in_a_search_is_shown_as_typed():
    at = _page()
    at.text_input(key="rt_query").set_value("[click](http://evil.example)").run()
    [warning] = [w.value for w in at.warning]
    assert "\\[click\\]\\(http\\://evil" in warning  # escaped: no link on the page
