"""The pieces that keep extraction linear give the answers of the simple ways they replace.

Time against size is measured by ``benchmarks/bench_extract_scale.py`` (docs/reliability.md);
here, the indexes and the splitter's shortcuts are checked against the plain definitions.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.extract.patterns import DisjointSpans, SpanIndex, overlaps
from geo.extract.sentences import _WORD_BEFORE, _word_before, split_sentences

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])), max_size=25)


@given(spans, st.integers(0, 80), st.integers(0, 20))
def test_span_index_is_overlaps(taken, start, length):
    end = start + length
    assert SpanIndex(taken).overlaps(start, end) == overlaps(start, end, taken)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=40), st.integers(0, 70), st.integers(1, 10))
def test_disjoint_spans_free_is_not_overlaps(candidates, start, length):
    taken, index = [], DisjointSpans()
    for s, n in candidates:  # the way actors are claimed: a span is taken only when free
        if not overlaps(s, s + n, taken):
            assert index.free(s, s + n)
            taken.append((s, s + n))
            index.add(s, s + n)
        else:
            assert not index.free(s, s + n)
    assert index.free(start, start + length) == (not overlaps(start, start + length, taken))


@settings(max_examples=300)
@given(st.text(alphabet="aZ. \n\t?!\u2003xU.S", max_size=30), st.integers(0, 30))
def test_word_before_reads_back_like_the_regex(text, cut):
    cut = min(cut, len(text))
    m = _WORD_BEFORE.search(text[:cut])
    assert _word_before(text, 0, cut) == (m.group(1) if m else None)


def test_splitter_on_a_long_paragraph_without_breaks():
    """Lower-case text after every stop: one sentence, found at once (it took 22 s at 300 KB)."""
    text = "the launch was reported by officials e.g. in seoul. it flew east. " * 5_000
    [sentence] = split_sentences(text)
    assert sentence.text == text.strip()
