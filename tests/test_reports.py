"""Reading report files: the seed's lenient header and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geo.errors import ReportError
from geo.reports import read_report, read_reports, report_from_text


def test_seed_header_on_same_line(seed_path):
    r = read_report(seed_path)
    assert r.date == dt.date(2023, 12, 18)
    assert r.text.startswith("In a clear act of defiance")
    assert "date" not in r.text[:10]


@pytest.mark.parametrize("head", ["date 2024-01-02\nBody.", "  Date: 2024-01-02 Body.", "DATE 2024-01-02\r\nBody."])
def test_header_variants(head):
    r = report_from_text(head)
    assert r.date == dt.date(2024, 1, 2) and r.text == "Body."


def test_date_given_separately(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("Missiles were fired.", encoding="utf-8")
    assert read_report(p, date="2020-05-01").date == dt.date(2020, 5, 1)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"No header here.", "no 'date YYYY-MM-DD' line"),
        (b"date 2023-13-45 text", "not a real calendar date"),
        (b"date yesterday text", "not a date in the form"),
        (b"\xff\xfe\xfa bad", "looks like UTF-16 LE text but is not valid"),  # a UTF-16 BOM, then an odd byte count
    ],
)
def test_bad_files_name_the_problem(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ReportError, match=message) as info:
        read_report(p)
    assert "bad.txt" in str(info.value) or "date" in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        read_report(tmp_path / "nope.txt")


def test_html_drops_markup_and_scripts(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>T &amp; U</title><script>alert(1)</script></head>"
        "<body><nav>menu</nav><p>date 2022-03-04 First <b>para</b>.</p><p>Second.</p></body></html>",
        encoding="utf-8",
    )
    r = read_report(p)
    assert r.title == "T & U"
    assert r.date == dt.date(2022, 3, 4)
    assert r.text == "First para.\n\nSecond."


def test_json_list(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(json.dumps([{"date": "2021-01-01", "text": "A.", "url": "u"}, {"date": "2021-01-02", "text": "B."}]))
    rs = read_reports(p)
    assert [r.date.day for r in rs] == [1, 2] and rs[0].url == "u" and rs[1].source == "a.json[1]"


def test_json_without_text(tmp_path):
    p = tmp_path / "a.json"
    p.write_text('{"date": "2021-01-01"}')
    with pytest.raises(ReportError, match="'text' string"):
        read_reports(p)


def test_html_main_text_and_published_date(tmp_path):
    p = tmp_path / "news.html"
    p.write_text(
        '<html><head><meta property="article:published_time" content="2023-12-18T09:00:00+09:00">'
        "<title>Launch</title></head><body><div>Most read: Ten recipes</div>"
        "<article><h1>North Korea fires missile</h1><p>North Korea fired a missile on Sunday.</p></article>"
        "<div>Related: North Korea fired 3 missiles in May</div></body></html>",
        encoding="utf-8",
    )
    r = read_report(p)
    assert r.date == dt.date(2023, 12, 18)
    assert r.text == "North Korea fires missile\n\nNorth Korea fired a missile on Sunday."


def test_html_time_tag_and_header_precedence(tmp_path):
    p = tmp_path / "a.html"
    p.write_text('<p><time datetime="2022-11-18">Nov 18</time></p><p>Missiles were fired.</p>', encoding="utf-8")
    assert read_report(p, date="2020-01-01").date == dt.date(2022, 11, 18)
    q = tmp_path / "b.html"
    q.write_text('<meta name="date" content="2022-11-18"><p>date 2022-11-19 Missiles were fired.</p>', encoding="utf-8")
    assert read_report(q).date == dt.date(2022, 11, 19)
