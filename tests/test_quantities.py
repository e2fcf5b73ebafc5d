"""Distances, units, apogee, flight time and counts (expected values from unit definitions)."""

from __future__ import annotations

import pytest

from geo.extract.quantities import disagree, find_quantities


def kinds(text):
    return [(q.kind, q.value) for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text, km",
    [
        ("traveled approximately 570 kilometers before landing", 570.0),
        ("flew about 1,000 km", 1000.0),
        ("flew 600 miles", 965.606),  # 1 mile = 1.609344 km
        ("flew 300 nautical miles", 555.6),  # 1 nautical mile = 1.852 km
        ("flew 1000.2 km", 1000.2),
        ("a flight of 250 kilometres", 250.0),
        ("flew 4,500 km", 4500.0),
    ],
)
def test_range_and_units(text, km):
    (q,) = find_quantities(text)
    assert q.kind == "range" and q.value == pytest.approx(km, abs=0.01)


def test_qualifier_and_offsets():
    text = "The missile traveled approximately 570 kilometers before landing in the sea."
    (q,) = find_quantities(text)
    assert q.qualifier == "approximately"
    assert text[q.start:q.end] == "approximately 570 kilometers"


def test_apogee_and_range_in_one_sentence():
    assert kinds("reaching an apogee of 60 km and a range of 450 km") == [("apogee", 60.0), ("range", 450.0)]
    assert kinds("reaching a range of 1000 km and a 6000 km apogee") == [("range", 1000.0), ("apogee", 6000.0)]
    assert kinds("reached an altitude 60 km and travelled 590 km") == [("apogee", 60.0), ("range", 590.0)]


def test_numbers_sharing_a_unit():
    got = kinds("flew 400 and 350 km downrange, with apogees of 100 and 50 km, respectively")
    assert got == [("range", 400.0), ("range", 350.0), ("apogee", 100.0), ("apogee", 50.0)]


def test_bracketed_conversion_is_the_same_quantity():
    assert kinds("Apogee: 581 km (361 mi). Perigee: 498 km (309 mi).") == [("apogee", 581.0), ("perigee", 498.0)]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("impacting 200 km west of Oshima island", "offset"),
        ("The debris landed about 165 km in the ocean west of Seoul.", "offset"),
        ("a missile with a range greater than or equal to 300 km", "capability"),
        ("it likely could have flown approx 1,900 km", "capability"),
    ],
)
def test_not_a_flown_distance(text, kind):
    (q,) = find_quantities(text)
    assert q.kind == kind


def test_flight_time_and_counts():
    got = kinds("North Korea has test-fired over 100 missiles; one flew for approximately 70 minutes.")
    assert ("count", 100) in got and ("flight_time", 4200.0) in got
    assert [q.qualifier for q in find_quantities("test-fired over 100 missiles")] == ["over"]
    assert kinds("fired two short-range ballistic missiles") == [("count", 2)]


def test_intervals_are_not_flight_times_nor_model_numbers_counts():
    assert kinds("the missiles were launched within 30 seconds of each other") == []
    assert kinds("The Chollima-1 rocket lifted off") == []


def test_disagree():
    assert disagree([570.0, 400.0])
    assert not disagree([1000.0, 1000.2])
    assert not disagree([570.0])
