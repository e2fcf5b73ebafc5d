"""Property-based tests (issue 16, item 3): the report readers on arbitrary bytes and text
return reports or raise a :class:`~geo.errors.GeoError` naming the problem; nothing else."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from geo.errors import GeoError, ReportError
from geo.reports import Report, read_reports, report_from_text, split_header
from geo.view.inputs import reports_from_upload

SUFFIXES = (".txt", ".md", ".html", ".json", ".xml", "")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Bytes that look like the files people upload: text in several encodings, markup, JSON, noise.
texts = st.text(max_size=400)
encoded = st.tuples(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                            "cp1252", "latin-1"])).map(
    lambda t: t[0].encode(t[1], errors="replace"))
headed = st.tuples(st.sampled_from(["date 2024-01-15\n", "Date: 15 January 2024 ", "date ", "Dates ", "Date palm ",
                                    "<p>date 2024-01-15 ", '{"date": "2024-01-15", "text": "', "\ufeff", ""]),
                   texts).map(lambda t: (t[0] + t[1]).encode("utf-8"))
raw_bytes = st.one_of(st.binary(max_size=600), encoded, headed)


def _check_reports(reports: list[Report]) -> None:
    for r in reports:
        assert isinstance(r.date, dt.date) and r.text.strip() and r.text == r.text.strip()
        assert r.encoding is None or isinstance(r.encoding, str)


@FUZZ
@given(raw=raw_bytes, suffix=st.sampled_from(SUFFIXES), date=st.sampled_from([None, "2024-01-15", dt.date(2020, 2, 29)]))
@example(raw=b"\xff\xfe\x00", suffix=".txt", date=None)
@example(raw=b"\x00\x00\xfe\xff\x00", suffix=".txt", date=None)
@example(raw=b"a\x00b\x00", suffix=".json", date=None)
def test_read_reports_returns_reports_or_a_report_error(raw, suffix, date):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(raw)
        try:
            reports = read_reports(path, date)
        except ReportError as exc:
            assert "fuzz" in str(exc) or "date" in str(exc)
            return
        _check_reports(reports)


@FUZZ
@given(name=st.text(max_size=80), raw=raw_bytes)
def test_uploads_with_any_name_return_reports_or_a_report_error(name, raw):
    try:
        reports = reports_from_upload(name + ".txt", raw, dt.date(2024, 1, 15))
    except ReportError:
        return
    _check_reports(reports)
    assert all("/" not in r.source and "\\" not in r.source for r in reports)


@FUZZ
@given(text=st.text(max_size=500), date=st.sampled_from([None, "2024-01-15"]))
@example(text="Date: 31 February 2024 x", date=None)
@example(text="date\n2024-01-15", date=None)
def test_report_from_text_returns_a_report_or_a_report_error(text, date):
    try:
        _check_reports([report_from_text(text, date=date)])
    except ReportError:
        pass


@FUZZ
@given(text=st.text(max_size=300))
def test_split_header_keeps_the_text_when_there_is_no_header(text):
    try:
        date, body = split_header(text, required=False)
    except ReportError:
        return
    if date is None:
        assert body == text
    else:
        assert text.endswith(body) and len(body) < len(text)


@FUZZ
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), body=st.text(min_size=1, max_size=80),
       form=st.sampled_from(["date {iso}\n", "Date: {d} {B} {Y}\n", "DATE {B} {d}, {Y} ", "date: {d} {b} {Y}\n"]))
def test_any_real_date_in_a_header_form_is_read_back(day, body, form):
    body = body.strip() or "x"
    head = form.format(iso=day.isoformat(), d=day.day, B=day.strftime("%B"), b=day.strftime("%b"),
                       Y=f"{day.year:04d}")
    date, rest = split_header(head + body)
    assert date == day and rest.strip() == body.strip()


def test_geo_error_is_the_only_root():
    assert issubclass(ReportError, GeoError)
