"""The view in the URL (geo.view.state): round trip, and stale or bad links."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.pipeline import events_of_report
from geo.reports import read_report
from geo.view.filters import RANGE_CLASSES, REGIONS, ViewFilter, apply
from geo.view.state import (
    DEFAULT_LAYERS, LAYERS, MAX_TEXT, Known, ViewState, from_query, known_of, shown, to_query, with_filter,
)
from tests.conftest import SEED

D = dt.date
KNOWN = Known(
    actor_keys=frozenset({"PRK", "PRK:Kim Jong Un", "PRK:North Korea’s Defense Ministry", "USA", ":Wagner Group",
                          "KOR:South Korea, the state"}),
    types=frozenset({"missile_launch", "talks", "statement"}),
    event_ids=frozenset({"90542eb72716ef27", "e-2"}),
    sources=frozenset({"seed.txt", "cns.csv", "a & b, c.txt"}),
    first=D(2022, 1, 1), last=D(2024, 8, 31),
)


@pytest.fixture(scope="module")
def seed():
    return events_of_report(read_report(SEED))


def subset(values):
    return st.lists(st.sampled_from(sorted(values)), unique=True, max_size=3).map(tuple)


dates = st.dates(min_value=KNOWN.first, max_value=KNOWN.last)


@st.composite
def views(draw) -> ViewState:
    since, until = draw(st.none() | dates), draw(st.none() | dates)
    if since and until and since > until:
        since, until = until, since
    flt = ViewFilter(
        since=since, until=until, actors=draw(subset(KNOWN.actor_keys)), types=draw(subset(KNOWN.types)),
        text=draw(st.text(max_size=MAX_TEXT)), countries=draw(subset({"KP", "PRK", "US", "KOR", "JP"})),
        regions=draw(subset(REGIONS)), range_classes=draw(subset(RANGE_CLASSES)), sources=draw(subset(KNOWN.sources)),
    )
    centre = draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
    return ViewState(filter=flt, event=draw(st.none() | st.sampled_from(sorted(KNOWN.event_ids))),
                     layers=draw(subset(LAYERS)), center=centre, zoom=draw(st.none() | st.integers(1, 18)))


@given(views())
def test_round_trip(view):
    back, notices = from_query(to_query(view), KNOWN)
    assert notices == []
    assert back == view


def test_default_view_is_an_empty_query():
    assert to_query(ViewState()) == {}
    assert from_query({}, KNOWN) == (ViewState(), [])


def test_a_full_link_reads_back():
    q = {"since": "2023-12-01", "until": "2023-12-31", "actor": ["PRK", "PRK:Kim Jong Un"],
         "type": "missile_launch,talks", "q": "Pyongyang", "country": "kp", "region": "as", "range": "srbm",
         "source": "seed.txt", "event": "90542eb72716ef27", "layers": "rings,places", "lat": "39.03921",
         "lon": "125.7625", "zoom": "6"}
    view, notices = from_query(q, KNOWN)
    assert notices == []
    assert view.filter == ViewFilter(since=D(2023, 12, 1), until=D(2023, 12, 31), actors=("PRK", "PRK:Kim Jong Un"),
                                     types=("missile_launch", "talks"), text="Pyongyang", countries=("KP",),
                                     regions=("AS",), range_classes=("SRBM",), sources=("seed.txt",))
    assert view.event == "90542eb72716ef27" and view.layers == ("rings", "places")
    assert view.center == (39.0392, 125.7625) and view.zoom == 6
    assert to_query(view)["lat"] == "39.0392" and to_query(view)["actor"] == ["PRK", "PRK:Kim Jong Un"]


@pytest.mark.parametrize("params, expected_notice", [
    ({"actor": "XYZ"}, "actor 'XYZ' is not in the data; ignored"),
    ({"since": "2023-13-45"}, "since '2023\\-13\\-45' is not a date"),
    ({"until": "yesterday"}, "until 'yesterday' is not a date"),
    ({"since": "2024-01-02", "until": "2024-01-01"}, "since 2024-01-02 is after until 2024-01-01; both ignored"),
    ({"since": "2030-01-01"}, "no event lies in the dates asked for"),
    ({"event": "nope"}, "event 'nope' is not in the data; no event selected"),
    ({"type": "missile launch"}, "event type 'missile launch' is not in the data"),
    ({"source": "gone.txt"}, "source 'gone\\.txt' is not in the data"),
    ({"country": "ZZZ"}, "country 'ZZZ' is not an ISO 3166 code"),
    ({"region": "Mars"}, "region 'MARS' is not in the data"),
    ({"range": "XRBM"}, "range class 'XRBM' is not in the data"),
    ({"layers": "rings,heat"}, "layer 'heat' is not in the data"),
    ({"lat": "91", "lon": "0"}, "latitude '91' is outside -90..90"),
    ({"lat": "abc", "lon": "0"}, "lat 'abc' is not a number"),
    ({"lat": "10"}, "the map centre needs both lat and lon"),
    ({"zoom": "19"}, "zoom '19' is not a whole number in 1..18"),
    ({"zoom": "0"}, "zoom '0' is not a whole number in 1..18"),
    ({"zoom": "nan"}, "zoom 'nan' is not a number"),
    ({"zoom": "5.5"}, "zoom '5\\.5' is not a whole number"),
    ({"utm_source": "x"}, "unknown parameter 'utm\\_source'; ignored"),
    ({"q": "x" * (MAX_TEXT + 5)}, "the search text is longer than"),
    ({"event": ["90542eb72716ef27", "e-2"]}, "event is given 2 times"),
])
def test_bad_or_stale_values_give_a_notice_and_the_default(params, expected_notice):
    view, notices = from_query(params, KNOWN)
    assert any(expected_notice in n for n in notices), notices
    default = ViewState()
    assert view.filter.actors == () and view.filter.types == () and view.filter.sources == ()
    assert view.filter.since is None and view.filter.until is None
    assert view.center is None and view.zoom is None
    assert view.layers in (DEFAULT_LAYERS, ("rings",))
    assert view.event in (None, "90542eb72716ef27")
    assert view.filter.countries == default.filter.countries and view.filter.range_classes == ()


def test_good_values_survive_beside_bad_ones():
    view, notices = from_query({"actor": ["XYZ", "PRK"], "layers": "heat,zones", "type": ["talks", "nope"]}, KNOWN)
    assert view.filter.actors == ("PRK",) and view.layers == ("zones",) and view.filter.types == ("talks",)
    assert len(notices) == 3


def test_no_layers_is_not_the_default():
    view = ViewState(layers=())
    assert to_query(view) == {"layers": ""}
    assert from_query(to_query(view), KNOWN)[0].layers == ()


def test_longitude_is_wrapped_not_refused():
    view, notices = from_query({"lat": "10", "lon": "200", "zoom": "3.0"}, KNOWN)
    assert view.center == (10.0, -160.0) and view.zoom == 3 and notices == []


def test_notices_escape_markdown_and_never_raise():
    _, notices = from_query({"actor": "![x](http://tracker.example/a.png)", "event": "<b>"}, KNOWN)
    assert "!" not in notices[0].replace("\\!", "") and "](" not in notices[0]
    assert shown("<b>") == "'\\<b\\>'"
    assert len(shown("y" * 500)) < 70
    for params in ({"since": ["", "x"]}, {"zoom": ["1e309"]}, {"lat": "1", "lon": "inf"}, {"layers": ["", ","]},
                   {"q": "\x00"}, {"actor": [":"]}, {"country": ""}):
        from_query(params, KNOWN)  # no exception


def test_seed_link_to_an_actor_and_an_event(seed):
    known = known_of(seed)
    assert {"PRK", "PRK:Kim Jong Un", "USA:United States"} <= known.actor_keys
    assert known.first == D(2022, 1, 1) and known.last == D(2024, 8, 31)
    launch = next(e for e in seed if e.range_km)
    view, notices = from_query({"actor": "PRK:Kim Jong Un", "event": launch.id}, known)
    assert notices == [] and view.event == launch.id
    assert [a.name for e in apply(seed, view.filter) for a in e.actors] == ["Kim Jong Un"]
    assert with_filter(view, types=("statement",)).filter.actors == ("PRK:Kim Jong Un",)


@given(actors=subset(KNOWN.actor_keys), types=subset(KNOWN.types), sources=subset(KNOWN.sources),
       text=st.sampled_from(["", "Pyongyang", "a & b #1 ?x=1", "中文"]), since=st.one_of(st.none(), dates),
       event=st.sampled_from([None, "e-2"]))
def test_a_shared_link_opens_the_view_it_was_made_from(actors, types, sources, text, since, event):
    from urllib.parse import parse_qs, urlsplit

    from geo.view.state import share_link
    view = ViewState(filter=ViewFilter(since=since, actors=actors, types=types, sources=sources, text=text),
                     event=event, layers=("rings", "places"), center=(39.0339, 125.7543), zoom=6)
    link = share_link("https://maps.example.org/app/?old=1#x", view)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == ("https", "maps.example.org", "/app/", "")
    back, notices = from_query(parse_qs(parts.query), KNOWN)
    assert notices == [] and back == view
    assert share_link(None, ViewState()) == "?" and share_link(None, ViewState(event="e-2")) == "?event=e-2"
