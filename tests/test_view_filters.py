"""Filters shared by the map, table and timeline (geo.view.filters)."""

from __future__ import annotations

import dataclasses

import datetime as dt
import math

import pytest

from geo.pipeline import events_of_report
from geo.reports import read_report
from geo.view.filters import (
    CRITERIA, RANGE_CLASSES, ViewFilter, actor_key, actor_options, apply, counts, country_alpha2, date_bounds,
    effective_dates, flat_actor_options, keep_mask, option_counts, range_class, readable, split_actor_key,
)
from tests.conftest import SEED
from tests.test_view_events import enriched, launch_event, talks_event

D = dt.date


@pytest.fixture(scope="module")
def seed():
    return events_of_report(read_report(SEED))


def names(events):
    return {a.name for e in events for a in e.actors}


def test_state_key_rolls_up_its_institutions_and_leader(seed):
    kept = apply(seed, ViewFilter(actors=("PRK",)))
    assert {"North Korea", "North Korea’s Defense Ministry", "Kim Jong Un"} <= names(kept)
    assert all(any(a.code == "PRK" for a in e.actors) for e in kept)
    assert len(kept) == 12 and len(kept) < len(seed)  # 19 events: the concern about an arms alliance (issue 12 item 3), PRK and RUS its targets


def test_one_named_actor_alone(seed):
    [kim] = apply(seed, ViewFilter(actors=("PRK:Kim Jong Un",)))
    assert [a.name for a in kim.actors] == ["Kim Jong Un"]
    ministry = apply(seed, ViewFilter(actors=("PRK:North Korea’s Defense Ministry",)))
    assert len(ministry) == 2 and all("Kim Jong Un" not in names([e]) for e in ministry)
    # the state itself, alone, is not its ministry
    state = apply(seed, ViewFilter(actors=("PRK:North Korea",)))
    assert "North Korea’s Defense Ministry" not in {a.name for e in state for a in e.actors if a.code == "PRK"}
    # alternatives within a criterion
    both = apply(seed, ViewFilter(actors=("PRK:Kim Jong Un", "RUS")))
    assert len(both) == 1 + 3  # Russia: the invasion, the arms alliance, the concern about it


def test_actor_keys_split_at_the_first_colon():
    assert actor_key("PRK", "Kim Jong Un") == "PRK:Kim Jong Un"
    assert split_actor_key("PRK:Kim Jong Un") == ("PRK", "Kim Jong Un")
    assert split_actor_key("PRK") == ("PRK", None)
    assert split_actor_key(":Hamas: armed wing") == (None, "Hamas: armed wing")
    assert split_actor_key(actor_key(None, "X:Y")) == (None, "X:Y")


def test_actor_options_roll_up_with_counts(seed):
    options = actor_options(seed)
    prk = next(o for o in options if o.key == "PRK")
    assert prk.label == "North Korea (all: 12 events)" and prk.count == 12 and prk.parent is None  # 19 events: the concern about an arms alliance (issue 12 item 3), PRK and RUS its targets
    kids = {c.key: c for c in prk.children}
    assert kids["PRK:Kim Jong Un"].label == "Kim Jong Un (leader, 1 event)"
    assert kids["PRK:North Korea’s Defense Ministry"].count == 2 and kids["PRK:Kim Jong Un"].parent == "PRK"
    assert prk.children[0].key == "PRK:North Korea"  # the state first
    # each option's count is what applying its key keeps
    for o in flat_actor_options(options):
        assert o.count == len(apply(seed, ViewFilter(actors=(o.key,)))), o.key
    assert options[0].count >= options[-1].count
    flat = flat_actor_options(options)
    assert flat[flat.index(prk) + 1].parent == "PRK"


def test_option_counts_have_thousands_separators():
    [event] = enriched(talks_event(actors=[{"name": "Wagner Group", "role": "initiator"}]))
    [opt] = actor_options([dataclasses.replace(event, id=f"e{i}") for i in range(1234)])
    assert opt.count == 1234 and opt.label == "Wagner Group (1,234 events)"


