"""Strikes, interceptions and attacks across theatres: trigger rules and the launch-or-strike rule.

The seed's taxonomy (:mod:`geo.extract.taxonomy`) was written for missile *tests*; wars are
reported with other verbs. This module adds, as rules of the same form:

==================  ==========================================================  =========================
type / subtype      words                                                       CAMEO (Gerner et al.)
==================  ==========================================================  =========================
interception        "intercepted", "shot down", "downed", "air defences destroyed"  190 (closest: CAMEO has
                                                                                no code for air defence)
attack/air_strike   "air strike(s)", "airstrikes", "bombed", "warplanes struck"  195 Employ aerial weapons
attack/missile_strike  a launch at a target (see :func:`retype_launch`),        195 Employ aerial weapons
                    "missile strike", "missile attack"
attack/drone_attack "launched drones at", "drone strike", "drone attack"        195 Employ aerial weapons
attack/shipping_attack a strike whose target is a vessel ("fired at the tanker",   190 Use conventional
                    "attacked a container ship", "hijacked the ship")           military force
attack/shelling     "shelled", "shelling", "artillery fire", "mortar fire"      194 Fight with artillery
                                                                                and tanks
attack/bombing      "a car bomb exploded", "suicide bombing"                       183 Conduct suicide, car,
                                                                                or other non-military bombing
attack/ground_offensive "ground offensive", "ground assault", "captured the     192 Occupy territory
                    town", "advanced on", "seized"                              (captured) / 190
==================  ==========================================================  =========================

**Launch or strike.** A missile launch is a demonstration of force (CAMEO 150) unless it is
fired *at* someone: a launch whose sentence gives it a target -- an actor after "at",
"toward", "against", "targeting" that is not its initiator, a vessel, or a place in another
country than the launcher's -- is an attack (``missile_strike``, ``drone_attack`` when only
drones flew, ``shipping_attack`` when the target is a vessel). "Fired into the sea",
"toward the East Sea" keep a launch a launch.
"""

from __future__ import annotations

import re

from geo.extract.patterns import ci

# CAMEO codes of the subtypes (cameo() in taxonomy looks here after its own table).
STRIKE_CAMEO: dict[str, tuple[str, str]] = {
    "interception": ("190", "Use conventional military force (closest; CAMEO has no air-defence code)"),
    "air_strike": ("195", "Employ aerial weapons"),
    "missile_strike": ("195", "Employ aerial weapons"),
    "drone_attack": ("195", "Employ aerial weapons"),
    "shipping_attack": ("190", "Use conventional military force, not specified below"),
    "shelling": ("194", "Fight with artillery and tanks"),
    "ground_offensive": ("190", "Use conventional military force, not specified below"),
    "occupation": ("192", "Occupy territory"),
    "bombing": ("183", "Conduct suicide, car, or other non-military bombing"),
}

_DRONE = r"(?:drones?|UAVs?|unmanned aerial vehicles?|loitering munitions?|Shaheds?|Shahed-\d+s?|Gerans?|Geran-\d+s?|kamikaze drones?)"
_AERIAL = r"(?:missiles?|rockets?|drones?|UAVs?|projectiles?|Shaheds?|Shahed-\d+s?|aircraft|warplanes?|jets?)"

# Every rule below needs one of these words; a sentence without any skips them all with one scan
# instead of one per rule (they made extraction of the CNS narratives about 50 % slower).
_GATE = ci(
    r"intercept|shot down|shoot|downed|destroyed|neutrali|drone|UAV|unmanned|loitering|Shahed|Geran|air ?strike|airstrike|air raid|"
    r"bombard|bomb|IED|explosive|warplane|jets?\b|aircraft|strike|attack|barrage|salvo|shell|artillery|mortar|cross-border|"
    r"exchanged fire|offensive|ground (?:operation|assault|invasion|incursion)|captur|seiz|took control|overran|retook|hijack|"
    r"\bmet\b|meeting|gathered|convened|held talks|hosted|chaired|summit|conference|\bhits?\b|struck|slammed|crashed|exploded|"
    r"detonated|went off|blew|ripped|killed|ambush|stormed|raided|massacred")


class _Gated:
    """A rule's pattern that scans a sentence only when the sentence has one of the gate words."""

    _last: tuple[object, bool] = (None, False)  # the last sentence seen and whether it passed the gate

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def finditer(self, sentence: str):
        if _Gated._last[0] is not sentence:
            _Gated._last = (sentence, bool(_GATE.search(sentence)))
        return self.pattern.finditer(sentence) if _Gated._last[1] else iter(())


