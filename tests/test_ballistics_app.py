"""The dashboard draws a lofted test's potential-range footprint as its own layer (AppTest).

The store is the test run's (tests/conftest.py), filled with the seed and the bundled CNS demo
table; CNS row 118 is the Hwasong-15 test of 28 November 2017 (4,475 km apogee, 950 km).
"""

from __future__ import annotations

import json

from tests.conftest import open_app


def _feature_groups(**params: str) -> str:
    at = open_app(**params)
    assert not at.exception
    [component] = [c for c in at.main.get("component_instance") if "st_folium" in c.proto.component_name]
    return json.loads(component.proto.json_args)["feature_group"] or ""


def test_the_reach_layer_draws_the_selected_tests_footprint_labelled_as_an_estimate():
    script = _feature_groups(event="cns:118", layers="reach,places")
    assert '"className": "potential-range"' in script
    assert "Potential range (estimate)" in script and "the continental United States" in script
    # off by default: the default layers do not draw it
    assert '"className": "potential-range"' not in _feature_groups(event="cns:118")
