"""Issue 18: theatres other than North Korea (Red Sea, Iran-Israel, Russia-Ukraine, Gaza and
Lebanon, India-Pakistan, Syria and the Sahel), and issue 12 item 4 (places for every event).

Short reports written for these tests; expected values from the text and the world (real
coordinates, rounded; geodesic offsets computed here with pyproj, independently of the code).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from pyproj import Geod

from geo.coords import haversine_km
from geo.extract import extract_report
from geo.extract.actors import default_dictionary, find_actors
from geo.extract.things import find_things
from geo.reports import report_from_text

GEOD = Geod(ellps="WGS84")
ADEN = (12.7797, 45.0367)  # Aden, GeoNames


def events_of(text: str, date: str) -> list[dict]:
    return extract_report(report_from_text(text, date=date))


def one(events: list[dict], etype: str) -> dict:
    found = [e for e in events if e["type"] == etype]
    assert found, f"no {etype} among {[e['type'] for e in events]}"
    return found[0]


def roles(e: dict) -> set[tuple[str, str]]:
    return {(a["code"], a["role"]) for a in e["actors"]}


def place(e: dict, role: str) -> list[dict]:
    return [p for p in e["places"] if p["role"] == role]


def offset_point(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing, km * 1000)
    return lat2, lon2


# --- the three failures of the issue, as regression tests -------------------------------------

MARLIN = ("Yemen's Houthi rebels fired an anti-ship ballistic missile at the British-flagged tanker Marlin Luanda "
          "in the Gulf of Aden on Friday, about 60 nautical miles southeast of Aden, the U.S. Central Command said.")


def test_marlin_luanda_is_a_ship_the_houthis_are_the_actor_and_the_offset_is_placed():
    events = events_of(MARLIN, "2024-01-27")
    strike = one(events, "attack")
    assert strike["subtype"] == "shipping_attack" and strike["date"] == "2024-01-26"
    assert roles(strike) == {("HOUTHI", "initiator")}  # not Yemen, not the United Kingdom ("British-flagged")
    assert strike["actors"][0]["country"] == "YEM" and strike["actors"][0]["cameo"] == "YEMREB"
    every_place = [p for e in events for p in e["places"]]
    assert not any(p.get("country_code") in ("US", "AO") for p in every_place)  # no Marlin, Texas; no Luanda, Angola
    assert not any("Marlin" in p["name"] or "Luanda" in p["name"] for p in every_place)
    (ship,) = [t for t in strike["attributes"]["things"] if t["kind"] == "vessel"]
    assert ship["name"] == "Marlin Luanda" and ship["role"] == "target" and ship["flag"] == "GBR" and ship["noun"] == "tanker"
    (rel,) = [p for p in strike["places"] if p.get("feature") == "relative"]
    want = offset_point(*ADEN, 135.0, 60 * 1.852)
    assert haversine_km(rel["lat"], rel["lon"], *want) < 5
    assert rel["anchor"] == "Aden" and rel["role"] == "target"
    # the rule of docs/extract.md: 8-point sector (+-22.5 deg) and a hedged distance (+-15 %), plus 5 km for a town
    d = 60 * 1.852
    assert rel["uncertainty_km"] == pytest.approx(math.hypot(d * math.sin(math.radians(22.5)), 0.15 * d) + 5, abs=0.2)


IRAN = ("Iran launched missiles and drones at Israel late on Saturday in its first direct attack on the country. "
        "Most were intercepted, but a missile struck Nevatim air base in southern Israel, the Israeli military said. "
        "G7 foreign ministers meeting in Capri on Friday condemned the attack.")


def test_iran_launch_at_israel_makes_israel_the_target_and_places_nevatim():
    events = events_of(IRAN, "2024-04-14")
    strike = events[0]
    assert strike["type"] == "attack" and strike["subtype"] == "missile_strike"
    assert strike["date"] == "2024-04-13" and strike["date_precision"] == "day"
    assert ("IRN", "initiator") in roles(strike) and ("ISR", "target") in roles(strike)
    assert not place(strike, "launch_site")  # Israel is not where Iran launched from
    assert [p["name"] for p in place(strike, "target")] == ["Israel"]
    hit = [e for e in events if e["trigger"]["text"] == "struck"][0]
    (nevatim,) = [p for p in hit["places"] if p["name"] == "Nevatim air base"]
    assert nevatim["role"] == "target" and haversine_km(nevatim["lat"], nevatim["lon"], 31.21, 35.01) < nevatim["uncertainty_km"]
    intercept = one(events, "interception")
    assert roles(intercept) == {("ISR", "initiator"), ("IRN", "target")} and intercept["date"] == "2024-04-13"


def test_g7_meeting_in_capri_is_a_meeting_not_a_sanction_of_italy():
    events = events_of("G7 foreign ministers meeting in Capri on Friday condemned Iran's attack on Israel and said "
                       "they were ready to adopt further sanctions against Tehran.", "2024-04-20")
    meeting = one(events, "meeting")
    assert roles(meeting) == {("G7", "participant")}
    assert [(p["name"], p["role"]) for p in meeting["places"]] == [("Capri", "venue")]
    assert not any(a["code"] == "ITA" for e in events for a in e["actors"])
    condemnation = one(events, "statement")
    assert condemnation["subtype"] == "condemnation" and ("G7", "initiator") in roles(condemnation)
    assert ("IRN", "target") in roles(condemnation)


def test_naval_exercise_near_jeju_is_placed_and_the_seoul_meeting_is_extracted():
    events = events_of("North Korean warships held a naval exercise near Jeju on Wednesday, South Korea's Joint Chiefs of "
                       "Staff said. Defence officials of South Korea, the United States and Japan met in Seoul on Thursday.",
                       "2023-08-31")
    drill = one(events, "military_exercise")
    (venue,) = place(drill, "venue")
    assert haversine_km(venue["lat"], venue["lon"], 33.37, 126.53) < 60
    meeting = one(events, "meeting")
    assert meeting["date"] == "2023-08-31" and {c for c, _ in roles(meeting)} == {"KOR", "USA", "JPN"}
    assert [p["name"] for p in place(meeting, "venue")] == ["Seoul"]


# --- item 1: roles from the sentence -------------------------------------------------------------

def test_launch_area_from_group_controlled_areas_and_target_country():
    e = one(events_of("The Houthis fired two ballistic missiles at Israel from Houthi-controlled areas of Yemen on Monday.",
                      "2024-07-23"), "attack")
    assert roles(e) == {("HOUTHI", "initiator"), ("ISR", "target")}
    assert [p["name"] for p in place(e, "launch_site")] == ["Yemen"] and [p["name"] for p in place(e, "target")] == ["Israel"]


def test_interception_point_over_a_sea():
    e = one(events_of("A French frigate shot down two drones over the Red Sea on Saturday.", "2023-12-10"), "interception")
    assert [p["name"] for p in place(e, "interception")] == ["Red Sea"] and e["date"] == "2023-12-09"


def test_a_launch_into_the_sea_stays_a_launch():
    e = events_of("North Korea fired a ballistic missile into the sea off its east coast on Sunday.", "2023-12-18")[0]
    assert e["type"] == "missile_launch" and roles(e) == {("PRK", "initiator")}


def test_capability_targeting_in_a_relative_clause_is_not_a_strike():
    e = events_of("North Korea tested a new missile on Sunday as it expands weapons targeting U.S. bases in the Pacific.",
                  "2024-01-15")[0]
    assert e["type"] == "missile_launch"


# --- item 2: ships, aircraft, weapons and operations are not places -----------------------------

@pytest.mark.parametrize("text, kind, name", [
    ("The destroyer USS Mason shot down a drone.", "vessel", "USS Mason"),
    ("Ukraine sank the Moskva, the flagship of Russia's Black Sea Fleet.", "vessel", "Moskva"),
    ("The Liberian-flagged container ship MSC Aries was seized.", "vessel", "MSC Aries"),
    ("An MQ-9 Reaper crashed in the Black Sea.", "aircraft", "MQ-9 Reaper"),
    ("Russia fired Kinzhal missiles overnight.", "weapon", "Kinzhal"),
    ("Operation Prosperity Guardian began in December.", "operation", "Operation Prosperity Guardian"),
])
def test_things_are_recognised(text, kind, name):
    assert (kind, name) in {(t.kind, t.name) for t in find_things(text)}


def test_ship_names_are_never_geocoded_and_navy_prefix_gives_the_actor():
    events = events_of("The destroyer USS Carney shot down three drones over the Red Sea on Sunday while protecting the "
                       "bulk carrier Sophie II.", "2023-12-04")
    e = one(events, "interception")
    assert roles(e) == {("USA", "initiator")}
    assert {p["name"] for x in events for p in x["places"]} <= {"Red Sea"}
    assert {t["name"] for t in e["attributes"]["things"]} == {"USS Carney", "Sophie II"}


def test_flag_from_a_demonym_before_the_vessel_noun():
    e = one(events_of("Ukraine struck the Russian landing ship Tsezar Kunikov off Crimea on Wednesday.", "2024-02-15"), "attack")
    (ship,) = e["attributes"]["things"]
    assert ship["flag"] == "RUS" and e["subtype"] == "shipping_attack" and roles(e) == {("UKR", "initiator")}


# --- item 3: relative positions -------------------------------------------------------------------

def test_km_north_of_a_city_is_a_point_with_the_rule_uncertainty():
    e = one(events_of("Russian forces shelled a village 40 km north of Kharkiv on Tuesday.", "2024-05-15"), "attack")
    (rel,) = [p for p in e["places"] if p.get("feature") == "relative"]
    want = offset_point(49.98177, 36.25475, 0.0, 40)
    assert haversine_km(rel["lat"], rel["lon"], *want) < 2
    assert rel["uncertainty_km"] == pytest.approx(math.hypot(40 * math.sin(math.radians(22.5)), 0.05 * 40) + 5, abs=0.2)
    assert e["subtype"] == "shelling" and rel["role"] == "target"


def test_off_the_coast_of_a_port_is_an_area_round_it():
    e = one(events_of("The Houthis attacked the tanker Chios Lion off the coast of Hodeidah on Monday.", "2024-07-16"), "attack")
    (rel,) = [p for p in e["places"] if p.get("feature") == "relative"]
    assert haversine_km(rel["lat"], rel["lon"], 14.80, 42.95) < 5 and rel["uncertainty_km"] == 55.0


def test_off_the_port_city_of():
    e = one(events_of("Gunmen attacked the oil tanker Delta Star off the Yemeni port city of Hodeidah on Monday.", "2024-07-16"),
            "attack")
    (rel,) = [p for p in e["places"] if p.get("feature") == "relative"]
    assert haversine_km(rel["lat"], rel["lon"], 14.80, 42.95) < 5 and rel["role"] == "target"


def test_sixteen_point_bearing_is_narrower():
    e = one(events_of("A drone hit a tanker 30 nautical miles north-northeast of Djibouti on Friday.", "2024-03-02"), "attack")
    (rel,) = [p for p in e["places"] if p.get("feature") == "relative"]
    assert rel["bearing_deg"] == 22.5
    d = 30 * 1.852
    assert rel["uncertainty_km"] < math.hypot(d * math.sin(math.radians(22.5)), 0.05 * d) + 5


# --- item 4: actors beyond states ----------------------------------------------------------------

@pytest.mark.parametrize("words, code, country", [
    ("Hezbollah", "HEZ", "LBN"), ("Ansar Allah", "HOUTHI", "YEM"), ("Hamas", "HMS", "PSE"), ("Islamic Jihad", "ISJ", "PSE"),
    ("the Taliban", "TAL", "AFG"), ("Islamic State", "IS", None), ("Wagner Group", "WAGNER", "RUS"),
    ("the Rapid Support Forces", "RSF", "SDN"), ("CENTCOM", "CENTCOM", "USA"), ("the IDF", "IDF", "ISR"),
    ("the IRGC", "IRGC", "IRN"), ("NATO", "NATO", None), ("the G7", "G7", None), ("the EU", "EU", None), ("the IAEA", "IAEA", None),
])
def test_groups_commands_and_bodies(words, code, country):
    (a,) = [x for x in find_actors(f"On Monday {words} said it would respond.") if x.code == code]
    assert a.country == country


def test_cameo_codes_where_they_exist():
    d = default_dictionary()
    assert d.cameo["HEZ"] == "HEZ" and d.cameo["HMS"] == "HMS" and d.cameo["TAL"] == "TAL" and d.cameo["NATO"] == "NAT"
    assert d.cameo["IDF"] == "ISRMIL" and "WAGNER" not in d.cameo  # none rather than an invented one


def test_adjectives_are_attributes_not_actors():
    codes = {a.code for a in find_actors("Iranian-backed militants hit the Greek-owned, Liberian-flagged ship near Houthi-held ports.")}
    assert codes == set()
    assert {a.code for a in find_actors("Lebanon's Hezbollah fired rockets.")} == {"HEZ"}


# --- item 5: event types across theatres -----------------------------------------------------------

@pytest.mark.parametrize("text, etype, subtype", [
    ("Israeli warplanes carried out air strikes on Khan Younis on Sunday.", "attack", "air_strike"),
    ("Russia launched 40 Shahed drones at Odesa overnight.", "attack", "drone_attack"),
    ("Ukrainian air defences intercepted 12 cruise missiles over Kyiv.", "interception", None),
    ("Houthi forces seized the cargo ship Galaxy Leader in the Red Sea.", "attack", "shipping_attack"),
    ("Pakistani troops shelled Indian posts along the Line of Control on Friday.", "attack", "shelling"),
    ("Russia began a ground offensive near Vovchansk on Friday.", "attack", "ground_offensive"),
    ("Rebels captured the town of Kidal on Tuesday.", "attack", "occupation"),
    ("A car bomb exploded near a checkpoint in Idlib on Sunday.", "attack", "bombing"),
])
def test_strike_types(text, etype, subtype):
    e = one(events_of(text, "2024-05-12"), etype)
    assert e["subtype"] == subtype
    assert e["cameo"]["code"] in ("183", "190", "192", "194", "195")


def test_meetings_statements_and_sanctions_by_their_verbs():
    events = events_of("EU foreign ministers met in Brussels on Monday. They condemned the strike on the port. "
                       "The United States imposed sanctions on Houthi financiers on Tuesday.", "2024-06-25")
    types = [e["type"] for e in events]
    assert types[0] == "meeting" and types[-1] == "sanction" and "statement" in types and "attack" not in types[:2]
    assert roles(events[-1]) == {("USA", "initiator"), ("HOUTHI", "target")}
    assert events[0]["places"][0]["name"] == "Brussels" and events[0]["places"][0]["role"] == "venue"


def test_condemning_the_attack_is_not_a_new_attack():
    events = events_of("Hamas fired rockets at Tel Aviv on Monday. Egypt condemned the attack.", "2024-05-27")
    assert [e["type"] for e in events] == ["attack", "statement"]
    assert ("HMS", "target") in roles(events[1])


# --- issue 12 item 4: countries and regions as areas --------------------------------------------

def test_country_as_the_area_of_a_deployment_and_of_an_invasion():
    events = events_of("The United States is deploying bombers to South Korea. Russia's invasion of Ukraine continues.",
                       "2023-12-18")
    deploy = one(events, "deployment")
    assert [(p["name"], p["role"], p["feature"]) for p in deploy["places"]] == [("South Korea", "venue", "country")]
    invasion = one(events, "attack")
    assert [(p["name"], p["role"]) for p in invasion["places"]] == [("Ukraine", "target")]
    assert roles(invasion) >= {("RUS", "initiator")}


def test_a_country_merely_named_or_owning_something_is_no_marker():
    e = one(events_of("North Korea fired a missile that landed inside Japan's exclusive economic zone on Friday.",
                      "2022-11-18"), "missile_launch")
    assert not [p for p in e["places"] if p["name"] == "Japan"]


# --- item 6: the development set ---------------------------------------------------------------------

def test_development_set_is_large_and_varied():
    from geo.commands.evaluate_theatres import DEFAULT_SET
    from geo.extract.scoring import read_devset

    reports = read_devset(DEFAULT_SET)
    theatres = {r["theatre"] for r in reports}
    assert len(reports) >= 40 and len(theatres - {"korea"}) >= 6
    for r in reports:
        dt.date.fromisoformat(r["report_date"])
        assert r["modelled_on"] and r["events"]


def test_development_set_figures_hold():
    """Floors a little under the figures measured when this was written (docs/extract.md, *Theatres*),
    so a change that loses ground fails here."""
    from geo.commands.evaluate_theatres import DEFAULT_SET
    from geo.extract.scoring import evaluate, read_devset

    f = evaluate(read_devset(DEFAULT_SET))["fields"]
    assert f["type"]["share"] >= 0.9 and f["date"]["share"] >= 0.88 and f["actors"]["share"] >= 0.75
    assert f["place_roles"]["share"] >= 0.82 and f["coordinates"]["share"] >= 0.85


def test_heldout_set_is_scored_separately():
    from geo.commands.evaluate_theatres import DEFAULT_SET
    from geo.extract.scoring import evaluate, read_devset

    f = evaluate(read_devset(DEFAULT_SET / "heldout"))["fields"]
    assert f["type"]["total"] == 16
    assert f["type"]["share"] >= 0.8 and f["place_roles"]["share"] >= 0.7


# --- rules found on reports outside both sets (written after the held-out scoring) --------------

def test_a_body_named_in_a_meeting_noun_and_members_of_a_body_take_part():
    events = events_of("At a G7 meeting in Capri, Italy, on Wednesday, foreign ministers discussed new sanctions on Iran.",
                       "2024-04-18")
    meeting = one(events, "meeting")
    assert roles(meeting) == {("G7", "participant")} and meeting["date"] == "2024-04-17"
    assert [p["name"] for p in meeting["places"]] == ["Capri"]  # "Capri, Italy": Italy only says where Capri is
    assert not any(a["code"] == "ITA" for e in events for a in e["actors"])
    assert one(events, "sanction")["modality"] == "possible"  # discussed, not imposed
    met = one(events_of("Foreign ministers of the G7 met in Tokyo on Tuesday.", "2023-11-08"), "meeting")
    assert ("G7", "participant") in roles(met)


def test_a_date_stays_in_its_clause_and_the_salvo_gives_the_interception_its_day():
    events = events_of("Hezbollah launched 30 rockets from Lebanon on Monday; most were intercepted.", "2024-04-16")
    intercept = one(events, "interception")
    assert intercept["date"] == "2024-04-15" and ("HEZ", "target") in roles(intercept)
    assert ("HEZ", "initiator") not in roles(intercept)


def test_an_unnamed_ship_of_a_state_acts_for_it():
    e = one(events_of("A U.S. destroyer shot down an anti-ship missile fired from Houthi-controlled areas of Yemen on Tuesday.",
                      "2024-04-18"), "interception")
    assert roles(e) == {("USA", "initiator")} and e["date"] == "2024-04-16"
    assert [p["name"] for p in place(e, "launch_site")] == ["Yemen"]


def test_a_missile_failing_is_no_bombing():
    events = events_of("North Korea fired a missile on Sunday. The missile exploded shortly after launch.", "2023-12-18")
    assert [e["type"] for e in events] == ["missile_launch"]
