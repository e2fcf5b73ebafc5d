"""`python -m geo export --format corrections` and `python -m geo evaluate-extract` (issue 14)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.reports import Report
from geo.store import open_store
from tests.conftest import run_cli

TEXT = ("North Korea fired a ballistic missile from Hamhung on Monday, South Korea said. "
        "The missile flew about 600 kilometers. Officials met in Portland on Tuesday to discuss the launch.")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from geo.pipeline import events_of_report

    path = tmp_path_factory.mktemp("corr") / "events.sqlite"
    report = Report("hamhung.txt", dt.date(2024, 1, 15), TEXT)
    events = events_of_report(report)
    launch = next(e for e in events if e.type == "missile_launch")
    with open_store(path, bootstrap=False) as store:
        store.ingest_report(report, events)
        store.correct(launch.id, "range_km", 650.0, "ann")
        undone = store.correct(launch.id, "type", "weapons_test", "bob")
        store.undo(undone)
        places = launch.to_dict()["places"]
        places[0].update(name="Sinpo", lat=40.03, lon=128.18)
        store.correct(launch.id, "places", places, "ann")
    return path, launch.id


def test_export_corrections_as_json_lines(db, tmp_path):
    path, launch_id = db
    out = tmp_path / "corrections.jsonl"
    done = run_cli("export", "--format", "corrections", "--db", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert summary["corrections"] == len(rows) == 3 and summary["undone"] == 1
    assert [(r["field"], r["old"], r["new"], r["user"], r["undone"]) for r in rows[:2]] == [
        ("range_km", 600.0, 650.0, "ann", False), ("type", "missile_launch", "weapons_test", "bob", True)]
    assert all(r["event_id"] == launch_id and r["at"] for r in rows)
    assert "geometry" not in {r["field"] for r in rows}  # derived rows are not user corrections


def test_export_corrections_as_json_and_other_formats_still_work(db, tmp_path):
    path, _ = db
    out = tmp_path / "corrections.json"
    assert run_cli("export", "--format", "corrections", "--db", str(path), "-o", str(out)).returncode == 0
    assert len(json.loads(out.read_text())) == 3
    geo = tmp_path / "events.geojson"
    done = run_cli("export", "--format", "geojson", "--db", str(path), "-o", str(geo))
    assert done.returncode == 0, done.stderr
    assert json.loads(geo.read_text())["type"] == "FeatureCollection"
    bad = run_cli("export", "--format", "corrections", "--db", str(path), "--since", "2024-01-01", "-o", str(out))
    assert bad.returncode == 2 and "every correction" in bad.stderr


def test_evaluate_extract_scores_per_field(db, tmp_path):
    path, _ = db
    out = tmp_path / "corrections.jsonl"
    run_cli("export", "--format", "corrections", "--db", str(path), "-o", str(out))
    done = run_cli("evaluate-extract", "--corrections", str(out), "--db", str(path))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    # the extractor still says 600 km from Hungnam: it disagrees with both active corrections
    assert result["fields"] == {"places": {"n": 1, "agree": 0, "share": 0.0},
                                "range_km": {"n": 1, "agree": 0, "share": 0.0}}
    assert result["corrections"] == 2 and result["evaluated"] == 2  # the undone one is not scored


def test_evaluate_extract_bad_input_exits_2(db, tmp_path):
    path, _ = db
    missing = run_cli("evaluate-extract", "--corrections", str(tmp_path / "nope.jsonl"), "--db", str(path))
    assert missing.returncode == 2 and "nope.jsonl" in missing.stderr and "Traceback" not in missing.stderr
    junk = tmp_path / "junk.jsonl"
    junk.write_text("{not json\n")
    bad = run_cli("evaluate-extract", "--corrections", str(junk), "--db", str(path))
    assert bad.returncode == 2 and "not JSON" in bad.stderr and not bad.stdout
