"""Bulk work on Dask (geo.scale): a real LocalCluster of two worker processes, real kills.

Inputs: the seed report, tests/fixtures/reports and synthetic GDELT rows
(geo.scale.synthetic, values drawn from a seed; no real data).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow  # a LocalCluster, processes started and killed: tens of seconds

from geo.export.parquet import read_parquet  # noqa: E402
from geo.pipeline import events_of_report  # noqa: E402
from geo.reports import read_reports, report_files  # noqa: E402
from geo.scale.dataset import TASKS_DIR, check_root, finished_files, read_markers  # noqa: E402
from geo.scale.engine import dask_client  # noqa: E402
from geo.scale.run import line_ranges, plan_import, plan_ingest, run_tasks  # noqa: E402
from geo.scale.synthetic import write_gdelt  # noqa: E402
from geo.scale.tasks import run_import_task  # noqa: E402
from tests.conftest import run_cli  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "reports")]


@pytest.fixture(scope="module")
def client():
    with dask_client(workers=2) as c:
        yield c


def dataset_events(root: Path) -> dict[str, str]:
    """Event id -> the event's JSON record, for every event a reader of the dataset sees."""
    out: dict[str, str] = {}
    for path in finished_files(root):
        for event in read_parquet(path):
            assert event.id not in out, f"event {event.id} written twice"
            out[event.id] = json.dumps(event.to_dict(), sort_keys=True)
    return out


def test_two_workers_give_the_single_process_events(client, tmp_path):
    expected = {}
    for path in report_files(CORPUS):
        for report in read_reports(path):
            for event in events_of_report(report):
                expected[event.id] = json.dumps(event.to_dict(), sort_keys=True)
    assert len(expected) > 10
    summary = run_tasks(client, tmp_path, plan_ingest(CORPUS, files_per_task=1), progress=False)
    assert summary["workers"] == 2 and not summary["tasks_failed"]
    assert summary["rows"] == len(expected)
    assert dataset_events(tmp_path) == expected
    # Hive partitions by the year and month of each event's first day.
    for path in finished_files(tmp_path):
        month = path.parent.name
        for event in read_parquet(path):
            assert (path.parent.parent.name, month) == (f"year={event.date.year}", f"month={event.date.month}")


def test_extraction_data_loads_once_per_worker(client, tmp_path):
    tasks = plan_ingest(CORPUS, files_per_task=1)
    check_root(tmp_path, create=True)
    futures = client.map(lambda t: __import__("geo.scale.tasks", fromlist=["x"]).run_ingest_task(str(tmp_path), t),
                         tasks, pure=False)
    results = client.gather(futures)
    assert all(r.preloaded for r in results)  # no task found the gazetteer unloaded
    loads = client.run(lambda: __import__("geo.scale.tasks", fromlist=["x"]).LOADS)
    assert sorted(loads.values()) == [1, 1]


def test_rerun_skips_finished_tasks_and_redoes_unfinished(client, tmp_path):
    tasks = plan_ingest(CORPUS, files_per_task=2)
    first = run_tasks(client, tmp_path, tasks, progress=False)
    before = dataset_events(tmp_path)
    again = run_tasks(client, tmp_path, tasks, progress=False)
    assert (again["tasks_run"], again["tasks_skipped"], again["rows"]) == (0, len(tasks), 0)
    # A task whose worker died after one of its files: a stray file and a temporary one, no marker.
    victim = tasks[0].task
    marker = tmp_path / TASKS_DIR / f"{victim}.json"
    files = json.loads(marker.read_text())["files"]
    marker.unlink()
    stray = tmp_path / "year=1999" / "month=1"
    stray.mkdir(parents=True)
    (stray / f"part-{victim}.parquet").write_bytes(b"half a file")
    (stray / f".part-{victim}.parquet.abc.tmp").write_bytes(b"half")
    assert all(str(p.relative_to(tmp_path)) not in files for p in finished_files(tmp_path))  # readers skip it
    third = run_tasks(client, tmp_path, tasks, progress=False)
    assert (third["tasks_run"], third["tasks_skipped"]) == (1, len(tasks) - 1)
    assert not any(stray.iterdir())
    assert dataset_events(tmp_path) == before and first["rows"] == len(before)


def _executing(dask_worker) -> int:
    return dask_worker.state.executing_count


