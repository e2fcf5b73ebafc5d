"""Metrics of geo.geoparse.evaluate and the corpus readers of geo.geoparse.corpus."""

from __future__ import annotations

import math

import pytest

from geo.errors import InvalidInput
from geo.geoparse.corpus import read_corpus
from geo.geoparse.evaluate import MAX_ERROR_KM, Scores, auc_of_errors, distance_km, match_spans


def test_distance_paris_london_is_about_344_km():
    # Published great-circle distance between the two city centres: about 344 km.
    assert distance_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(344, abs=2)
    assert distance_km(10, 20, 10, 20) == 0


def test_distance_half_the_earth():
    assert distance_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088, rel=1e-9)


def test_overlapping_spans_match_one_to_one():
    # "New York" predicted as [0, 3) overlaps gold [0, 8); the second prediction overlaps nothing.
    assert match_spans([(0, 3), (20, 25)], [(0, 8), (30, 35)]) == [(0, 0)]
    # Two predictions overlapping one gold span: only one is counted.
    assert len(match_spans([(0, 3), (4, 8)], [(0, 8)])) == 1
    # Touching is not overlapping.
    assert match_spans([(0, 5)], [(5, 9)]) == []


def test_auc_bounds():
    assert auc_of_errors([0, 0, 0]) == 0
    assert auc_of_errors([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0, abs=1e-4)
    assert auc_of_errors([0, MAX_ERROR_KM]) == pytest.approx(0.5, abs=1e-4)


def test_scores_summary():
    s = Scores()
    gold = [(0, 5, 10.0, 10.0), (10, 15, 0.0, 0.0), (20, 25, None, None)]
    # First right on, second 10 degrees of longitude off at the equator (about 1112 km), one false positive.
    pred = [(0, 5, 10.0, 10.0), (11, 14, 0.0, 10.0), (40, 45, 1.0, 1.0)]
    s.add(pred, gold)
    out = s.summary()
    assert out["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["resolved"] == 2  # the gold toponym without coordinates is not scored for distance
    assert out["acc_161km"] == 0.5
    assert out["median_km"] == pytest.approx(1112 / 2, abs=2)


def test_accuracy_by_feature_of_the_chosen_place():
    s = Scores()
    gold = [(0, 5, 10.0, 10.0), (10, 15, 0.0, 0.0), (20, 25, 5.0, 5.0)]
    # A country right on, a city 1112 km off, and a name left unresolved.
    pred = [(0, 5, 10.0, 10.0, "country"), (10, 15, 0.0, 10.0, "city"), (20, 25, None, None, None)]
    s.add(pred, gold)
    by = s.summary()["by_feature"]
    assert by["country"] == {"n": 1, "acc_161km": 1.0}
    assert by["city"] == {"n": 1, "acc_161km": 0.0}
    assert by["unresolved"] == {"n": 1, "acc_161km": 0.0}


def test_unresolved_counts_as_worst_error():
    s = Scores()
    s.add([(0, 5, None, None)], [(0, 5, 1.0, 1.0)])
    assert s.errors_km == [MAX_ERROR_KM]


LGL_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <text><![CDATA[Flooding in Paris, Texas, closed roads.]]></text>
    <toponyms>
      <toponym><start>12</start><end>17</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
      <toponym><start>19</start><end>24</end><phrase>Texas</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GEOVIRUS_SAMPLE = """<articles>
  <article><source>x</source>
    <text>Cases rose in Lima and Cusco.</text>
    <locations>
      <location><name>Lima</name><start>15</start><end>19</end><lat>-12.05</lat><lon>-77.04</lon></location>
      <location><name>Cusco</name><start>24</start><end>29</end><lat>-13.53</lat><lon>-71.97</lon></location>
    </locations>
  </article>
</articles>
"""


def test_read_lgl_schema(tmp_path):
    p = tmp_path / "lgl.xml"
    p.write_text(LGL_SAMPLE, encoding="utf-8")
    c = read_corpus(p)
    assert c.schema == "lgl" and len(c.documents) == 1
    d = c.documents[0]
    assert [t.text for t in d.toponyms] == ["Paris", "Texas"]
    assert d.toponyms[0].lat == 33.66 and d.toponyms[1].lat is None
    assert c.repaired == 0


def test_geovirus_offsets_off_by_one_are_reanchored(tmp_path):
    # The offsets above are one past the words (as in the real GeoVirus file): they must be repaired.
    p = tmp_path / "gv.xml"
    p.write_text(GEOVIRUS_SAMPLE, encoding="utf-8")
    c = read_corpus(p)
    assert c.schema == "geovirus"
    d = c.documents[0]
    assert [(t.start, t.end) for t in d.toponyms] == [(14, 18), (23, 28)]
    assert all(d.text[t.start:t.end] == t.text for t in d.toponyms)
    assert c.repaired == 2


@pytest.mark.parametrize("content", ["not xml at all", "<root><x/></root>", "<articles><article><text>t</text></article></articles>"])
def test_bad_corpus_is_invalid_input(tmp_path, content):
    p = tmp_path / "bad.xml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput):
        read_corpus(p)


def test_missing_corpus_names_the_path(tmp_path):
    with pytest.raises(InvalidInput, match="nope.xml"):
        read_corpus(tmp_path / "nope.xml")


def test_real_corpora_offsets_round_trip(shared_data):
    for name, n_docs in (("lgl.xml", 588), ("GeoVirus.xml", 229)):
        c = read_corpus(shared_data / "geoparse" / name)
        assert len(c.documents) == n_docs
        assert c.dropped == 0
        for d in c.documents:
            for t in d.toponyms:
                assert d.text[t.start:t.end] == t.text