# (type, subtype, strength, pattern): tried before the taxonomy's own rules (earlier rules win a span).
STRIKE_RULES: list[tuple[str, str, str, re.Pattern[str]]] = [
    ("interception", "interception", "verb", ci(r"\b(?P<t>intercept(?:ed|s|ing)|shot down|shoot(?:ing)? down|downed)\b")),
    ("interception", "interception", "verb",
     ci(rf"\b(?P<t>destroyed|neutrali[sz]ed)\b(?=(?:\s+[\w'\u2019,-]+){{0,5}}?\s+(?:{_DRONE}|missiles?|rockets?)\b)")),
    ("interception", "interception", "verb",
     ci(rf"\b{_AERIAL}(?:\s+[\w'\u2019-]+){{0,4}}?\s+(?:was|were|had been|have been|being)\s+(?:[\w-]+ly\s+)?(?P<t>intercepted|shot down|downed|destroyed)\b")),
    ("interception", "interception", "noun", ci(r"\b(?P<t>interceptions?|air defen[cs]e (?:fire|units) (?:engaged|destroyed))\b")),
    ("attack", "drone_attack", "verb",
     ci(rf"\b(?P<t>launched|launches|launching|fired|sent|flew)\b(?:\s+(?!(?:missiles?|rockets?|ballistic|cruise)\b)[\w'\u2019(),-]+){{0,5}}?\s+{_DRONE}\b(?!\s+(?:and|or)\s+(?:ballistic\s+|cruise\s+)?missiles?)")),
    ("attack", "drone_attack", "noun", ci(rf"\b(?P<t>{_DRONE}\s+(?:attacks?|strikes?|assaults?|swarms?))\b")),
    ("attack", "air_strike", "verb",
     ci(r"\b(?P<t>air ?strikes?|airstrikes?|air raids?|aerial bombardment|bombard(?:ed|ing|ment)|(?:warplanes?|jets?|aircraft|bombers?)\s+(?:struck|hit|bombed|pounded))\b")),
    ("attack", "missile_strike", "verb", ci(r"\b(?P<t>(?:missile|rocket|ballistic missile|cruise missile) (?:strikes?|attacks?|barrages?|salvos? (?:at|on|against)))\b")),
    ("attack", "shelling", "verb",
     ci(r"\b(?P<t>shell(?:ed|ing|s)|artillery (?:fire|strikes?|barrages?|attacks?)|mortar (?:fire|attacks?|rounds)|cross-border fire|exchanged fire)\b")),
    ("attack", "ground_offensive", "verb",
     ci(r"\b(?P<t>ground (?:offensive|operation|assault|invasion|incursion)s?|offensive (?:on|against|toward|towards)|(?:launched|began|started) an? (?:offensive|assault|counteroffensive|counter-offensive)|counteroffensive|counter-offensive)\b")),
    ("attack", "occupation", "verb",
     ci(r"\b(?P<t>(?:captured|seized|took control of|overran|retook|recaptured)\s+(?:the\s+|a\s+)?(?:[\w'\u2019-]+\s+){0,4}?(?:towns?|city|cities|villages?|base|airport|crossing|border crossing|bridge|port|district|neighbou?rhood|side|hill|positions?|territory))\b")),
    # bombings (CAMEO 183): a bomb, not a missile, went off; "the missile exploded shortly after launch" is no attack
    ("attack", "bombing", "verb",
     ci(r"\b(?:(?:car|truck|roadside|suicide|improvised|explosive)\s+(?:bombs?|devices?|bombers?)|bombs?|IEDs?|explosive devices?|suicide bombers?)\s+"
        r"(?:[\w-]+\s+){0,4}?(?P<t>exploded|detonated|went off|blew (?:himself|herself|themselves) up|ripped through|struck|hit|killed)\b")),
    ("attack", "bombing", "noun", ci(r"\b(?P<t>(?:car|truck|roadside|suicide)\s+(?:bombings?|bomb attacks?|attacks?))\b")),
    # a weapon as the subject of "hit", "struck", "slammed into": "A Houthi missile hit the bulk carrier"
    ("attack", "attack", "verb",
     ci(r"\b(?:missiles?|rockets?|drones?|shells?|bombs?|projectiles?|strikes?|interceptors?|debris)\s+(?:[\w-]+\s+){0,4}?(?P<t>hit|hits|struck|slammed into|crashed into|exploded (?:at|in|near))\b")),
    ("attack", "attack", "verb", ci(r"\b(?P<t>ambush(?:ed|es|ing)?|stormed|overran|raided|massacred)\b")),
    # meetings written with their participants first ("G7 foreign ministers meeting in Capri")
    ("meeting", "meeting", "verb",
     ci(r"\b(?:ministers?|leaders?|officials?|envoys?|delegations?|delegates|heads of state|chiefs|counterparts)\s+(?P<t>met|meeting|gathered|convened|held talks)\b")),
    # "a G7 meeting", "the NATO summit": a body or capital names the meeting
    ("meeting", "meeting", "noun", re.compile(r"\b(?P<t>(?:[A-Z][\w.-]*[A-Z0-9][\w.-]*|[A-Z][a-z]+)\s+(?:[a-z]+\s+)?(?:meeting|summit|conference))\b")),
    ("attack", "attack", "verb",
     ci(r"\b(?P<t>hit|hits)\s+(?:a|an|the|two|three|several|dozens of)\s+(?:[\w-]+\s+){0,3}?(?:blocks?|buildings?|bases?|hospitals?|schools?|ports?|ships?|"
        r"vessels?|tankers?|depots?|stations?|plants?|facilit(?:y|ies)|targets?|positions?|convoys?|markets?|infrastructure|airports?|refiner(?:y|ies)|bridges?)\b")),
    ("meeting", "meeting", "verb", ci(r"\b(?P<t>(?:hosted|convened|chaired)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:meeting|talks|summit|conference))\b")),
    ("attack", "shipping_attack", "verb",
     ci(r"\b(?P<t>hijack(?:ed|ing|s)?|seiz(?:ed|ing)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:ship|vessel|tanker|carrier|freighter))\b")),
]

