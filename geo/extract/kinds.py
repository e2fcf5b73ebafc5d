"""Every event a sentence reports, not only the main one (issue 12 item 3), and how sure the
words are of each: ``certainty``.

Run once per report on the EVENT dicts, after they are finished and before their time
intervals are filled (:mod:`geo.extract.timing`), by :func:`classify_events`.

Kinds (subtypes of the taxonomy's types, :mod:`geo.extract.taxonomy`; CAMEO where a code fits):

===============  =============  ===========================================  ==================================
subtype          of type        what                                         CAMEO
===============  =============  ===========================================  ==================================
``aggregate``    any            many events counted over a period: "has      the type's own code
                                test-fired over 100 missiles since 2022"
``background``   attack         an event named as context, not reported as   the type's own code
                                news: "the distraction caused by Russia's
                                invasion of Ukraine", "amid the strikes"
``condemnation`` statement      condemned, denounced; "condemned as a        111 Criticize or denounce
                                violation of U.N. Security Council
                                resolutions": the body whose resolutions are
                                invoked gets the role ``authority``, the one
                                who launched is the ``target``
``concern``      statement      a concern reported: "concerns have arisen    012 Make pessimistic comment
                                about a possible arms alliance", "Japan
                                expressed concerns"; who is concerned is
                                the initiator, what it is about the target
===============  =============  ===========================================  ==================================

Certainty (the ``certainty`` field, one of :data:`geo.events.CERTAINTIES`), from the words of
the event's clause (the first rule that applies wins):

- ``hypothetical``: a condition or a possibility: "if", "in case of", "could", "would",
  "might", "may", "possible", "potential", "risk of", "capable of" (a concern does not make
  what it is about hypothetical: "concerns about North Korea's launches" are about real ones);
- ``planned``: the extraction's modality is ``planned`` ("plans to", "will", "agreed to hold",
  "next summer");
- ``alleged``: "allegedly", "reportedly", "suspected", "accused of", "claimed", "is said to",
  "according to" an unnamed source;
- ``reported``: anything else (the report states it as fact; a denial keeps ``modality``
  "negated").
"""

from __future__ import annotations

import hashlib
import re

from geo.extract.patterns import ci
from geo.extract.taxonomy import LAUNCH_TYPES, cameo

from geo.events import CERTAINTIES  # noqa: E402  (one list: the record's)

# words before the trigger, within its clause ("may" in lower case only: "May 29" is a month)
_HYPOTHETICAL_BEFORE = ci(
    r"\b(?:if|unless|in case of|in the event of|could|would|might|(?-i:may)|possible|possibly|potential|potentially|"
    r"(?:risk|prospect)\s+of|capable of|ability to|threat of)\b"
    r"(?:\s+[\w'\u2019-]+){0,6}?\s*$"
)
_HYPOTHETICAL_AFTER = ci(r"^[^.;]{0,40}?\b(?:if|unless|should it)\b")
_ALLEGED = ci(r"\b(?:allegedly|alleged|reportedly|purportedly|suspected|accused of|claimed|claims|is said to|are said to|"
              r"was said to|were said to|rumou?red|unconfirmed)\b(?:\s+[\w'\u2019-]+){0,6}?\s*$")
_CLAUSE_BREAK = re.compile(r"[;:.!?]|,\s+(?:and|but|while|whereas)\b|\b(?:and|but)\s+(?=[a-z]+(?:ed|s)\b)")

# "since the beginning of 2022", "so far this year", "over the past two years"
_PERIOD = ci(r"\b(?:since|so far this|so far in|over the (?:past|last)|in the (?:past|last)|this year|to date|in total|a total of|altogether)\b")
_BACKGROUND_CUE = ci(
    r"\b(?:amid|amidst|caused by|due to|because of|in the wake of|following|since|after|during|distraction (?:caused by|of)|"
    r"in light of|against the backdrop of|in response to|capitali[sz]ing on)\b(?:\s+[\w'\u2019-]+){0,5}?\s*$"
)
_CONCERN = ci(
    r"\b(?P<t>concerns?|worries|fears?|alarm|anxiety)\s+(?:have|has|had)?\s*(?:arisen|grown|mounted|risen|been raised|been voiced|been expressed)"
    r"|\b(?P<t2>(?:raised|voiced|expressed|express|expresses|raising|voicing)\s+(?:[\w-]+\s+){0,2}?(?:concerns?|worries|fears?|alarm))"
    r"|\b(?P<t3>(?:concerns?|worries|fears?)\s+(?:about|over|that))"
)
_VIOLATION = ci(
    r"\b(?:violation|violations|breach|breaches|violat(?:e|es|ed|ing)|defiance|def(?:y|ies|ied|ying)|contravention|in breach)\s+"
    r"(?:of\s+)?(?:the\s+)?(?:[\w.'\u2019-]+\s+){0,4}?resolutions?\b"
)


