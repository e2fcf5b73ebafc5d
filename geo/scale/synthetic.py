"""GDELT-shaped rows for load tests and benchmarks (no real data: values drawn from a seed).

Rows have GDELT 2.0's 61 tab-separated columns (``geo.importers.gdelt.COLUMNS_V2``), one
event a row, dates spread evenly from ``start`` over ``days`` and written in date order
(as GDELT's daily files are), actors and places drawn from a short list of real
capitals, CAMEO codes from those the importer maps. GLOBALEVENTIDs are consecutive from
``first_id``, so every row's event id is known in advance.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from geo.importers.gdelt import COLUMNS_V2

# (actor code, name, FIPS country code, place, lat, lon): capitals, coordinates from GeoNames.
_ACTORS = (
    ("PRK", "NORTH KOREA", "KN", "Pyongyang, P'yongyang-si, North Korea", 39.0339, 125.7543),
    ("KOR", "SOUTH KOREA", "KS", "Seoul, Seoul-t'ukpyolsi, South Korea", 37.5660, 126.9784),
    ("USA", "UNITED STATES", "US", "Washington, District of Columbia, United States", 38.8951, -77.0364),
    ("JPN", "JAPAN", "JA", "Tokyo, Tokyo, Japan", 35.6895, 139.6917),
    ("CHN", "CHINA", "CH", "Beijing, Beijing, China", 39.9075, 116.3972),
    ("RUS", "RUSSIA", "RS", "Moscow, Moskva, Russia", 55.7522, 37.6156),
    ("UKR", "UKRAINE", "UP", "Kyiv, Kyiv, Ukraine", 50.4547, 30.5238),
    ("IRN", "IRAN", "IR", "Tehran, Tehran, Iran", 35.6944, 51.4215),
    ("ISR", "ISRAEL", "IS", "Jerusalem, Jerusalem, Israel", 31.7690, 35.2163),
    ("IND", "INDIA", "IN", "New Delhi, Delhi, India", 28.6358, 77.2245),
)
_CODES = ("010", "036", "042", "043", "057", "112", "138", "150", "151", "190", "193", "195")
_INDEX = {name: i for i, name in enumerate(COLUMNS_V2)}


def gdelt_row(event_id: int, day: dt.date, rng: random.Random) -> str:
    """One GDELT 2.0 row (without the newline)."""
    a1, a2 = rng.sample(_ACTORS, 2)
    place = rng.choice((a1, a2))
    code = rng.choice(_CODES)
    cells = [""] * len(COLUMNS_V2)
    ymd = day.strftime("%Y%m%d")
    values = {
        "GLOBALEVENTID": str(event_id), "SQLDATE": ymd, "MonthYear": ymd[:6], "Year": ymd[:4],
        "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}",
        "Actor1Code": a1[0], "Actor1Name": a1[1], "Actor1CountryCode": a1[0],
        "Actor2Code": a2[0], "Actor2Name": a2[1], "Actor2CountryCode": a2[0],
        "IsRootEvent": "1", "EventCode": code, "EventBaseCode": code, "EventRootCode": code[:2],
        "QuadClass": str(rng.randint(1, 4)), "GoldsteinScale": f"{rng.uniform(-10, 10):.1f}",
        "NumMentions": str(rng.randint(1, 50)), "NumSources": str(rng.randint(1, 5)),
        "NumArticles": str(rng.randint(1, 50)), "AvgTone": f"{rng.uniform(-10, 5):.2f}",
        "ActionGeo_Type": "4", "ActionGeo_FullName": place[3], "ActionGeo_CountryCode": place[2],
        "ActionGeo_Lat": f"{place[4] + rng.uniform(-0.5, 0.5):.4f}",
        "ActionGeo_Long": f"{place[5] + rng.uniform(-0.5, 0.5):.4f}",
        "ActionGeo_FeatureID": str(rng.randint(1, 10**7)),
        "DATEADDED": ymd + "101500", "SOURCEURL": f"https://news.example.org/{ymd}/{event_id}",
    }
    for name, value in values.items():
        cells[_INDEX[name]] = value
    return "\t".join(cells)


def write_gdelt(path: str | Path, rows: int, *, start: dt.date = dt.date(2015, 1, 1), days: int = 3650,
                first_id: int = 1, seed: int = 0) -> Path:
    """Write ``rows`` GDELT-shaped rows to ``path`` in date order; return the path.

    Parameters
    ----------
    rows : int
        How many rows (about 420 bytes each).
    start, days : date, int
        The first day and how many days the rows spread over (evenly).
    first_id : int
        The GLOBALEVENTID of the first row; the others follow one by one.
    seed : int
        The random seed: the same arguments write the same file.
    """
    rng = random.Random(seed)
    out = Path(path)
    per_day = max(1, rows / days)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        for i in range(rows):
            buf.append(gdelt_row(first_id + i, start + dt.timedelta(days=int(i / per_day)), rng))
            if len(buf) >= 10_000:
                f.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            f.write("\n".join(buf) + "\n")
    return out
