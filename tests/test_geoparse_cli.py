"""The geoparse and evaluate-geoparse verbs: JSON out, clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.cli import main
from tests.conftest import ROOT

LGL_SAMPLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Flooding in Paris, Texas, closed roads. Officials in Tokyo sent help.]]></text>
    <toponyms>
      <toponym><start>12</start><end>17</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
      <toponym><start>19</start><end>24</end><phrase>Texas</phrase></toponym>
      <toponym><start>53</start><end>58</end><phrase>Tokyo</phrase>
        <gaztag geonameid="1850147"><lat>35.69</lat><lon>139.69</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_geoparse_file_without_date_line(tmp_path, capsys):
    f = tmp_path / "note.txt"
    f.write_text("Talks in Pyongyang and Seoul stalled.", encoding="utf-8")
    code, out, err = run(capsys, "geoparse", str(f))
    assert code == 0, err
    rows = json.loads(out)
    assert [r["text"] for r in rows] == ["Pyongyang", "Seoul"]
    assert set(rows[0]) >= {"text", "start", "end", "lat", "lon", "name", "country_code", "score"}
    assert rows[0]["country_code"] == "KP" and rows[1]["country_code"] == "KR"
    text = f.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["text"] for r in rows)


def test_geoparse_seed_report(seed_path, capsys):
    code, out, _ = run(capsys, "geoparse", str(seed_path))
    assert code == 0
    names = {r["text"] for r in json.loads(out)}
    assert {"Pyongyang", "Washington", "Japan", "South Korea", "Russia", "Ukraine"} <= names


def test_geoparse_missing_file_is_a_clear_error(tmp_path, capsys):
    code, out, err = run(capsys, "geoparse", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert "nope.txt" in err and "Traceback" not in err


def test_geoparse_bad_country_code(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Paris", encoding="utf-8")
    code, _, err = run(capsys, "geoparse", str(f), "--country", "France")
    assert code == 2 and "France" in err


def test_evaluate_small_corpus(tmp_path, capsys):
    f = tmp_path / "mini.xml"
    f.write_text(LGL_SAMPLE, encoding="utf-8")
    code, out, err = run(capsys, "evaluate-geoparse", str(f))
    assert code == 0, err
    r = json.loads(out)
    assert set(r) >= {"docs", "toponyms", "precision", "recall", "f1", "acc_161km", "auc", "mean_km",
                      "median_km", "docs_per_s"}
    assert r["docs"] == 1 and r["toponyms"] == 3
    # Paris (Texas), Texas and Tokyo found, nothing else; both located points within 161 km.
    assert r["precision"] == 1.0 and r["recall"] == 1.0
    assert r["acc_161km"] == 1.0 and r["median_km"] < 50
    code, out, _ = run(capsys, "evaluate-geoparse", str(f), "--gold-spans")
    assert code == 0 and json.loads(out)["acc_161km"] == 1.0


@pytest.mark.parametrize("content", ["<html>no</html>", "garbage <<<"])
def test_evaluate_bad_corpus(tmp_path, capsys, content):
    f = tmp_path / "bad.xml"
    f.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "evaluate-geoparse", str(f))
    assert code == 2 and out == "" and "bad.xml" in err


def test_evaluate_missing_corpus_in_a_subprocess():
    proc = subprocess.run([sys.executable, "-m", "geo", "evaluate-geoparse", "no/such/corpus.xml"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "no/such/corpus.xml" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_real_corpora_regression_guard(shared_data):
    """Floors well under the measured figures (docs/geoparse.md): a guard against breakage."""
    from geo.geoparse.evaluate import evaluate_corpus

    lgl = evaluate_corpus(shared_data / "geoparse" / "lgl.xml", split="odd")
    assert lgl["f1"] >= 0.75 and lgl["acc_161km"] >= 0.80
    gv = evaluate_corpus(shared_data / "geoparse" / "GeoVirus.xml", gold_spans=True, split="odd")
    assert gv["acc_161km"] >= 0.70
