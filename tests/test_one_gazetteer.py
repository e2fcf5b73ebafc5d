"""One gazetteer behind geocode, reverse and the geoparser, with one ranking.

Counties, regions made of divisions, abbreviations and villages are built into the
gazetteer's index, so ``geocode`` finds what ``geoparse`` finds, and for every name both
can see, the geoparser's choice for the name alone is geocode's first answer.
"""

from __future__ import annotations

import json

import pytest

from geo.gazetteer import Gazetteer
from geo.geoparse import geoparse_spans
from geo.geoparse.lookup import Lookup


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.default()


@pytest.fixture(scope="module")
def lk() -> Lookup:
    return Lookup.default()


def _geocode(capsys, *argv: str) -> list[dict]:
    from geo.cli import main

    assert main(["geocode", *argv]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("query", "feature", "cc"), [
    ("NSW", "admin1", "AU"),                 # an abbreviation (aliases.tsv)
    ("Darfur", "region", "SD"),              # a region made of divisions
    ("Rapides Parish", "admin2", "US"),      # a county-level division
    ("Kanawha County", "admin2", "US"),
])
def test_geocode_finds_what_the_geoparser_finds(capsys, query: str, feature: str, cc: str) -> None:
    top = _geocode(capsys, query, "--limit", "1")[0]
    assert (top["feature"], top["country_code"]) == (feature, cc)
    (t,) = geoparse_spans(query, [(0, len(query))], infer_unknown=False)
    assert (t.feature, t.country_code, round(t.lat, 4), round(t.lon, 4)) == (
        feature, cc, round(top["lat"], 4), round(top["lon"], 4))


def test_villages_are_candidates_not_names(gz: Gazetteer, lk: Lookup) -> None:
    # GeoNames places of 500-999 people are in the index, found by geocode ...
    villages = [p for p in gz.candidates("East Bank") if p.country_code == "US" and p.admin1 == "West Virginia"]
    assert villages and villages[0].population < 1000
    # ... but a name that only villages (or counties without their generic word) bear is no
    # name a recogniser looks for.
    names = set(gz.names())
    hidden = [k for k in gz._d.keys[::499] if k not in names]
    assert len(hidden) > 20
    for k in hidden:
        cands = gz.candidates(k)
        assert cands and all(p.feature in ("city", "admin2") for p in cands), k
        assert k not in lk.names


def test_county_name_without_its_generic_word_is_a_candidate_only(gz: Gazetteer, lk: Lookup) -> None:
    assert any(p.feature == "admin2" for p in lk.candidates("rapides"))
    assert "rapides" not in lk.names          # "Rapides" alone is not recognised as a name
    assert "rapides parish" in lk.names


def _agreement(gz: Gazetteer, lk: Lookup, step: int) -> tuple[int, list[tuple]]:
    names = sorted(set(gz.names()) & lk.names)
    checked, bad = 0, []
    for k in names[::step]:
        if not lk.for_surface(k, k):
            continue  # only codes ("sen" is not Senegal): neither sees a place in lower case
        checked += 1
        (t,) = geoparse_spans(k, [(0, len(k))], infer_unknown=False)
        g = gz.search(k, limit=1)
        if not g or t.place is None or t.place.id != g[0].id:
            bad.append((k, t.name, t.feature, g[0].name if g else None, g[0].feature if g else None))
    return checked, bad


def test_geocode_and_geoparse_agree_on_a_sample_of_names(gz: Gazetteer, lk: Lookup) -> None:
    checked, bad = _agreement(gz, lk, 211)
    assert checked > 1500
    assert bad == []


@pytest.mark.slow
def test_geocode_and_geoparse_agree_on_every_name_both_can_see(gz: Gazetteer, lk: Lookup) -> None:
    checked, bad = _agreement(gz, lk, 1)
    assert bad == []
    assert checked > 390_000  # 398,741 names in this build


def test_the_geoparser_ranks_by_the_gazetteers_prior(gz: Gazetteer, lk: Lookup) -> None:
    for key in ("springfield", "georgia", "washington", "paris", "kherson"):
        ranked = gz.ranked_candidates(key)
        assert [p.id for p in lk.candidates(key)] == [p.id for p, _, _ in ranked]
        assert all(lk.weight(p, key) == w for p, w, _ in ranked)
