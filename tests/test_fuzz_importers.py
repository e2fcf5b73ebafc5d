"""Property-based tests (issue 16, item 3): every importer on arbitrary CSV text returns an
:class:`~geo.importers.ImportResult` (bad rows named) or raises a :class:`~geo.errors.GeoError`."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from geo.errors import GeoError
from geo.importers import BadRow, ImportResult
from geo.importers.acled import REQUIRED as ACLED_COLUMNS, read_acled
from geo.importers.cns import REQUIRED as CNS_COLUMNS, read_cns
from geo.importers.csvmap import read_csv
from geo.importers.gdelt import COLUMNS_V2, read_gdelt

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells people and programs write: numbers in and out of range, dates good and bad, names,
# empty cells, quotes, separators, markup and control characters.
cell = st.one_of(
    st.text(max_size=20),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**12, 10**12).map(str),
    st.sampled_from(["", "2024-01-15", "2023-02-29", "0000-00-00", "9-Apr-84", "15 March 2020", "Sep-84", "1e308",
                     "-91", "181", "NaN", "inf", "570 km", "Pyongyang", "North Korea", "the sea", "\"", ";", "\x00",
                     "<script>window.__xss=1</script>", "=cmd|'/C calc'!A0"]),
)


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def rows_for(columns, extra=0):
    width = len(columns) + extra
    return st.lists(st.lists(cell, min_size=max(0, width - 2), max_size=width + 2), max_size=8)


def _run(read, text: str | bytes, name: str = "fuzz.csv", *args) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", errors="surrogatepass"))
        try:
            result = read(path, *args)
        except GeoError:
            return
        assert isinstance(result, ImportResult)
        for bad in result.bad_rows:
            assert isinstance(bad, BadRow) and bad.row >= 1 and bad.reason
        for event in result.events:
            for place in event.places:
                if place.lat is not None:
                    assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


@FUZZ
@given(rows=rows_for(CNS_COLUMNS), header=st.permutations(list(CNS_COLUMNS) + ["Landing Location", "Apogee"]))
def test_cns_importer(rows, header):
    _run(read_cns, _csv_text(header, rows))


@FUZZ
@given(rows=rows_for(ACLED_COLUMNS, 3), header=st.permutations(list(ACLED_COLUMNS) + ["actor1", "notes", "time_precision"]))
def test_acled_importer(rows, header):
    _run(read_acled, _csv_text(header, rows))


@FUZZ
@given(rows=st.lists(st.lists(cell, min_size=len(COLUMNS_V2) - 4, max_size=len(COLUMNS_V2) + 1), max_size=5))
def test_gdelt_importer(rows):
    text = "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in rows)
    _run(read_gdelt, text or "x", "fuzz.export.CSV")


MAPPING = {"date": "Date", "lat": "Lat", "lon": "Lon", "place": "Place", "actor": "Actor", "text": "Note",
           "range_km": "Range", "type": "Kind"}


@FUZZ
@given(rows=rows_for(MAPPING), header=st.permutations(list(MAPPING.values())))
def test_csv_importer(rows, header):
    _run(read_csv, _csv_text(header, rows), "fuzz.csv", MAPPING)


@FUZZ
@given(text=st.text(max_size=600))
def test_any_text_as_a_csv_file(text):
    for read, args in ((read_cns, ()), (read_acled, ()), (read_csv, (MAPPING,))):
        _run(read, text, "fuzz.csv", *args)
    _run(read_gdelt, text, "fuzz.export.CSV")


@FUZZ
@given(raw=st.binary(max_size=600))
def test_any_bytes_as_a_csv_file(raw):
    _run(read_csv, raw, "fuzz.csv", MAPPING)
    _run(read_gdelt, raw, "fuzz.export.CSV")
