"""Who does what to whom in a sentence: subjects, roles, and who a figure is attributed to.

- the subject before the trigger is the *initiator* (actors after "by", "of", "from",
  "against" are not subjects; who says or judges is not who acts);
- actors after "against", "at", "on"... are *targets*; the others after the trigger
  are *participants*; in meetings, agreements and exercises everyone is a participant;
- an actor followed by a verb of saying ("..., South Korea's military said") or after
  "according to" is a *source*: it reports the event rather than taking part.

Offsets are into the sentence given.
"""

from __future__ import annotations

import re
from typing import Iterable

from geo.extract.actors import ActorMention
from geo.extract.patterns import ci
from geo.extract.quantities import Quantity
from geo.extract.taxonomy import SYMMETRIC, Trigger

NOT_SUBJECT_BEFORE = ci(r"\b(?:by|of|from|against|with|to|for|on|at|in|into|toward|towards|between|than|prohibit\w*)\s+(?:the\s+)?$")
_TARGET_BEFORE = ci(r"\b(?:against|at|on|toward|towards|targeting|over|prohibit\w*|threaten\w*|targets?\s+in)\s+(?:the\s+)?$")
_AGENT_NOUN = ci(r"criticism|condemnation|statement|warnings?|threats?|ultimatum|rebuke|protest")
_AGENT_AFTER_TRIGGER = ci(r"^\s*(?:[\w-]+\s+){0,2}?(?:from|by)\s+(?:the\s+)?$")
_COORDINATION = ci(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+|\s*,\s*or\s+|\s*/\s*|-)(?:the\s+)?$")
_OBJECT_END = re.compile(r",\s+(?:while|but|which|who|as|although|though|with|capitalizing|and\s+(?:also\s+)?\w+ed)\b|;|\s[\u2014\u2013-]\s|,\s+\w+ing\b")
_GERUND_BEFORE = ci(r"\b(?:for|after|by|while|before)\s+$")
_REPORTING = ci(
    r"^(?:['\u2019]s)?\s*(?:\([^)]*\)\s*)?(?:[\w-]+\s+){0,3}?(?:said|says|stated|states|reported|reports|announced|claimed|claims|estimated|"
    r"estimates|assessed|detected|confirmed|added|noted|believes|believed|told|put|puts|assumed|thought|judged|concluded|"
    r"identified|suspected|considered|revised|tracked|observed)\b",
)
_ACCORDING = ci(r"\b(?:according to|cited|citing|per)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")
_SELF_REFERENCE = ci(r"^\s*(?:\w+\s+){0,2}?(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|have\s+)?(?:[\w-]+ly\s+)?$")
_LOCATIVE = ci(
    r"(?:\b(?:in|inside|across|near|around|throughout|within|from)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
    r"|\b(?:areas?|parts?|regions?|territory|territories|coast|soil|outskirts|suburbs)\s+of\s+(?:the\s+)?"
    r"|\b(?:north|south|east|west)(?:-?(?:north|south|east|west)){0,2}(?:ern)?\s+of\s+(?:the\s+)?|\boff\s+(?:the\s+)?(?:coast\s+of\s+(?:the\s+)?)?)$")
_MEMBERS_OF = ci(r"\b(?:ministers?|leaders?|officials?|representatives|envoys?|delegations?|delegates|members|chiefs|heads|commanders?|forces|troops|fighters|militants)\s+(?:of|from)\s+(?:the\s+)?$")
_LED_BY = ci(r"\b(?:led|backed|supported|joined|accompanied|aided|assisted|helped)\s+by\s+(?:the\s+)?$")
_APPOSITION = re.compile(r"^(?P<head>[^,]+),\s[^,]+,\s*(?:[\w-]+\s+){0,2}$")


def is_source(sentence: str, a: ActorMention) -> bool:
    """The actor reports rather than acts: "..., South Korea's military said", "according to Japan"."""
    return bool(_REPORTING.match(sentence[a.end:a.end + 60]) or _ACCORDING.search(sentence[max(0, a.start - 40):a.start]))


