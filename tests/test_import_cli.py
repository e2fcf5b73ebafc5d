"""``python -m geo import``: read, enrich, store; JSON counts on stdout, one line on stderr.

Each test makes its own store with ``open_store(path, bootstrap=False)`` first, so the
counts are those of the import alone (a new store otherwise fills itself with the seed
and the CNS demo table). Fixtures: tests/fixtures/imports (see its README).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

store = pytest.importorskip("geo.store", reason="store not built yet")

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    store.open_store(path, bootstrap=False).close()
    return path


def test_cns_import_stores_launches_with_rings_and_lists_bad_rows(db: Path):
    proc = run_cli("import", "--format", "cns", str(FIXTURES / "cns_unknowns.csv"), "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["added"], out["merged"], out["unchanged"]) == (3, 0, 0)
    assert [b["row"] for b in out["bad_rows"]] == [4, 5, 6]
    assert all(b["reason"] for b in out["bad_rows"])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "added 3" in lines[0] and "bad rows 3" in lines[0]
    with store.open_store(db, read_only=True) as s:
        launch = s.event("cns:6")
    assert launch is not None and launch.geometry.ring is not None  # 1,380 km ring around Sohae
    assert launch.geometry.ring_area_km2 > 5_000_000  # a 1,380 km cap is about 5.9 million km2


def test_reimport_is_unchanged(db: Path):
    args = ("import", "--format", "gdelt", str(FIXTURES / "gdelt_v2.export.CSV.zip"), "--db", str(db))
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert json.loads(first.stdout)["added"] == 4
    again = json.loads(second.stdout)
    assert (again["added"], again["unchanged"]) == (0, 4)


def test_csv_import_with_map(db: Path):
    proc = run_cli("import", "--format", "csv", str(FIXTURES / "places.csv"), "--db", str(db),
                   "--map", "date=When,lat=Y,lon=X,place=Town,country=Country,type=What,actor=Who,text=Note,id=Ref")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["added"] == 4 and [b["row"] for b in out["bad_rows"]] == [5, 6, 7, 8]


@pytest.mark.parametrize("args, needle", [
    (["--format", "cns", "no-such-file.csv"], "does not exist"),
    (["--format", "cns", str(FIXTURES / "acled.csv")], "not a CNS"),
    (["--format", "csv", str(FIXTURES / "places.csv")], "--map"),
    (["--format", "csv", str(FIXTURES / "places.csv"), "--map", "date=Datum,lat=Y,lon=X"], "'Datum'"),
    (["--format", "gdelt", str(FIXTURES / "places.csv"), "--map", "date=When"], "--map is for --format csv"),
])
def test_unreadable_input_exits_2_with_one_line(db: Path, args, needle):
    proc = run_cli("import", *args, "--db", str(db))
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_file_of_only_bad_rows_exits_2_after_listing_them(db: Path, tmp_path: Path):
    bad = tmp_path / "bad.CSV"
    bad.write_text("1\t2\t3\nnot gdelt\n", encoding="utf-8")
    proc = run_cli("import", "--format", "gdelt", str(bad), "--db", str(db))
    assert proc.returncode == 2
    assert [b["row"] for b in json.loads(proc.stdout)["bad_rows"]] == [1, 2]
    assert "no row of bad.CSV could be imported" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
