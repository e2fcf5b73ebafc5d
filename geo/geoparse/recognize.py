"""Recognition: find the place mentions in a text, with character offsets.

The default recogniser is gazetteer-driven. The text is cut into word tokens;
at every capitalised token the longest run of tokens whose normalised form is a
name in the index is taken (a dict lookup per n-gram, pruned by a set of name
prefixes, so the cost does not grow with the gazetteer). Context rules then
tell places from the people, organisations and words that share their names
(the lexicons are in ``data/geoparse/lexicon.tsv``):

- people: a title or a given name before ("Mr. Jordan", "Michael Jordan"), a
  surname seen after a given name in the same text, a lone given name unless a
  sizeable place has it, a name before a verb of saying ("Douglas said"), the
  last word of a longer capitalised name ("Kristian Lewis");
- things: a brand word after any place name ("Georgia Tech", "Washington Post"),
  an organisation or street word after a minor one ("Dublin Road"), a hamlet's
  name before another capitalised name ("Titan Operating");
- words: frequent English words that are also minor places ("Mobile", "Hope"),
  more strictly when sentence-initial or also written in lower case in the same
  text; generic words alone ("Valley", "West"); months; contractions;
- codes: "Sen" is not SEN (Senegal); codes count only in capitals;
- matches never start or end inside a word.

A prominent place (a country, a large division, a big capital) survives most of
these cues, and so does a name with a "City, State" qualifier. Demonyms and
adjectives ("South Korean", "Japanese", "North Korea's") are found through
:meth:`Gazetteer.demonym` and tagged ``kind="demonym"``; AP-style state
abbreviations ("Fla.", "W.Va.") are the states.

Recognisers are pluggable: anything with ``recognize(text) -> list[Mention]``
works; :class:`SpacyRecognizer` wraps an installed spaCy model (optional).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol, Sequence

from geo.errors import InvalidInput
from geo.geoparse.lexicon import common_words, lexicon
from geo.geoparse.lookup import Lookup
from geo.names import US_STATE_ABBREV

MAX_NGRAM = 6  # longest place name looked up, in words
# Common words. Zipf 4.3 is about 20 per million words ("valley", "mobile"): such a word is a place
# only if a place of that name has about 100,000 people (prior 0.7) or more.
COMMON_ZIPF = 4.3
COMMON_PROMINENCE = 0.7
INITIAL_ZIPF = 3.8  # at this frequency a sentence-initial capital is no evidence of a name
PROMINENT = 0.9  # countries, large divisions, big capitals, cities of about a million: kept against most cues
MINOR = 0.6  # a place of fewer than about 15,000 people
ORG_SPAN = 1  # how many capitalised words after a minor place name are searched for an organisation word
_CONTRACTION = re.compile(r"['’](?:ve|d|ll|re|m|s|t)$", re.IGNORECASE)

# A token: initials with dots ("U.S.", "D.C."), or a word of letters/digits with
# inner apostrophes ("O'Hare", "d'Ivoire"); hyphens split words ("Musudan-ri")
# so "Atlanta-based" yields "Atlanta".
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_](?:[^\W_]|['’](?=[^\W_]))*")
# Between two tokens of one name: one space, or a hyphen with optional spaces.
_JOIN = re.compile(r"(?: |\.? |-|\. ?-)")
# "North and South Korea", "Central and South America": the first word stands for a whole name
# that shares the rest of the second ("North Korea"). Words that pair up so.
_ELLIPSIS_WORDS = frozenset("North South East West Central Upper Lower Northern Southern Eastern Western".split())
_ELLIPSIS_AFTER = re.compile(r" (?:and|or) (" + "|".join(sorted(_ELLIPSIS_WORDS)) + r")((?: [A-Z][\w'’.-]*){1,4})")


def ellipsis_name(lookup: Lookup, text: str, start: int, end: int) -> str | None:
    """The whole name a lone direction word stands for in "North and South Korea".

    ``text[start:end]`` is the word ("North"); when "and" or "or" and another direction word
    follow with the rest of a name ("South Korea"), and the word with that rest is a name too
    ("North Korea"), returns that name (normalised), else None.
    """
    if text[start:end] not in _ELLIPSIS_WORDS:
        return None
    m = _ELLIPSIS_AFTER.match(text, end)
    if m is None:
        return None
    rest = m.group(2).split()
    rest[-1] = re.sub(r"['’]s?$", "", rest[-1])  # "South Korea's"
    for k in range(len(rest), 0, -1):  # the longest rest that makes both names
        tail = " ".join(rest[:k])
        if lookup.key(f"{m.group(1)} {tail}") in lookup.names:
            key = lookup.key(f"{text[start:end]} {tail}")
            return key if key in lookup.names else None
    return None


@dataclass(frozen=True)
class Mention:
    """A recognised span: ``text[start:end]``, what kind it is, and an optional qualifier.

    ``qualifier`` is the index (in the returned list) of a mention that
    qualifies this one, as "Alexandria, La." or "Paris, Texas".
    """

    start: int
    end: int
    text: str
    kind: str = "place"  # "place" | "demonym"
    qualifier: int | None = None
    query: str | None = None  # the name to look up when it differs from ``text`` ("La." -> "Louisiana")


class Recognizer(Protocol):
    """Anything that finds place mentions."""

    def recognize(self, text: str) -> list[Mention]:  # pragma: no cover - protocol
        ...


class Token(NamedTuple):
    """A word token: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    cap: bool  # starts with an upper-case letter
    initial: bool  # first word of a sentence (or of a line)
    abbrev: bool  # followed by a dot that belongs to an abbreviation ("St.", "La.", "Mr.")


