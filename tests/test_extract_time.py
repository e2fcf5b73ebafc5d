"""Every event gets a time interval (issue 12, item 1): the text's date, else one reasoned
from the text and the report date, with precision "reported" and the rule in date_basis.

Expected intervals are worked out by hand from the texts and the windows documented in
docs/extract.md (RECENT_DAYS = PRECEDING_DAYS = 30, PAST_DAYS = PLANNED_DAYS = 365).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from geo.extract import extract_report
from geo.pipeline import events_of_report
from geo.reports import read_report, report_from_text

SEED = Path(__file__).resolve().parent.parent / "seeds" / "2023-12-18_north-korea-srbm-launch.txt"


def _events(text: str, date: str) -> list[dict]:
    return extract_report(report_from_text(text, date=date))


def _one(events: list[dict], etype: str) -> dict:
    found = [e for e in events if e["type"] == etype]
    assert found, f"no {etype} event in {[e['type'] for e in events]}"
    return found[0]


def _span(e: dict) -> tuple[str, str]:
    return e["date"], e["date_end"] or e["date"]


def test_text_date_is_kept_with_basis_text():
    e = _one(_events("North Korea fired a ballistic missile on Sunday.", "2023-12-18"), "missile_launch")
    assert (e["date"], e["date_precision"], e["date_basis"]) == ("2023-12-17", "day", "text")


def test_bare_past_tense_ends_at_report_date_with_a_wide_first_day():
    e = _one(_events("Japan condemned North Korea.", "2023-12-18"), "statement")
    assert _span(e) == ("2022-12-18", "2023-12-18")
    assert (e["date_precision"], e["date_basis"]) == ("reported", "reported")


def test_recent_is_within_weeks_across_a_year_end():
    e = _one(_events("North Korea recently deployed troops to Russia.", "2024-01-10"), "deployment")
    assert _span(e) == ("2023-12-11", "2024-01-10")
    assert e["date_basis"] == "recent"


def test_promptly_shared_is_the_day_of_the_launch():
    text = ("North Korea fired a ballistic missile on Sunday. South Korea promptly shared the launch "
            "information with Japan.")
    events = _events(text, "2023-12-18")
    shared = _one(events, "agreement")
    assert _span(shared) == ("2023-12-17", "2023-12-17")
    assert (shared["date_precision"], shared["date_basis"]) == ("reported", "same_day")


def test_reaction_to_a_launch_is_after_it_and_by_the_report():
    # launch on Sunday 31 December 2023 (report Tuesday 2 January 2024): the condemnation lies between
    text = "North Korea fired a ballistic missile on Sunday. The launch was condemned by Japan."
    e = _one(_events(text, "2024-01-02"), "statement")
    assert _span(e) == ("2023-12-31", "2024-01-02")
    assert e["date_basis"] == "after"


def test_launch_followed_talks_puts_the_talks_before_it_across_a_month_end():
    text = ("North Korea fired a ballistic missile on March 1. The recent launch followed security talks "
            "between South Korean and U.S. officials in Washington.")
    e = _one(_events(text, "2024-03-04"), "meeting")
    # 2024 is a leap year: 30 days before March 1 is January 31
    assert _span(e) == ("2024-01-31", "2024-03-01")
    assert e["date_basis"] == "before"


def test_during_these_talks_takes_the_talks_interval():
    text = ("North Korea fired a ballistic missile on March 1. The recent launch followed security talks "
            "between South Korean and U.S. officials in Washington. During these talks, both parties agreed "
            "to update their deterrence strategies.")
    ag = _one(_events(text, "2024-03-04"), "agreement")
    assert _span(ag) == ("2024-01-31", "2024-03-01")
    assert ag["date_basis"] == "during"


def test_soon_after_the_launch_is_the_launch_day_across_a_year_end():
    text = "North Korea fired a missile on Sunday. Soon after the launch, the ministry issued a statement."
    e = _one(_events(text, "2024-01-01"), "statement")  # Monday 1 January 2024: Sunday is 31 December
    assert _span(e) == ("2023-12-31", "2023-12-31")


def test_planned_events_lie_after_the_report():
    e = _one(_events("South Korea and the United States will hold joint exercises.", "2023-12-18"), "military_exercise")
    assert e["modality"] == "planned"
    assert _span(e) == ("2023-12-19", "2024-12-17")
    assert e["date_basis"] == "planned"


def test_next_summer_is_the_text_date():
    e = _one(_events("They agreed to hold joint military exercises next summer.", "2023-12-18"), "military_exercise")
    assert _span(e) == ("2024-06-01", "2024-08-31")
    assert e["date_basis"] == "text"


def test_present_tense_is_the_report_day_or_the_day_before():
    e = _one(_events("Kim condemns the exercises as invasion rehearsals.", "2024-03-01"), "statement")
    assert _span(e) == ("2024-02-29", "2024-03-01")  # leap day
    assert e["date_basis"] == "present"


def test_a_noun_has_no_tense():
    e = _one(_events("Concerns have arisen about a possible arms alliance between North Korea and Russia.", "2023-12-18"),
             "agreement")
    assert e["date_basis"] != "present"
    assert e["date_end"] == "2023-12-18"


SEED_EXPECTED = {
    # (type, trigger) -> (first, last, basis), from reading the seed (report Monday 2023-12-18)
    ("missile_launch", "fired"): ("2023-12-17", "2023-12-17", "text"),           # "on Sunday"
    ("agreement", "shared the launch information"): ("2023-12-17", "2023-12-17", "same_day"),  # "promptly"
    ("statement", "condemned"): ("2023-12-17", "2023-12-18", "after"),            # "The launch has been condemned"
    ("meeting", "high-level security talks"): ("2023-11-17", "2023-12-17", "before"),  # "The recent launch ... followed"
    ("agreement", "agreed"): ("2023-11-17", "2023-12-17", "during"),              # "During these talks"
    ("military_exercise", "joint military exercises"): ("2024-06-01", "2024-08-31", "text"),  # "next summer"
    ("statement", "issued a statement"): ("2023-12-17", "2023-12-17", "text"),    # "soon after the launch"
    ("satellite_launch", "launched"): ("2023-11-01", "2023-11-30", "text"),       # "Last month"
    ("missile_launch", "test-fired"): ("2022-01-01", "2023-12-18", "text"),       # "since the beginning of 2022"
    ("statement", "vowed"): ("2022-12-18", "2023-12-18", "reported"),
    # issue 12 item 3: the kinds added after extraction get intervals by the same rules
    ("attack", "invasion"): ("2022-12-18", "2023-12-18", "reported"),            # background, undated
    ("statement", "Concerns"): ("2022-12-18", "2023-12-18", "reported"),         # "Concerns have arisen"
}


def test_seed_events_all_have_intervals_ending_by_their_rule():
    events = events_of_report(read_report(SEED))
    assert events and all(e.date is not None for e in events)
    got = {(e.type, (e.trigger or {}).get("text")): (e.date.isoformat(), (e.date_end or e.date).isoformat(), e.date_basis)
           for e in events}
    for key, want in SEED_EXPECTED.items():
        assert got.get(key) == want, key
    report_day = dt.date(2023, 12, 18)
    for e in events:
        if e.modality != "planned" and e.date_basis != "text":
            assert (e.date_end or e.date) <= report_day, e.type
            assert e.date_precision == "reported"


@pytest.mark.parametrize("basis", ["text", "reported"])
def test_date_basis_survives_the_json_round_trip(basis):
    from geo.events import event_from_dict

    events = events_of_report(read_report(SEED))
    e = next(x for x in events if x.date_basis == basis)
    assert event_from_dict(e.to_dict()).date_basis == basis