def test_a_worker_killed_mid_run_loses_nothing(client, tmp_path):
    table = write_gdelt(tmp_path / "events.CSV", 30_000, days=90, seed=7)
    tasks = plan_import("gdelt", [str(table)], chunk_bytes=table.stat().st_size // 10)
    assert len(tasks) >= 8
    out = tmp_path / "dataset"
    done: dict = {}
    runner = threading.Thread(target=lambda: done.update(run_tasks(client, out, tasks, progress=False)))
    runner.start()
    killed = None
    deadline = time.monotonic() + 120
    while killed is None and time.monotonic() < deadline and runner.is_alive():
        busy = [addr for addr, n in client.run(_executing).items() if n > 0]
        if busy:
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)  # the worker process itself, mid-task; its nanny restarts it
            killed = pid
        else:
            time.sleep(0.05)
    runner.join(300)
    assert killed is not None, "no worker was seen running a task"
    assert done and not done["tasks_failed"], done
    assert killed not in client.run(os.getpid).values()  # the worker really died
    markers = read_markers(out)
    assert set(markers) == {t.task for t in tasks}
    events = dataset_events(out)
    assert set(events) == {f"gdelt:{i}" for i in range(1, 30_001)}
    listed = {str(p) for p in finished_files(out)}
    on_disk = {str(p) for p in out.glob("year=*/month=*/*")}
    assert on_disk == listed  # no stray or temporary file left


def test_line_ranges_cover_every_row_once(tmp_path):
    table = write_gdelt(tmp_path / "t.CSV", 1_000, days=30)
    ranges = line_ranges(table, 7_000)
    assert len(ranges) > 10
    root = check_root(tmp_path / "d", create=True)
    tasks = plan_import("gdelt", [str(table)], chunk_bytes=7_000)
    rows = []
    for t in tasks:
        run_import_task(str(root), t)
    for path in finished_files(root):
        rows += [e.id for e in read_parquet(path)]
    assert sorted(rows) == sorted(f"gdelt:{i}" for i in range(1, 1_001))
    # Row numbers of bad rows are those of the file, whatever range they fall in.
    text = table.read_text().splitlines()
    text[500] = "not\ta\tgdelt row"
    table.write_text("\n".join(text) + "\n")
    root2 = check_root(tmp_path / "d2", create=True)
    bad = []
    for t in plan_import("gdelt", [str(table)], chunk_bytes=7_000):
        bad += list(run_import_task(str(root2), t).bad_rows)
    assert [row for row, _ in bad] == [501]


def test_cli_engine_dask_imports_and_attaches(tmp_path):
    db = tmp_path / "events.sqlite"
    out = tmp_path / "dataset"
    fixture = ROOT / "tests" / "fixtures" / "imports" / "gdelt_v2.export.CSV"
    proc = run_cli("import", "--engine", "dask", "--workers", "1", "--dataset", str(out), "--db", str(db),
                   "--format", "gdelt", str(fixture), timeout=240)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["rows"] == 4 and result["n_bad_rows"] == 3 and result["attached_to"] == str(db)
    assert [b["row"] for b in result["bad_rows"]] == [4, 5, 6]
    from geo.store import EventFilter, open_store

    with open_store(db) as store:
        assert store.attached_datasets() == [str(out.resolve())]
        ids = set(store.map_frame(EventFilter(sources=("gdelt_v2.export.CSV",)))["id"])
    assert len(ids) == 4 and {"gdelt:1144100001", "gdelt:1144100002", "gdelt:1144100003"} <= ids


@pytest.mark.parametrize("args, message", [
    (["ingest", "--engine", "dask", "seeds"], "--engine dask needs --dataset DIR"),
    (["ingest", "--workers", "2", "seeds"], "--workers is for --engine dask"),
    (["import", "--format", "gdelt", "a.csv", "b.csv"], "several files need --engine dask"),
    (["import", "--engine", "dask", "--dataset", "x", "--format", "gdelt", "missing.CSV"], "does not exist"),
])
def test_cli_bad_engine_options_exit_2_with_one_line(args, message):
    proc = run_cli(*args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_the_same_command_against_a_scheduler_in_other_processes(tmp_path):
    from geo.scale.processes import scheduler_processes

    db = tmp_path / "events.sqlite"
    out = tmp_path / "dataset"
    with scheduler_processes(workers=2) as address:
        proc = run_cli("ingest", "--engine", "dask", "--scheduler", address, "--dataset", str(out),
                       "--db", str(db), "--files-per-task", "2", *CORPUS, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["workers"] == 2 and result["tasks_run"] == result["tasks"] and not result["tasks_failed"]
    expected = {e.id for p in report_files(CORPUS) for r in read_reports(p) for e in events_of_report(r)}
    assert set(dataset_events(out)) == expected


def test_an_unreachable_scheduler_is_one_line(tmp_path):
    from geo.scale.processes import _free_port

    proc = run_cli("ingest", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{_free_port()}",
                   "--dataset", str(tmp_path / "d"), "seeds", timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "cannot reach the Dask scheduler" in proc.stderr and "Traceback" not in proc.stderr