_SENTENCE_END = re.compile(r"[.!?\n]")


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into word tokens with offsets; a possessive ``'s`` is left out of the token."""
    titles = lexicon().get("title", frozenset())
    toks: list[Token] = []
    append = toks.append
    prev_end = 0
    prev_abbrev = False
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        word = m.group()
        if len(word) > 2 and word[-1] == "s" and word[-2] in "'’":
            e -= 2
            word = word[:-2]
        if s - prev_end == 1 and text[prev_end] == " ":
            initial = not toks  # the common case: one space since the last word
        else:
            gap = text[prev_end:s]
            if prev_abbrev:
                gap = gap.replace(".", "", 1)  # the abbreviation's own dot ends no sentence
            initial = not toks or any(c in gap for c in ".!?\n")
        cap = word[0].isupper()
        abbrev = False
        if text[e:e + 1] == "." and m.end() == e:
            abbrev = cap and (word in titles or word in _ABBREVS or len(word) == 1)
        elif word[-1] == ".":
            abbrev = True  # initials such as "U.S."
        append(Token(s, e, word, cap, initial, abbrev))
        prev_end = e
        prev_abbrev = abbrev or word[-1] == "."
    return toks


# Abbreviations whose dot does not end a sentence ("St. Louis", "Alexandria, La., police").
_ABBREVS = frozenset(
    "St Mt Ft Pt Ste Co Ave Blvd Rd Jr Sr No Inc Corp Ltd Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind "
    "Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo".split()
)
# AP style and postal abbreviations of US states, for "City, ST" qualifiers: the shared table.
# Postal codes are also ordinary words or initials ("IN", "OR", "ME"): they are read as states
# only as qualifiers ("Portland, OR"), see GazetteerRecognizer._with_qualifiers.


def state_name(surface: str) -> str | None:
    """The US state a qualifier abbreviation names, with or without its dot ("La.", "La", "N.Y.", "NY"), else None."""
    return US_STATE_ABBREV.get(surface) or US_STATE_ABBREV.get(surface.rstrip("."))