_WEAPON_BEFORE = ci(r"\b(?:missiles?|rockets?|drones?|projectiles?|shells?)\s+$")
_LAUNCH_TYPES = ("missile_launch", "satellite_launch", "weapons_test")
STRIKE_RULES = [(t, sub, strength, _Gated(p)) for t, sub, strength, p in STRIKE_RULES]

_CLAUSE_BREAK = ci(r"[,;:]|\b(?:as|which|that|while|who|because|after|before|when|since|capable|designed|able)\b")
_OBJECT_TARGET = ci(r"\b(?P<p>at|against|targeting|on|toward|towards)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'\u2019-]+\s+){0,4}$")


def retype_launch(ev: dict, initiator_countries: set[str]) -> None:
    """Make a launch fired at a target an attack (in place); see the module's docstring.

    The target must be the launch verb's own object: "fired a missile at the tanker", "launched
    missiles and drones at Israel", with no clause boundary between ("weapons targeting U.S.
    bases" in a relative clause is a capability, not this launch's target). "toward" counts for
    vessels and for launches by non-state groups only ("fired toward Japan" is a test's heading).

    Parameters
    ----------
    ev : dict
        An EVENT dict of a launch type, its actors, places and ``attributes.things`` filled.
    initiator_countries : set of str
        ISO alpha-2 codes of the launchers' states (a place there is not a target).
    """
    if ev["type"] not in ("missile_launch", "weapons_test"):
        return
    sentence, s0 = ev.get("sentence") or "", ev.get("start") or 0
    trig_end = (ev.get("trigger") or {}).get("end", s0) - s0
    initiators = [a for a in ev["actors"] if a["role"] == "initiator"]
    codes = {a["code"] for a in initiators}
    by_group = any(a.get("kind") == "group" for a in initiators)
    things = (ev.get("attributes") or {}).get("things") or []
    cands = [(t["start"], "vessel") for t in things if t["kind"] == "vessel" and t.get("role") == "target"]
    cands += [(a["start"], "actor") for a in ev["actors"]
              if a["role"] == "target" and a["code"] not in codes and not a.get("inferred") and a.get("start") is not None]
    cands += [(p["start"], "place") for p in ev["places"] if p["role"] == "target" and p.get("start") is not None
              and p.get("feature") != "sea" and not (p.get("country_code") and p["country_code"] in initiator_countries)]
    kind = None
    for start, what in sorted(cands):
        rel = start - s0
        if not 0 <= rel - trig_end <= 140:
            continue
        between = sentence[trig_end:rel]
        if _CLAUSE_BREAK.search(between):
            continue
        m = _OBJECT_TARGET.search(between)
        if m and (m.group("p").lower() not in ("toward", "towards") or what == "vessel" or by_group):
            kind = what
            break
    if kind is None:
        return
    trig = (ev.get("trigger") or {}).get("start", s0)
    for p in ev["places"]:
        if p["role"] == "mention" and (p.get("start") or 0) > trig:
            p["role"] = "target"  # "fired at the tanker ... in the Gulf of Aden": where the strike fell
    drones_only = bool(re.search(_DRONE, sentence, re.I)) and not re.search(r"\b(?:missiles?|rockets?|ballistic|cruise)\b", sentence, re.I)
    for a in ev["actors"]:
        if a["role"] == "participant":
            a["role"] = "target"  # the objects of a strike are what it struck
    ev["type"] = "attack"
    ev["subtype"] = "shipping_attack" if kind == "vessel" else ("drone_attack" if drones_only else "missile_strike")
    ev.pop("impact_hint", None)  # a strike's impact is its target, not a zone at sea