def test_actor_without_code_is_an_option_of_its_own():
    events = enriched(talks_event(actors=[{"name": "Wagner Group", "role": "initiator"}]))
    [opt] = actor_options(events)
    assert opt.key == ":Wagner Group" and not opt.children
    assert len(apply(events, ViewFilter(actors=(opt.key,)))) == 1
    assert apply(events, ViewFilter(actors=("PRK",))) == []


def test_events_the_text_does_not_date_are_marked_and_end_by_the_report_date(seed):
    # 14 of the seed's 19 events have no date in their sentence: extraction reasons an
    # interval for them (docs/extract.md) and marks it "reported"
    reported = [e for e in seed if e.date_precision == "reported"]
    assert len(reported) == 14
    for e in reported:
        first, last, marked = effective_dates(e)
        assert marked and first <= last <= D(2023, 12, 18)
    year = ViewFilter(since=D(2022, 12, 18), until=D(2023, 12, 18))
    assert {e.id for e in reported} <= {e.id for e in apply(seed, year)}
    assert counts(seed, year)["dated_by_report"] == 14
    # a window before any of them excludes them all
    assert not {e.id for e in reported} & {e.id for e in apply(seed, ViewFilter(until=D(2022, 6, 30)))}


def test_undated_events_are_placed_on_their_report_date_and_marked():
    [e] = enriched(talks_event(date=None, date_end=None, date_precision=None, report_date="2023-12-18"))
    assert effective_dates(e) == (D(2023, 12, 18), D(2023, 12, 18), True)
    assert apply([e], ViewFilter(since=D(2023, 12, 18), until=D(2023, 12, 18))) == [e]
    assert apply([e], ViewFilter(until=D(2023, 12, 17))) == []


def test_date_filter_keeps_overlapping_intervals(seed):
    kept = {e.id for e in apply(seed, ViewFilter(since=D(2023, 1, 1), until=D(2023, 1, 31)))}
    since_2022 = next(e for e in seed if e.date == D(2022, 1, 1))
    assert since_2022.id in kept  # "since 2022" spans January 2023
    launch = next(e for e in seed if e.date == D(2023, 12, 17) and e.type == "missile_launch")
    assert launch.id not in kept
    month = next(e for e in seed if e.date_precision == "month")
    assert month.id not in kept
    assert effective_dates(month) == (D(2023, 11, 1), D(2023, 11, 30), False)
    assert month.id in {e.id for e in apply(seed, ViewFilter(since=D(2023, 11, 30)))}
    assert month.id not in {e.id for e in apply(seed, ViewFilter(since=D(2023, 12, 1)))}


def test_event_with_no_date_at_all_is_never_dropped():
    [e] = enriched(talks_event(date=None, date_end=None, date_precision=None))
    assert effective_dates(e) == (None, None, True)
    assert apply([e], ViewFilter(since=D(2000, 1, 1), until=D(2000, 1, 2))) == [e]


def test_range_classes_bounds():
    assert [range_class(x) for x in (570, 999.9, 1000, 2999, 3000, 5499, 5500, 13000)] == \
        ["SRBM", "SRBM", "MRBM", "MRBM", "IRBM", "IRBM", "ICBM", "ICBM"]
    assert range_class(None) is None and range_class(math.nan) is None and range_class(0) is None
    assert set(RANGE_CLASSES) == {"SRBM", "MRBM", "IRBM", "ICBM"}
    events = enriched(launch_event(), launch_event(id="i", range_km=13000), talks_event())
    assert [e.id for e in apply(events, ViewFilter(range_classes=("ICBM",)))] == ["i"]
    assert [e.id for e in apply(events, ViewFilter(range_classes=("SRBM", "ICBM")))] == ["r1-e1", "i"]


