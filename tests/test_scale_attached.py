"""A dataset attached to the store answers the dashboard's queries as the store does.

Two real stores on the same events: one holds them in SQLite (ingest_report, add_events),
the other is empty and has the GeoParquet dataset of the same events attached (written by
the tasks that Dask workers run, here run in-process). Inputs: the seed report,
tests/fixtures/reports and synthetic GDELT rows (geo.scale.synthetic) dated before the
reports, so that no two sources describe one event (the store would merge them; a
dataset does not).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from geo.errors import InvalidInput, StoreError
from geo.geodesy.enrich import enrich
from geo.importers import BadRow
from geo.importers.gdelt import iter_gdelt
from geo.pipeline import events_of_report
from geo.reports import read_reports, report_files
from geo.scale.dataset import check_root
from geo.scale.run import plan_import, plan_ingest
from geo.scale.synthetic import write_gdelt
from geo.scale.tasks import run_import_task, run_ingest_task
from geo.store import EventFilter, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "reports")]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attached")
    synthetic = write_gdelt(tmp / "synthetic.CSV", 3_000, start=dt.date(2019, 6, 1), days=700, seed=3)
    tables = [synthetic]
    stored = open_store(tmp / "stored.sqlite", bootstrap=False)
    for path in report_files(CORPUS):
        for report in read_reports(path):
            stored.ingest_report(report, events_of_report(report))
    for table in tables:
        stored.add_events((enrich(e) for e in iter_gdelt(table) if not isinstance(e, BadRow)), source=table.name)
    dataset = check_root(tmp / "dataset", create=True)
    for task in plan_ingest(CORPUS, files_per_task=3):
        run_ingest_task(str(dataset), task)
    for task in plan_import("gdelt", [str(t) for t in tables], chunk_bytes=200_000):
        run_import_task(str(dataset), task)
    attached = open_store(tmp / "attached.sqlite", bootstrap=False)
    attached.attach(dataset)
    yield stored, attached, dataset
    stored.close()
    attached.close()


FILTERS = [
    EventFilter(),
    EventFilter(since=dt.date(2023, 12, 1), until=dt.date(2023, 12, 31)),
    EventFilter(since=dt.date(2023, 3, 5)),
    EventFilter(until=dt.date(2020, 9, 30)),
    EventFilter(since=dt.date(2020, 2, 10), until=dt.date(2020, 3, 3)),
    EventFilter(actors=("PRK",)),
    EventFilter(actors=("north korea", "USA")),
    EventFilter(actors=("Nowhere Land",)),
    EventFilter(types=("missile_launch",)),
    EventFilter(types=("statement", "talks"), since=dt.date(2023, 1, 1)),
    EventFilter(bbox=(30.0, 120.0, 45.0, 140.0)),
    EventFilter(bbox=(-60.0, 170.0, 60.0, -170.0)),
    EventFilter(text="missile"),
    EventFilter(sources=("synthetic.CSV",), until=dt.date(2019, 8, 15)),
    EventFilter(limit=25),
    EventFilter(actors=("JPN",), limit=7),
]


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("id").reset_index(drop=True)


def test_the_premise_no_stored_event_is_merged(stores):
    stored, _, _ = stores
    assert stored.stats()["merged_events"] == 0  # else the store shows fewer events than were written


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_attached_dataset_answers_like_the_store(stores, flt):
    stored, attached, _ = stores
    assert attached.count(flt) == stored.count(flt)
    want, got = stored.map_frame(flt), attached.map_frame(flt)
    assert list(got.columns) == list(want.columns) and (got.dtypes == want.dtypes).all()
    if flt.limit is None:
        pd.testing.assert_frame_equal(by_id(got), by_id(want))
    else:  # the newest events first: the same days, ties in any order
        assert list(got["date"]) == list(want["date"]) and len(got) == min(flt.limit, stored.count(flt))
    # Newest first, undated last.
    dated = got["date"].dropna()
    assert dated.is_monotonic_decreasing and got["date"].isna().sum() == 0 or got["date"].iloc[-1:].isna().all()
    if flt.limit is None:
        view_want, view_got = by_id(stored.view_frame(flt)), by_id(attached.view_frame(flt))
        pd.testing.assert_frame_equal(view_got, view_want)
        assert sorted(e.id for e in attached.query(flt)) == sorted(e.id for e in stored.query(flt))
    facets_want, facets_got = stored.facets(flt), attached.facets(flt)
    assert facets_got["types"] == facets_want["types"] and facets_got["sources"] == facets_want["sources"]
    assert ({a["code"]: a["count"] for a in facets_got["actors"]}
            == {a["code"]: a["count"] for a in facets_want["actors"]})


def test_events_by_id_and_one_event(stores):
    stored, attached, _ = stores
    ids = list(stored.map_frame(EventFilter(limit=5))["id"]) + ["no-such-id"]
    assert [e.to_dict() for e in attached.events(ids)] == [e.to_dict() for e in stored.events(ids)]
    assert attached.event(ids[0]).to_dict() == stored.event(ids[0]).to_dict()
    assert attached.event("no-such-id") is None
    source = stored.reports()[0]["source"]
    assert attached.report(source) == stored.report(source)
    assert attached.report("no-such-report") is None


def test_date_filters_read_only_the_months_they_need(stores, tmp_path):
    stored, attached, dataset = stores
    flt = EventFilter(since=dt.date(2023, 12, 1), until=dt.date(2023, 12, 31))
    expected = attached.count(flt)
    # Spoil every file of another month: a query that opened one would fail.
    spoiled = list(dataset.glob("year=2020/month=*/*.parquet"))
    assert spoiled
    saved = {p: p.read_bytes() for p in spoiled}
    try:
        for p in spoiled:
            p.write_bytes(b"not parquet")
        assert attached.count(flt) == expected == stored.count(flt)
        assert len(attached.map_frame(flt)) == expected
        with pytest.raises(StoreError, match="attached datasets"):
            attached.count(EventFilter())  # the unbounded query must open them, and says what failed
    finally:
        for p, data in saved.items():
            p.write_bytes(data)


def test_attach_records_in_the_store_and_detach_forgets(stores, tmp_path):
    _, attached, dataset = stores
    again = open_store(attached.path, read_only=True)
    try:
        assert again.attached_datasets() == [str(dataset.resolve())]
        assert again.count() == attached.count() > 0  # another connection sees it from the store file
    finally:
        again.close()
    other = open_store(tmp_path / "other.sqlite", bootstrap=False)
    with other:
        assert other.count() == 0
        other.attach(dataset)
        assert other.count() == attached.count()
        assert other.detach(dataset) and other.count() == 0 and other.attached_datasets() == []
        with pytest.raises(InvalidInput, match="not an events dataset"):
            other.attach(tmp_path)


def test_new_tasks_show_up_without_reattaching(stores, tmp_path):
    _, _, dataset = stores
    copy = check_root(tmp_path / "grow", create=True)
    store = open_store(tmp_path / "s.sqlite", bootstrap=False)
    with store:
        store.attach(copy)
        assert store.count() == 0
        table = write_gdelt(tmp_path / "more.CSV", 50, start=dt.date(2024, 1, 1), days=10, first_id=10**9)
        for task in plan_import("gdelt", [str(table)]):
            run_import_task(str(copy), task)
        assert store.count() == 50


def test_attach_verb_lists_attaches_and_detaches(stores, tmp_path):
    import json

    from tests.conftest import run_cli

    _, attached, dataset = stores
    db = str(tmp_path / "verb.sqlite")
    with open_store(db, bootstrap=False):
        pass
    proc = run_cli("attach", str(dataset), "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"db": db, "attached": [str(dataset.resolve())], "events": attached.count()}
    assert json.loads(run_cli("attach", "--db", db).stdout)["attached"] == [str(dataset.resolve())]
    proc = run_cli("attach", str(dataset), "--detach", "--db", db)
    assert json.loads(proc.stdout)["attached"] == [] and json.loads(proc.stdout)["events"] == 0
    for args, message in ((["attach", str(tmp_path)], "not an events dataset"),
                          (["attach", str(dataset), "--detach"], "is not attached"),
                          (["attach", "--detach"], "--detach needs")):
        proc = run_cli(*args, "--db", db)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_dataset_folder_is_named(tmp_path):
    import shutil

    folder = check_root(tmp_path / "gone", create=True)
    with open_store(tmp_path / "s.sqlite", bootstrap=False) as store:
        store.attach(folder)
        shutil.rmtree(folder)
        with pytest.raises(StoreError, match="attached dataset .*gone is missing"):
            store.count()
        assert store.detach(folder) and store.count() == 0


def test_without_dask_the_engine_says_how_to_install_it(monkeypatch):
    import sys

    from geo.scale.engine import DaskMissing, dask_client

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now raises ImportError
    with pytest.raises(DaskMissing, match="pip install 'dask\\[distributed\\]"):
        with dask_client(workers=1):
            pass