_BY_WEAPON = (
    ("bombing", ci(r"\b(?:car|truck|roadside|suicide)\s+bomb\w*|\bIEDs?\b|\bexplosive devices?\b|\bsuicide bombers?\b")),
    ("shelling", ci(r"\b(?:artillery|shells?|shelling|mortars?|howitzers?|tank fire)\b")),
    ("missile_strike", ci(r"\b(?:missiles?|rockets?|ballistic|cruise)\b")),
    ("drone_attack", ci(_DRONE)),
    ("air_strike", ci(r"\b(?:air ?strikes?|airstrikes?|warplanes?|fighter jets?|jets|bombers?|aircraft|bombs?|bombed|bombing)\b")),
)


def refine_attack(ev: dict) -> None:
    """Give a plain attack ("struck", "attacked") a subtype from the weapons its sentence names
    (in place): a vessel as target makes it an attack on shipping."""
    if ev["type"] != "attack" or (ev.get("subtype") not in (None, "attack")):
        return
    things = (ev.get("attributes") or {}).get("things") or []
    if any(t["kind"] == "vessel" and t.get("role") == "target" for t in things):
        ev["subtype"] = "shipping_attack"
    else:
        # the weapons of the trigger's own clause ("test-fired missiles ..., capitalizing on Russia's invasion"
        # does not make the invasion a missile strike)
        sentence, s0 = ev.get("sentence") or "", ev.get("start") or 0
        trig = ev.get("trigger") or {}
        ts, te = trig.get("start", s0) - s0, trig.get("end", s0) - s0
        lo = max(sentence.rfind(c, 0, ts) for c in ",;") + 1
        his = [i for i in (sentence.find(c, te) for c in ",;") if i >= 0]
        clause = sentence[lo:min(his) if his else len(sentence)]
        ev["subtype"] = next((sub for sub, pattern in _BY_WEAPON if pattern.search(clause)), ev.get("subtype"))
    if ev.get("subtype"):
        from geo.extract.taxonomy import cameo

        ev["cameo"] = cameo(ev["type"], ev["subtype"])


# "discussed new sanctions", "ready to adopt sanctions": sanctions spoken of, not imposed
SANCTION_TALK = ci(r"\b(?:discuss\w*|consider\w*|weigh\w*|call\w* for|urg\w*|threaten\w*|ready to|prepared to|could|may|might|would|"
                   r"propos\w*|seek\w*|push\w* for|mull\w*)\s+(?:[\w-]+\s+){0,4}$")


def without_means(text: str, chosen: list) -> list:
    """The chosen triggers of a sentence without launches that only say how a strike or an
    interception was made: a participle after an attack ("launched a surprise attack on southern
    Israel, firing thousands of rockets"), or a weapon "fired from ..." that then hit something or
    was shot down ("A rocket fired from Lebanon hit ...", "shot down a missile fired from Yemen")."""
    attacks = [t for t in chosen if t.type == "attack"]
    intercepts = [t for t in chosen if t.type == "interception"]
    if not attacks and not intercepts:
        return chosen
    return [t for t in chosen if not (t.type in _LAUNCH_TYPES and (
        (t.text.lower().endswith("ing") and any(a.end <= t.start for a in attacks) and re.search(r",\s*$", text[:t.start]))
        # "A rocket fired from Lebanon hit ...", "shot down a missile fired from Yemen": the firing names the weapon
        or (any(a.start >= t.end for a in attacks) and _WEAPON_BEFORE.search(text[:t.start]))
        or (any(a.end <= t.start for a in intercepts) and _WEAPON_BEFORE.search(text[:t.start]))))]
