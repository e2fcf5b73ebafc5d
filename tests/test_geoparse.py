"""geo.geoparse: recognition and resolution on texts written for these tests and on the seed report.

Expected coordinates are public facts (city centres from atlases), checked within a
tolerance that says "the right place", not "the same number as the code".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.geoparse import Toponym, geoparse, geoparse_spans
from geo.geoparse.evaluate import distance_km
from geo.geoparse.recognize import tokenize
from geo.reports import read_report


def places(text: str, **kw) -> dict[str, Toponym]:
    """Toponyms by surface text (the last one wins for repeated names)."""
    return {t.text: t for t in geoparse(text, **kw)}


def near(t: Toponym, lat: float, lon: float, km: float = 100) -> bool:
    return t.lat is not None and distance_km(t.lat, t.lon, lat, lon) <= km


# --- the seed report -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed(seed_path):
    report = read_report(seed_path)
    return report.text, geoparse(report.text)


def test_seed_finds_the_places_of_the_report(seed):
    text, tops = seed
    by_text = {}
    for t in tops:
        by_text.setdefault(t.text, []).append(t)
    # Pyongyang: 39.02 N, 125.75 E.
    assert near(by_text["Pyongyang"][0], 39.02, 125.75, 30)
    assert by_text["Pyongyang"][0].country_code == "KP"
    # The talks in Washington: the US capital (38.90 N, 77.04 W), not the state.
    assert near(by_text["Washington"][0], 38.90, -77.04, 30)
    for name, cc in [("South Korea", "KR"), ("Japan", "JP"), ("United States", "US"), ("Russia", "RU"),
                     ("Ukraine", "UA"), ("North Korea", "KP")]:
        assert by_text[name][0].country_code == cc, name
        assert by_text[name][0].feature == "country"
    # "the U.S. mainland": U.S. is the United States.
    at = text.index("U.S. mainland")
    us = [t for t in tops if t.start == at]
    assert us and us[0].country_code == "US" and us[0].text == "U.S."


def test_seed_korean_peninsula_is_a_region_between_the_koreas(seed):
    _, tops = seed
    kp = [t for t in tops if t.text == "Korean Peninsula"]
    assert kp, "the Korean Peninsula is recognised as one place"
    assert 34 <= kp[0].lat <= 43 and 124 <= kp[0].lon <= 131


def test_seed_demonyms_link_to_their_country(seed):
    _, tops = seed
    dem = {t.text: t for t in tops if t.kind == "demonym"}
    assert dem["North Korean"].country_code == "KP"
    assert dem["South Korean"].country_code == "KR"


def test_seed_offsets_round_trip(seed):
    text, tops = seed
    assert tops == sorted(tops, key=lambda t: (t.start, t.end))
    for t in tops:
        assert text[t.start:t.end] == t.text
        assert 0 <= t.score <= 1


def test_seed_has_no_person_or_organisation_as_place(seed):
    _, tops = seed
    names = {t.text for t in tops}
    assert not names & {"Kim", "Kim Jong Un", "Joint Chiefs", "Staff", "Security Council", "U.N."}


# --- qualifiers and joint resolution -------------------------------------------------------

def test_city_state_qualifier_with_ap_abbreviation():
    p = places("A woman from Alexandria, La., was charged.")
    # Alexandria, Louisiana: 31.31 N, 92.45 W (not Alexandria, Egypt or Virginia).
    assert near(p["Alexandria"], 31.31, -92.45, 30)
    assert p["La."].name == "Louisiana"


def test_city_state_qualifier_full_name():
    p = places("Flooding closed roads in Paris, Texas, on Monday.")
    assert near(p["Paris"], 33.66, -95.56, 30)  # Paris, Texas


def test_paris_alone_is_the_french_capital():
    p = places("The summit opened in Paris on Monday.")
    assert near(p["Paris"], 48.86, 2.35, 30)


def test_co_located_names_pull_each_other():
    # Paris, Tennessee is the seat of Henry County, Tennessee (36.30 N, 88.33 W).
    p = places("Residents of Paris and Henry County will vote on the new rescue squad in Tennessee.")
    assert near(p["Paris"], 36.30, -88.33, 50)
    assert near(p["Henry County"], 36.33, -88.32, 60)


def test_county_names_are_located():
    p = places("Deputies in Rapides Parish arrested two men.")
    assert near(p["Rapides Parish"], 31.2, -92.5, 60)


def test_demonym_adjective():
    p = places("Japanese and South Korean officials met.")
    assert p["Japanese"].kind == "demonym" and p["Japanese"].country_code == "JP"
    assert p["South Korean"].country_code == "KR"
    assert not any(t.kind == "demonym" for t in geoparse("Japanese officials met.", demonyms=False))


def test_multi_word_names_are_one_span():
    p = places("Tankers crossed the Gulf of Mexico to New York City.")
    assert "Gulf of Mexico" in p and "New York City" in p
    assert "Mexico" not in p and "New York" not in p


def test_context_countries_break_ties():
    # Without context a bare "Perth" is the Australian city; Scottish context moves it to Scotland.
    assert geoparse("Talks in Perth ended.")[0].country_code == "AU"
    assert geoparse("Talks in Perth ended.", context_countries=["GB"])[0].country_code == "GB"


# --- people, organisations, common words ----------------------------------------------------

@pytest.mark.parametrize("text", [
    "Mr. Jordan said the vote was close.",
    "Michael Jordan scored 40 points.",
    "Sen. Georgia Smith voted no.",
])
def test_person_names_are_not_places(text):
    assert [t.text for t in geoparse(text)] == [] or all(t.text not in ("Jordan", "Georgia") for t in geoparse(text))


def test_person_then_place_of_the_same_name():
    p = places("King Abdullah of Jordan met Michael Jordan in Amman.")
    jordans = [t for t in geoparse("King Abdullah of Jordan met Michael Jordan in Amman.") if t.text == "Jordan"]
    assert len(jordans) == 1 and jordans[0].country_code == "JO"
    assert p["Amman"].country_code == "JO"


@pytest.mark.parametrize("text", [
    "Georgia Tech beat Duke on Saturday.",
    "The Washington Post reported the story.",
    "The Dallas Cowboys lost.",
])
def test_brands_named_after_places_are_not_places(text):
    assert [t.text for t in geoparse(text) if t.text in ("Georgia", "Washington", "Dallas")] == []


def test_metonymy_keeps_the_place():
    # "Washington said" is the US government speaking, located at the capital.
    p = places("Washington said the talks would resume.")
    assert near(p["Washington"], 38.90, -77.04, 30)


def test_speaker_and_surname_are_not_places():
    text = "Chris Henry, 19, was arrested. Henry said he was innocent. Douglas said nothing."
    assert [t.text for t in geoparse(text)] == []


def test_common_words_are_not_places():
    text = "The mobile home was a total loss. Police said Hope was not lost. Valley residents left."
    assert [t.text for t in geoparse(text)] == []


def test_nothing_inside_other_words():
    for t in geoparse("Chinatown and Parisians and Romanians and Omaha"):
        assert t.text not in ("China", "Paris", "Roman", "Oman")


def test_all_caps_codes_only_when_written_in_capitals():
    assert [t.text for t in geoparse("Sen. Smith and Ben spoke.")] == []


# --- gold spans --------------------------------------------------------------------------

def test_resolve_given_spans():
    text = "Flights from Lima to Cusco resumed."
    tops = geoparse_spans(text, [(13, 17), (21, 26)])
    assert [t.text for t in tops] == ["Lima", "Cusco"]
    assert near(tops[0], -12.05, -77.04, 30)
    # "Cusco" is both the city and its region; either is right, both lie within 100 km of the city.
    assert tops[1].country_code == "PE" and near(tops[1], -13.53, -71.97, 100)


def test_unknown_span_is_unresolved_not_an_error():
    tops = geoparse_spans("We met at Zzyzzyxxq.", [(10, 19)])
    assert tops[0].lat is None and tops[0].score == 0


# --- tokens and offsets -----------------------------------------------------------------

def test_tokenizer_keeps_abbreviations_and_drops_possessives():
    text = "Henry’s car in the U.S. near St. Louis."
    toks = tokenize(text)
    assert [t.text for t in toks][:2] == ["Henry", "car"]
    assert "U.S." in [t.text for t in toks]
    st_tok = [t for t in toks if t.text == "St"][0]
    assert st_tok.abbrev
    louis = [t for t in toks if t.text == "Louis"][0]
    assert not louis.initial  # "St." does not end the sentence


_WORDS = ["Paris", "Texas", "the", "in", "Japan", "Mr.", "Jordan", "said", "Alexandria,", "La.", "’s", "U.S.", "—",
          "New", "York", "Gulf", "of", "Mexico", "é", "\n", "Sinp’o", "Korean"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.text(max_size=20))
def test_offsets_round_trip_on_any_text(words, noise):
    text = noise + " " + " ".join(words)
    for t in geoparse(text):
        assert text[t.start:t.end] == t.text
        assert t.start < t.end
        assert 0 <= t.score <= 1


def test_bad_spans_are_invalid_input():
    from geo.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"\(5, 2\)"):
        geoparse_spans("abc", [(5, 2)])


def test_confidence_is_about_the_location():
    # Pyongyang the capital and Pyongyang the province are one answer on a map: confident.
    # A bare "Washington" may be the capital or the state, thousands of km apart: not confident.
    tops = {t.text: t for t in geoparse("Talks in Washington followed the launch near Pyongyang.")}
    assert tops["Pyongyang"].score >= 0.9
    assert tops["Washington"].score < 0.7


@pytest.mark.slow
def test_a_long_text_is_read_whole():
    # Its time is a benchmark figure (benchmarks/bench_geoparse.py, "long text"), not a test.
    text = "Flooding in Paris, Texas, and in Lyon closed roads. " * 5000  # 260 KB
    tops = geoparse(text)
    assert len(tops) == 15000


def test_adjective_before_a_title_is_a_demonym():
    p = places("German Chancellor Olaf Scholz met Japanese officials.")
    assert p["German"].kind == "demonym" and p["German"].country_code == "DE"


def test_given_name_and_rare_surname_is_a_person_even_for_a_country():
    assert [t.text for t in geoparse("Jordan Peterson spoke in Toronto.")] == ["Toronto"]


# --- round 2: metonymy, lists, designators --------------------------------------------------

def test_capital_as_speaker_is_a_metonym_but_keeps_its_place():
    t = places("Washington said on Monday that it would answer the launch.")["Washington"]
    assert t.kind == "metonym"
    # Still located: the US capital, 38.90 N 77.04 W.
    assert near(t, 38.90, -77.04, 30)


def test_country_with_auxiliary_and_decision_verb_is_a_metonym():
    assert places("Tokyo has strongly protested the test.")["Tokyo"].kind == "metonym"
    tops = places("The United States and Japan have decided to expand the drills.")
    assert tops["Japan"].kind == "metonym"
    assert tops["United States"].kind == "metonym"  # the whole coordinated subject


def test_place_readings_are_not_metonyms():
    # Where the speakers are, a possession, a possessive: places.
    assert places("Officials in Washington said the talks failed.")["Washington"].kind == "place"
    assert places("Japan has 47 prefectures.")["Japan"].kind == "place"
    assert places("Washington's streets were calm.")["Washington"].kind == "place"
    assert places("The talks between Paris and Berlin said little.")["Paris"].kind == "place"


def test_metonyms_are_left_out_of_event_places_only_by_kind():
    # The extraction keeps kind == "place"; a metonym is still reported by the geoparser.
    tops = geoparse("Seoul warned that Pyongyang fired a missile.")
    kinds = {t.text: t.kind for t in tops}
    assert kinds == {"Seoul": "metonym", "Pyongyang": "place"}


def test_a_list_of_countries_reads_each_name_as_a_country():
    # China (Kagoshima, Japan) is a town; in a list of countries "China" is the country.
    tops = places("Health officials in other countries such as Mexico, China, Japan, Ukraine and Brazil "
                  "also report cases.")
    assert tops["China"].country_code == "CN" and tops["China"].feature == "country"
    assert tops["Mexico"].country_code == "MX" and tops["Mexico"].feature == "country"


def test_a_list_of_states_reads_washington_as_the_state():
    tops = places("Cases were reported in Oregon, Idaho, Montana, Washington and Wyoming.")
    # Washington State's centre is about 47.4 N 120.5 W; the capital is 3,700 km away.
    assert tops["Washington"].feature == "admin1"
    assert near(tops["Washington"], 47.4, -120.5, 250)


def test_designator_word_says_the_kind_of_place():
    t = places("The disease was found in a cow at a Washington state farm.")["Washington"]
    assert t.feature == "admin1" and near(t, 47.4, -120.5, 250)
    t = places("Farmers in the state of Washington were told.")["Washington"]
    assert t.feature == "admin1"


def test_designator_and_list_helpers():
    from geo.geoparse.recognize import Mention
    from geo.geoparse.cues import designator, list_siblings

    text = "Mexico, China, Japan and Brazil; later Paris, Texas."
    ms = [Mention(text.index(w), text.index(w) + len(w), w) for w in ("Mexico", "China", "Japan", "Brazil", "Paris", "Texas")]
    sib = list_siblings(text, ms)
    assert sib[1] == [0, 2, 3]
    assert sib[4] == [] and sib[5] == []  # "Paris, Texas": a qualifier, not a list
    t = "a Washington state farm; Ohio State University; the province of Laguna"
    assert designator(t, Mention(2, 12, "Washington")) == ("admin1",)
    assert designator(t, Mention(25, 29, "Ohio")) == ()
    at = t.index("Laguna")
    assert designator(t, Mention(at, at + 6, "Laguna")) == ("admin1", "admin2")


def test_optional_article_in_of_names():
    t = places("Ebola returned to the Democratic Republic of Congo.")["Democratic Republic of Congo"]
    assert t.country_code == "CD"


def test_a_name_that_says_sea_is_the_sea():
    t = places("Ships in the Red Sea were diverted.")["Red Sea"]
    # The Red Sea lies between about 13 N and 28 N; Egypt's Red Sea governorate is land.
    assert t.feature == "sea" and 12 <= t.lat <= 29 and 32 <= t.lon <= 44


def test_two_capitals_are_an_abbreviation_not_a_town_spelled_so():
    text = "The EU and NY officials met."
    eu, ny = geoparse_spans(text, [(4, 6), (11, 13)])
    # Eu is a town in Normandy (50.05 N, 1.42 E): not what "EU" means.
    assert eu.lat is None or eu.country_code != "FR"
    assert ny.country_code == "US" and ny.feature == "admin1"


def test_a_village_the_gazetteer_leaves_out_is_a_candidate_for_a_given_span():
    # East Bank, West Virginia (38.22 N, 81.44 W; about 900 people), in Kanawha County.
    text = "Water rose in East Bank, and roads closed across Kanawha County on Monday."
    start = text.index("East Bank")
    (t,) = geoparse_spans(text, [(start, start + len("East Bank"))])
    assert near(t, 38.22, -81.44, 30)


def test_a_generic_word_left_over_is_not_looked_up_as_a_place():
    # "Western Creek" is in no gazetteer; "Creek" alone would find towns called Creek.
    text = "Horses were quarantined at Western Creek station."
    start = text.index("Western Creek")
    (t,) = geoparse_spans(text, [(start, start + len("Western Creek"))])
    assert t.lat is None and t.score == 0


@pytest.mark.parametrize("text, name", [
    ("Tensions between North and South Korea rose.", "North Korea"),
    ("North and South Korea's leaders met.", "North Korea"),
    ("Storms crossed North and South Dakota.", "North Dakota"),
    ("Voters in North or South Carolina.", "North Carolina"),
])
def test_a_direction_word_before_and_and_a_name_stands_for_the_whole_name(text, name):
    first = geoparse(text)[0]
    assert first.text == text[first.start:first.end] and first.text in ("North",)
    assert first.name == name


def test_direction_words_alone_stay_words():
    assert geoparse("North and South are words, and so is East.") == []


def test_a_given_span_on_the_direction_word_reads_the_ellipsis_too():
    text = "Leaders of North and South Korea met."
    (t,) = geoparse_spans(text, [(11, 16)])
    assert t.name == "North Korea" and t.country_code == "KP"


def test_a_lone_small_place_with_no_support_is_a_low_confidence_guess():
    # Piccadilly here is the London street; the index only holds a hamlet of that name in
    # Australia. Whatever is chosen, the confidence must say it is a guess.
    (t,) = geoparse("They met at a sushi bar in Piccadilly.")
    assert t.score < 0.5
    # A capital named alone stays a confident answer.
    (p,) = geoparse("The launch near Pyongyang was condemned.")
    assert p.score > 0.9


def test_a_given_span_the_index_lacks_is_put_at_the_nearest_named_place():
    # "Vaughn Ridge Road" is in no gazetteer; the story is about London, Kentucky
    # (37.13 N, 84.08 W), the nearest town the text names, not the state or country.
    text = ("Two London residents were charged after a stop on Vaughn Ridge Road, "
            "in Laurel County, Kentucky, United States.")
    spans = [(4, 10), (50, 67), (72, 85), (87, 95), (97, 110)]
    tops = geoparse_spans(text, spans)
    road = tops[1]
    assert road.text == "Vaughn Ridge Road" and road.feature == "near" and road.place is None
    assert near(road, 37.1, -84.1, 40)  # London or Laurel County, both within 40 km
    assert 0 < road.score < 0.5
    # Asked not to guess, it stays unresolved.
    assert geoparse_spans(text, spans, infer_unknown=False)[1].lat is None


def test_with_nothing_resolved_nothing_is_inferred():
    (t,) = geoparse_spans("Meet me at Qzxv Lane.", [(11, 20)])
    assert t.lat is None and t.score == 0