def _clause_before(sentence: str, pos: int) -> str:
    """The sentence before ``pos``, back to the last clause break."""
    head = sentence[:pos]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(head):
        cut = m.end()
    return head[cut:]


def certainty_of(ev: dict, text: str) -> str:
    """``hypothetical``, ``planned``, ``alleged`` or ``reported`` for one EVENT dict (rules in
    the module docstring); ``text`` is the report text its offsets index."""
    trig = ev.get("trigger") or {}
    s0 = ev.get("start") or 0
    sentence = text[s0:ev.get("end") or s0]
    ts = max(0, (trig.get("start") or s0) - s0)
    te = max(ts, (trig.get("end") or s0) - s0)
    before = _clause_before(sentence, ts)[-90:]
    if _HYPOTHETICAL_BEFORE.search(before) or _HYPOTHETICAL_AFTER.search(sentence[te:]):
        return "hypothetical"
    if ev.get("modality") == "planned":
        return "planned"
    if _ALLEGED.search(before):
        return "alleged"
    # the extraction's modality "possible" is not read: it may come from another sentence
    # merged into the event; the words of the event's own clause decide
    return "reported"


def _is_aggregate(ev: dict, text: str) -> bool:
    """Many events over a period: a count of two or more with a period right after it ("over
    100 missiles since the beginning of 2022", "30 missiles this year") or as its date ("since
    2022", "so far this year")."""
    count = ev.get("count")
    if count is None or count < 2:
        return False
    if _PERIOD.match((ev.get("date_text") or "").strip()):
        return True
    span = (ev.get("evidence") or {}).get("count")
    return bool(span and _PERIOD.search(text[span[1]:span[1] + 60]))


def _is_background(ev: dict, text: str) -> bool:
    """A noun event named as context ("the distraction caused by Russia's invasion of Ukraine",
    "amid the strikes"): a cue word right before its trigger, or a possessive actor before a noun
    trigger in a sentence that reports something else."""
    trig = ev.get("trigger") or {}
    if not trig or ev["type"] in LAUNCH_TYPES or ev.get("subtype") in ("aggregate",):
        return False
    s0 = ev.get("start") or 0
    before = text[max(s0, trig["start"] - 60):trig["start"]]
    word = (trig.get("text") or "").lower()
    noun = bool(re.match(r"(?:invasion|war|conflict|occupation|crisis|annexation|attacks?|strikes?|bombing|shelling)$", word))
    if not noun:
        return False
    return bool(_BACKGROUND_CUE.search(before) or re.search(r"['\u2019]s\s+$", before))


def _condemnation_roles(ev: dict, text: str) -> None:
    """In a condemnation that invokes resolutions ("as a violation of U.N. Security Council
    resolutions"), the body named in those words takes the role ``authority``."""
    s0 = ev.get("start") or 0
    sentence = text[s0:ev.get("end") or s0]
    for m in _VIOLATION.finditer(sentence):
        a, b = m.start() + s0, m.end() + s0
        for actor in ev.get("actors") or ():
            if actor.get("start") is not None and a <= actor["start"] < b:
                actor["role"] = "authority"


def _actor_entry(a, role: str) -> dict:
    return {"code": a.code, "name": a.name if a.kind in ("state", "body") else a.bare, "role": role,
            "kind": a.kind, "start": a.start, "end": a.end}