def subjects_of(sentence: str, trig: Trigger, actors: list[ActorMention]) -> list[ActorMention]:
    """The actor(s) acting in the clause before the trigger (coordinated ones included)."""
    clause = max(sentence.rfind(";", 0, trig.start), sentence.rfind(" \u2014 ", 0, trig.start)) + 1
    before = [a for a in actors if clause <= a.start and a.end <= trig.start]  # "...; most were intercepted": a new clause
    m = _APPOSITION.match(sentence[:trig.start])
    if m and any(a.end <= m.end("head") for a in before):
        # "Kim Yo Jong, the sister of leader Kim Jong Un, threatened": the head acts, not the apposition
        before = [a for a in before if a.end <= m.end("head")]
    if before and re.search(r"['\u2019]s$", before[-1].text) and re.fullmatch(r"\s+(?:[\w-]+\s+)?", sentence[before[-1].end:trig.start]):
        return [before[-1]]  # "Russia's invasion": the possessor acts
    if _GERUND_BEFORE.search(sentence[:trig.start]):
        # "... faced criticism for deploying": the doer of the gerund is the main subject
        before = before[:1]
    # "Rebels led by HTS captured", "troops backed by Wagner took": the helpers act too
    cands = [a for a in before if not NOT_SUBJECT_BEFORE.search(sentence[max(0, a.start - 30):a.start])
             or _LED_BY.search(sentence[max(0, a.start - 30):a.start])]
    if not cands:
        # "Foreign ministers of the G7 met": the body whose members act
        cands = [a for a in before if _MEMBERS_OF.search(sentence[max(0, a.start - 40):a.start])]
    if trig.type != "statement":
        # "South Korea initially assumed these were a KN-02 test": who says or judges is not who acts,
        # unless it speaks of itself ("North Korea said Monday it tested ...")
        def judges_others(a: ActorMention) -> bool:
            m = _REPORTING.match(sentence[a.end:a.end + 60])
            return bool(m) and not _SELF_REFERENCE.match(sentence[a.end + m.end():trig.start])
        cands = [a for a in cands if not judges_others(a)]
    if not cands:
        return []
    subj = [cands[-1]]
    # walk back through "A, B, and C"
    idx = actors.index(cands[-1])
    while idx > 0:
        prev = actors[idx - 1]
        if _COORDINATION.match(sentence[prev.end:actors[idx].start]):
            subj.insert(0, prev)
            idx -= 1
        else:
            break
    return subj


