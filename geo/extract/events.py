"""Sentences -> events: who did what, when, where and how far, with the words behind each field.

For every sentence of a report this module finds event triggers
(:mod:`geo.extract.taxonomy`), actors (:mod:`geo.extract.actors`), dates
(:mod:`geo.extract.dates`), quantities (:mod:`geo.extract.quantities`) and places
(:mod:`geo.extract.places`), and puts them together:

- one event per trigger type in a sentence, except separate launches ("fired ... on
  Monday and launched ... on Wednesday", "fired one ... and another ..."), each with the
  date and figures of its own clause; a noun trigger ("security talks")
  makes an event only when the sentence has no verb trigger of another type, or
  when a date is closer to it than to any other trigger ("exercises next summer")
  (:mod:`geo.extract.clauses`);
- each date goes to the trigger nearest to it; "soon after the launch" counts from
  the last launch's date;
- roles: the subject before the trigger is the *initiator* (actors after "by",
  "of", "from", "against" are not subjects); actors after "against", "at",
  "on"... are *targets*; the others after the trigger are *participants*; in
  meetings, agreements and exercises everyone is a participant (:mod:`geo.extract.roles`);
- a sentence about a launch already reported ("The missile, launched from near
  Pyongyang, traveled 570 km...", "the missiles were launched at 3:34") adds its
  range, apogee, places and claims to that launch instead of making a new one;
- range and apogee claims keep their source ("According to the Japanese Ministry
  of Defense ..."); the event's range and apogee are the first claims, not made on a
  condition ("approximately 700 km, assuming a ballistic trajectory" yields to a plain
  statement), of the lead source: the one reporting the most distinct figures (per
  missile, range and apogee), ties to the source cited first; when claims disagree by more
  than 5 % the event also gets ``range_band_km`` / ``apogee_band_km`` = [min, max]
  (:mod:`geo.extract.figures`);
- a launch with no specific site takes a launch facility the report names elsewhere.

The EVENT dict follows the contract (DESIGN.md) and adds ``subtype``, ``cameo``,
``modality``, ``count``, ``flight_time_s``, ``claims``, ``evidence`` (field ->
``[start, end]`` in the report text), ``sentences`` and ``report_date``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Iterable

from geo.extract import places as places_mod
from geo.extract import relative as relative_mod
from geo.extract import things as things_mod
from geo.extract.strikes import SANCTION_TALK, refine_attack, retype_launch, without_means
from geo.extract.actors import ActorMention, default_dictionary, find_actors
from geo.extract.budget import Budget, Deadline, current_budget
from geo.extract.clauses import choose_triggers, clause_owner, clause_starts, nearest, separate_launches
from geo.extract.dates import DateMention, find_dates
from geo.extract.figures import headline
from geo.extract.kinds import classify_events
from geo.extract.landing import failed_early, landing_offset, launching_country, overflight
from geo.extract.patterns import SpanIndex, ci
from geo.extract.quantities import find_quantities
from geo.extract.roles import NOT_SUBJECT_BEFORE, actor_entries, assign_roles, is_source, source_for, subjects_of
from geo.extract.sentences import Sentence, split_sentences
from geo.extract.taxonomy import LAUNCH_TYPES, SYMMETRIC, Trigger, cameo, find_triggers
from geo.extract.timing import fill_intervals
from geo.reports import Report

_DATELINE = re.compile(r"^[A-Z][A-Z .'\u2019-]+,(?:\s[A-Z][\w .'\u2019-]+)?\s*(?:\((?:AP|Reuters|AFP|Yonhap|UPI|Kyodo|dpa|Xinhua)\))?\s*[\u2014\u2013-]+\s*")
_MODEL_NUMBER = re.compile(r"-?\d|-[A-Z]{1,3}\b")
_SOURCES_LINE = ci(r"^\s*(?:sources?|credits?|photo|image|read more|related)\s*:")
_ANAPHORIC_LAUNCH = ci(
    r"\b(?:the|these|those|this|that|both|each|all)\s+(?:[\w-]+\s+){0,2}?(?:missiles?|launch(?:es)?|rockets?|tests?|projectiles?|SRBMs?|ICBMs?|IRBMs?|SLBMs?)\b"
    r"|^\s*(?:it|they)\b",
)
# A claim made on a condition is an estimate, weaker than a plain statement.
_HEDGE = ci(r"^[^.;]{0,12}?\b(?:assuming|if it|if the|provided|had it|would have)\b")
_HEDGE_BEFORE = ci(r"\b(?:assuming|if it had|would have|could have)\b[^.;]*$")
_CLAUSE_SEP = re.compile(r";|\s\u2014\s|,\s+(?:and|but|while|whereas)\s")
_SAID_PERFECT = ci(r"^\s*(?:that\s+)?(?:it|they|its forces|its troops|its air defen[cs]es)\s+(?:had|have|has)\s+")
_SAID_DATE = ci(r"\b(?:said|says|announced|reported|told|stated|confirmed|added|claimed)\s+(?:on\s+|late\s+|early\s+)?$")
_REFERS_TO_LAUNCH = ci(r"\bthe (?:recent |latest )?(?:missile |rocket |satellite )?(?:launch|launches|test|tests|firing)\b")
_MEASURED_FLIGHT = ci(r"\b(?:missiles?|rockets?|projectiles?|trajectory|flight|apogee)\b")
_MONTH_WORDS = r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
_NEW_LAUNCH = ci(r"\b(?:another|a second|a third|a further|an additional|also (?:fired|launched))\b")
_POSSIBLE = ci(r"\b(?:possible|possibly|may|might|potential|potentially|suspected|alleged|allegedly|rumou?red|concerns?|worries|fears?)\b")
_PLANNED = ci(r"\b(?:will|plans?\s+to|planned|planning|scheduled|intends?\s+to|is to|are to|upcoming|next)\b")
_NEGATED = ci(r"\b(?:not|no|never|denied|refrained from)\s+(?:[\w-]+\s+){0,2}$")
_REFERS_TO_STRIKE = ci(r"\b(?:the|this|these|that|those)\s+(?:[\w-]+\s+)?(?:attacks?|strikes?|assaults?|barrages?|bombardments?|salvos?|offensive)\b")
_VERBAL = ("statement", "sanction", "agreement")  # events of words: a country they aim at is an actor, not a place
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
_PLACE_COORDINATION = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+or\s+)(?:the\s+)?(?:(?:city|town|village|port)\s+of\s+)?$")
_FOLLOWS_TRIGGER = ci(r"^\s+(?:[\w'\u2019-]+\s+){0,2}?(?:in|at|near|off|over|from|to|into|on|inside|outside)\s+(?:the\s+)?(?:(?:port|city|town|village|island|coast|region|province|district)\s+of\s+)?$")
_CONTINUATION_CUE = ci(
    r"\b(?:missiles?|launch(?:es|ed)?|rockets?|flew|flight|traveled|travelled|apogee|altitude|range|landed|fell|splashed|impact\w*|fired|trajectory)\b",
)


@dataclass
class _Draft:
    """An event being assembled (offsets are into the report text)."""

    type: str
    subtype: str
    trigger: Trigger
    sentence: Sentence
    strength: str
    actors: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    date: DateMention | None = None
    claims: list[dict] = field(default_factory=list)
    counts: list[dict] = field(default_factory=list)
    flight_times: list[dict] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    modality: str = "asserted"
    inherited_actors: bool = False
    # (start, end) of ``sentences``, for the membership test of a merge in constant time
    merged: set = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        self.merged.update((x.start, x.end) for x in self.sentences)


def _modality(sentence: str, trig: Trigger, date: DateMention | None) -> str:
    before = sentence[max(0, trig.start - 70):trig.start]
    if _NEGATED.search(before):
        return "negated"
    if date is not None and date.planned:
        return "planned"
    if _POSSIBLE.search(before[-35:]) or _POSSIBLE.search(sentence[trig.start:trig.end]):
        return "possible"
    if _PLANNED.search(before[-40:]) and trig.type not in LAUNCH_TYPES:
        return "planned"
    if re.search(r"\b(?:agreed|agree|decided|pledged|promised|vowed|plans?|planning|aims?|intends?|set|expected|scheduled)\s+to\s+$", before):
        return "planned"  # "agreed to hold talks": the talks are to come
    return "asserted"


def _nearest_draft(drafts: list[_Draft], start: int, end: int) -> _Draft:
    """The draft whose trigger is nearest to ``[start, end)`` (sentence offsets)."""
    t = nearest([d.trigger for d in drafts], start, end)
    return next(d for d in drafts if d.trigger is t)


def _dates_of_triggers(text: str, chosen: list[Trigger], dates: list[DateMention], launch_trigs: list[Trigger],
                       launch_starts: list[int]) -> dict[int, DateMention]:
    """``id(trigger) -> date``: each date goes to the nearest chosen trigger, the first date to come wins."""
    date_for: dict[int, DateMention] = {}
    if not chosen:
        return date_for
    for d in dates:
        cands = chosen
        if _SAID_DATE.search(text[max(0, d.start - 25):d.start]):
            # "North Korea said Monday it tested...": the day of the saying, not of the test
            cands = [t for t in chosen if t.type == "statement"]
            if not cands and d.precision == "day" and _SAID_PERFECT.match(text[d.end:d.end + 40]):
                # "said on Monday it had shot down 19 drones": done by that day, most likely overnight
                t = nearest([x for x in chosen if x.start >= d.end] or chosen, d.start, d.end)
                date_for.setdefault(id(t), replace(d, date=d.date - dt.timedelta(days=1), date_end=d.date, precision="range"))
                continue
            if not cands:
                continue
        if d.text.lower().startswith("since"):
            # "the first test since September 2017": a period before, not the date of a noun's event
            cands = [t for t in cands if t.strength == "verb"]
            if not cands:
                continue
        same = [x for x in cands if not _CLAUSE_SEP.search(text, min(x.end, d.end), max(x.start, d.start))]
        t = nearest(same or cands, d.start, d.end)  # "on Monday; most were intercepted": the date stays in its clause
        if launch_starts and t.type in LAUNCH_TYPES:
            t = clause_owner(launch_trigs, launch_starts, d.start)  # each launch its own clause's date
        date_for.setdefault(id(t), d)
    return date_for


def _event_id(source: str, trig_start: int, etype: str) -> str:
    return hashlib.sha1(f"{source}\x1f{trig_start}\x1f{etype}".encode("utf-8")).hexdigest()[:16]


class _ReportExtractor:
    def __init__(self, report: Report, budget: Budget | None = None) -> None:
        self.report = report
        self.deadline = Deadline(report.source, report.text, budget)
        self.text = report.text
        dateline = _DATELINE.match(self.text)
        # "SEOUL, South Korea (AP) —" says where the story was written: no actor, no place
        head = dateline.end() if dateline else 0
        # ships, aircraft, weapons, operations: named things, never places nor actors (geo/extract/things.py)
        self.things = [t for t in things_mod.find_things(self.text) if t.end > head]
        thing_spans = SpanIndex((t.start, t.end) for t in self.things)
        self.actors = [a for a in find_actors(self.text) if a.end > head and not thing_spans.overlaps(a.start, a.end)]
        self.deadline.check()
        iso2 = default_dictionary().iso2
        # the first five countries named, for the geoparser to prefer their places
        self.context = list(dict.fromkeys(iso2[a.code] for a in self.actors if iso2.get(a.code)))[:5]
        found = places_mod.locate(self.text, self.context)
        self.deadline.check()
        # a state's name inside a longer place name is that place ("Port Sudan", "Gaza Strip" is no actor "Gaza"...)
        spans = sorted((p.start, p.end) for p in found)
        span_starts = [x[0] for x in spans]

        def inside_longer(a: ActorMention) -> bool:
            k = bisect_right(span_starts, a.start) - 1  # geoparser mentions do not overlap: one candidate
            if k < 0 or a.kind != "state":
                return False
            s0, e0 = spans[k]
            return a.end <= e0 and e0 - s0 > a.end - a.start and not re.match(r"['\u2019]s\b", self.text[e0:e0 + 3])

        ends = {p.end: p for p in found}

        def qualifies_place(a: ActorMention) -> bool:
            # "Capri, Italy", "Jaffa, Israel": the state says where the town is; it does nothing
            m = re.search(r",\s*$", self.text[max(0, a.start - 3):a.start])
            prev = ends.get(a.start - len(m.group())) if m else None
            return (a.kind == "state" and prev is not None and prev.feature not in ("country", "region")
                    and iso2.get(a.code) == prev.country_code and not _POSSESSIVE_AFTER.match(self.text, a.end))

        self.actors = [a for a in self.actors if not inside_longer(a) and not qualifies_place(a)]
        facilities = places_mod.find_facilities(self.text)
        # a facility name wins over the geoparser's reading of the same words, unless that is a
        # capital, province or country: "near Pyongyang" is the city, not the airport
        # (span indexes, not lists: every mention tested against every other was quadratic in the text)
        big = SpanIndex((p.start, p.end) for p in found if p.feature in places_mod.NOT_FACILITY)
        facilities = [f for f in facilities if not big.overlaps(f.start, f.end)]
        taken = SpanIndex((f.start, f.end) for f in facilities)
        merged = [p for p in found if not taken.overlaps(p.start, p.end)]
        merged = [p for p in merged if not _MODEL_NUMBER.match(self.text, p.end)]  # "Hwasong-12" is a missile
        metonyms = default_dictionary().metonyms
        # people are no places ("Antony Blinken"), nor capitals acting as governments ("Pyongyang fired")
        # ... nor groups, commands and bodies ("Hamas" is not Hamm, "Wagner" not a town)
        people = SpanIndex((a.start, a.end) for a in self.actors
                           if a.person or a.bare in metonyms or a.kind in ("group", "body") or a.country is not None)
        self.places = sorted(
            (p for p in merged + facilities
             if not people.overlaps(p.start, p.end) and p.end > head and not thing_spans.overlaps(p.start, p.end)),
            key=lambda p: p.start)
        self._thing_starts = [t.start for t in self.things]
        # installations the gazetteer does not know ("Nevatim air base in southern Israel"), placed by their area
        self._uncertain: dict[int, dict] = {}
        for inst, unc, anchor in places_mod.installations(self.text, self.places):
            if inst.end > head and not thing_spans.overlaps(inst.start, inst.end) and not people.overlaps(inst.start, inst.end):
                self.places.append(inst)
                if unc is not None:
                    self._uncertain[inst.start] = {"uncertainty_km": unc, "anchor": anchor}
        self.places.sort(key=lambda p: p.start)
        # both lists are sorted by start: a sentence's mentions are found by bisection
        self._actor_starts = [a.start for a in self.actors]
        self._place_starts = [p.start for p in self.places]
        self.drafts: list[_Draft] = []
        self._launches: list[_Draft] = []  # the drafts of LAUNCH_TYPES, in order (a launch stays a launch)
        self._anchor = None  # the last day the text gave

    @staticmethod
    def _in(items, starts: list[int], s: Sentence):
        """The mentions of ``items`` (sorted by start; ``starts`` their starts) inside sentence ``s``."""
        lo, hi = bisect_left(starts, s.start), bisect_right(starts, s.end)
        return [x for x in items[lo:hi] if x.end <= s.end]

    def _add_draft(self, d: _Draft) -> None:
        self.drafts.append(d)
        if d.type in LAUNCH_TYPES:
            self._launches.append(d)

    def run(self) -> list[dict]:
        self._sentences = split_sentences(self.text)
        for s in self._sentences:
            if _SOURCES_LINE.match(s.text):
                continue
            self._sentence(s)
            self.deadline.check()
        self._facility_fallback()
        out = []
        for d in self.drafts:
            out.append(self._finish(d))
            self.deadline.check()
        verbs = [d.strength == "verb" for d in self.drafts]
        # kinds, certainty and the concerns no trigger made (geo/extract/kinds.py), before their intervals
        found = classify_events(out, self.text, self.report.source, self._sentences, self.actors, self.report.date.isoformat())
        for idx, new in sorted(found, key=lambda p: p[0], reverse=True):
            out.insert(idx, new)
            verbs.insert(idx, False)
        fill_intervals(out, self.text, self.report.date, verbs)  # every event a time interval (geo/extract/timing.py)
        return out

    def _facility_fallback(self) -> None:
        """A launch with no specific site takes the launch facility the report names.

        A report about a launch that names a known launch facility anywhere (other
        than as where something came down) most likely names the launch site, even
        in a sentence without launch words ("images taken from Hwangju"); only
        launches whose site is unknown or only a province or country take it.
        """
        facilities = [p for p in self.places if p.feature == "facility"]
        if not facilities:
            return
        iso2 = default_dictionary().iso2
        sentence_starts = [x.start for x in self._sentences]

        def sentence_of(pos: int) -> Sentence | None:
            k = bisect_right(sentence_starts, pos) - 1  # sentences are in order and never overlap
            return self._sentences[k] if k >= 0 and pos < self._sentences[k].end else None

        # The role of a facility depends on its sentence and the event type only, so it is found
        # once per type: the launch-site facilities in text order, and the first of each country
        # (rather than every facility tried for every launch, which was quadratic).
        sites: dict[str, tuple[places_mod.PlaceMention | None, dict]] = {}

        def launch_sites(etype: str) -> tuple[places_mod.PlaceMention | None, dict]:
            if etype not in sites:
                first, by_country = None, {}
                for i, f in enumerate(facilities):
                    sent = sentence_of(f.start)
                    if sent is None:
                        continue
                    if places_mod.role_of(sent.text, f.start - sent.start, f.end - sent.start, etype, facility=True) == "launch_site":
                        if first is None:
                            first = f
                        by_country.setdefault(f.country_code, (i, f))
                sites[etype] = first, by_country
            return sites[etype]

        for d in self.drafts:
            if d.type not in LAUNCH_TYPES:
                continue
            launchers = {iso2.get(a["code"]) for a in d.actors if a["role"] == "initiator"}
            if any(pl["role"] == "launch_site" and pl.get("feature") not in ("admin1", "country", "region") for pl in d.places):
                continue
            first, by_country = launch_sites(d.type)
            if launchers:  # a North Korean site is not where South Korea launched from
                found = [by_country[c] for c in launchers if c in by_country]
                first = min(found, key=lambda pair: pair[0])[1] if found else None
            if first is not None:
                self._add_place(d, first, "launch_site")

    def _dates(self, text: str) -> list[DateMention]:
        """The dates of one sentence; moves the anchor of relative days on to its last day."""
        dates = find_dates(text, self.report.date, anchor=self._anchor)
        days = [d for d in dates if d.precision == "day"]
        if days:
            self._anchor = days[-1].date  # "the following day" in a later sentence counts from here
        for i, dm in enumerate(dates):
            if dm.relative == "event":
                # "soon after the launch": the day of the launch the text reported, not the last day written
                prev_launch = self._last_launch()
                if prev_launch is not None and prev_launch.date is not None and prev_launch.date.precision in ("day", "range"):
                    # a launch known only to a span ("one hour later") passes its span on
                    base, base_end = prev_launch.date.date, prev_launch.date.date_end
                    end = base + (dm.date_end - dm.date) if dm.date_end else None
                    if base_end is not None and (end is None or base_end > end):
                        end = base_end
                    dates[i] = replace(dm, date=base, date_end=end, precision="range" if end else "day")
        return dates

    def _sentence(self, s: Sentence) -> None:
        text = s.text
        # local (sentence-relative) views
        actors = [replace(a, start=a.start - s.start, end=a.end - s.start) for a in self._in(self.actors, self._actor_starts, s)]
        places = self._in(self.places, self._place_starts, s)
        dates = self._dates(text)
        quantities = find_quantities(text)
        triggers = find_triggers(text)
        extra = separate_launches(text, triggers, dates)
        chosen = choose_triggers(triggers, dates, extra)
        chosen = without_means(text, chosen)
        launch_trigs = [t for t in chosen if t.type in LAUNCH_TYPES]
        launch_starts = clause_starts(text, launch_trigs) if len(launch_trigs) > 1 else []
        date_for = _dates_of_triggers(text, chosen, dates, launch_trigs, launch_starts)
        launch_draft: _Draft | None = None
        launch_of: dict[int, _Draft] = {}  # launch trigger -> its draft, when a sentence reports several
        created: list[_Draft] = []
        for t in chosen:
            date = date_for.get(id(t))
            if t.type in LAUNCH_TYPES and launch_draft is None and t is launch_trigs[0]:
                prev = self._mergeable_launch(t, s, date, text, actors)
                if prev is not None:
                    if prev.type != t.type:  # a weapon test whose missiles were then "launched" is a missile launch
                        prev.type, prev.subtype = t.type, t.subtype
                    self._merge_sentence(prev, s)
                    if prev.date is None and date is not None:
                        prev.date = date
                        prev.evidence["date"] = [date.start + s.start, date.end + s.start]
                    launch_draft = prev
                    continue
            d = _Draft(t.type, t.subtype, t, s, t.strength, sentences=[s])
            d.date = date
            salvo = self._salvo(s, t) if date is None and t.type in ("interception", "attack") else None
            if salvo is not None:
                d.date = salvo.date
            d.modality = _modality(text, t, date)
            if t.type == "sanction" and d.modality == "asserted" and SANCTION_TALK.search(text[max(0, t.start - 60):t.start]):
                d.modality = "possible"  # "discussed new sanctions": not (yet) imposed
            d.evidence["type"] = [t.start + s.start, t.end + s.start]
            if date is not None:
                d.evidence["date"] = [date.start + s.start, date.end + s.start]
            later = [x.start for x in chosen if x.start >= t.end and x.strength == "verb"]
            pairs = assign_roles(text, t, actors, stop=min(later) if later else None)
            d.actors = actor_entries(pairs, s.start)
            if not d.actors and salvo is not None and t.type == "attack":
                # "Most were intercepted, but a missile struck ...": the salvo's launchers and target
                d.actors = [{**a, "inferred": True} for a in salvo.actors if a["role"] in ("initiator", "target")]
                d.inherited_actors = bool(d.actors)
            if not d.actors and self.drafts:
                prev_any = self.drafts[-1]
                # "The ministry ... vowed": the doers of the previous event, not whom it targeted
                d.actors = [dict(a) for a in prev_any.actors if a["role"] != "target"]
                if t.type == "interception" and prev_any.type in LAUNCH_TYPES | {"attack"}:
                    # "Most were intercepted": the attacked intercepted what the attackers fired
                    d.actors = [{**a, "role": {"initiator": "target", "target": "initiator"}[a["role"]]}
                                for a in prev_any.actors if a["role"] in ("initiator", "target")]
                d.inherited_actors = bool(d.actors)
            if salvo is not None and t.type == "attack" and not any(a["role"] == "initiator" for a in d.actors):
                # "a missile struck Nevatim": fired by whoever fired the salvo the sentence before
                d.actors += [{**a, "inferred": True} for a in salvo.actors if a["role"] == "initiator"]
            struck = _REFERS_TO_STRIKE.search(text) if t.type == "statement" else None
            if struck and not any(a["role"] == "target" for a in d.actors):
                prev_strike = next((x for x in reversed(self.drafts) if x.type in LAUNCH_TYPES | {"attack"}), None)
                for a in (prev_strike.actors if prev_strike else []):
                    if a["role"] == "initiator" and all(x["code"] != a["code"] for x in d.actors):
                        d.actors.append({**a, "role": "target", "inferred": True})
            if t.type == "statement" and not any(a["role"] == "target" for a in d.actors) and _REFERS_TO_LAUNCH.search(text):
                # "Japan condemned the launch": the one who launched is the target
                prev_launch = self._last_launch()
                for a in (prev_launch.actors if prev_launch else []):
                    if a["role"] == "initiator" and all(x["code"] != a["code"] for x in d.actors):
                        d.actors.append({**a, "role": "target", "inferred": True})
            if d.actors:
                d.evidence["actors"] = [[a["start"], a["end"]] for a in d.actors if not d.inherited_actors and not a.get("inferred")]
            self._add_draft(d)
            created.append(d)
            if t.type in LAUNCH_TYPES:
                launch_of[id(t)] = d
            if t.type in LAUNCH_TYPES and launch_draft is None:
                launch_draft = d
        if launch_draft is None and not chosen:
            launch_draft = self._launch_without_trigger(s, actors, places, dates, quantities)
            if launch_draft is not None and launch_draft.sentence is s:  # made here, not an earlier launch continued
                created.append(launch_draft)
        self._attach_places(s, places, created, launch_draft)
        self._attach_things(s, created, launch_draft)
        if launch_draft is not None:
            self._attach_launch_figures(s, quantities, actors, created, launch_draft, launch_trigs, launch_starts, launch_of)
        elif created:
            for q in quantities:
                if q.kind == "count":
                    _nearest_draft(created, q.start, q.end).counts.append(
                        {"quantity": "count", "value": q.value, "unit": q.unit, "qualifier": q.qualifier,
                         "text": q.text, "start": q.start + s.start, "end": q.end + s.start})

    def _launch_without_trigger(self, s: Sentence, actors: list[ActorMention], places: list, dates: list[DateMention],
                                quantities: list) -> _Draft | None:
        """The launch a sentence without triggers speaks of: the one already reported, when the sentence
        measures a flight or places it ("The missile flew 570 km"); a new one when none was reported
        and the sentence measures a flight."""
        text = s.text
        prev = self._last_launch()
        has_measure = any(q.kind in ("range", "apogee", "flight_time") for q in quantities)
        cue = _MEASURED_FLIGHT.search(text)
        if prev is None and cue is not None and any(q.kind in ("range", "apogee") for q in quantities):
            # "The given trajectory of 60 km out and 190 km apogee": a flight measured is a launch reported
            t = Trigger("missile_launch", "missile_launch", "noun", cue.start(), cue.end(), cue.group())
            d = _Draft(t.type, t.subtype, t, s, "noun", sentences=[s])
            d.evidence["type"] = [t.start + s.start, t.end + s.start]
            d.actors = actor_entries(assign_roles(text, t, actors), s.start)
            if dates:
                d.date = dates[0]
                d.evidence["date"] = [dates[0].start + s.start, dates[0].end + s.start]
            self._add_draft(d)
            return d
        if prev is None:
            return None
        has_place_role = any(
            places_mod.role_of(text, p.start - s.start, p.end - s.start, "missile_launch") in ("launch_site", "impact_area")
            for p in places
        ) or bool(places_mod.generic_impacts(text))
        # a launch facility named after "from/at/in/near" speaks of the launch even without launch words
        names_facility = any(
            p.feature == "facility" and re.search(r"\b(?:from|at|in|near|by|to be)\s+(?:the\s+|a\s+)?$", text[:p.start - s.start], re.I)
            for p in places
        )
        # another state acting in the sentence ("The United States flew bombers over ...") is not more of the launch
        initiators = {a["code"] for a in prev.actors if a["role"] == "initiator"}
        cue_at = _CONTINUATION_CUE.search(text)
        other_actor = any(
            a.kind in ("state", "military", "government", "leader") and a.code not in initiators
            and (cue_at is None or a.start < cue_at.start())
            and not is_source(text, a)
            and not NOT_SUBJECT_BEFORE.search(text[max(0, a.start - 30):a.start])
            for a in actors
        )
        failed = places_mod.early_failure(text)  # "The missile exploded shortly after launch": how the launch ended
        if not other_actor and ((cue_at is not None and (has_measure or has_place_role or failed)) or names_facility):
            self._merge_sentence(prev, s)
            return prev  # its dates are not taken: without launch words they may date anything
        return None

    def _attach_places(self, s: Sentence, places: list, created: list[_Draft], launch_draft: _Draft | None) -> None:
        """Each place of sentence ``s`` to the event of this sentence it plays a role in."""
        text = s.text
        iso2 = default_dictionary().iso2

        def role_in(d: _Draft | None, ps: int, pe: int, p) -> str:
            launchers = frozenset(iso2.get(a.get("country") or a["code"]) for a in (d.actors if d else ()) if a["role"] == "initiator")
            return places_mod.theatre_role(text, ps, pe, d.type if d else None, feature=p.feature, country_code=p.country_code,
                                           launcher_countries=launchers, facility=p.feature == "facility")

        last: tuple | None = None  # end, role, event and country of the last place given a role
        for p in places:
            ps, pe = p.start - s.start, p.end - s.start
            if last is not None and p.feature == "country" and re.fullmatch(r",\s*", text[last[0]:ps]) and last[3] == p.country_code:
                continue  # "Capri, Italy": the country says where the place is, it is no second place
            if last is not None and last[1] != "mention" and _PLACE_COORDINATION.match(text[last[0]:ps]):
                # "targets in Bahawalpur and Muridke": a place joined to the one before shares its role
                self._add_place(last[2], p, last[1], extra=self._uncertain.get(p.start))
                last = (pe, last[1], last[2], p.country_code)
                continue
            owner = _nearest_draft(created, ps, pe) if created else None
            # "ministers meeting in Capri condemned ...": a place after "TRIGGER in" belongs to that trigger
            follows = [d for d in created if d.trigger.end <= ps and _FOLLOWS_TRIGGER.match(text[d.trigger.end:ps])]
            if follows:
                owner = max(follows, key=lambda d: d.trigger.end)
            rel = relative_mod.position_before(text, ps, p.lat, p.lon, p.feature) if p.lat is not None else None
            if rel is not None and p.feature in ("admin1", "region", "country"):
                p = places_mod.town_named(p)  # "40 km north of Kharkiv": from the city, not the oblast's centre
                rel = relative_mod.position_before(text, ps, p.lat, p.lon, p.feature)
            rs = rel.start if rel is not None else ps  # a relative position's role is read before its words
            if p.feature in ("country", "region") and re.match(r"['\u2019]s\b", text[pe:pe + 3]):
                continue  # "Japan's exclusive economic zone", "Russia's invasion": the owner, not the place
            role = role_in(owner, rs, pe, p)
            if rel is not None and role == "mention":
                role = role_in(owner, ps, pe, p)  # "landed ... 200 km west of Oshima": the cue may be inside the phrase
            if launch_draft is not None and (owner is None or role == "mention" or owner is launch_draft):
                launch_role = role_in(launch_draft, rs, pe, p)
                if rel is not None and launch_role == "mention":
                    launch_role = role_in(launch_draft, ps, pe, p)
                if launch_role in ("launch_site", "impact_area") or owner is None or owner is launch_draft:
                    role, owner = launch_role, launch_draft
            if owner is None:
                continue
            if role == "target" and owner.type in LAUNCH_TYPES and owner.sentence is s and ps < owner.trigger.start:
                role = "mention"  # what a launch is fired at follows its verb
            if p.feature in ("country", "region") and (role == "mention" or (role == "target" and owner.type in _VERBAL)):
                continue  # a country merely named, or the target of words, is an actor; as a target, venue or site it is an area (issue 12)
            if rel is not None:
                if role == "mention" and owner.type in ("attack", "interception"):
                    role = "target" if owner.type == "attack" else "interception"
                self._add_place(owner, replace(p, text=text[rel.start:pe], name=text[rel.start:pe], start=rel.start + s.start,
                                               lat=rel.lat, lon=rel.lon, feature="relative"),
                                role, extra={"uncertainty_km": rel.uncertainty_km, "anchor": p.name,
                                             "bearing_deg": rel.bearing_deg, "distance_km": rel.distance_km})
                continue
            if role == "launch_site":
                fac = places_mod.facility_for(p)
                if fac is not None:
                    p = fac
            self._add_place(owner, p, role, extra=self._uncertain.get(p.start))
            last = (pe, role, owner, p.country_code)

    def _salvo(self, s: Sentence, t: Trigger) -> "_Draft | None":
        """The strike or launch, dated to the day, reported just before ("Iran launched missiles at Israel
        on Saturday. Most were intercepted", "... on Monday; most were intercepted"): the same salvo's
        interceptions and hits take its day and its launchers."""
        prev = next((d for d in reversed(self.drafts) if d.type in LAUNCH_TYPES | {"attack"}
                     and (d.sentence is not s or d.trigger.start < t.start)), None)
        if prev is None or prev.date is None or prev.date.precision != "day":
            return None
        if prev.sentence is s or not self.text[prev.sentences[-1].end:s.start].strip():
            return prev
        return None

    def _attach_things(self, s: Sentence, created: list[_Draft], launch_draft: _Draft | None) -> None:
        """Ships, aircraft, weapons and operations of sentence ``s`` to the nearest event, with their role."""
        things = self._in(self.things, self._thing_starts, s)
        if not things:
            return
        by_name = default_dictionary().by_name
        for t in things:
            ts, te = t.start - s.start, t.end - s.start
            owner = _nearest_draft(created, ts, te) if created else launch_draft
            if owner is None:
                continue
            entry = {"kind": t.kind, "name": t.name, "role": things_mod.thing_role(s.text, ts), "start": t.start, "end": t.end}
            if t.noun:
                entry["noun"] = t.noun
            for key, words in (("flag", t.flag), ("owner", t.owner)):
                if words:
                    found = by_name.get(words) or by_name.get(words.split()[-1])
                    if found and found[2] == "state":
                        entry[key] = found[0]
            navy = things_mod.navy_state(t.name) if t.kind == "vessel" else None
            if navy and "flag" not in entry:
                entry["flag"] = navy
            if navy and t.end <= owner.trigger.start + owner.sentence.start and owner.sentence is s \
                    and not any(a["role"] == "initiator" for a in owner.actors):
                # "The destroyer USS Carney shot down three drones": the ship's navy acted
                owner.actors.append({"code": navy, "name": default_dictionary().names.get(navy, navy), "role": "initiator",
                                     "kind": "military", "start": t.start, "end": t.end, "cameo": navy})
                owner.inherited_actors = False
            things_list = owner.evidence.setdefault("_things", [])
            if all(x["start"] != t.start for x in things_list):
                things_list.append(entry)

    def _attach_launch_figures(self, s: Sentence, quantities: list, actors: list[ActorMention], created: list[_Draft],
                               launch_draft: _Draft, launch_trigs: list[Trigger], launch_starts: list[int],
                               launch_of: dict[int, _Draft]) -> None:
        """Unnamed impact areas, and counts, flight times and distance claims (with their source), to the launch."""
        text = s.text
        earlier_launch = None
        if launch_draft in created and launch_draft.strength != "verb":
            earlier_launch = next((d for d in reversed(self._launches[-2:]) if d is not launch_draft), None)
        for name, gs, ge, _owner in places_mod.generic_impacts(text):
            if any(pl["role"] == "impact_area" and (pl["start"] <= gs + s.start < pl["end"] or pl["lat"] is None and pl["name"] == name)
                   for pl in launch_draft.places):
                continue
            launch_draft.places.append({"name": name, "role": "impact_area", "lat": None, "lon": None,
                                        "country_code": None, "start": gs + s.start, "end": ge + s.start,
                                        "feature": "eez" if "zone" in name.lower() or "EEZ" in name or "territorial" in name.lower() else "sea",
                                        "text": name, "place_id": None})
        for q in quantities:
            src = source_for(q, text, actors)
            entry = {"quantity": q.kind, "value": q.value, "unit": q.unit, "qualifier": q.qualifier,
                     "text": q.text, "start": q.start + s.start, "end": q.end + s.start,
                     "hedged": bool(_HEDGE.search(text[q.end:q.end + 50]) or _HEDGE_BEFORE.search(text[max(0, q.start - 40):q.start])),
                     "source_actor": src.code if src else None, "source_name": (src.name if src.kind in ("state", "body") else src.bare) if src else None}
            # "travelling 2000 km ... resembled the Hwasong-12 test of May 14, 2017": the figures before
            # a noun naming another launch are this report's launch's
            target = earlier_launch if earlier_launch is not None and q.end <= launch_draft.trigger.start else launch_draft
            if launch_starts and target is launch_draft:
                # "fired one 350 km on Monday and another 800 km on Wednesday": each launch its clause's figures
                target = launch_of.get(id(clause_owner(launch_trigs, launch_starts, q.start)), launch_draft)
            if target is earlier_launch:
                self._merge_sentence(target, s)
            if q.kind == "count":
                target.counts.append(entry)
            elif q.kind == "flight_time":
                target.flight_times.append(entry)
            elif q.kind in ("range", "apogee", "distance", "capability", "offset", "perigee"):
                entry["value_km"] = entry.pop("value")
                target.claims.append(entry)

    def _add_place(self, d: _Draft, p, role: str, extra: dict | None = None) -> None:
        for existing in d.places:
            if existing["start"] == p.start and existing["end"] == p.end:
                return
            if existing["name"] == p.name and existing["role"] == role:
                return  # named twice in the same role: the first mention is the evidence
        d.places.append({"name": p.name, "role": role, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
                         "start": p.start, "end": p.end, "feature": p.feature, "text": p.text, "place_id": p.place_id,
                         **(extra or {})})

    def _merge_sentence(self, d: _Draft, s: Sentence) -> None:
        if (s.start, s.end) not in d.merged:
            d.merged.add((s.start, s.end))
            d.sentences.append(s)

    def _mergeable_launch(self, t: Trigger, s: Sentence, date: DateMention | None, text: str,
                          actors: list[ActorMention]) -> _Draft | None:
        """The launch already reported that this sentence elaborates on, if any.

        A launch sentence adds to the previous launch of the same type unless it
        announces a new one ("another", "a second"); it must either refer back
        ("the missiles", "it"), or have no date of its own while following straight
        on, or give the date the previous launch lacked, or the same date.
        """
        prev = self._last_launch()
        if prev is None or _NEW_LAUNCH.search(text):
            return None
        if prev.type != t.type and not (prev.type == "weapons_test" and t.type == "missile_launch"):
            return None
        subjects = {a.code for a in subjects_of(text, t, actors)}
        initiators = {a["code"] for a in prev.actors if a["role"] == "initiator"}
        if subjects and initiators and not subjects & initiators:
            return None  # "South Korea tested a missile" after North Korea's launch is another launch
        # no other event made since prev's last sentence; drafts are made in text order, so the
        # latest other than prev is the one to look at
        latest_other = next((d for d in reversed(self.drafts[-2:]) if d is not prev), None)
        adjacent = prev.sentences[-1].end <= s.start and not (
            latest_other is not None and latest_other.sentence.start > prev.sentences[-1].start)
        m = _ANAPHORIC_LAUNCH.search(text[: t.end])
        # "the August 28 test", "the 2017 launch" name another launch, not this one
        anaphoric = bool(m) and not re.search(r"\d|" + _MONTH_WORDS, m.group(), re.IGNORECASE)
        if date is None:
            return prev if (anaphoric or adjacent) else None
        if prev.date is None:
            # a dated verb continues the launch before; a dated noun only when it refers back ("The launch on Sunday")
            return prev if anaphoric or (adjacent and t.strength == "verb") else None
        if (prev.date.date, prev.date.precision) == (date.date, date.precision):
            return prev
        return None

    def _last_launch(self) -> _Draft | None:
        return self._launches[-1] if self._launches else None

    def _impact_hint(self, ev: dict, impacts: list[dict]) -> dict:
        """``impact_hint`` of a launch (docs/events.md): named sea or "the sea", direction,
        exclusive economic zone, early failure, and the initiator's country when no site is located."""
        named_sea = next((p["name"] for p in impacts if p.get("feature") == "sea" and p.get("lat") is not None), None)
        sea = named_sea or ("the sea" if any(p.get("feature") in ("sea", "eez") for p in impacts) else None)
        texts = [self.text[a:b] for a, b in ev["sentences"]]
        direction = next((dr for dr in map(places_mod.find_direction, texts) if dr), None)
        hint: dict = {"sea": sea, "direction": direction}
        eez = next((p for p in impacts if p.get("feature") == "eez"), None)
        if eez is not None:
            m = re.match(r"(?:outside\s+)?([A-Z][\w]*(?:\s+[A-Z][\w]*)?)['\u2019]s\b", eez["name"])
            hint["eez"] = {"owner": m.group(1) if m else None, "inside": not eez["name"].startswith("outside")}
            if "territorial" in eez["name"].lower():  # 12 nmi, not 200 (geo/geodesy/eez.py)
                hint["eez"]["territorial"] = True
        hint["failed"] = any(failed_early(t) for t in texts)
        hint["offset"] = landing_offset(self.text, ev.get("claims") or [])  # "250 km west of Okushiri" (geo/extract/landing.py)
        hint["over"] = overflight(texts)  # "flew over Japan": it came down beyond Japan
        off = hint["offset"] or {}
        near = next((p for p in impacts if p.get("lat") is not None and p.get("feature") not in ("sea", "eez", "country", "region", "admin1")
                     and not off.get("start", -1) <= (p.get("start") or -2) < off.get("end", -1)), None)  # the offset's own place is not "near"
        if near is not None:  # "landed near Okushiri": a located place that is not a sea
            hint["near"] = {"name": near["name"], "lat": near["lat"], "lon": near["lon"]}
        if not any(p["role"] == "launch_site" and p.get("lat") is not None for p in ev["places"]):
            iso2 = default_dictionary().iso2
            launchers = [a["code"] for d in self._launches for a in d.actors if a["role"] == "initiator"]
            hint["origin_country"], hint["origin_rule"] = launching_country(ev, launchers, self.actors, iso2)
        return {k: v for k, v in hint.items() if v not in (None, False)}

    def _finish(self, d: _Draft) -> dict:
        s = d.sentence
        ev = {
            "id": _event_id(self.report.source, d.trigger.start + s.start, d.type),
            "type": d.type,
            "subtype": d.subtype if d.subtype != d.type else None,
            "cameo": cameo(d.type, d.subtype),
            "date": d.date.date.isoformat() if d.date else None,
            "date_precision": d.date.precision if d.date else None,
            "date_end": d.date.date_end.isoformat() if d.date and d.date.date_end else None,
            "date_text": d.date.text if d.date else None,
            "report_date": self.report.date.isoformat(),
            "modality": d.modality,
            "actors": d.actors,
            "places": [],
            "range_km": None,
            "apogee_km": None,
            "sentence": s.text,
            "start": s.start,
            "end": s.end,
            "source": self.report.source,
            "confidence": 0.0,
            "trigger": {"text": d.trigger.text, "start": d.trigger.start + s.start, "end": d.trigger.end + s.start},
            "sentences": [[x.start, x.end] for x in d.sentences],
            "evidence": dict(d.evidence),
        }
        places = list(d.places)
        ev["places"] = places
        figures, figure_evidence = headline(d.claims, launch=d.type in LAUNCH_TYPES)
        ev.update(figures)
        ev["evidence"].update(figure_evidence)
        ev["claims"] = d.claims
        if d.counts:
            ev["count"] = d.counts[0]["value"]
            ev["count_qualifier"] = d.counts[0]["qualifier"]
            ev["evidence"]["count"] = [d.counts[0]["start"], d.counts[0]["end"]]
        if d.flight_times:
            ev["flight_time_s"] = d.flight_times[0]["value"]
            ev["evidence"]["flight_time_s"] = [d.flight_times[0]["start"], d.flight_times[0]["end"]]
        # launch site and impact zone
        sites = [p for p in places if p["role"] == "launch_site" and p.get("lat") is not None]
        site = next((p for p in sites if p.get("feature") == "facility"), sites[0] if sites else None)
        if site is not None:
            ev["evidence"]["launch_site"] = [site["start"], site["end"]]
            ev["launch_site"] = {"name": site["name"], "lat": site["lat"], "lon": site["lon"], "feature": site.get("feature")}
        impacts = [p for p in places if p["role"] == "impact_area"]
        if impacts:
            ev["evidence"]["impact_area"] = [impacts[0]["start"], impacts[0]["end"]]
        if d.type in LAUNCH_TYPES:
            # what the text says of where it came down; the zone itself is made by geodesy at
            # enrichment (geo/geodesy/enrich.py), never here
            ev["impact_hint"] = self._impact_hint(ev, impacts)
        things = ev["evidence"].pop("_things", None)
        if things:
            ev["attributes"] = {"things": things}
        if d.type == "attack":
            refine_attack(ev)
        if d.type in LAUNCH_TYPES:
            iso2 = default_dictionary().iso2
            retype_launch(ev, {iso2.get(a.get("country") or a["code"]) for a in ev["actors"] if a["role"] == "initiator"})
            if ev["type"] != d.type:
                ev["cameo"] = cameo(ev["type"], ev["subtype"])
        ev["confidence"] = _confidence(d, ev)
        return ev


def _confidence(d: _Draft, ev: dict) -> float:
    """A rough 0..1 score: how sure the words make us of this event (documented in docs/extract.md)."""
    c = 0.9 if d.strength == "verb" else 0.65
    directional = d.type not in SYMMETRIC
    if not ev["actors"]:
        c -= 0.25
    elif d.inherited_actors:
        c -= 0.1
    elif directional and not any(a["role"] == "initiator" for a in ev["actors"]):
        c -= 0.15
    if d.modality == "possible":
        c *= 0.6
    elif d.modality == "negated":
        c *= 0.3
    return round(max(0.05, min(1.0, c)), 2)


def extract_report(report: Report, budget: Budget | None = None) -> list[dict]:
    """Events reported in one report.

    Parameters
    ----------
    report : Report
        Its ``date`` resolves relative dates ("on Sunday", "last month").
    budget : Budget, optional
        The most this extraction may do (seconds, characters); by default the one set with
        :func:`geo.extract.budget.limits`, else none. Time is checked between sentences.

    Returns
    -------
    list of dict
        EVENT dicts (see DESIGN.md), in text order; JSON-serialisable; every
        offset (``start``/``end``, ``evidence``, places, actors, claims) indexes
        ``report.text``.

    Raises
    ------
    ExtractionLimit
        The report needs more than ``budget`` (a :class:`~geo.errors.ReportError` whose
        message names the report, the limit and its size).
    """
    return _ReportExtractor(report, budget if budget is not None else current_budget()).run()


def extract_reports(reports: Iterable[Report]) -> dict:
    """``{"reports": [{"source", "date", "events": [...]}]}`` for many reports."""
    return {
        "reports": [
            {"source": r.source, "date": r.date.isoformat(), "title": r.title, "url": r.url, "events": extract_report(r)}
            for r in reports
        ]
    }
