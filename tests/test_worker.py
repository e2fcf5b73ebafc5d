"""One visitor cannot stall the server: the extraction budget, the worker processes, the upload limit.

Real parts only: real reports (the seed and the fixture reports, repeated into large ones),
real worker processes started with ``spawn``.
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from pathlib import Path

import pytest

from geo.errors import InvalidInput, ReportError
from geo.extract import Budget, ExtractionLimit, extract_report, limits
from geo.extract.bounded import IN_PROCESS_CHARS, WorkerPool, run_extraction
from geo.reports import MAX_REPORT_BYTES, MAX_REPORT_MB, Report, read_report

ROOT = Path(__file__).resolve().parents[1]


def large_text(chars: int) -> str:
    """The seed and the fixture reports, repeated until ``chars`` characters."""
    pieces = [read_report(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pieces += [read_report(p).text for p in sorted((ROOT / "tests" / "fixtures" / "reports").iterdir())]
    out, n, i = [], 0, 0
    while n < chars:
        out.append(pieces[i % len(pieces)])
        n += len(out[-1]) + 2
        i += 1
    return "\n\n".join(out)[:chars]


def large_report(chars: int, source: str = "big.txt") -> Report:
    return Report(source=source, date=dt.date(2023, 12, 18), text=large_text(chars))


def _stuck(report: Report) -> None:
    """A task that never checks its budget (a worker must be killed to stop it)."""
    time.sleep(600)


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool(1, grace_seconds=1.0)
    yield p
    p.close()


def test_time_budget_stops_a_huge_report_with_a_clear_message():
    report = large_report(1_000_000, "huge.txt")
    t0 = time.monotonic()
    with pytest.raises(ExtractionLimit) as caught:
        extract_report(report, Budget(seconds=0.05))
    assert time.monotonic() - t0 < 10  # stopped, not run to the end (about 15 s here)
    message = str(caught.value)
    assert message.startswith("huge.txt: extraction stopped after ")
    assert "(limit 0.05 s)" in message and "the report is 1.0 MB" in message and "split it into smaller reports" in message
    assert isinstance(caught.value, ReportError) and isinstance(caught.value, InvalidInput)


def test_character_budget_refuses_before_any_work():
    with pytest.raises(ExtractionLimit, match=r"^huge\.txt: the report is \d+ KB \(300,000 characters\), over the limit of 100,000"):
        extract_report(large_report(300_000, "huge.txt"), Budget(chars=100_000))


def test_limits_bound_extraction_reached_through_other_functions():
    from geo.pipeline import events_of_report

    with limits(Budget(chars=10)), pytest.raises(ExtractionLimit):
        events_of_report(large_report(1_000))
    assert events_of_report(large_report(1_000))  # outside the block: no budget


def test_a_budget_that_suffices_changes_nothing():
    report = read_report(ROOT / "seeds" / "2023-12-18_north-korea-srbm-launch.txt")
    assert extract_report(report, Budget(seconds=600, chars=10_000_000)) == extract_report(report)


def test_worker_returns_the_same_events_as_in_process_extraction(pool):
    report = large_report(3 * IN_PROCESS_CHARS)
    assert run_extraction(report, pool=pool) == extract_report(report)


def test_worker_runs_the_dashboard_pipeline(pool):
    from geo.pipeline import events_of_report

    report = large_report(2 * IN_PROCESS_CHARS)
    assert run_extraction(report, events_of_report, pool=pool) == events_of_report(report)


def test_short_reports_run_in_process_with_the_budget():
    report = large_report(IN_PROCESS_CHARS, "short.txt")
    assert run_extraction(report, pool=WorkerPool(0)) == extract_report(report)  # a pool of none: never used
    with pytest.raises(ExtractionLimit, match="short.txt"):
        run_extraction(report, seconds=1e-6)


def test_worker_stops_a_report_over_budget_and_remembers_it(pool):
    report = large_report(1_500_000, "toolarge.txt")
    t0 = time.monotonic()
    with pytest.raises(ExtractionLimit, match=r"^toolarge\.txt: extraction stopped after .*\(limit 2 s\); the report is 1\.5 MB"):
        run_extraction(report, seconds=2, pool=pool)
    assert time.monotonic() - t0 < 2 + 1.0 + 5  # the budget, the grace, a little slack
    t0 = time.monotonic()
    with pytest.raises(ExtractionLimit, match="toolarge.txt"):
        run_extraction(report, seconds=2, pool=pool)  # the dashboard reruns: fails at once
    assert time.monotonic() - t0 < 0.5
    small = large_report(2 * IN_PROCESS_CHARS)
    assert run_extraction(small, pool=pool) == extract_report(small)  # the worker is still good


def test_a_stuck_worker_is_killed_and_replaced(pool):
    report = large_report(2 * IN_PROCESS_CHARS, "stuck.txt")
    t0 = time.monotonic()
    with pytest.raises(ExtractionLimit, match=r"^stuck\.txt: extraction stopped after \d+ s \(limit 0\.5 s\)"):
        pool.run(_stuck, report, 0.5)
    assert time.monotonic() - t0 < 0.5 + 1.0 + 3
    assert run_extraction(report, pool=pool) == extract_report(report)  # a new worker took its place


def test_uploader_limit_is_the_report_limit():
    """The uploader states Streamlit's server.maxUploadSize; the app refuses over MAX_REPORT_BYTES: one figure."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == MAX_REPORT_MB
    assert MAX_REPORT_BYTES == MAX_REPORT_MB * 1024 * 1024  # Streamlit's MB (starlette_routes: * 1024 * 1024)
