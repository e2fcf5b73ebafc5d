"""Place roles, launch-facility matching and unnamed impact areas."""

from __future__ import annotations

import pytest

from geo.extract.places import PlaceMention, facility_for, find_direction, find_facilities, generic_impacts, role_of


def role(sentence: str, name: str, event_type: str = "missile_launch", **kw) -> str:
    i = sentence.index(name)
    return role_of(sentence, i, i + len(name), event_type, **kw)


@pytest.mark.parametrize(
    "sentence, name, expected",
    [
        ("The missile, launched from near Pyongyang, traveled 570 km.", "Pyongyang", "launch_site"),
        ("the launch was detected from the Sunan area at 7:10 AM", "Sunan", "launch_site"),
        ("These tests actually took place just outside of Kaesong.", "Kaesong", "launch_site"),
        ("North Korea fired a missile from Pyongyang's Sunan airport.", "Sunan", "launch_site"),
        ("It landed in the East Sea.", "East Sea", "impact_area"),
        ("before impacting 200 km west of Oshima island", "Oshima", "impact_area"),
        ("Japan said it did not land in the Sea of Japan.", "Sea of Japan", "mention"),
        ("It flew over Hokkaido before falling into the Pacific.", "Hokkaido", "mention"),
    ],
)
def test_launch_roles(sentence, name, expected):
    assert role(sentence, name) == expected


def test_other_roles():
    assert role("talks between U.S. and South Korean officials in Washington", "Washington", "meeting") == "venue"
    assert role("simulated nuclear attack scenarios on targets in South Korea", "South Korea", "military_exercise") == "target"
    assert role("Russia launched a massive attack on Kyiv", "Kyiv", "attack") == "target"
    # a known launch facility in a launch event is the launch site unless it was hit
    assert role("Images are similar to others taken of Hwangju.", "Hwangju", facility=True) == "launch_site"


def test_facilities_and_their_other_names():
    found = {(f.text, f.name) for f in find_facilities("launched from Sohae and from Mupyong-ri, later from Tonghae")}
    assert ("Sohae", "Sohae Satellite Launching Station") in found
    assert ("Tonghae", "Tonghae Satellite Launching Ground") in found
    assert any(text == "Mupyong-ri" for text, _ in found)  # the table writes Mup'yong-ni


def test_a_town_names_a_facility_but_a_capital_does_not():
    town = PlaceMention("Sunan", 0, 5, "Sunan", 39.2, 125.69, "KP", "city", 0.8)
    capital = PlaceMention("Pyongyang", 0, 9, "Pyongyang", 39.03, 125.75, "KP", "capital", 0.6)
    assert facility_for(town).name == "Pyongyang International Airport"
    assert facility_for(capital) is None


def test_unnamed_impact_areas():
    assert [g[0] for g in generic_impacts("North Korea fired a missile into the sea on Sunday.")] == ["the sea"]
    assert [g[0] for g in generic_impacts("It landed inside Japan's exclusive economic zone.")] == ["Japan's exclusive economic zone"]
    assert [g[0] for g in generic_impacts("It fell outside Japan's EEZ.")] == ["outside Japan's EEZ"]
    assert generic_impacts("It did not land inside Japan's exclusive economic zone.") == []


def test_direction():
    assert find_direction("The missile flew east for 570 km.") == "east"
    assert find_direction("It fell off the east coast.") == "off the east coast"
    assert find_direction("It fell into the East Sea.") is None
