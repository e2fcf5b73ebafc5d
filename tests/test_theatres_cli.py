"""`python -m geo evaluate-theatres` and the record's new fields (issue 18)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from geo.events import event_from_dict
from geo.extract import extract_report
from geo.reports import report_from_text

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_evaluate_theatres_prints_per_field_figures(tmp_path):
    one = json.loads((ROOT / "tests/fixtures/theatres/reports.jsonl").read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(one) + "\n", encoding="utf-8")
    r = run_cli("evaluate-theatres", str(path), "--misses")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reports"] == 1 and out["expected_events"] == len(one["events"])
    assert set(out["fields"]) >= {"type", "subtype", "actors", "roles", "date", "place_roles", "coordinates", "extra_places"}
    assert out["fields"]["type"]["total"] == len(one["events"]) and "misses" in out


def test_evaluate_theatres_bad_input_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    r = run_cli("evaluate-theatres", str(bad))
    assert r.returncode == 2 and "bad.jsonl:1" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("evaluate-theatres", str(tmp_path / "missing"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_new_fields_survive_the_record_and_old_json_reads():
    d = extract_report(report_from_text("Hezbollah fired rockets at Israel on Sunday from about 20 km north of Tyre, "
                                        "hitting the destroyer USS Example.", date="2024-09-23"))[0]
    ev = event_from_dict(d)
    again = event_from_dict(ev.to_dict())
    assert again == ev
    hez = next(a for a in ev.actors if a.code == "HEZ")
    assert hez.cameo == "HEZ" and hez.country == "LBN"
    rel = next(p for p in ev.places if p.feature == "relative")
    assert rel.anchor == "Tyre" and rel.uncertainty_km and rel.bearing_deg == 0.0 and rel.distance_km == 20.0
    assert ev.attributes["things"][0]["name"] == "USS Example"
    old = {"id": "x", "type": "attack", "actors": [{"code": "ISR", "name": "Israel", "role": "initiator"}],
           "places": [{"name": "Gaza", "role": "target", "lat": 31.5, "lon": 34.47}]}
    e = event_from_dict(old)
    assert e.actors[0].cameo is None and e.places[0].uncertainty_km is None
