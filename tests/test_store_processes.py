"""The store with real processes: a kill -9 in the middle of a batch, a writer and a reader
at once, and the command line (ingest, stats) as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo.store import EventFilter, open_store
from tests.conftest import ROOT, run_cli

# A child writer: batches of BATCH events on days three apart (so none merge), PROGRESS
# printed after each commit; with a marker path it stops inside its second batch's
# transaction, writes the marker and waits to be killed.
WRITER = r"""
import datetime as dt, sys, time
from pathlib import Path
from geo.store import open_store
from tests.store_helpers import launch
path, batch, batches, marker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = open_store(path, bootstrap=False)
store.con.execute("PRAGMA cache_size = 50")  # small cache: uncommitted pages spill into the WAL
events = (launch(f"k{i}", f"src{i}", dt.date(1950, 1, 1) + dt.timedelta(days=3 * i), actors=(f"A{i % 7}",))
          for i in range(batch * batches))
def progress(n):
    if marker != "-" and n >= batch // 2:
        Path(marker).write_text(str(n))
        time.sleep(120)
slowest = 0.0
for b in range(batches):
    chunk = [next(events) for _ in range(batch)]
    t = time.perf_counter()
    store.add_events(chunk, source="child", batch_size=batch, progress=progress if b == 1 else None)
    slowest = max(slowest, time.perf_counter() - t)
    print("committed", b + 1, flush=True)
    if marker == "-":
        time.sleep(0.05)
print("slowest", slowest, flush=True)
"""


def _writer(path: Path, batch: int, batches: int, marker: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(batch), str(batches), marker],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_batch_leaves_the_store_as_before_the_batch(tmp_path):
    path, marker, batch = tmp_path / "e.sqlite", tmp_path / "inside", 3000
    open_store(path, bootstrap=False).close()
    child = _writer(path, batch, 3, str(marker))
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "the writer never reached its second batch"
        time.sleep(0.05)
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the half batch was being written
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    with open_store(path, bootstrap=False) as store:
        assert store.con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stats = store.stats()
        assert (stats["records"], stats["events"]) == (batch, batch)  # the first batch, all of it; nothing more
        assert store.con.execute("SELECT count(*) FROM actors").fetchone()[0] == batch
        assert store.count(EventFilter(actors=("A0",))) == len(range(0, batch, 7))
        from tests.store_helpers import launch
        assert store.add_events([launch("after", "s")], source="t").added == 1  # and it takes writes again


def test_reader_and_writer_processes_at_once(tmp_path):
    path, batch, batches = tmp_path / "e.sqlite", 200, 15
    open_store(path, bootstrap=False).close()
    child = _writer(path, batch, batches, "-")
    seen, slowest = [], 0.0
    with open_store(path, read_only=True) as reader:  # the dashboard's side
        while child.poll() is None or not seen or seen[-1] < batch * batches:
            t = time.perf_counter()
            n = reader.count(EventFilter())
            frame = reader.map_frame(EventFilter(since=None))
            slowest = max(slowest, time.perf_counter() - t)
            assert n % batch == 0 and len(frame) % batch == 0, (n, len(frame))  # never half a batch
            assert not seen or n >= seen[-1]
            seen.append(n)
            if child.poll() is not None and n == batch * batches:
                break
            time.sleep(0.01)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert seen[-1] == batch * batches
    assert len(set(seen)) >= 4  # the reader saw the batches arrive one by one, on its next queries
    assert slowest < 1.0, f"a read waited {slowest:.2f} s"
    writer_slowest = float(out.split("slowest")[-1])
    assert writer_slowest < 1.0, f"a batch took {writer_slowest:.2f} s with a reader open"


def test_cli_ingest_folders_recursively_then_stats(tmp_path, seed_path):
    folder = tmp_path / "in" / "deeper"
    folder.mkdir(parents=True)
    (folder / "seed.txt").write_text(seed_path.read_text())
    (tmp_path / "in" / "launch.txt").write_text(
        "date 2024-01-02\nNorth Korea fired a ballistic missile from Sinpo on Monday, South Korea said.\n")
    (tmp_path / "in" / "empty.md").write_text("")
    db = tmp_path / "store.sqlite"
    proc = run_cli("ingest", str(tmp_path / "in"), "--db", str(db), timeout=300)
    assert proc.returncode == 0, proc.stderr
    first = json.loads(proc.stdout)
    assert first["files"] == 3 and first["reports"] == 2 and len(first["bad_rows"]) == 1
    assert "empty.md" in first["bad_rows"][0]["reason"]
    assert "added" in proc.stderr.splitlines()[-1] and "Traceback" not in proc.stderr
    again = json.loads(run_cli("ingest", str(tmp_path / "in"), "--db", str(db), timeout=300).stdout)
    assert again["added"] == 0 and again["merged"] == 0
    stats = json.loads(run_cli("stats", "--db", str(db)).stdout)
    assert stats["reports"] == 2 and stats["events"] > 1 and stats["schema_version"] >= 2


def test_cli_env_var_names_the_store(tmp_path):
    db = tmp_path / "env.sqlite"
    proc = subprocess.run([sys.executable, "-m", "geo", "stats"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "GEO_EVENTS_DB": str(db)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["path"] == str(db) and db.exists()


@pytest.mark.parametrize("make, needle", [
    (lambda p: p.write_text("plain text, not a database"), "is not an events store"),
    (lambda p: p.mkdir(), "is not a file"),
])
def test_cli_bad_db_file(tmp_path, make, needle):
    bad = tmp_path / "bad.db"
    make(bad)
    proc = run_cli("stats", "--db", str(bad))
    assert proc.returncode == 2
    assert needle in proc.stderr and str(bad) in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_cli_missing_input(tmp_path):
    proc = run_cli("ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "e.sqlite"))
    assert proc.returncode == 2 and "nope.txt" in proc.stderr and "Traceback" not in proc.stderr
