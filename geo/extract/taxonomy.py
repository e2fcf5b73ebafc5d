"""The event taxonomy: eleven types, aligned with CAMEO where a code fits, and the
trigger words that signal each in a sentence.

==================  =====================================================  ===========================
type                what                                                   CAMEO (Gerner et al. 2002)
==================  =====================================================  ===========================
missile_launch      a missile or rocket fired (ballistic, cruise, SLBM)    150 Demonstrate military power
satellite_launch    a rocket launched to put a satellite in orbit          150 (closest; CAMEO has no space code)
nuclear_test        a nuclear explosive test                               150 (closest)
weapons_test        another weapons test (engine, artillery, hypersonic)   150 (closest)
military_exercise   drills, war games, simulated attacks                   150 Demonstrate military power
deployment          forces or assets sent or stationed somewhere           154 Mobilize or increase armed forces
meeting             talks, summits, visits, negotiations                   040 Consult / 046 Negotiate
statement           statements; subtypes condemnation and threat           010 Make statement / 111 Criticize
                                                                           or denounce / 138 Threaten with
                                                                           military force
agreement           agreements, alliances, cooperation, shared data        057 Sign agreement / 062 Cooperate
                                                                           militarily / 064 Share intelligence
sanction            sanctions, embargoes                                   163 Impose embargo or sanctions
attack              armed attacks, invasions, strikes                      190 Use conventional military force
==================  =====================================================  ===========================

Each trigger has a *strength*: ``verb`` triggers ("fired", "held talks",
"agreed") make an event on their own; ``noun`` triggers ("joint drills",
"security talks") make one only when not referring back ("these talks", "the
drills") and when the sentence has no verb trigger of another type, unless the
noun carries its own date ("exercises next summer"). Launch and test nouns that
refer back ("these tests took place near Nampo") are ``anaphor`` triggers: they
add to the launch already reported, or stand for the launch the report is about
when none was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extract.patterns import ci, overlaps
from geo.extract.strikes import STRIKE_CAMEO, STRIKE_RULES

CAMEO = {
    "missile_launch": ("150", "Demonstrate military or police power"),
    "satellite_launch": ("150", "Demonstrate military or police power (closest)"),
    "nuclear_test": ("150", "Demonstrate military or police power (closest)"),
    "weapons_test": ("150", "Demonstrate military or police power (closest)"),
    "military_exercise": ("150", "Demonstrate military or police power"),
    "deployment": ("154", "Mobilize or increase armed forces"),
    "meeting": ("040", "Consult"),
    "statement": ("010", "Make statement"),
    "condemnation": ("111", "Criticize or denounce"),
    "threat": ("138", "Threaten with military force"),
    "concern": ("012", "Make pessimistic comment"),  # a reported concern (geo/extract/kinds.py)
    "agreement": ("057", "Sign formal agreement"),
    "cooperation": ("062", "Cooperate militarily"),
    "share_information": ("064", "Share intelligence or information"),
    "alliance": ("050", "Engage in diplomatic cooperation"),
    "sanction": ("163", "Impose embargo, boycott, or sanctions"),
    "attack": ("190", "Use conventional military force, not specified below"),
    "interception": ("190", "Use conventional military force (closest; CAMEO has no air-defence code)"),
}
EVENT_TYPES = (
    "missile_launch", "satellite_launch", "nuclear_test", "weapons_test", "military_exercise", "deployment",
    "meeting", "statement", "agreement", "sanction", "attack",
    "interception",  # air and missile defence (geo/extract/strikes.py)
)
# Types whose actors act together (all participants) rather than one acting on another.
SYMMETRIC = {"meeting", "agreement", "military_exercise"}
LAUNCH_TYPES = {"missile_launch", "satellite_launch", "weapons_test"}

_MISSILE = (
    r"missiles?|rockets?|projectiles?|SRBMs?|MRBMs?|IRBMs?|ICBMs?|SLBMs?|ballistic|cruise|Scuds?|Nodongs?|No-dongs?|"
    r"Hwasong[-\w]*|KN-\d+\w*|Musudans?|Pukguksong[-\w]*|Polaris[-\w]*|Taepodong[-\w]*|Iskander|ATACMS|warheads?|"
    r"hypersonic|MLRS|multiple[- ]launch|glide vehicle|HGV|MaRV|Haeil|Hwajon|Pulhwasal"
)
_SATELLITE = r"satellites?|space launch vehicle|SLV|Unha[-\w]*|Kwangmyong\w*|Malligyong[-\w]*|Chollima[-\w]*|carrier rocket|space rocket"
_LAUNCH_VERB = (
    r"fired|fires|fire|firing|launched|launches|launch|launching|test-fired|test-fires|test fired|test-launched|"
    r"test launched|shot|lobbed|flight-tested|flight tested|tested|testing"
)
_DO = (r"conducted|conducts|conducting|carried out|carries out|staged|stages|held|holds|holding|performed|made|attempted|began|begun|"
       r"resumed|conduct|hold|stage|oversaw|oversees|supervised|observed|watched|guided|attended")
_DET = r"(?:a|an|its|their|his|the|another|two|three|four|five|six|several|multiple|new|first|second|third|\d+|[\w-]+)"


@dataclass(frozen=True)
class Trigger:
    """Words that signal an event: its type, subtype, strength and offsets into the sentence."""

    type: str
    subtype: str
    strength: str  # "verb", "noun" or "anaphor" (a noun referring back: "these tests")
    start: int
    end: int
    text: str


# (type, subtype, strength, pattern); the trigger span is group "t" when present, else the match.
_RULES: list[tuple[str, str, str, re.Pattern[str]]] = [
    *STRIKE_RULES,  # interceptions, air/drone strikes, shelling, offensives (geo/extract/strikes.py)
    # nuclear tests
    ("nuclear_test", "nuclear_test", "verb",
     ci(r"\b(?P<t>(?:conducted|carried out|staged|detonated|performed|set off)(?:\s+[\w'\u2019-]+){0,4}?\s+(?:nuclear|atomic|hydrogen|thermonuclear)(?:\s+[\w-]+){0,2}?\s+(?:tests?|device|bomb|explosion|detonation))\b")),
    # launches: a launch verb with a satellite or missile word close after (or before, in the passive)
    ("satellite_launch", "satellite_launch", "verb",
     ci(rf"\b(?P<t>{_LAUNCH_VERB}|put|placed|sent)\b(?:\s+[\w'\u2019-]+){{0,6}}?\s+(?:{_SATELLITE})\b")),
    ("satellite_launch", "satellite_launch", "verb",
     ci(rf"\b(?P<t>(?:{_DO})(?:\s+[\w'\u2019-]+){{0,5}}?\s+(?:satellite|space) launch(?:es)?)\b")),
    ("satellite_launch", "satellite_launch", "noun", ci(r"\b(?P<t>(?:satellite|space) launch(?:es)?)\b")),
    ("missile_launch", "missile_launch", "verb",
     ci(rf"\b(?P<t>{_LAUNCH_VERB})\b(?:\s+[\w'\u2019(),.-]+){{0,8}}?\s+(?:{_MISSILE})\b")),
    ("missile_launch", "missile_launch", "verb",
     ci(rf"\b(?:{_MISSILE})(?:\s+[\w'\u2019(),-]+){{0,4}}?\s+(?:was|were|had been|have been|being|is|are)\s+(?P<t>{_LAUNCH_VERB}|tested|test-fired)\b")),
    ("missile_launch", "missile_launch", "verb",
     ci(rf"\b(?P<t>(?:{_DO})(?:\s+[\w'\u2019()-]+){{0,6}}?\s+(?:(?:{_MISSILE})(?:\s+[\w-]+){{0,2}}?\s+(?:launch(?:es)?|launching(?:\s+drills?)?|test-launch(?:es)?|test-fir(?:e|es|ing)|firings?|flight tests?|tests?|salvo)|launch(?:es)?|launching(?:\s+drills?)?|test-launch(?:es)?|flight tests?))\b(?<=\w)")),
    ("missile_launch", "missile_launch", "verb",
     ci(rf"\b(?:{_MISSILE})(?:\s+[\w'\u2019-]+){{0,2}}?\s+(?P<t>launched|fired|test-fired)\s+(?:on|at|from|in|into|toward|towards|over|during)\b")),
    ("missile_launch", "missile_launch", "noun",
     ci(rf"\b(?P<t>(?:{_MISSILE})(?:\s+[\w-]+){{0,1}}?\s+(?:launch(?:es)?|tests?|test-launch(?:es)?|firings?|test-fir(?:e|es|ing)|salvo))\b")),
    ("missile_launch", "missile_launch", "noun",
     ci(r"\b(?P<t>(?:launch(?:es)?|tests?))\s+(?:that\s+)?(?:[\w-]+ly\s+|appears? to have\s+|(?:is|are|was|were) believed to have\s+)?(?:occurred|took place|taken place|was conducted|were conducted|was carried out|were carried out|happened)\b")),
    ("satellite_launch", "satellite_launch", "noun", ci(r"\b(?P<t>satellite (?:insertion|launch(?:es)?)|(?:put|placed|inserted) (?:a |the |its )?satellite into orbit)\b")),
    ("missile_launch", "missile_launch", "noun",
     ci(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:\s?-\s?\d{1,2})?(?:,?\s+\d{4})?\s+(?P<t>launch(?:es)?|tests?)\b")),
    ("nuclear_test", "nuclear_test", "noun", ci(r"\b(?P<t>(?:underground )?nuclear tests?|nuclear detonation|nuclear explosion)\b")),
    # "oversaw a test of a new ICBM" / "... of a new tactical guided weapon"
    ("missile_launch", "missile_launch", "verb",
     ci(rf"\b(?P<t>(?:{_DO})\s+(?:[\w'\u2019-]+\s+){{0,3}}?(?:test|launch|test-launch|test-firing)s?\s+of)\b(?=(?:\s+[\w\"'\u201c\u201d-]+){{0,6}}?\s+[\"\u201c]?(?:{_MISSILE})\b)")),
    ("weapons_test", "weapons_test", "verb",
     ci(rf"\b(?P<t>(?:{_DO})\s+(?:[\w'\u2019-]+\s+){{0,3}}?tests?\s+of)\b(?=(?:\s+[\w\"'\u201c\u201d-]+){{0,6}}?\s+[\"\u201c]?(?:weapons?|systems?|engines?|launchers?|torpedo(?:es)?|drones?|vehicles?|motors?)\b)")),
    # other weapons tests
    ("weapons_test", "weapons_test", "verb",
     ci(r"\b(?P<t>tested|test-fired|tests|testing)\b(?:\s+[\w'\u2019-]+){0,5}?\s+(?:engines?|weapons?|systems?|torpedo(?:es)?|drones?|artillery|launchers?|rocket launchers?|guns?|howitzers?|motors?|interceptors?|vehicles?)\b")),
    # exercises
    ("military_exercise", "military_exercise", "verb",
     ci(r"\b(?P<t>(?:conducted|carried out|staged|held|holds|holding|hold|conduct|began|begin|launched|kicked off|wrapped up|stage|staging|conducting|took part in|participated in|join(?:ed)?)(?:\s+[\w'\u2019-]+){0,5}?\s+(?:exercises?|drills?|war ?games|maneuvers|manoeuvres|simulated[\w\s-]{0,30}?attacks?|simulated[\w\s-]{0,30}?scenarios?))\b")),
    ("military_exercise", "military_exercise", "noun",
     ci(r"\b(?P<t>(?:(?:joint|combined|military|naval|air|live-fire|large-scale|trilateral|bilateral|annual|missile defen[cs]e|field training|command post)\s+)+(?:military\s+)?(?:exercises?|drills?|war ?games|maneuvers|manoeuvres)|(?:exercises?|drills?) (?:next|this|last) (?:summer|winter|spring|autumn|fall|month|year|week))\b")),
    # deployments ("flew 1,000 km", "flew for 70 minutes": a flight measured, not assets sent)
    ("deployment", "deployment", "verb",
     ci(r"\b(?P<t>deploy(?:ed|ing|s)?|deployments?|dispatch(?:ed|ing)?|stationed|redeployed|sent|sending|moved|flew in|(?:flew|flies|flying)(?!\s+(?:for|about|approximately|around|some|nearly|over|up to|roughly|\d))|arrived)\b(?:\s+[\w'\u2019,-]+){0,6}?\s+(?:assets|bombers?|submarines?|carriers?|troops|forces|warships?|destroyers?|jets?|fighters?|aircraft|missiles?|batter(?:y|ies)|THAAD|systems?|units?|vessels?|ships?|strike group)\b")),
    ("deployment", "deployment", "noun", ci(r"\b(?P<t>deployments? of)\b")),
    # meetings
    ("meeting", "meeting", "verb",
     ci(r"\b(?P<t>(?:held|hold|holds|holding|had|began|resumed|opened|concluded|wrapped up)(?:\s+[\w'\u2019-]+){0,4}?\s+(?:talks|summit|meeting|meetings|negotiations|consultations|dialogue|discussions)|met with|met|meets|meeting with|visited|visits)\b")),
    ("meeting", "meeting", "noun",
     ci(r"\b(?P<t>(?:(?:high-level|security|peace|nuclear|trilateral|bilateral|six-party|working-level|summit|foreign|defen[cs]e|ministerial|military|diplomatic|denuclearization|leaders?'?)\s+)+(?:talks|summit|meetings?|negotiations|consultations|dialogue)|summit|talks between)\b")),
    # statements
    ("statement", "condemnation", "verb",
     ci(r"\b(?P<t>condemn(?:ed|s|ing|ation)?|denounc(?:ed|es|ing)|criticiz(?:ed|es|ing)|criticis(?:ed|es|ing)|criticism|slammed|rebuked|deplored|protested|censured|lambasted)\b")),
    ("statement", "threat", "verb",
     ci(r"\b(?P<t>threaten(?:ed|s|ing)?|vow(?:ed|s|ing)|warn(?:ed|s|ing)|warnings?|ultimatum)\b")),
    ("statement", "statement", "verb",
     ci(r"\b(?P<t>issued (?:a |an )?(?:\w+ )?statement|released (?:a |an )?(?:\w+ )?statement|(?:press )?statement|declared|announced|proclaimed|expressed|insisted|accused|demanded|called (?:on|for)|urged|seeking (?:[\w-]+ )?assurances|sought (?:[\w-]+ )?assurances)\b")),
    # agreements and cooperation
    ("agreement", "share_information", "verb",
     ci(r"\b(?P<t>shar(?:ed|es|ing|e)(?:\s+[\w'\u2019-]+){0,3}?\s+(?:information|data|intelligence))\b")),
    ("agreement", "agreement", "verb",
     ci(r"\b(?P<t>agreed|agrees|agreements?|signed|deal|accord|pact|treaty|pledged|decided to (?:strengthen|expand|deepen|increase|boost|enhance)|resolved to)\b")),
    ("agreement", "alliance", "noun",
     ci(r"\b(?P<t>(?:arms |military |security )?(?:alliance|partnership|cooperation)|providing (?:[\w-]+ )?assistance|in exchange for)\b")),
    # sanctions
    ("sanction", "sanction", "verb",
     ci(r"\b(?P<t>(?:imposed|impose|imposes|imposing|announced|slapped|adopted|tightened|expanded|new)(?:\s+[\w'\u2019-]+){0,3}?\s+sanctions|sanctioned|blacklisted|embargo)\b")),
    # attacks
    ("attack", "attack", "verb",
     ci(r"\b(?P<t>invasion|invaded|invade|attacked|attacks?|struck|strikes?|shelled|shelling|bombed|bombing|shot down|assault(?:ed)?|raided|killed)\b")),
]

# Words that make a noun trigger refer back to something already said.
_ANAPHORIC = ci(r"(?:\b(?:these|those|such|this|that|the|said)\s+)(?:[\w-]+\s+){0,1}$")
_ORDINAL = ci(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:[\w-]+\s+)?$")
# "the attack" with nothing after it refers back ("condemned the attack"); "the attack on X" may not.
_REFERS_BACK = ci(r"\b(?:the|this|these|that|those|such|its|their)\s+(?:[\w-]+\s+)?$")
_ATTACK_OBJECT = ci(r"^\s+(?:on|against|of|in|at|by)\b")
_ATTACK_NOUN = ci(r"^(?:[\w-]+\s+)?(?:attacks?|strikes?|assaults?|invasion|bombing|shelling|offensive|raids?|barrages?)$")
_MANNER = ci(r"\b(?:in|as|during)\s+(?:a|an|the|its|their|what)\s+(?:[\w'\u2019-]+\s+){0,4}$")
# Attack words that are not attacks.
_NOT_ATTACK = ci(r"(?:simulat\w*|mock|practi[cs]\w*|rehears\w*|in case of|if|could|would|threat of|potential|capable of|ability to)\s+(?:[\w-]+\s+){0,4}$")


def find_triggers(sentence: str) -> list[Trigger]:
    """Find event triggers in one sentence, at most one per span, strongest first where they overlap.

    Parameters
    ----------
    sentence : str
        One sentence; offsets are into it.

    Returns
    -------
    list of Trigger
        Sorted by start.
    """
    out: list[Trigger] = []
    taken: list[tuple[int, int]] = []
    for etype, subtype, strength, pattern in _RULES:
        for m in pattern.finditer(sentence):
            s, e = m.span("t") if m.groupdict().get("t") is not None else m.span()
            if overlaps(s, e, taken):
                continue
            before = sentence[max(0, s - 60):s]
            if strength == "noun" and _ANAPHORIC.search(before) and not _ORDINAL.search(before):
                if etype not in ("missile_launch", "satellite_launch", "weapons_test", "nuclear_test"):
                    continue
                strength = "anaphor"  # "these tests took place near Nampo": the test the report is about
            if etype == "attack" and _ATTACK_NOUN.match(sentence[s:e]) and (
                    (_REFERS_BACK.search(before) and not _ATTACK_OBJECT.match(sentence[e:])) or _MANNER.search(before)):
                # "condemned the attack": one already reported; "fired ... in the largest aerial attack of
                # the war": the sentence's own strike described, not another
                continue
            if etype == "attack":
                if _NOT_ATTACK.search(before) or re.match(r"\s+(?:scenarios?|drills?|simulations?|plans?|rehearsals?|exercises?)\b", sentence[e:], re.I):
                    continue
                if sentence[s:e].lower().startswith("strike") and re.search(r"\b(?:capab|abilit|range)\w*\s+(?:[\w-]+\s+){0,3}$", before, re.I):
                    continue
            out.append(Trigger(etype, subtype, strength, s, e, sentence[s:e]))
            taken.append((s, e))
    out.sort(key=lambda t: t.start)
    return out


def cameo(event_type: str, subtype: str | None = None) -> dict:
    """CAMEO code and label for a type (and subtype when it has its own code)."""
    code, label = CAMEO.get(subtype or "") or STRIKE_CAMEO.get(subtype or "") or CAMEO.get(event_type, (None, None))
    return {"code": code, "label": label}
