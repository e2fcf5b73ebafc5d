"""Relative and explicit dates resolved against a report date (expected values worked out by hand)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from geo.extract.dates import find_dates

D = dt.date
MON_2023_12_18 = D(2023, 12, 18)  # the seed's date, a Monday


def one(text: str, report: dt.date = MON_2023_12_18):
    found = find_dates(text, report)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, report, expected",
    [
        ("fired a missile on Sunday.", MON_2023_12_18, D(2023, 12, 17)),
        ("on Monday", MON_2023_12_18, D(2023, 12, 18)),  # the report's own day
        ("on Tuesday", MON_2023_12_18, D(2023, 12, 12)),  # the Tuesday before
        ("last Monday", MON_2023_12_18, D(2023, 12, 11)),
        ("next Friday", MON_2023_12_18, D(2023, 12, 22)),
        ("talks will be held on Friday", MON_2023_12_18, D(2023, 12, 22)),
        ("on Saturday", D(2024, 1, 1), D(2023, 12, 30)),  # across the year end
        ("yesterday", D(2024, 1, 1), D(2023, 12, 31)),
        ("three days ago", D(2024, 3, 1), D(2024, 2, 27)),  # 2024 is a leap year
        ("On March 24, 2021, North Korea", MON_2023_12_18, D(2021, 3, 24)),
        ("on 16 April 2022", MON_2023_12_18, D(2022, 4, 16)),
        ("on the 4th of July", D(2006, 7, 5), D(2006, 7, 4)),
        ("2023-12-17", MON_2023_12_18, D(2023, 12, 17)),
        ("On February 20 (local time)", D(2023, 2, 19), D(2023, 2, 20)),  # a day after the row date
        ("on December 30", D(2024, 1, 2), D(2023, 12, 30)),  # no year, across the year end
    ],
)
def test_days(text, report, expected):
    d = one(text, report)
    assert (d.date, d.precision, d.date_end) == (expected, "day", None)


@pytest.mark.parametrize(
    "text, report, first, last",
    [
        ("Last month, North Korea launched", MON_2023_12_18, D(2023, 11, 1), D(2023, 11, 30)),
        ("last month", D(2024, 1, 10), D(2023, 12, 1), D(2023, 12, 31)),  # across the year end
        ("last month", D(2024, 3, 31), D(2024, 2, 1), D(2024, 2, 29)),
        ("earlier this month", MON_2023_12_18, D(2023, 12, 1), D(2023, 12, 31)),
        ("in April 2023", MON_2023_12_18, D(2023, 4, 1), D(2023, 4, 30)),
        ("in May", D(2023, 3, 1), D(2022, 5, 1), D(2022, 5, 31)),  # a past May, not a future one
    ],
)
def test_months(text, report, first, last):
    d = one(text, report)
    assert (d.date, d.precision, d.date_end) == (first, "month", last)


@pytest.mark.parametrize(
    "text, report, year",
    [("last year", MON_2023_12_18, 2022), ("in 2021", MON_2023_12_18, 2021), ("last year", D(2024, 1, 1), 2023)],
)
def test_years(text, report, year):
    d = one(text, report)
    assert (d.date, d.precision, d.date_end) == (D(year, 1, 1), "year", D(year, 12, 31))


@pytest.mark.parametrize(
    "text, report, first, last, planned",
    [
        ("since the beginning of 2022", MON_2023_12_18, D(2022, 1, 1), MON_2023_12_18, False),
        ("since 2019", MON_2023_12_18, D(2019, 1, 1), MON_2023_12_18, False),
        ("next summer", MON_2023_12_18, D(2024, 6, 1), D(2024, 8, 31), True),
        ("next summer", D(2023, 7, 1), D(2024, 6, 1), D(2024, 8, 31), True),
        ("last summer", MON_2023_12_18, D(2023, 6, 1), D(2023, 8, 31), False),
        ("last winter", D(2024, 3, 5), D(2023, 12, 1), D(2024, 2, 29), False),
        ("last week", MON_2023_12_18, D(2023, 12, 11), D(2023, 12, 17), False),
        ("the May 29-30 test", D(1993, 5, 29), D(1993, 5, 29), D(1993, 5, 30), False),
        ("between April and September of 1984", D(1984, 4, 9), D(1984, 4, 1), D(1984, 9, 30), False),
        ("on Saturday and Sunday", D(2021, 9, 13), D(2021, 9, 11), D(2021, 9, 12), False),
    ],
)
def test_ranges(text, report, first, last, planned):
    d = one(text, report)
    assert (d.date, d.date_end, d.planned) == (first, last, planned)
    assert d.precision == "range"


def test_offsets_point_at_the_words():
    text = "North Korea fired a short-range ballistic missile into the sea on Sunday."
    d = one(text)
    assert text[d.start:d.end] == "on Sunday"


def test_no_dates_in_plain_words():
    assert find_dates("It may be that the missile flew 570 km at 7:10 AM.", MON_2023_12_18) == []


@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31)), st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_weekday_is_the_latest_such_day_not_after_the_report(report, weekday):
    d = one(f"on {weekday}", report)
    assert d.date.strftime("%A") == weekday
    assert 0 <= (report - d.date).days <= 6


def test_days_counted_from_another_day_in_the_text():
    text = "North Korea announced this test on May 9th (local time) but most assume the test occurred the day before."
    first, second = find_dates(text, D(2015, 5, 10))
    assert (first.date, second.date, second.text) == (D(2015, 5, 9), D(2015, 5, 8), "the day before")
    (later,) = find_dates("Two days later, Japan protested.", D(2024, 1, 20), anchor=D(2023, 12, 31))
    assert later.date == D(2024, 1, 2) and later.precision == "day"  # across the year end
    assert find_dates("the following day", D(2024, 1, 20)) == []  # nothing to count from


# --- times counted from another day or event (round 2) ---

@pytest.mark.parametrize(
    "text, precision, first, last, relative",
    [
        # minutes, "soon after", "later that day": the same day as the day written before
        ("A few minutes later a second missile was fired.", "day", D(2023, 12, 17), None, "text"),
        ("Later that day, the council met.", "day", D(2023, 12, 17), None, "text"),
        ("Japan protested soon afterwards.", "day", D(2023, 12, 17), None, "text"),
        # named event: the caller may re-anchor on that event's day
        ("Soon after the launch, Japan condemned it.", "day", D(2023, 12, 17), None, "event"),
        # hours after a time of day we may not know can fall on the next day: both days
        ("Several hours later, Seoul fired back.", "range", D(2023, 12, 17), D(2023, 12, 18), "text"),
        ("Two hours after the launch, Japan protested.", "range", D(2023, 12, 17), D(2023, 12, 18), "event"),
    ],
)
def test_relative_times_count_from_the_anchor(text, precision, first, last, relative):
    found = find_dates(text, MON_2023_12_18, anchor=D(2023, 12, 17))
    assert len(found) == 1, found
    d = found[0]
    assert (d.precision, d.date, d.date_end, d.relative) == (precision, first, last, relative)


def test_relative_times_need_an_anchor_and_a_time_phrase():
    assert find_dates("Several hours later, Seoul fired back.", MON_2023_12_18) == []  # nothing to count from
    assert find_dates("It flew for 30 minutes later than expected.", MON_2023_12_18, anchor=D(2023, 12, 17)) == []
    # "soon after midnight on Sunday" is a time of day, not a time after something
    found = find_dates("The missile was launched soon after midnight on Sunday.", MON_2023_12_18, anchor=D(2023, 12, 10))
    assert [(d.text, d.date) for d in found] == [("on Sunday", D(2023, 12, 17))]


def test_relative_time_counts_from_a_day_earlier_in_the_sentence():
    found = find_dates("On December 1 it fired one missile, and another one hour later.", MON_2023_12_18, anchor=D(2023, 11, 20))
    assert [(d.date, d.date_end) for d in found] == [(D(2023, 12, 1), None), (D(2023, 12, 1), D(2023, 12, 2))]
