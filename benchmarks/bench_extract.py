"""Event extraction on the narratives of the CNS North Korea Missile Test Database.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--csv PATH] [--runs N] [--show-misses FIELD]``

For every test (row) with a narrative ("Additional Information"), the narrative is
extracted as a report whose date is the row's Date (only used to resolve relative
words such as "on Sunday"; a narrative has no publication date). The *launch
event* is the missile/satellite launch or weapons test event with the most fields
filled (date, range, apogee, launch site), the first of equals.

Whether a narrative *states* a field is decided by rules independent of the
extractor (regexes written here), and only those tests count for that field:

- date: the narrative writes a month name with a day number ("February 20",
  "29 May", "the 4th of July") that is within one day of the row's Date (rows are
  sometimes in UTC and narratives in local time, which is 9 hours ahead); rows
  whose Date has no day ("Sep-84") never count. Right when the launch event is dated
  to the day (or to a span of at most three days, "May 29-30") and that day or span
  is within one day of the row's Date.
- distance / apogee: the narrative writes a number with a distance unit (km,
  kilometers, miles, nautical miles) within 5 % of the row's "Distance Travelled" /
  "Apogee", in a phrase of the right kind: for the apogee an apogee word
  ("apogee", "altitude", "height") just before it ("an apogee of 60 km") or right
  after it ("a 800 km apogee"); for the distance, not such a phrase. Right when the launch event's ``range_km`` / ``apogee_km`` is within 5 %.
- launch site: the narrative writes the facility's name, one of its "Other Name"s,
  or the first word of its name (at least 4 letters: "Sohae", "Sinpo", "Hodo").
  Right when the launch event's launch site is within 50 km of the facility's
  coordinates.

Supplementary lines count distance/apogee as right also when the value lies in the
band ``[min, max]`` that the event gives when its sources disagree (the table follows
one source or another from row to row).

Throughput: all narratives extracted repeatedly in one process (one core), median of
``--runs``; compared with the peer a user would run: the same extractor as one command over
all the files (``python -m geo extract FILE...``, one process that pays the start-up and the
data loading once), median of ``--peer-runs``. Without the CNS table beside the checkout the
benchmark says so and does nothing else (exit status 0), so ``make bench`` goes on.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.coords import haversine_km  # noqa: E402
from geo.extract import extract_report  # noqa: E402
from geo.extract.taxonomy import LAUNCH_TYPES  # noqa: E402
from geo.reports import Report  # noqa: E402

DEFAULT_CSV = ROOT.parent / "shared" / "data" / "cns-missile-tests" / "north_korea_missile_test_database.csv"
MONTHS = {m.lower(): i for i, m in enumerate(
    ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]) if m}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
_MD = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", re.I)
_DM = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I)
_DIST = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(km|kilomet(?:er|re)s?|miles?|nautical miles?|nm)\b", re.I)
_UNIT_KM = {"km": 1.0, "mile": 1.609344, "nautical mile": 1.852, "nm": 1.852}


def _km(value: str, unit: str) -> float:
    u = unit.lower().rstrip("s")
    factor = 1.0 if u.startswith("kilomet") or u == "km" else _UNIT_KM.get(u, 1.0)
    return float(value.replace(",", "")) * factor


def _row_date(raw: str) -> tuple[dt.date | None, bool]:
    """``(date, has_day)`` from ``9-Apr-84`` or ``Sep-84``."""
    raw = raw.strip()
    for fmt, has_day in (("%d-%b-%y", True), ("%b-%y", False)):
        try:
            return dt.datetime.strptime(raw, fmt).date(), has_day
        except ValueError:
            continue
    return None, False


def _number_km(raw: str) -> float | None:
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*km", raw or "")
    return float(m.group(1).replace(",", "")) if m else None


def _states_date(text: str, day: dt.date) -> bool:
    for m in _MD.finditer(text):
        if MONTHS[m.group(1).lower()] == day.month and abs(int(m.group(2)) - day.day) <= 1:
            return True
    for m in _DM.finditer(text):
        if MONTHS[m.group(2).lower()] == day.month and abs(int(m.group(1)) - day.day) <= 1:
            return True
    return False


_APOGEE_WORD = re.compile(r"\b(?:apogees?|altitudes?|heights?)\b", re.I)


def _apogee_phrase(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is said of an apogee: "apogee of 60 km", "a 800 km apogee"."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 12]
    return bool(_APOGEE_WORD.search(before) and not re.search(r"\b(?:and|range|flew|travel)", before[_APOGEE_WORD.search(before).end():])
                or re.match(r"\s*(?:apogee|altitude|high)\b", after, re.I))


def _states_km(text: str, value: float, apogee: bool) -> bool:
    """The narrative writes ``value`` (km, within 5 %) in a phrase of the right kind."""
    for m in _DIST.finditer(text):
        if abs(_km(m.group(1), m.group(2)) - value) <= 0.05 * value and _apogee_phrase(text, m.start(), m.end()) == apogee:
            return True
    return False


def _site_names(row: dict) -> list[str]:
    names = [row["Facility Name"]]
    other = row.get("Other Name") or ""
    names += [n.strip().strip('"') for n in re.split(r"[;,]", other) if n.strip() and n.strip().lower() != "nan"]
    first = row["Facility Name"].split()[0] if row["Facility Name"] else ""
    if len(first) >= 4:
        names.append(first)
    return [n for n in names if n and n.lower() not in ("unknown", "nan")]


def _states_site(text: str, row: dict) -> bool:
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(n.lower())}(?!\w)", low) for n in _site_names(row))


def load_rows(path: Path) -> list[dict]:
    with open(path, encoding="cp1252", newline="") as fh:  # the export is Windows-1252, not UTF-8
        return list(csv.DictReader(fh))


def evaluate(rows: list[dict], show: str | None = None) -> dict:
    counts = {f: [0, 0] for f in ("date", "distance", "apogee", "launch_site", "launch_event", "distance_band", "apogee_band")}
    cache: dict[tuple[str, dt.date], list[dict]] = {}
    for row in rows:
        text = (row.get("Additional Information") or "").strip()
        day, has_day = _row_date(row["Date"])
        if not text or day is None:
            continue
        key = (text, day)
        if key not in cache:
            cache[key] = extract_report(Report(source=f"cns-{row['F1']}", date=day, text=text))
        events = cache[key]
        launch = main_launch(events)
        stated_any = False

        def score(field: str, stated: bool, right: bool, detail: str = "") -> None:
            nonlocal stated_any
            if not stated:
                return
            stated_any = True
            counts[field][1] += 1
            counts[field][0] += bool(right)
            if show == field and not right:
                print(f"--- miss {field} row {row['F1']} {row['Date']} gold={detail}\n    got={_brief(launch)}\n    {text[:400]}")

        if has_day:
            got = launch and _date_right(launch, day)
            score("date", _states_date(text, day), bool(got), str(day))
        for field, column, key, band_key, is_apogee in (
            ("distance", "Distance Travelled", "range_km", "range_band_km", False),
            ("apogee", "Apogee", "apogee_km", "apogee_band_km", True),
        ):
            want = _number_km(row[column])
            if not want:
                continue
            got = launch and launch[key] and abs(launch[key] - want) <= 0.05 * want
            stated = _states_km(text, want, apogee=is_apogee)
            score(field, stated, bool(got), str(want))
            score(f"{field}_band", stated, bool(got) or _in_band(launch, band_key, want), str(want))
        try:
            flat, flon = float(row["Facility Latitude"]), float(row["Facility Longitude"])
        except ValueError:
            flat = flon = None
        if flat is not None:
            site = (launch or {}).get("launch_site")
            got = site and haversine_km(site["lat"], site["lon"], flat, flon) <= 50
            score("launch_site", _states_site(text, row), bool(got), f"{row['Facility Name']} {flat},{flon}")
        if stated_any:
            counts["launch_event"][1] += 1
            counts["launch_event"][0] += launch is not None
    return counts


def _dated(e: dict) -> bool:
    """Dated to the day, or to a span of at most three days ("May 29-30")."""
    if not e["date"] or e["date_precision"] not in ("day", "range"):
        return False
    if e["date_precision"] == "range":
        return (dt.date.fromisoformat(e["date_end"]) - dt.date.fromisoformat(e["date"])).days <= 2
    return True


def _date_right(e: dict, day: dt.date) -> bool:
    if not _dated(e):
        return False
    first = dt.date.fromisoformat(e["date"])
    last = dt.date.fromisoformat(e["date_end"]) if e["date_end"] else first
    return first - dt.timedelta(days=1) <= day <= last + dt.timedelta(days=1)


def _in_band(e: dict | None, key: str, value: float) -> bool:
    """The value lies in the band [min, max] (5 % slack) the event gives when its sources disagree."""
    band = (e or {}).get(key)
    return bool(band) and band[0] * 0.95 <= value <= band[1] * 1.05


def main_launch(events: list[dict]) -> dict | None:
    """The report's main launch event: the launch-type event with the most fields filled
    (date, range, apogee, launch site), the first of equals."""
    launches = [e for e in events if e["type"] in LAUNCH_TYPES]
    if not launches:
        return None
    def filled(e: dict) -> int:
        return sum(bool(x) for x in (_dated(e), e["range_km"], e["apogee_km"], e.get("launch_site")))
    return max(launches, key=lambda e: (filled(e), -launches.index(e)))


def _brief(e: dict | None) -> str:
    if not e:
        return "no launch event"
    return f"{e['type']} date={e['date']}({e['date_precision']}) range={e['range_km']} apogee={e['apogee_km']} site={e.get('launch_site')}"


def throughput(reports: list[Report], runs: int, repeat: int) -> list[float]:
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for r in reports:
                extract_report(r)
        rates.append(repeat * len(reports) / (time.perf_counter() - t0))
    return rates


def one_command(reports: list[Report], runs: int) -> tuple[float, float]:
    """Reports per second of ``python -m geo extract FILE...`` over all the reports in one
    process (start-up and loading paid once), median of ``runs``; and that process's start-up
    alone (``python -m geo extract`` on one empty-bodied report), median of ``runs``, seconds."""
    rates, starts = [], []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, r in enumerate(reports):
            p = Path(tmp) / f"r{i:04d}.txt"
            p.write_text(f"date {r.date.isoformat()}\n{r.text}", encoding="utf-8")
            paths.append(str(p))
        empty = Path(tmp) / "empty.txt"
        empty.write_text("date 2020-01-01\nNothing happened.\n", encoding="utf-8")
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geo", "extract", *paths], cwd=ROOT, check=True, capture_output=True)
            rates.append(len(paths) / (time.perf_counter() - t0))
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geo", "extract", str(empty)], cwd=ROOT, check=True,
                           capture_output=True)
            starts.append(time.perf_counter() - t0)
    return statistics.median(rates), statistics.median(starts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=4, help="passes over all narratives per timed run")
    ap.add_argument("--peer-runs", type=int, default=3, help="runs of the one-command peer (0 to skip)")
    ap.add_argument("--naive", type=int, dest="peer_runs", help=argparse.SUPPRESS)  # the old name, for old commands
    ap.add_argument("--show-misses", metavar="FIELD", help="print the misses of one field (date, distance, apogee, launch_site)")
    args = ap.parse_args()
    if not args.csv.is_file():
        print(f"{args.csv} is missing: the extraction benchmark is skipped (the CNS table lives in "
              "../shared/data/cns-missile-tests; pass --csv PATH)")
        return
    rows = load_rows(args.csv)
    t0 = time.perf_counter()
    counts = evaluate(rows, args.show_misses)
    first = time.perf_counter() - t0
    print(f"CNS missile tests: {len(rows)} rows, {sum(1 for r in rows if (r.get('Additional Information') or '').strip())} with a narrative")
    print(f"{'field':<13}{'right':>7}{'stated':>8}{'share':>8}   (counting only tests whose narrative states the answer)")
    for field, (right, stated) in counts.items():
        if field.endswith("_band"):
            continue
        share = right / stated if stated else float("nan")
        print(f"{field:<13}{right:>7}{stated:>8}{share:>8.1%}")
    print("supplementary (lenient: bands of multi-missile narratives can be wide): right when the value or the")
    print("event's band of disagreeing claims holds the answer")
    for field in ("distance_band", "apogee_band"):
        right, stated = counts[field]
        extra = right - counts[field.replace("_band", "")][0]
        print(f"{field:<13}{right:>7}{stated:>8}{right / stated if stated else float('nan'):>8.1%}   ({extra} by the band only)")
    print(f"first pass (includes loading the gazetteer and geoparser): {first:.2f} s")
    reports = []
    for row in rows:
        text = (row.get("Additional Information") or "").strip()
        day, _ = _row_date(row["Date"])
        if text and day:
            reports.append(Report(source=f"cns-{row['F1']}", date=day, text=text))
    rates = throughput(reports, args.runs, args.repeat)
    med = statistics.median(rates)
    print(f"throughput: median {med:.0f} reports/s over {args.runs} runs of {args.repeat} x {len(reports)} narratives "
          f"(min {min(rates):.0f}, max {max(rates):.0f}); one core, one process")
    if args.peer_runs:
        peer, start = one_command(reports, args.peer_runs)
        print(f"peer (one `python -m geo extract FILE...` over all {len(reports)} reports): median {peer:.0f} reports/s "
              f"over {args.peer_runs} runs, of which start-up and loading {start:.2f} s; in-process is "
              f"{med / peer:.1f}x that")


if __name__ == "__main__":
    main()
