"""The load benchmark's websocket client (benchmarks/st_client.py) against a real dashboard server.

A ``streamlit run`` of the dashboard on a loopback port with the seed and demo data; the client
speaks Streamlit's protocol with no browser. Checks that what it reads back is the app's own
state (widget options, the table's rows, the filtered map), and that two visitors changing
filters and opening events for a few seconds get every run to its end with no error.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import sys
import time

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_load  # noqa: E402
from load_procs import Server, make_store  # noqa: E402
from st_client import Session  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load-client")
    srv = Server(make_store(folder), folder / "streamlit.log")
    yield srv
    srv.stop()


def _map(run) -> dict:
    [element] = [e for e in run.elements.values() if bench_load.is_map(e)]
    return json.loads(element.component_instance.json_args)



def _run(coro):
    """``asyncio.run`` in a thread of its own: a browser test's Playwright may still hold an
    event loop in this thread when the whole suite runs."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()

def test_the_client_reads_the_page_and_a_filter_changes_the_map(server):
    async def go():
        s = Session(server.url)
        await s.connect()
        try:
            first = await s.rerun(bench_load.is_map, timeout=180)
            assert first.status == "ok" and not first.errors and first.first_hit_s is not None
            wid, types = s.widget("Event types")
            labels = list(types.options)
            assert any(label.startswith("missile launch (") for label in labels)
            _, table = s.widget("dataframe")
            everything = bench_load.table_rows(table)
            assert everything > 200  # the seed and the demo table
            full = _map(first)["feature_group"]

            # One type: the table holds the count the option promised, and the map's layers change.
            statement = next(label for label in labels if label.startswith("statement ("))
            s.set_strings(wid, [statement])
            run = await s.rerun(bench_load.is_map)
            assert run.status == "ok" and not run.errors
            _, table = s.widget("dataframe")
            assert bench_load.table_rows(table) == int(statement.rsplit("(", 1)[1].rstrip(")"))
            assert _map(run)["feature_group"] != full
            assert "type=statement" in s.query_from_app  # the address the app set

            # Opening an event (a table row) puts it in the address.
            s.set_rows(s.widget("dataframe")[0], [0])
            run = await s.rerun(bench_load.is_map)
            assert run.status == "ok" and not run.errors and "event=" in s.query_from_app

            # The same state again: the unchanged map comes back as a reference to the client's cache.
            again = await s.rerun(bench_load.is_map)
            assert again.refs >= 1 and again.bytes_in < first.bytes_in / 10
            assert _map(again) == _map(run)
        finally:
            await s.close()

    _run(go())


def test_two_visitors_change_filters_for_a_few_seconds_without_error(server):
    async def go():
        visitors = [bench_load.WsVisitor(server.url, seed) for seed in (1, 2)]
        for v in visitors:
            await v.open()
        until = time.monotonic() + 8
        await asyncio.gather(*(v.run(until) for v in visitors))
        for v in visitors:
            await v.session.close()
        return [v.result for v in visitors]

    results = _run(go())
    for r in results:
        assert r.errors == []
        assert len(r.map_s) >= 2 and all(0 < t < 30 for t in r.map_s)
        assert len(r.run_s) == len(r.map_s) and all(m <= d for m, d in zip(r.map_s, r.run_s))
