"""Benchmark the event store on synthetic events of realistic shape.

1,000,000 events by default (``--events N`` for fewer): dates over 40 years, 200 actors,
15 types, places around 400 hot spots worldwide, 2 % launches with a range ring. Prints
the ingest rate, the size on disk, the cold open time and the median time of the
dashboard's query (date range + actors + types + bounding box -> the map's columns),
for the store (SQLite) beside DuckDB and pandas in memory on the same data and query.

Run: ``make bench BENCH=store`` or ``.venv/bin/python benchmarks/bench_store.py --events 100000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from geo.events import Actor, Claim, Event, Geometry, Place  # noqa: E402
from geo.store import EventFilter, open_store  # noqa: E402
from geo.store.filters import day_number  # noqa: E402

RUNS = 15
TYPES = ["missile_launch", "satellite_launch", "weapons_test", "statement", "meeting", "agreement", "military_exercise",
         "deployment", "attack", "sanction", "protest", "talks", "visit", "warning", "inspection"]
START = dt.date(1985, 1, 1)
DAYS = 40 * 365


def synthetic_events(n: int, seed: int = 7):
    """``n`` events with a fixed random seed (the same data every run)."""
    rng = np.random.default_rng(seed)
    hot_lat = np.degrees(np.arcsin(rng.uniform(-0.9, 0.95, 400)))
    hot_lon = rng.uniform(-180, 180, 400)
    hot = rng.integers(0, 400, n)
    lat = np.clip(hot_lat[hot] + rng.normal(0, 1.5, n), -89.9, 89.9)
    lon = (hot_lon[hot] + rng.normal(0, 1.5, n) + 180) % 360 - 180
    # A few actors are in most of the news: a Zipf-like weight over 200 codes.
    weights = 1 / np.arange(1, 201) ** 0.8
    weights /= weights.sum()
    actors = rng.choice(200, size=(n, 3), p=weights)
    n_actors = rng.integers(1, 4, n)
    type_w = np.array([6, 1, 1, 20, 10, 6, 6, 5, 15, 4, 8, 6, 5, 5, 2], float)
    types = rng.choice(15, size=n, p=type_w / type_w.sum())
    launch = rng.random(n) < 0.02
    types[launch] = 0
    day = rng.integers(0, DAYS, n)
    month_long = rng.random(n) < 0.1
    rng_km = rng.uniform(100, 5000, n)
    sources = rng.integers(0, 50_000, n)
    base = START.toordinal()
    for i in range(n):
        d = dt.date.fromordinal(base + int(day[i]))
        codes = [f"A{actors[i, k]:03d}" for k in range(n_actors[i])]
        acts = tuple(Actor(code=c, name=f"Actor {c}", role="initiator" if k == 0 else "participant", kind="state")
                     for k, c in enumerate(dict.fromkeys(codes)))
        place = Place(name=f"Place {hot[i]}", role="launch_site" if launch[i] else "venue", lat=round(float(lat[i]), 5),
                      lon=round(float(lon[i]), 5), country_code="XX", feature="city")
        kw = {}
        if launch[i]:
            r = float(rng_km[i])
            ring = {"type": "Polygon", "coordinates": [[
                [round(float(lon[i]) + r / 111 * math.cos(a) / max(0.2, math.cos(math.radians(lat[i]))), 5),
                 round(float(lat[i]) + r / 111 * math.sin(a), 5)] for a in np.linspace(0, 2 * math.pi, 17)]]}
            kw = {"range_km": round(r, 1), "geometry": Geometry(ring=ring, ring_area_km2=math.pi * r * r),
                  "claims": (Claim("range", round(r, 1), "kilometers", f"about {r:.0f} kilometers", 40, 60),)}
        yield Event(
            id=f"s{i:08x}", type=TYPES[types[i]], source=f"report-{sources[i]:05d}", date=d,
            date_end=d + dt.timedelta(days=29) if month_long[i] else None,
            date_precision="range" if month_long[i] else "day", actors=acts, places=(place,),
            sentence=f"{acts[0].name} and others: a {TYPES[types[i]].replace('_', ' ')} reported near Place {hot[i]}.",
            start=0, end=80, confidence=0.8, origin="csv", **kw)


QUERIES = {
    # The dashboard's usual view: five years, three actors, three types, East Asia.
    "typical": EventFilter(since=dt.date(2015, 1, 1), until=dt.date(2019, 12, 31), actors=("A000", "A003", "A010"),
                           types=("missile_launch", "statement", "attack"), bbox=(20.0, 100.0, 50.0, 150.0)),
    # A wide view: ten years, ten actors, six types, half the world.
    "broad": EventFilter(since=dt.date(2005, 1, 1), until=dt.date(2014, 12, 31),
                         actors=tuple(f"A{i:03d}" for i in range(10)),
                         types=("missile_launch", "statement", "attack", "meeting", "protest", "agreement"),
                         bbox=(-60.0, -30.0, 80.0, 150.0)),
}


def median_ms(fn) -> tuple[float, object]:
    times, out = [], None
    for _ in range(RUNS):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def sql_of(flt: EventFilter) -> tuple[str, list]:
    """The same condition for DuckDB (no max-span trick: it scans columns anyway)."""
    s, w, n, e = flt.bbox
    cond = ("day <= ? AND last_day >= ? AND type IN ({}) AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? "
            "AND rowid_ IN (SELECT event FROM event_actors WHERE code IN ({}))").format(
        ",".join("?" * len(flt.types)), ",".join("?" * len(flt.actors)))
    return cond, [day_number(flt.until), day_number(flt.since), *flt.types, s, n, w, e, *flt.actors]


def pandas_query(frame: pd.DataFrame, actors: pd.DataFrame, flt: EventFilter) -> pd.DataFrame:
    s, w, n, e = flt.bbox
    m = ((frame["day"].to_numpy() <= day_number(flt.until)) & (frame["last_day"].to_numpy() >= day_number(flt.since))
         & frame["type"].isin(flt.types).to_numpy()
         & (frame["lat"].to_numpy() >= s) & (frame["lat"].to_numpy() <= n)
         & (frame["lon"].to_numpy() >= w) & (frame["lon"].to_numpy() <= e))
    ids = actors.loc[actors["code"].isin(flt.actors), "event"].unique()
    m &= np.isin(frame["rowid_"].to_numpy(), ids)
    return frame[m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--dir", help="folder for the database files (default: a temporary one)")
    args = parser.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="bench_store_"))
    db = folder / "events.sqlite"
    for p in folder.glob("events.*"):
        p.unlink()
    n = args.events
    print(f"{n:,} synthetic events -> {db}")

    t = time.perf_counter()
    events = list(synthetic_events(n))
    print(f"made the Event objects in {time.perf_counter() - t:.1f} s (not counted)")

    store = open_store(db, bootstrap=False)
    t = time.perf_counter()
    summary = store.add_events(events, source="bench", batch_size=10_000)
    ingest_s = time.perf_counter() - t
    store.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = sum(p.stat().st_size for p in folder.glob("events.sqlite*"))
    print(f"SQLite ingest: {n / ingest_s:,.0f} events/s ({ingest_s:.1f} s; {summary.line()}); "
          f"size on disk {size / 1e6:,.0f} MB ({size / n:.0f} bytes/event)")
    del events

    code = ("import time,sys; t=time.perf_counter(); from geo.store import open_store, EventFilter; "
            "s=open_store(sys.argv[1], read_only=True); s.count(EventFilter(types=('attack',))); "
            "print((time.perf_counter()-t)*1000)")
    colds = [float(subprocess.run([sys.executable, "-c", code, str(db)], cwd=ROOT, capture_output=True, text=True,
                                  check=True).stdout) for _ in range(5)]
    print(f"SQLite cold open (new process: import, open, first count; OS cache warm): "
          f"median {statistics.median(colds):.0f} ms")

    store = open_store(db, read_only=True)
    sqlite_ms = {}
    for name, flt in QUERIES.items():
        ms, frame = median_ms(lambda: store.map_frame(flt))
        sqlite_ms[name] = ms
        print(f"SQLite map_frame {name}: median {ms:.1f} ms, {len(frame):,} rows")

    # The peers get the same shown events and actor rows, as flat columns.
    flat = pd.read_sql_query("SELECT rowid AS rowid_, id, type, day, last_day, date_precision, lat, lon, range_km, "
                             "actors, source, n_sources FROM events", store.con)
    actor_rows = pd.read_sql_query("SELECT code, event FROM event_actors", store.con)
    store.close()

    import duckdb
    ddb = folder / "events.duckdb"
    t = time.perf_counter()
    dcon = duckdb.connect(str(ddb))
    dcon.execute("CREATE TABLE events AS SELECT * FROM flat")
    dcon.execute("CREATE TABLE event_actors AS SELECT * FROM actor_rows")
    dcon.close()
    load_s = time.perf_counter() - t
    dsize = ddb.stat().st_size
    print(f"DuckDB bulk load of the flat columns from pandas: {n / load_s:,.0f} events/s; size {dsize / 1e6:,.0f} MB "
          f"(map columns only, no JSON)")
    code = ("import time,sys; t=time.perf_counter(); import duckdb; c=duckdb.connect(sys.argv[1], read_only=True); "
            "c.execute(\"SELECT count(*) FROM events WHERE type='attack'\").fetchall(); print((time.perf_counter()-t)*1000)")
    colds = [float(subprocess.run([sys.executable, "-c", code, str(ddb)], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(5)]
    print(f"DuckDB cold open: median {statistics.median(colds):.0f} ms")
    dcon = duckdb.connect(str(ddb), read_only=True)
    for name, flt in QUERIES.items():
        cond, params = sql_of(flt)
        sql = (f"SELECT id, type, day, last_day, date_precision, lat, lon, range_km, actors, source, n_sources "
               f"FROM events WHERE {cond} ORDER BY day DESC")
        ms, frame = median_ms(lambda: dcon.execute(sql, params).df())
        print(f"DuckDB {name}: median {ms:.1f} ms, {len(frame):,} rows (ratio SQLite/DuckDB "
              f"{sqlite_ms[name] / ms:.2f})")
    dcon.close()

    for name, flt in QUERIES.items():
        ms, frame = median_ms(lambda: pandas_query(flat, actor_rows, flt))
        print(f"pandas in memory {name}: median {ms:.1f} ms, {len(frame):,} rows (ratio SQLite/pandas "
              f"{sqlite_ms[name] / ms:.2f})")
    if not args.dir:
        for p in folder.iterdir():
            p.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
