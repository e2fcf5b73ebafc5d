"""``python -m geo export``: stored events, filtered, into every format; bad input in one line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geo.export import FORMATS, read
from geo.view.assets import STATIC_DIR
from tests.conftest import run_cli
from tests.export_samples import SEED, hostile_event, kamchatka_launch, normal, sample_events

store_module = pytest.importorskip("geo.store", reason="store not built yet")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A store holding the seed report's events, the antimeridian launch and the hostile one."""
    from geo.pipeline import events_of_report
    from geo.reports import read_report

    path = tmp_path_factory.mktemp("store") / "events.db"
    with store_module.open_store(path, bootstrap=False) as store:
        report = read_report(SEED)
        store.ingest_report(report, events_of_report(report))
        store.add_events([kamchatka_launch(), hostile_event()], source="test")
    return path


def _export(db: Path, out: Path, *args: str) -> dict:
    proc = run_cli("export", "--db", str(db), *args, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


FORMAT_NAMES = [f for f in FORMATS if f != "html" or (STATIC_DIR / "node_modules" / "leaflet").is_dir()]


@pytest.mark.parametrize("fmt", FORMAT_NAMES)
def test_every_format_exports_the_whole_store(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"all{FORMATS[fmt].suffix}"
    summary = _export(db, out, "--format", fmt)
    assert summary["format"] == fmt and summary["events"] == len(sample_events())
    assert summary["bytes"] == out.stat().st_size > 0
    back = {e.id: normal(e) for e in read(fmt, out)}
    assert back == {e.id: normal(e) for e in sample_events()}


def test_the_format_follows_the_suffix(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "by-suffix.kml"
    assert _export(db, out)["format"] == "kml"
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_type_and_date_filters(db: Path, tmp_path: Path) -> None:
    since = dt.date(2023, 12, 1)
    expected = {e.id for e in sample_events()
                if e.type == "missile_launch" and e.last_day is not None and e.last_day >= since}
    assert kamchatka_launch().id in expected and hostile_event().id not in expected
    out = tmp_path / "launches.geojson"
    _export(db, out, "--type", "missile_launch", "--since", since.isoformat())
    assert {e.id for e in read("geojson", out)} == expected


def test_a_box_across_the_antimeridian(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kamchatka.csv"
    _export(db, out, "--bbox=50,150,60,-170")  # west > east: the box crosses 180
    assert [e.id for e in read("csv", out)] == [kamchatka_launch().id]


def test_an_actor_filter(db: Path, tmp_path: Path) -> None:
    expected = {e.id for e in sample_events() if any(a.code == "RUS" for a in e.actors)}
    out = tmp_path / "russia.parquet"
    _export(db, out, "--actor", "RUS")
    assert {e.id for e in read("parquet", out)} == expected and kamchatka_launch().id in expected


@pytest.mark.parametrize("args, named", [
    (["--since", "2023-13-01"], "2023-13-01"),
    (["--bbox", "1,2,3"], "1,2,3"),
    (["--bbox=95,0,96,1"], "south=95"),
    (["--since", "2024-01-01", "--until", "2023-01-01"], "after"),
])
def test_bad_filters_are_one_line_naming_the_value(db: Path, tmp_path: Path, args: list, named: str) -> None:
    proc = run_cli("export", "--db", str(db), *args, "-o", str(tmp_path / "x.csv"))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and named in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.csv").exists()


def test_missing_store_folder_or_format_are_clear(db: Path, tmp_path: Path) -> None:
    for args, named in (
        (["--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "x.csv")], "none.db"),
        (["--db", str(db), "-o", str(tmp_path / "x.shp")], "x.shp"),
        (["--db", str(db), "-o", str(tmp_path / "no" / "x.csv")], "does not exist"),
    ):
        proc = run_cli("export", *args)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and named in proc.stderr and "Traceback" not in proc.stderr