class GazetteerRecognizer:
    """The default recogniser: gazetteer names plus context rules (see the module docstring).

    Parameters
    ----------
    lookup : Lookup, optional
        The name index; the process-wide default when omitted.
    """

    def __init__(self, lookup: Lookup | None = None) -> None:
        self.lookup = lookup or Lookup.default()
        lx = lexicon()
        self._first = lx.get("first", frozenset())
        self._title = lx.get("title", frozenset())
        self._org = lx.get("org", frozenset())
        self._conn = lx.get("connector", frozenset())
        self._month = lx.get("month", frozenset())
        self._generic = lx.get("generic", frozenset())
        self._brand = lx.get("brand", frozenset())
        self._speech = lx.get("speech", frozenset())
        self._common = common_words()

    # -- the longest gazetteer match starting at token i ---------------------------------
    def _match_at(self, text: str, toks: Sequence[Token], i: int) -> tuple[int, str, str] | None:
        lk = self.lookup
        t0 = toks[i]
        best = None
        for j in range(i, min(len(toks), i + MAX_NGRAM)):
            tj = toks[j]
            if j > i:
                gap = text[toks[j - 1].end:tj.start]
                if not _JOIN.fullmatch(gap):
                    break
                if not tj.cap and tj.text not in self._conn:
                    break
            surface = text[t0.start:tj.end]
            key = lk.key(surface)
            if tj.cap:
                dem = lk.demonym(surface) if j - i < 3 else None
                if dem is not None and not any(p.feature == "country" for p in lk.candidates(key)):
                    # "German" is the adjective of Germany before it is a hamlet called German.
                    best = (j, "demonym", key)
                elif key in lk.names:
                    best = (j, "place", key)
            if key not in lk.prefixes:
                break
        return best

    def recognize(self, text: str) -> list[Mention]:
        """Return the place mentions in ``text``, sorted by start, with qualifiers linked."""
        toks = tokenize(text)
        n = len(toks)
        lower_words = {t.text for t in toks if not t.cap}
        surnames = self._surnames(text, toks)
        out: list[tuple[int, int, str, str]] = []  # (i, j, kind, key)
        i = 0
        while i < n:
            t = toks[i]
            if not t.cap:
                i += 1
                continue
            if t.abbrev and t.text in US_STATE_ABBREV and ("." in t.text or not t.text.isupper()) \
                    and t.text not in self._title:
                # "Fla.", "Pa.", "W.Va.": AP-style state abbreviations, with their dot.
                out.append((i, i, "state", US_STATE_ABBREV[t.text]))
                i += 1
                continue
            ellipsis = self._ellipsis_at(text, toks, i)
            if ellipsis is not None:
                out.append((i, i, "ellipsis", ellipsis))
                i += 1
                continue
            m = self._match_at(text, toks, i)
            if m is None:
                i += 1
                continue
            j, kind, key = m
            if self._keep(text, toks, i, j, kind, key, lower_words, surnames):
                out.append((i, j, kind, key))
                i = j + 1
            else:
                # A rejected "The Jordan" may hide a good "Jordan"; other rejected names are skipped whole.
                i = i + 1 if t.text == "The" else j + 1
        return self._with_qualifiers(text, toks, out)

    def _ellipsis_at(self, text: str, toks: Sequence[Token], i: int) -> str | None:
        """The full name the direction word at token ``i`` stands for ("North" in "North and
        South Korea" -> "north korea"), or None."""
        return ellipsis_name(self.lookup, text, toks[i].start, toks[i].end)

    def _surnames(self, text: str, toks: Sequence[Token]) -> set[str]:
        """Words that follow a given name ("Chris Henry" -> "Henry"): people in this text."""
        out = set()
        for k in range(len(toks) - 1):
            a, b = toks[k], toks[k + 1]
            if a.text in self._first and b.cap and text[a.end:b.start] == " ":
                # Skip a middle initial or a middle name: "John F. Kennedy", "Mary Ann Smith".
                last = b
                for c in toks[k + 2:k + 4]:
                    if c.cap and text[last.end:c.start] in (" ", ". "):
                        last = c
                    else:
                        break
                if last.text not in self._first or last is not b:
                    out.add(last.text)
        return out

    def _keep(self, text, toks, i, j, kind, key, lower_words, surnames) -> bool:
        lk = self.lookup
        first, last = toks[i], toks[j]
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        word = text[first.start:last.end]
        if i == j and (first.text in self._month or first.text in self._generic or _CONTRACTION.search(first.text)):
            return False
        if i == j and first.text in self._title and (first.abbrev or (nxt is not None and nxt.cap)):
            return False  # "Sen. Smith", "Rev. Jones"
        if first.text == "The" and lk.prominence(key) < PROMINENT:
            return False  # "The City Council"; "The Hague" stays
        if kind == "place" and not word.isupper() and not lk.case_ok(word, key):
            return False  # "Sen" is not SEN (Senegal's code)
        adj_prev = prev is not None and text[prev.end:first.start] in (" ", ". ") and prev.cap
        adj_next = nxt is not None and text[last.end:nxt.start] == " " and nxt.cap
        prominence = lk.prominence(key, word) if kind == "place" else 1.0
        prominent = prominence >= PROMINENT
        qualified = nxt is not None and text[last.end:nxt.start] in (", ", ",") and nxt.cap and (
            state_name(nxt.text) is not None or lk.is_division(nxt.text))
        # People: a title or a given name before, a known surname, or a given name before a capitalised word.
        if adj_prev and (prev.text.rstrip(".") in self._title or (prev.text in self._first and i == j)):
            return False
        single = i == j and kind == "place"
        if single and not qualified and first.text in self._first and adj_next \
                and self._common.get(nxt.text.lower(), 0.0) < 4.0 and not lk.starts_name(nxt.text):
            return False  # "Jordan Peterson", "Paris Hilton": a given name and a surname, whatever the place
        if single and not prominent and not qualified:
            if first.text in surnames:
                return False
            if adj_prev and not first.initial and prev.text not in self._conn and prev.text not in self._generic \
                    and prev.text != "The":
                return False  # the last word of a longer name: "Kristian Lewis", "Romsey Mill" (not "The EU")
            if adj_next and prominence < MINOR and nxt.text not in self._generic \
                    and not lk.starts_name(nxt.text) and not lk.is_division(nxt.text):
                return False  # a hamlet's name before another name: "Titan Operating", "Weston Otmoor"
            if first.text in self._first and (lk.prominence(key, word, primary_only=True) < 0.7 or adj_next):
                return False  # "Mary", "Paul", "Logan Smith": a given name unless a sizeable place has it
            if nxt is not None and nxt.text in self._speech:
                return False  # "Douglas said"
        if not prominent and not qualified:
            # Organisations and streets named after places: "McDaniel Construction Corp.", "Dublin Road".
            k = j + 1
            while k < len(toks) and k <= j + ORG_SPAN and toks[k].cap and text[toks[k - 1].end:toks[k].start] in (" ", ". "):
                if toks[k].text.rstrip(".") in self._org:
                    return False
                k += 1
        elif adj_next and kind == "place" and nxt.text.rstrip(".") in self._brand:
            return False  # "Georgia Tech", "Washington Post", "Dallas Cowboys": the name of a thing
        # Short all-capital words ("IT", "AM") are places only as codes of countries or states,
        # or as abbreviations the aliases table lists ("EU", "NSW").
        if word.isupper() and len(word.replace(".", "")) <= 3 and prominence < 0.9 and key not in lk.aliases:
            return False
        # Frequent English words that are also (minor) place names.
        if kind == "place" and not word.isupper() and not qualified:
            z = self._common.get(key)
            if z is not None:
                if z >= COMMON_ZIPF and prominence < COMMON_PROMINENCE:
                    return False
                if z >= 5.5 and prominence < 0.95:
                    return False  # "Man", "Hope": only a country or a big capital is named like that
                if z >= INITIAL_ZIPF and (first.initial or key in lower_words or word.lower() in lower_words) \
                        and prominence < 0.75:
                    return False  # "Hope" opening a sentence, or "mobile" elsewhere in the text
        return True

    def _with_qualifiers(self, text, toks, spans) -> list[Mention]:
        mentions: list[Mention] = []
        for i, j, kind, key in spans:
            if kind == "state":
                end = toks[i].end + (0 if toks[i].text.endswith(".") else 1)
                mentions.append(Mention(toks[i].start, end, text[toks[i].start:end], "place", query=key))
            elif kind == "ellipsis":
                mentions.append(Mention(toks[i].start, toks[i].end, toks[i].text, "place", query=key))
            else:
                mentions.append(Mention(toks[i].start, toks[j].end, text[toks[i].start:toks[j].end], kind))
        # "Alexandria, La." and "Paris, Texas": the second names the state or country of the first.
        extra: list[tuple[int, Mention]] = []
        by_start = {sp[0]: k for k, sp in enumerate(spans)}
        for idx, (i, j, kind, key) in enumerate(spans):
            if kind != "place" or j + 1 >= len(toks):
                continue
            q = toks[j + 1]
            if text[toks[j].end:q.start] != ", ":
                continue
            nxt_idx = by_start.get(j + 1)
            if nxt_idx is not None:
                mentions[idx] = replace(mentions[idx], qualifier=nxt_idx)
                q_m = mentions[nxt_idx]
                state = state_name(q_m.text)
                if state is not None and q_m.query is None:
                    # "La." after "Alexandria, " is Louisiana, not an abbreviation of Los Angeles.
                    mentions[nxt_idx] = replace(q_m, query=state)
                continue
            state = state_name(q.text)
            if state is not None and q.cap:
                end = q.end + (1 if q.abbrev and not q.text.endswith(".") else 0)
                extra.append((idx, Mention(q.start, end, text[q.start:end], "place", query=state)))
        if extra:
            for idx, m in extra:
                mentions.append(m)
                mentions[idx] = replace(mentions[idx], qualifier=len(mentions) - 1)
            order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
            where = {old: new for new, old in enumerate(order)}
            mentions = [replace(mentions[k], qualifier=None if mentions[k].qualifier is None
                                 else where[mentions[k].qualifier]) for k in order]
        return mentions


class SpacyRecognizer:
    """Place mentions from an installed spaCy model (GPE, LOC, FAC and NORP entities).

    Optional: spaCy and a model must be installed by the user; nothing here
    downloads one. ``NORP`` entities become ``kind="demonym"``.
    """

    LABELS = {"GPE": "place", "LOC": "place", "FAC": "place", "NORP": "demonym"}

    def __init__(self, model: str = "en_core_web_sm") -> None:
        try:
            import spacy  # type: ignore[import-not-found]

            self.nlp = spacy.load(model)
        except Exception as exc:  # ImportError, OSError (model not installed)
            raise InvalidInput(f"spaCy model {model!r} is not available: {exc}") from None

    def recognize(self, text: str) -> list[Mention]:
        doc = self.nlp(text)
        return [Mention(e.start_char, e.end_char, e.text, self.LABELS[e.label_])
                for e in doc.ents if e.label_ in self.LABELS]
