"""Where the geoparser puts areal names: divisions at the centre of their territory, regions
made of divisions, lakes, the European Union, divisions GeoNames writes with a designator.

Expected points are public facts (atlas centres of provinces, lakes and regions), checked
within a tolerance that says "the middle of the right area", not "the same number as the code".
The build-time partition of land between divisions is tested on synthetic data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from geo.geoparse import geoparse, geoparse_spans
from geo.geoparse.evaluate import distance_km

ROOT = Path(__file__).resolve().parent.parent


def only(text: str, surface: str):
    """The toponym whose text is ``surface`` (fails when absent)."""
    hits = [t for t in geoparse(text) if t.text == surface]
    assert hits, f"{surface!r} not found in {text!r}"
    return hits[0]


# --- divisions at the centre of their territory -------------------------------------------

@pytest.mark.parametrize("name, centre, big_city", [
    # Geographic centres from atlases; the biggest city is far off centre in each.
    ("Queensland", (-22.5, 144.5), (-27.47, 153.03)),   # Brisbane
    ("Ontario", (50.0, -85.0), (43.65, -79.38)),        # Toronto
    ("British Columbia", (54.0, -125.0), (49.28, -123.12)),  # Vancouver
    ("New South Wales", (-32.2, 147.0), (-33.87, 151.21)),  # Sydney
])
def test_division_is_placed_at_the_middle_of_its_land(name, centre, big_city):
    t = only(f"Heavy rain fell across {name} on Tuesday.", name)
    assert t.feature == "admin1"
    assert distance_km(t.lat, t.lon, *centre) < 200
    assert distance_km(t.lat, t.lon, *big_city) > 300


def test_hebei_is_not_pulled_west_by_miscoded_towns():
    # Hebei surrounds Beijing (39.9 N, 116.4 E); its centre lies within 300 km of the capital.
    t = only("Farmers in Hebei reported losses.", "Hebei")
    assert distance_km(t.lat, t.lon, 39.9, 116.4) < 300


# --- regions made of first-level divisions ------------------------------------------------

@pytest.mark.parametrize("text, surface, cc, centre, km", [
    ("Fighting in Darfur displaced thousands.", "Darfur", "SD", (13.0, 24.5), 300),
    ("Floods on Java killed ten people.", "Java", "ID", (-7.5, 110.0), 250),
    ("Aid reached Kordofan last week.", "Kordofan", "SD", (13.0, 29.5), 350),
    ("Militias clashed in Kivu.", "Kivu", "CD", (-1.5, 28.5), 300),
])
def test_region_split_into_divisions_is_found_and_placed(text, surface, cc, centre, km):
    t = only(text, surface)
    assert t.feature == "region" and t.country_code == cc
    assert distance_km(t.lat, t.lon, *centre) < km


def test_a_country_is_never_made_a_region_of_its_parts():
    # "Western Australia" and "South Australia" are divisions; "Australia" stays the country.
    t = only("Exports from Australia rose.", "Australia")
    assert t.feature == "country"


# --- lakes, the European Union, designated divisions ----------------------------------------

@pytest.mark.parametrize("surface, centre, km", [
    ("Lake Victoria", (-1.0, 33.0), 150),
    ("Lake Titicaca", (-15.8, -69.4), 100),
    ("Lake Erie", (42.2, -81.2), 150),
])
def test_lakes_are_places(surface, centre, km):
    t = only(f"Fishermen on {surface} reported low water.", surface)
    assert t.feature == "lake"
    assert distance_km(t.lat, t.lon, *centre) < km


def test_natural_earth_abbreviated_lake_labels_are_written_out():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gazetteer_areas as mod
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert mod.lake_names("L. Erie") == ("Lake Erie", [])
    assert mod.lake_names("Wollaston L.") == ("Wollaston Lake", [])
    assert mod.lake_names("Rybinsk Res.") == ("Rybinsk Reservoir", [])
    assert mod.lake_names("Lago Titicaca") == ("Lake Titicaca", ["Lago Titicaca"])


@pytest.mark.parametrize("text, surface", [
    ("The EU imposed sanctions.", "EU"),
    ("Talks with E.U. officials ended.", "E.U."),
    ("Ministers of the European Union met.", "European Union"),
])
def test_the_european_union_is_at_its_seat(text, surface):
    t = only(text, surface)
    assert distance_km(t.lat, t.lon, 50.85, 4.35) < 30  # Brussels


def test_two_capitals_not_listed_as_an_abbreviation_stay_out():
    assert [t.text for t in geoparse("The IT team met at 9 AM.")] == []


def test_division_written_with_its_designator_is_known_by_its_name():
    # Pangasinan province, Luzon: about 15.9 N, 120.3 E. GeoNames: "Province of Pangasinan".
    t = only("Floods in Pangasinan forced evacuations.", "Pangasinan")
    assert t.feature == "admin2" and t.country_code == "PH"
    assert distance_km(t.lat, t.lon, 15.9, 120.3) < 80


def test_gold_span_on_a_region_resolves_too():
    text = "Refugees from Darfur crossed into Chad."
    (t,) = geoparse_spans(text, [(14, 20)])
    assert t.text == "Darfur" and distance_km(t.lat, t.lon, 13.0, 24.5) < 300


# --- the build-time partition of land between divisions -----------------------------------

def _area_module():
    pytest.importorskip("scipy")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import area_centres
    finally:
        sys.path.pop(0)
    return area_centres


def _flat_cells(lat0, lat1, lon0, lon1, step=0.1):
    """Land cells on a small equatorial rectangle: unit vectors and equal weights."""
    mod = _area_module()
    la, lo = np.meshgrid(np.arange(lat0 + step / 2, lat1, step), np.arange(lon0 + step / 2, lon1, step))
    return mod._unit_vectors(la.ravel(), lo.ravel()), np.cos(np.radians(la.ravel()))


def test_a_division_owns_the_land_nearest_its_towns():
    mod = _area_module()
    cells, w = _flat_cells(0, 4, 0, 20)
    # Division A: towns crowded at its western edge and one at 8 E; B: towns from 15 E on.
    a = [(2.0, 0.5 + 0.05 * k) for k in range(20)] + [(2.0, 8.0)]
    b = [(2.0, 15.0 + 0.25 * k) for k in range(20)]
    centres = mod.area_centres(cells, w, a + b, ["A"] * len(a) + ["B"] * len(b))
    # The border lies halfway between 8 E and 15 E (11.5 E): A spans 0-11.5 E, so its centre
    # is near 5.75 E although the mean of its towns is near 1.4 E.
    assert abs(centres["A"][1] - 5.75) < 0.3
    assert abs(centres["B"][1] - 15.75) < 0.3
    assert abs(centres["A"][0] - 2.0) < 0.1


def test_a_stray_town_does_not_take_land_from_its_neighbours():
    mod = _area_module()
    cells, w = _flat_cells(0, 4, 0, 20)
    a = [(1.0 + 0.1 * (k % 20), 1.0 + 0.2 * (k // 20)) for k in range(40)]     # around 2 N, 1.5 E
    b = [(1.0 + 0.1 * (k % 20), 15.0 + 0.2 * (k // 20)) for k in range(40)]    # around 2 N, 15.5 E
    stray = [(2.0, 11.0)]  # an A town in the empty land nearer B's towns: a coding error
    centres = mod.area_centres(cells, w, a + b + stray, ["A"] * 40 + ["B"] * 40 + ["A"])
    with_error = centres["A"][1]
    clean = mod.area_centres(cells, w, a + b, ["A"] * 40 + ["B"] * 40)["A"][1]
    assert abs(with_error - clean) < 0.05


@pytest.mark.parametrize("text, surface, cc", [
    ("Mobutu ruled Zaire for three decades.", "Zaire", "CD"),
    ("Tea from Ceylon was shipped to London.", "Ceylon", "LK"),
    ("Grain exports from the Soviet Union fell.", "Soviet Union", "RU"),
])
def test_former_country_names_are_the_country_now(text, surface, cc):
    t = only(text, surface)
    assert t.feature == "country" and t.country_code == cc


def test_the_pacific_is_the_whole_ocean_not_its_northern_half():
    # The whole ocean at the centre of its area (Natural Earth's North and South Pacific
    # together): in the tropics of the central Pacific, not in the North Pacific.
    t = only("The ship sank in the Pacific last week.", "Pacific")
    assert t.feature == "sea" and abs(t.lat) < 10 and (t.lon < -120 or t.lon > 150)


# --- world regions ---------------------------------------------------------------------------

@pytest.mark.parametrize("surface, centre, km", [
    ("West Africa", (13.0, -2.0), 700),      # the Sahel-Guinea belt, Burkina Faso to Mali
    ("Southeast Asia", (8.0, 110.0), 900),   # mainland and islands: around the South China Sea
    ("Eastern Europe", (52.0, 30.0), 900),   # Ukraine, Belarus, European Russia
    ("Central America", (13.0, -86.0), 300),  # the isthmus, not Mexico
    ("Siberia", (60.0, 100.0), 800),
])
def test_world_regions_are_places_in_their_middle(surface, centre, km):
    t = only(f"Aid agencies warned that {surface} faces a hard year.", surface)
    assert t.feature == "region"
    assert distance_km(t.lat, t.lon, *centre) < km


def test_eastern_europe_stops_at_the_urals():
    t = only("Gas prices rose across Eastern Europe.", "Eastern Europe")
    assert t.lon < 60


def test_southern_africa_is_a_region_and_south_africa_the_country():
    p = {t.text: t for t in geoparse("Drought hit Southern Africa, worst of all South Africa.")}
    assert p["Southern Africa"].feature == "region"
    assert p["South Africa"].feature == "country" and p["South Africa"].country_code == "ZA"
