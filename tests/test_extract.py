"""Events of the seed report and of short reports written for these tests.

Expected values come from reading the texts: the seed is dated Monday 2023-12-18,
so "on Sunday" is 2023-12-17 and "last month" is November 2023; Pyongyang is at
about 39.02 N, 125.75 E; the Sohae station at about 39.66 N, 124.71 E; Pyongyang's
Sunan airport at about 39.22 N, 125.67 E.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from geo.cli import main
from geo.extract import EVENT_TYPES, extract_report, extract_reports
from geo.reports import read_report, report_from_text

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
# impact_zone is made at enrichment (geo.pipeline), not by extraction: see zone_of
CONTRACT_KEYS = {"id", "type", "date", "date_precision", "date_end", "actors", "places", "range_km", "apogee_km",
                 "sentence", "start", "end", "source", "confidence"}


def zone_of(report, event):
    """The impact zone the pipeline (extract, type, enrich) gives the extracted ``event``."""
    from geo.pipeline import events_of_report

    return next(e for e in events_of_report(report) if e.id == event["id"]).to_dict()["impact_zone"]


def km_between(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def seed(seed_path):
    report = read_report(seed_path)
    return report, extract_report(report)


def of_type(events, etype, **where):
    found = [e for e in events if e["type"] == etype and all(e.get(k) == v for k, v in where.items())]
    assert found, f"no {etype} event with {where} in {[(e['type'], e['date']) for e in events]}"
    return found


def codes(event, role=None):
    return {a["code"] for a in event["actors"] if role is None or a["role"] == role}


def test_seed_missile_launch(seed):
    report, events = seed
    launch = of_type(events, "missile_launch", date="2023-12-17")[0]
    assert launch["date_precision"] == "day" and launch["date_end"] is None
    assert codes(launch, "initiator") == {"PRK"}
    assert launch["range_km"] == 570
    site = next(p for p in launch["places"] if p["role"] == "launch_site")
    assert site["name"] == "Pyongyang" and km_between(site["lat"], site["lon"], 39.02, 125.75) < 30
    assert any(p["role"] == "impact_area" for p in launch["places"])
    # provenance: the sentence, and the words behind the range
    assert report.text[launch["start"]:launch["end"]] == launch["sentence"]
    assert launch["sentence"].startswith("In a clear act of defiance")
    a, b = launch["evidence"]["range_km"]
    assert report.text[a:b] == "approximately 570 kilometers"
    a, b = launch["evidence"]["date"]
    assert report.text[a:b] == "on Sunday"
    # "landed in the sea" with a range and a site: an impact zone polygon
    assert zone_of(report, launch)["type"] in ("Polygon", "MultiPolygon")


def test_seed_other_events(seed):
    _, events = seed
    share = of_type(events, "agreement", subtype="share_information")[0]
    assert codes(share, "initiator") == {"KOR"} and {"USA", "JPN"} <= codes(share, "participant")
    assert "Joint Chiefs of Staff" in next(a["name"] for a in share["actors"] if a["code"] == "KOR")

    condemn = of_type(events, "statement", subtype="condemnation")[0]
    assert "UN" in codes(condemn) and "condemned" in condemn["sentence"]

    trilateral = [e for e in of_type(events, "agreement") if "trilateral" in e["sentence"]]
    assert trilateral and codes(trilateral[0]) == {"USA", "KOR", "JPN"}

    talks = of_type(events, "meeting")[0]
    assert {"USA", "KOR"} <= codes(talks, "participant") and "PRK" not in codes(talks)
    venue = next(p for p in talks["places"] if p["role"] == "venue")
    assert venue["name"] == "Washington" and venue["country_code"] == "US"

    ministry = [e for e in of_type(events, "statement") if "Defense Ministry" in e["sentence"]][0]
    assert codes(ministry, "initiator") == {"PRK"}

    deployment = of_type(events, "deployment")[0]
    assert codes(deployment, "initiator") == {"USA"} and "strategic bombers" in deployment["sentence"]


def test_seed_dates_at_the_precision_the_text_gives(seed):
    _, events = seed
    since = of_type(events, "missile_launch", date="2022-01-01")[0]
    assert (since["date_precision"], since["date_end"], since["count"], since["count_qualifier"]) == (
        "range", "2023-12-18", 100, "over")
    satellite = of_type(events, "satellite_launch")[0]
    assert (satellite["date"], satellite["date_precision"], satellite["date_end"]) == ("2023-11-01", "month", "2023-11-30")
    assert codes(satellite, "initiator") == {"PRK"}
    drills = of_type(events, "military_exercise", date="2024-06-01")[0]
    assert drills["modality"] == "planned" and drills["date_end"] == "2024-08-31"


def test_seed_possible_alliance_is_marked_possible(seed):
    _, events = seed
    alliance = [e for e in of_type(events, "agreement") if "alliance" in e["sentence"]][0]
    assert codes(alliance) == {"PRK", "RUS"} and alliance["modality"] == "possible"
    assert alliance["confidence"] < 0.6


def test_seed_shape_ids_and_offsets(seed):
    report, events = seed
    assert len(events) >= 10
    json.dumps(events)  # serialisable
    assert len({e["id"] for e in events}) == len(events)
    assert [e["id"] for e in extract_report(report)] == [e["id"] for e in events]  # stable
    for e in events:
        assert CONTRACT_KEYS <= set(e) and e["type"] in EVENT_TYPES
        assert 0 < e["confidence"] <= 1
        for a in e["actors"]:
            assert a["role"] in ("initiator", "target", "participant", "authority")  # authority: issue 12 item 3
        for p in e["places"]:
            assert p["role"] in ("launch_site", "impact_area", "venue", "target", "mention")
            assert report.text[p["start"]:p["end"]]
        for field, span in e["evidence"].items():
            for a, b in span if field == "actors" else [span]:
                assert 0 <= a < b <= len(report.text)
    assert not any(e["sentence"].startswith("Sources:") for e in events)


def fixture_events(name):
    return extract_report(read_report(FIXTURES / name))


def test_satellite_from_sohae():
    events = fixture_events("sohae_satellite.txt")
    sat = of_type(events, "satellite_launch")[0]
    assert (sat["date"], sat["date_precision"]) == ("2023-11-21", "day")  # "late on Tuesday", report Wednesday
    assert codes(sat, "initiator") == {"PRK"}
    assert sat["launch_site"]["feature"] == "facility" and "Sohae" in sat["launch_site"]["name"]
    assert km_between(sat["launch_site"]["lat"], sat["launch_site"]["lon"], 39.66, 124.71) < 10
    assert len([e for e in events if e["type"] == "satellite_launch"]) == 1  # the second sentence adds, not repeats
    condemn = of_type(events, "statement", subtype="condemnation")[0]
    assert {"JPN", "KOR"} <= codes(condemn, "initiator")


def test_icbm_from_sunan_into_japans_eez():
    (icbm,) = [e for e in fixture_events("sunan_icbm_eez.txt") if e["type"] == "missile_launch"]
    assert icbm["date"] == "2022-11-18" and codes(icbm, "initiator") == {"PRK"}
    assert icbm["range_km"] == 1000 and icbm["apogee_km"] == 6100 and icbm["flight_time_s"] == 69 * 60
    assert icbm["launch_site"]["feature"] == "facility"
    assert km_between(icbm["launch_site"]["lat"], icbm["launch_site"]["lon"], 39.22, 125.67) < 10
    assert any("exclusive economic zone" in p["name"] and p["role"] == "impact_area" for p in icbm["places"])
    assert zone_of(read_report(FIXTURES / "sunan_icbm_eez.txt"), icbm) is not None
    # the apogee was said by South Korea's Joint Chiefs of Staff
    apogee = next(c for c in icbm["claims"] if c["quantity"] == "apogee")
    assert apogee["source_actor"] == "KOR"


def test_cruise_missile_test_over_two_days():
    (ev,) = [e for e in fixture_events("cruise_missile_test.md") if e["type"] == "missile_launch"]
    assert (ev["date"], ev["date_end"], ev["date_precision"]) == ("2021-09-11", "2021-09-12", "range")
    assert ev["range_km"] == 1500 and ev["flight_time_s"] == 7580


def test_launch_without_distance():
    (ev,) = fixture_events("launch_no_distance.txt")
    assert ev["type"] == "missile_launch" and ev["date"] == "2024-01-14"
    assert ev["range_km"] is None and zone_of(read_report(FIXTURES / "launch_no_distance.txt"), ev) is None
    assert codes(ev) == {"PRK"}  # South Korea's military is the source, not a party
    assert any(p["role"] == "impact_area" and p["name"] == "Sea of Japan" for p in ev["places"])


def test_disagreeing_sources_make_a_band():
    (ev,) = fixture_events("disagreeing_sources.txt")
    by_source = {c["source_actor"]: c["value_km"] for c in ev["claims"] if c["quantity"] == "range"}
    assert by_source == {"KOR": 800.0, "JPN": pytest.approx(965.606, abs=0.01)}  # 600 miles
    assert ev["range_km"] == 800.0  # the first claim
    assert ev["range_band_km"] == [800.0, pytest.approx(965.606, abs=0.01)]


def test_no_events_in_text_without_any():
    report = report_from_text("date 2024-05-01 The weather in Seoul was mild and sunny.")
    assert extract_report(report) == []


def test_extract_reports_and_cli(seed_path, tmp_path, capsys):
    out = extract_reports([read_report(seed_path), read_report(FIXTURES / "launch_no_distance.txt")])
    assert [r["date"] for r in out["reports"]] == ["2023-12-18", "2024-01-14"]
    assert main(["extract", str(seed_path), str(FIXTURES / "launch_no_distance.txt")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["reports"][0]["events"][0]["type"] == "missile_launch"
    plain = tmp_path / "plain.txt"
    plain.write_text("North Korea fired a cruise missile on Tuesday.", encoding="utf-8")
    assert main(["extract", str(plain), "--date", "2024-01-12"]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["events"][0]["date"] == "2024-01-09"
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["extract", str(plain), "--date", "tomorrow"]) == 2


def test_news_style_report_with_dateline_and_sources():
    events = fixture_events("hypersonic_irbm_dateline.txt")
    launches = [e for e in events if e["type"] == "missile_launch"]
    assert len(launches) == 1  # "The launch on Sunday ..." adds to "it tested ..." rather than repeating it
    launch = launches[0]
    # "said Monday it tested": Monday is when it was said; the launch was "on Sunday" (report Monday 2024-01-15)
    assert launch["date"] == "2024-01-14"
    assert launch["range_km"] == 1000 and launch["apogee_km"] == 50
    assert launch["launch_site"]["name"] == "Pyongyang"
    names = {p["name"] for p in launch["places"]}
    assert "Seoul" not in names  # the dateline is where the story was written
    impacts = [p["name"] for p in launch["places"] if p["role"] == "impact_area"]
    assert impacts and not any("exclusive economic zone" in n for n in impacts)  # "did not land inside"
    threat = of_type(events, "statement", subtype="threat")[0]
    assert [a["name"] for a in threat["actors"] if a["role"] == "initiator"] == ["Kim Yo Jong"]  # not the apposition
    condemn = of_type(events, "statement", subtype="condemnation")[0]
    assert {"USA", "KOR"} <= codes(condemn, "initiator") and "PRK" in codes(condemn, "target")
    assert not any(p["name"].startswith("Antony") for e in events for p in e["places"])


def test_html_and_json_reports(tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Launch</title><script>var fired = 'North Korea fired 9 missiles';</script></head>"
        "<body><nav>Home</nav><p>date 2023-12-18 North Korea fired a ballistic missile on Sunday.</p>"
        "<p>It flew <b>570 km</b>.</p></body></html>", encoding="utf-8")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{"date": "2023-11-22", "title": "Satellite", "url": "https://example.org/a",
                                 "text": "North Korea launched a reconnaissance satellite on Tuesday."}]), encoding="utf-8")
    assert main(["extract", str(page), str(feed)]) == 0
    out = json.loads(capsys.readouterr().out)["reports"]
    html_events, json_events = out[0]["events"], out[1]["events"]
    assert [(e["type"], e["date"], e["range_km"]) for e in html_events] == [("missile_launch", "2023-12-17", 570.0)]
    assert out[1]["url"] == "https://example.org/a"
    assert [(e["type"], e["date"]) for e in json_events] == [("satellite_launch", "2023-11-21")]


WORDS = ["North Korea", "fired", "launched", "a", "missile", "the", "sea", "on", "Sunday", "570", "km", "miles",
         "from", "near", "Pyongyang", "Sunan", "talks", "in", "Washington", "U.S.", "Japan's", "exclusive economic zone",
         "last", "month", "condemned", "Kim", "Kim Jong Un", ",", ".", "\n\n", "apogee", "of", "’s", "(", ")", "—", "said"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), min_size=1, max_size=40))
def test_any_text_gives_valid_events(parts):
    text = " ".join(parts).strip() or "x"
    report = report_from_text(text, date="2023-12-18")
    for e in extract_report(report):
        json.dumps(e)
        assert report.text[e["start"]:e["end"]] == e["sentence"]
        assert e["type"] in EVENT_TYPES and 0 < e["confidence"] <= 1
        for p in e["places"]:
            assert 0 <= p["start"] < p["end"] <= len(report.text)


def test_issue_example_of_disagreeing_sources():
    report = report_from_text("date 2023-12-18 North Korea fired a missile on Sunday. South Korea says it flew 570 km, Japan 400 km.")
    (ev,) = extract_report(report)
    assert [(c["value_km"], c["source_actor"]) for c in ev["claims"]] == [(570.0, "KOR"), (400.0, "JPN")]
    assert ev["range_km"] == 570.0 and ev["range_band_km"] == [400.0, 570.0]


def test_a_second_country_launching_is_another_event():
    report = report_from_text(
        "date 2021-09-15 On September 15, North Korea launched two KN-23-type SRBMs from a train in Yangdok county. "
        "According to the South Korean Joint Chiefs of Staff, the missiles were launched at 3:34 and 3:39 UTC, reaching "
        "an altitude of 60 km and a range of 800 km. Several hours later, South Korea tested a submarine-launched "
        "ballistic missile.")
    north, south = extract_report(report)
    assert (north["date"], north["range_km"], north["apogee_km"], north["count"]) == ("2021-09-15", 800.0, 60.0, 2)
    assert north["launch_site"]["name"] == "Yangdok" and codes(north, "initiator") == {"PRK"}
    assert codes(south, "initiator") == {"KOR"} and south.get("launch_site") is None and south["range_km"] is None


def test_capitals_as_actors_and_planned_talks():
    report = report_from_text("date 2024-01-14 Pyongyang fired two ballistic missiles toward the East Sea on Sunday, "
                              "Seoul said. Washington and Seoul agreed to hold talks in Tokyo.")
    events = extract_report(report)
    launch = of_type(events, "missile_launch")[0]
    assert codes(launch) == {"PRK"} and launch["count"] == 2 and launch["date"] == "2024-01-14"
    assert not any(p["name"] == "Pyongyang" for p in launch["places"])  # the government, not a place here
    talks = of_type(events, "meeting")[0]
    assert codes(talks, "participant") == {"USA", "KOR"} and talks["modality"] == "planned"
    assert [(p["name"], p["role"]) for p in talks["places"]] == [("Tokyo", "venue")]


# --- several launches in one sentence; times counted from an event (round 2) ---

def launches(text, date="2023-12-20"):
    return [e for e in extract_report(report_from_text(text, date=date)) if e["type"] == "missile_launch"]


def test_two_launch_verbs_with_their_own_days_are_two_launches():
    # report dated Wednesday 2023-12-20: Monday is the 18th
    evs = launches("North Korea fired a ballistic missile on Monday and launched a cruise missile on Wednesday.")
    assert [(e["trigger"]["text"], e["date"]) for e in evs] == [("fired", "2023-12-18"), ("launched", "2023-12-20")]
    assert all(codes(e, "initiator") == {"PRK"} for e in evs)
    assert len({e["id"] for e in evs}) == 2


def test_another_coordinated_after_a_launch_is_a_second_launch_with_its_own_figures():
    evs = launches("North Korea fired one missile 350 km on March 3 and another 800 km on March 5.")
    assert [(e["date"], e["range_km"]) for e in evs] == [("2023-03-03", 350.0), ("2023-03-05", 800.0)]


def test_one_launch_described_twice_stays_one():
    evs = launches("North Korea fired a missile on Monday, which was launched from Sunan.")
    assert len(evs) == 1 and evs[0]["date"] == "2023-12-18"


def test_hours_later_and_soon_after_the_launch():
    evs = extract_report(report_from_text(
        "On Sunday, North Korea fired a missile at 7 a.m., and another one hour later. "
        "Soon after the launch, Japan condemned it.", date="2023-12-20"))
    first, second = [e for e in evs if e["type"] == "missile_launch"]
    assert (first["date"], first["date_precision"]) == ("2023-12-17", "day")
    # an hour after a time we know only loosely: that day or the next, not a made-up exact day
    assert (second["date"], second["date_precision"], second["date_end"]) == ("2023-12-17", "range", "2023-12-18")
    condemn, = of_type(evs, "statement")
    # "soon after" a launch known to that day or the next is itself that day or the next
    assert (condemn["date"], condemn["date_precision"], condemn["date_end"]) == ("2023-12-17", "range", "2023-12-18")


def test_soon_after_the_launch_counts_from_the_launch_not_the_last_day_written():
    evs = extract_report(report_from_text(
        "North Korea fired a ballistic missile on December 10. The launch came after talks on December 8. "
        "Soon after the launch, South Korea condemned it.", date="2023-12-20"))
    condemn, = of_type(evs, "statement")
    assert condemn["date"] == "2023-12-10"


def test_a_missile_that_flew_a_distance_is_not_a_deployment():
    evs = extract_report(report_from_text(
        "North Korea launched an ICBM on July 12, 2023 that flew 1,000 km and fired two cruise missiles on July 22, 2023.",
        date="2023-07-25"))
    assert not [e for e in evs if e["type"] == "deployment"]
    assert [(e["date"], e["range_km"]) for e in evs if e["type"] == "missile_launch"] == [("2023-07-12", 1000.0), ("2023-07-22", None)]
    # assets that fly somewhere are still sent there
    evs = extract_report(report_from_text("The United States flew two B-52 bombers over the Korean Peninsula on Monday.", date="2023-07-25"))
    assert [e["type"] for e in evs] == ["deployment"]


def test_headline_figures_come_from_the_source_that_reports_the_most():
    # Japan tells the two missiles apart; South Korea gives one figure for both
    text = ("North Korea fired two ballistic missiles on Monday. South Korea's Joint Chiefs of Staff said the missiles "
            "flew 350 km with an apogee of 30 km. Japan's defense ministry said the missiles flew 400 and 350 km "
            "respectively, reaching an apogee of 50 km.")
    launch, = launches(text)
    assert (launch["range_km"], launch["apogee_km"]) == (400.0, 50.0)
    assert launch["apogee_band_km"] == [30.0, 50.0]  # the other source's figure stays in the band
    # equally detailed sources: the one cited first leads, for both figures
    text = ("North Korea fired a ballistic missile on Monday. South Korea's military said it flew 600 km, reaching an "
            "apogee of 60 km. Japan's defense ministry said it flew 400 km with an apogee of 50 km.")
    launch, = launches(text)
    assert (launch["range_km"], launch["apogee_km"]) == (600.0, 60.0)
    # a source giving range and apogee leads one giving the range alone
    text = ("North Korea fired a ballistic missile on Monday. South Korea's military said it flew 370 km. "
            "Japan's defense ministry said it flew 350 km, with an apogee of 50 km.")
    launch, = launches(text)
    assert (launch["range_km"], launch["apogee_km"]) == (350.0, 50.0)