def assign_roles(sentence: str, trig: Trigger, actors: list[ActorMention], stop: int | None = None) -> list[tuple[ActorMention, str]]:
    """``(actor, role)`` pairs for the event of ``trig``: initiator, target or participant; sources left out.

    ``stop``: where the next event's trigger begins in the sentence; actors after it are that
    event's objects ("ministers meeting in Capri condemned the attack and promised sanctions on Iran").
    """
    out: list[tuple[ActorMention, str]] = []
    subjects = subjects_of(sentence, trig, actors)
    if not subjects and trig.strength != "verb":
        # "a G7 meeting", "the NATO summit": the actor named inside the noun takes part
        subjects = [a for a in actors if trig.start <= a.start and a.end <= trig.end]
    end_m = _OBJECT_END.search(sentence, trig.end)
    obj_end = end_m.start() if end_m else len(sentence)
    if stop is not None and trig.end <= stop < obj_end:
        obj_end = stop
    objects = [a for a in actors if trig.end <= a.start < obj_end]
    symmetric = trig.type in SYMMETRIC and trig.subtype != "share_information"
    agents = []
    if trig.type == "statement" and _AGENT_NOUN.search(trig.text):
        agents = [a for a in objects if _AGENT_AFTER_TRIGGER.match(sentence[trig.end:a.start])]
    for a in subjects:
        if symmetric:
            out.append((a, "participant"))
        else:
            out.append((a, "target" if agents else "initiator"))
    for a in objects:
        if a in agents:
            out.append((a, "initiator"))
            continue
        if trig.type != "statement" and is_source(sentence, a):
            continue  # "..., South Korea's military said": a source, not a party to the event
        if (trig.type != "statement" and a.kind == "state" and _LOCATIVE.search(sentence[max(0, a.start - 30):a.start])
                and not _bare_targets_in(sentence, a, actors)):
            continue  # "targets in Yemen", "across Lebanon": where it happened, a place of the event, not a party
        pre = sentence[max(0, a.start - 30):a.start]
        if symmetric:
            if re.search(r"\b(?:from|by|of)\s+(?:the\s+)?$", pre, re.I):
                continue
            out.append((a, "target" if _TARGET_BEFORE.search(pre) else "participant"))
        elif re.search(r"\bby\s+(?:the\s+)?$", pre, re.I) and not subjects:
            out.append((a, "initiator"))  # "the first SLBM test by North Korea"
        elif (_TARGET_BEFORE.search(pre) or trig.type in ("attack", "interception")
              or (trig.subtype == "condemnation" and not re.search(r"\b(?:of|by|from|with|as)\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}$", pre, re.I))):
            out.append((a, "target"))  # what is struck, shot down or condemned ("a violation of U.N. resolutions" is not)
        else:
            out.append((a, "participant"))
    return out


def _bare_targets_in(sentence: str, a: ActorMention, actors: list[ActorMention]) -> bool:
    """"attacks on targets in South Korea": the state is what is aimed at; but in "Houthi targets in
    Yemen" the targets are the Houthis', and Yemen is only where they are."""
    m = re.search(r"\btargets?\s+in\s+(?:the\s+)?$", sentence[max(0, a.start - 30):a.start], re.I)
    if not m:
        return False
    at = max(0, a.start - 30) + m.start()
    return not any(b.end <= at and not sentence[b.end:at].strip() for b in actors)


def actor_entries(pairs: Iterable[tuple[ActorMention, str]], offset: int) -> list[dict]:
    """EVENT ``actors`` entries, one per actor and role, offsets shifted by ``offset`` into the report."""
    seen: dict[tuple[str, str], dict] = {}
    for a, role in pairs:
        key = (a.code, role)
        if key in seen:
            continue
        name = a.name
        if a.kind != "state" and not a.person:  # institutions and organs keep their words: "U.N. Security Council"
            name = a.bare.strip()
            name = re.sub(r"^the\s+", "", name, flags=re.I)
        seen[key] = {"code": a.code, "name": name, "role": role, "kind": a.kind, "start": a.start + offset, "end": a.end + offset}
        cameo_code = _cameo_of(a)
        if cameo_code:
            seen[key]["cameo"] = cameo_code
        if a.country:
            seen[key]["country"] = a.country
    # an actor that initiates is not also listed as participant of the same event
    initiators = {c for c, r in seen if r == "initiator"}
    return [v for (c, r), v in seen.items() if not (r != "initiator" and c in initiators)]


def _cameo_of(a: ActorMention) -> str | None:
    """The CAMEO actor code: the state's alpha-3 (CAMEO uses ISO codes), a group's or body's code from the dictionary."""
    from geo.extract.actors import default_dictionary

    d = default_dictionary()
    if a.code in d.cameo:
        return d.cameo[a.code]
    return a.code if a.code in d.iso2 else None


def source_for(q: Quantity, sentence: str, actors: list[ActorMention]) -> ActorMention | None:
    """Who a quantity is attributed to in its sentence."""
    cues = []
    for a in actors:
        if is_source(sentence, a):
            cues.append(a)
        elif 0 <= q.start - a.end <= 3:  # "Japan 400 km"
            cues.append(a)
    before = [a for a in cues if a.end <= q.start]
    if before:
        return before[-1]
    after = [a for a in cues if a.start >= q.end]
    return after[0] if after else None

