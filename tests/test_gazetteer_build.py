"""The build script: alias rules, hand-written tables, and a rebuild from the named sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer.countries import read_country_names, strip_possessive
from geo.gazetteer.data import DEFAULT_PATH, load

ROOT = Path(__file__).resolve().parent.parent


def _build_module():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = mod
    spec.loader.exec_module(mod)
    return mod


build = _build_module()
import gazetteer_areas as areas  # noqa: E402  (scripts/ is on the path once the build module is loaded)


@pytest.mark.parametrize(
    ("name", "other", "expected"),
    [
        ("Sohae Satellite Launching Station", "", ["Sohae"]),
        ("Tonghae Satellite Launching Ground", "Musudan-ri", ["Tonghae", "Musudan-ri"]),
        ("Pyongyang International Airport", "Sunan, PY Airport, Pyongyang Sunan International Airport",
         ["Pyongyang", "Sunan", "PY Airport", "Pyongyang Sunan International Airport", "Pyongyang Sunan"]),
        ("Wonsan Kalma International Airport", "Wonsan Airbase", ["Wonsan Kalma", "Wonsan Airbase", "Wonsan"]),
        ("Sinpo Shipyard", "", ["Sinpo"]),
        ("Kwail Airbase", 'Kwail, "western area operational airbase"', ["Kwail"]),
        ("Hodo Peninsula", "Hodo; North Wonson", ["Hodo", "North Wonson"]),
        ("Unknown", "Unknown", []),
    ],
)
def test_facility_aliases_follow_general_rules(name: str, other: str, expected: list[str]) -> None:
    assert build.facility_aliases(name, other) == expected


def test_country_names_table_is_well_formed() -> None:
    short, dem = read_country_names()
    assert short["dprk"] == "KP" and short["rok"] == "KR" and short["us"] == "US"
    assert dem["north korean"] == "KP" and dem["japanese"] == "JP"
    assert "un" not in short and "un" not in dem
    assert all(len(cc) == 2 and cc.isupper() for cc in {*short.values(), *dem.values()})


def test_strip_possessive() -> None:
    assert strip_possessive("North Korea's") == "North Korea"
    assert strip_possessive("North Korea’s") == "North Korea"
    assert strip_possessive("Americans'") == "Americans"
    assert strip_possessive("Paris") == "Paris"


def test_bundled_file_is_compact_and_loads_without_pickles() -> None:
    # 5.7 MB before counties, regions, abbreviations and villages were built in (they were
    # 1.9 MB of separate tables); 7.6 MB with them.
    assert DEFAULT_PATH.stat().st_size < 8_000_000
    d = load()
    assert len(d) > 150_000
    assert len(d.keys) == len(d.post_start) - 1 == len(set(d.keys))
    assert list(d.keys) == sorted(d.keys)
    # one kind and (for the best 25 of a name) one stored score per posting
    assert d.post_kind is not None and len(d.post_kind) == len(d.post_ids)
    assert d.post_score is not None and len(d.post_score) == len(d.post_ids)
    assert np.all((d.lat >= -90) & (d.lat <= 90)) and np.all((d.lon >= -180) & (d.lon <= 180))


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    from geo.errors import DataError

    with pytest.raises(DataError, match="missing"):
        load(tmp_path / "none.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DataError):
        load(bad)


@pytest.mark.slow
def test_rebuild_from_sources_reproduces_the_bundled_index(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.npz"
    assert build.main(["--shared", str(shared_data), "--out", str(out)]) == 0
    fresh, bundled = load(out), load()
    assert fresh.keys == bundled.keys
    assert fresh.name == bundled.name
    # Coordinates, kinds and countries too: a point changed by hand in the bundled file (an
    # override) cannot slip in unseen.
    np.testing.assert_array_equal(fresh.lat, bundled.lat)
    np.testing.assert_array_equal(fresh.lon, bundled.lon)
    np.testing.assert_array_equal(fresh.feature, bundled.feature)
    np.testing.assert_array_equal(fresh.population, bundled.population)
    assert fresh.cc == bundled.cc and fresh.features == bundled.features
    np.testing.assert_array_equal(fresh.post_ids, bundled.post_ids)
    np.testing.assert_array_equal(fresh.post_kind, bundled.post_kind)
    gz = Gazetteer(out)
    assert gz.search("Tongchang-ri")[0].source == "cns"


@pytest.mark.parametrize(("label", "names"), [
    ("Kuril Is.", ["Kuril Islands", "Kuril Is."]),
    ("N. Cyprus", ["Northern Cyprus", "N. Cyprus"]),
    ("W. Sahara", ["Western Sahara", "W. Sahara"]),
    ("Cyprus U.N. Buffer Zone", ["Cyprus U.N. Buffer Zone"]),      # "U.N." is not "U. North"
    ("Korean Demilitarized Zone (north)", ["Korean Demilitarized Zone"]),
    ("Bhutan claimed by China", []),                                 # a description, not a name
    ("Honshu", ["Honshu"]),
])
def test_natural_earth_labels_become_names(label: str, names: list[str]) -> None:
    assert areas.ne_region_names(label) == names


@pytest.mark.parametrize(("name", "code"), [
    ("SEN", True), ("U.S.", True), ("DPRK", True), ("D.R.C.", True),
    ("Sen", False), ("DR Congo", False), ("Congo-Brazzaville", False), ("UNITED KINGDOMS", False),
])
def test_code_names_are_capitals_only(name: str, code: bool) -> None:
    assert build.is_code_name(name) is code


def test_no_hand_written_point_is_a_corpus_gold_point(shared_data: Path) -> None:
    # A point copied from an evaluation corpus would score there and nowhere else: every
    # hand-written place of extra_places.tsv must differ from every gold point of LGL and
    # GeoVirus (to 0.01 degree, about 1 km).
    from geo.geoparse.corpus import read_corpus

    gold = set()
    for name in ("lgl.xml", "GeoVirus.xml"):
        path = shared_data / "geoparse" / name
        if not path.is_file():
            pytest.skip(f"{path} is missing")
        for doc in read_corpus(path).documents:
            gold.update((round(g.lat, 2), round(g.lon, 2)) for g in doc.toponyms if g.lat is not None)
    rows = [line.split("\t") for line in (ROOT / "geo" / "data" / "gazetteer" / "extra_places.tsv")
            .read_text(encoding="utf-8").splitlines() if line.startswith("place\t")]
    assert len(rows) > 20
    same = [r[1] for r in rows if (round(float(r[3]), 2), round(float(r[4]), 2)) in gold]
    assert same == []