def _concern_events(events: list[dict], text: str, source: str, sentences=None, actors=None) -> list[dict]:
    """Concerns a sentence reports (``statement``/``concern``, CAMEO 012).

    A statement event whose trigger lies in the concern words ("Japan expressed concerns")
    becomes the concern; otherwise a new event is made. Its actors: the states and bodies
    named before the concern words are its ``initiator``s (who is concerned), those named
    after them its ``target``s (what the concern is about); without actor mentions, the
    actors of the sentence's events after the concern words are the targets.
    """
    out = []
    by_sentence: dict[int, list[dict]] = {}
    for ev in events:
        by_sentence.setdefault(ev["start"], []).append(ev)
    spans = [(x.start, x.end) for x in sentences] if sentences is not None else sorted(
        {(e["start"], e["end"]) for e in events})
    for s0, s1 in spans:
        evs = by_sentence.get(s0, [])
        if any(e.get("subtype") == "concern" for e in evs):
            continue
        sentence = text[s0:s1]
        m = _CONCERN.search(sentence)
        if m is None:
            continue
        g = next(k for k in ("t", "t2", "t3") if m.group(k))
        ts, te = m.span(g)
        named = [a for a in actors or () if s0 <= a.start < s1 and a.kind in ("state", "body", "government", "military",
                                                                                 "leader", "official")]
        if named:
            entries = [_actor_entry(a, "initiator" if a.start < ts + s0 else "target") for a in named]
        else:
            entries = [{**a, "role": "target"} for e in evs if (e.get("trigger") or {}).get("start", 0) - s0 >= te
                       for a in e.get("actors") or ()]
        targets, seen = [], set()
        for a in entries:
            key = (a.get("code") or a.get("name"), a["role"])
            if key not in seen:
                seen.add(key)
                targets.append(a)
        stated = next((e for e in evs if e["type"] == "statement" and e.get("subtype") in (None, "statement")
                       and ts + s0 <= (e.get("trigger") or {}).get("start", -1) < te + s0), None)
        if stated is not None:  # "expressed concerns": the statement is the concern
            stated["subtype"], stated["cameo"] = "concern", cameo("statement", "concern")
            known = {(a.get("code"), a.get("role")) for a in stated["actors"]}
            stated["actors"] = [a for a in stated["actors"] if a.get("role") != "participant"] + [
                a for a in targets if a["role"] == "target" and (a.get("code"), "target") not in known]
            continue
        eid = hashlib.sha1(f"{source}\x1f{ts + s0}\x1fconcern".encode("utf-8")).hexdigest()[:16]
        out.append({
            "id": eid, "type": "statement", "subtype": "concern", "cameo": cameo("statement", "concern"),
            "date": None, "date_precision": None, "date_end": None, "date_text": None,
            "report_date": evs[0].get("report_date") if evs else None, "modality": "asserted",
            "actors": targets, "places": [], "range_km": None, "apogee_km": None,
            "sentence": sentence, "start": s0, "end": s1, "source": source,
            "confidence": 0.6 if targets else 0.4,
            "trigger": {"text": sentence[ts:te], "start": ts + s0, "end": te + s0},
            "sentences": [[s0, s1]], "evidence": {"type": [ts + s0, te + s0]}, "claims": [],
        })
    return out


def classify_events(events: list[dict], text: str, source: str, sentences=None, actors=None,
                    report_date: str | None = None) -> list[tuple[int, dict]]:
    """Kinds and certainty for one report's EVENT dicts (changed in place), and the concern
    events to add: ``(index to insert before, event)`` in text order.

    Parameters
    ----------
    events : list of dict
        The report's events, in text order.
    text : str
        The report text.
    source : str
        The report's source (for the new events' ids).
    sentences : list of Sentence, optional
        The report's sentences (a concern in a sentence without other events is found too).
    actors : list of ActorMention, optional
        The report's actor mentions (report offsets): who is concerned, about whom.
    report_date : str, optional
        ISO date of the report, for the events made here.
    """
    for ev in events:
        if _is_aggregate(ev, text):
            ev["subtype"] = "aggregate"
        elif _is_background(ev, text):
            ev["subtype"] = "background"
        if ev.get("subtype") == "condemnation":
            _condemnation_roles(ev, text)
    added = _concern_events(events, text, source, sentences, actors)
    for new in added:
        new["report_date"] = new["report_date"] or report_date
    inserts = []
    for new in added:
        idx = next((i for i, e in enumerate(events) if e["start"] > new["start"]
                    or (e["start"] == new["start"] and (e.get("trigger") or {}).get("start", 0) > new["trigger"]["start"])),
                   len(events))
        inserts.append((idx, new))
    for ev in events + added:
        ev["certainty"] = certainty_of(ev, text)
        if ev.get("subtype") == "concern":
            ev["certainty"] = "reported" if ev["certainty"] == "hypothetical" else ev["certainty"]  # the concern itself is reported
    return inserts


__all__ = ["CERTAINTIES", "certainty_of", "classify_events"]
