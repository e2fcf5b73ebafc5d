"""geo.geoparse.demonyms: the people and adjectives of states, provinces and regions.

Texts are written for these tests. Expected places are public facts: the state or
region a demonym names, and where its middle lies (atlas figures, within a tolerance
that says "the right area", not "the same number as the code").
"""

from __future__ import annotations

import pytest

from geo.geoparse import geoparse
from geo.geoparse.demonyms import MAX_ZIPF, demonym_table, division_demonym
from geo.geoparse.evaluate import distance_km
from geo.geoparse.lookup import Lookup
from geo.geoparse.recognize import common_words


@pytest.fixture(scope="module")
def lk() -> Lookup:
    return Lookup.default()


def only(text: str, **kw):
    """The one toponym of ``text``, its offsets checked."""
    tops = geoparse(text, **kw)
    assert len(tops) == 1, [(t.text, t.name) for t in tops]
    t = tops[0]
    assert text[t.start:t.end] == t.text
    return t


# --- in running text ------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, name, cc, lat, lon", [
    # Geographic centres: Ohio about 40.4 N 82.8 W, Texas about 31.1 N 99.3 W (near Brady),
    # South Ossetia about 42.3 N 44.0 E, New York State about 42.9 N 75.5 W (not the city).
    ("Ohioans voted on Tuesday.", "Ohioans", "Ohio", "US", 40.4, -82.8),
    ("He hired a Texan rancher.", "Texan", "Texas", "US", 31.1, -99.3),
    ("South Ossetian officials said the road was closed.", "South Ossetian", "South Ossetia", None, 42.3, 44.0),
    ("Many New Yorkers left for the weekend.", "New Yorkers", "New York", "US", 42.9, -75.5),
    ("Minnesotans shovelled snow.", "Minnesotans", "Minnesota", "US", 46.3, -94.3),
    ("Ontarians pay the most.", "Ontarians", "Ontario", "CA", 50.0, -85.0),
])
def test_division_demonyms_are_found_and_placed(text, surface, name, cc, lat, lon):
    t = only(text)
    assert (t.text, t.kind, t.name) == (surface, "demonym", name)
    if cc is not None:
        assert t.country_code == cc
    assert distance_km(t.lat, t.lon, lat, lon) < 250  # the state or region, at its middle


def test_new_yorkers_are_the_state_not_the_city():
    t = only("Many New Yorkers left for the weekend.")
    assert t.feature == "admin1"
    assert distance_km(t.lat, t.lon, 40.71, -74.01) > 150  # Manhattan is at the state's corner


def test_caucasus_demonyms(lk):
    # Dagestan (Russia, capital Makhachkala 43.0 N 47.5 E), Abkhazia (claimed by Georgia,
    # Sukhumi 43.0 N 41.0 E), North Ossetia-Alania (Russia, Vladikavkaz 43.0 N 44.7 E).
    text = "Dagestani police, Abkhaz leaders and North Ossetian villagers met."
    tops = {t.text: t for t in geoparse(text)}
    assert set(tops) == {"Dagestani", "Abkhaz", "North Ossetian"}
    for surface, cc, lat, lon in [("Dagestani", "RU", 43.0, 47.5), ("Abkhaz", "GE", 43.0, 41.0),
                                  ("North Ossetian", "RU", 43.0, 44.7)]:
        t = tops[surface]
        assert text[t.start:t.end] == surface
        assert t.kind == "demonym" and t.country_code == cc
        assert distance_km(t.lat, t.lon, lat, lon) < 200


def test_plural_and_possessive_forms_keep_their_offsets():
    text = "The Ohioans' votes and a Texan's horse."
    tops = geoparse(text)
    assert [(t.text, t.name) for t in tops] == [("Ohioans", "Ohio"), ("Texan", "Texas")]
    for t in tops:
        assert text[t.start:t.end] == t.text
    assert tops[0].start == 4 and tops[1].start == 25


@pytest.mark.parametrize("text, word", [
    ("They walked along a Roman road.", "Roman"),
    ("Christian groups met on Sunday.", "Christian"),
    ("Victorian houses line the street.", "Victorian"),
    ("It began with the Norman conquest.", "Norman"),
    ("We had Parisian coffee.", "Parisian"),
    ("Punjabi food was served.", "Punjabi"),
])
def test_words_and_city_adjectives_are_not_division_demonyms(lk, text, word):
    assert division_demonym(lk, word) is None
    assert not [t for t in geoparse(text) if t.kind == "demonym"]


def test_country_demonyms_stay_with_the_country_table():
    t = only("We ate at an Indian restaurant.")
    assert (t.text, t.country_code, t.feature, t.kind) == ("Indian", "IN", "country", "demonym")
    t = only("Georgian troops moved north.")  # the country, not the US state of Georgia
    assert (t.country_code, t.feature) == ("GE", "country")


def test_demonyms_can_be_left_out():
    assert geoparse("Ohioans voted in Columbus, Ohio.", demonyms=False)[0].text == "Columbus"


# --- the function and its table ------------------------------------------------------------------

@pytest.mark.parametrize("surface, name, cc", [
    ("Californians", "California", "US"), ("Kentuckian", "Kentucky", "US"), ("Hawaiian", "Hawaii", "US"),
    ("Oregonians", "Oregon", "US"), ("North Carolinians", "North Carolina", "US"),
    ("Rhode Islanders", "Rhode Island", "US"), ("Marylanders", "Maryland", "US"), ("Utahns", "Utah", "US"),
    ("Albertans", "Alberta", "CA"), ("Queenslanders", "Queensland", "AU"), ("Bavarian", "Bavaria", "DE"),
    ("Sicilian", "Sicily", "IT"), ("Chechnyan", "Chechnya", "RU"),
])
def test_english_morphology_over_division_names(lk, surface, name, cc):
    p = division_demonym(lk, surface)
    assert p is not None and (p.name, p.country_code) == (name, cc)


@pytest.mark.parametrize("surface", ["texan", "ohioans", "Washington Post", "", "Gunman", "Hamburger", "Cooker",
                                     "Europeans", "North American", "Asians"])
def test_lower_case_words_and_things_are_not_demonyms(lk, surface):
    assert division_demonym(lk, surface) is None


def test_table_is_built_once_per_lookup(lk):
    assert demonym_table(lk) is demonym_table(lk)


def test_table_keeps_its_precision_rules(lk):
    table = demonym_table(lk)
    common = common_words()
    assert len(table) > 1000
    for form, p in table.items():
        assert p.feature in ("admin1", "region", "country"), (form, p.feature)
        assert lk.gz.demonym(form) is None, form  # never shadows the country table
        assert form not in lk.names, form  # a place name stays a place name
        if " " not in form:
            assert common.get(form, 0.0) < MAX_ZIPF, form