def test_text_countries_regions_sources_types(seed):
    events = enriched(launch_event(), talks_event(source="other.txt"))
    assert [e.id for e in apply(events, ViewFilter(text="  PYONGYANG  kilometers"))] == ["r1-e1"]
    assert apply(events, ViewFilter(text="pyongyang washington")) == []  # every word must occur
    assert [e.id for e in apply(events, ViewFilter(countries=("PRK",)))] == ["r1-e1"]  # alpha-3
    assert [e.id for e in apply(events, ViewFilter(countries=("us",)))] == ["r1-e2"]  # alpha-2, any case
    assert [e.id for e in apply(events, ViewFilter(regions=("NA",)))] == ["r1-e2"]
    assert [e.id for e in apply(events, ViewFilter(sources=("other.txt",)))] == ["r1-e2"]
    assert [e.id for e in apply(events, ViewFilter(types=("missile_launch",)))] == ["r1-e1"]
    curly = enriched(talks_event(sentence="The country’s nuclear program."))
    assert len(apply(curly, ViewFilter(text="Country's"))) == 1  # a straight apostrophe finds a curly one
    assert country_alpha2("PRK") == "KP" and country_alpha2("XYZ") is None


def test_criteria_combine_with_and(seed):
    flt = ViewFilter(actors=("PRK",), types=("statement",), since=D(2023, 12, 18))
    kept = apply(seed, flt)
    assert kept and all(e.type == "statement" and any(a.code == "PRK" for a in e.actors) for e in kept)
    assert keep_mask(seed, flt) == [e in kept for e in seed]


def test_counts_say_what_each_criterion_keeps(seed):
    flt = ViewFilter(actors=("PRK",), types=("missile_launch",))
    c = counts(seed, flt)
    assert c["total"] == 19 and c["actors"] == 12 and c["types"] == 2 and c["dates"] == 19  # 19 events: the concern about an arms alliance (issue 12 item 3), PRK and RUS its targets
    assert c["shown"] == len(apply(seed, flt)) == 2
    assert set(CRITERIA) <= set(c)
    assert counts(seed, ViewFilter())["shown"] == 19 and ViewFilter().empty and not flt.empty


def test_option_counts(seed):
    c = option_counts(seed)
    assert c["types"]["statement"] == 7 and c["range_classes"] == {"SRBM": 1, "MRBM": 0, "IRBM": 0, "ICBM": 0}
    # AS 3: the launch, the deployment to South Korea and, since issue 12 item 4 (countries as areas), the simulated
    # attacks on targets in South Korea
    assert c["countries"]["KP"] == 1 and c["regions"]["AS"] == 3
    assert sum(c["sources"].values()) == 19  # 19 events: the concern about an arms alliance (issue 12 item 3), PRK and RUS its targets


def test_date_bounds_can_ignore_long_intervals(seed):
    assert date_bounds(seed) == (D(2022, 1, 1), D(2024, 8, 31))
    assert date_bounds(seed, long_days=60) == (D(2023, 11, 1), D(2024, 8, 31))
    assert date_bounds([]) is None


def test_readable_labels():
    assert readable("missile_launch") == "missile launch" and readable(None) == ""


def test_clamp_span_fills_clamps_and_orders_a_date_span():
    from geo.view.filters import clamp_span
    lo, hi = dt.date(2020, 1, 1), dt.date(2024, 12, 31)
    assert clamp_span(None, None, lo, hi) == (lo, hi)
    assert clamp_span(dt.date(2019, 5, 1), dt.date(2030, 1, 1), lo, hi) == (lo, hi)
    assert clamp_span(dt.date(2023, 6, 1), dt.date(2021, 2, 3), lo, hi) == (dt.date(2021, 2, 3), dt.date(2023, 6, 1))
    assert clamp_span(dt.date(2022, 1, 1), None, lo, hi) == (dt.date(2022, 1, 1), hi)
