"""Bad input to the report readers (issue 16, item 3): every file gets a report or one clear
message naming the file and the problem, never a traceback, and nothing else breaks.

Encodings: UTF-16/32 with a byte order mark, UTF-16 without one (NUL bytes in alternate
positions), UTF-8 with a BOM, and Windows-1252/Latin-1 for bytes that are not UTF-8 are read,
and the report says which encoding was assumed. Date headers: a leading ``date`` word is a
header only when a date follows it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random

import pytest

from geo.errors import GeoError, ReportError
from geo.reports import (MAX_REPORT_BYTES, MAX_REPORT_MB, Report, encoding_note, read_report, read_reports,
                         report_from_text, split_header)
from geo.view.inputs import reports_from_upload

TEXT = "date 2024-01-15\nNorth Korea's café-style talks in Pyongyang: “570 km” — naïve façade, 5 €.\n"
BODY = TEXT.split("\n", 1)[1].strip()


# -- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), None),
        (TEXT.encode("utf-8-sig"), None),  # UTF-8 with a BOM is UTF-8: nothing to tell
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16 LE"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16 BE"),
        (TEXT.encode("utf-16-le"), "UTF-16 LE without byte order mark"),
        (TEXT.encode("utf-16-be"), "UTF-16 BE without byte order mark"),
        (TEXT.encode("utf-32"), "UTF-32 LE"),
        (TEXT.encode("utf-32-be").join([b"\x00\x00\xfe\xff", b""]), "UTF-32 BE"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf32le-bom", "utf32be-bom",
         "cp1252"],
)
def test_encodings_are_detected_and_named(tmp_path, raw, encoding):
    p = tmp_path / "report.txt"
    p.write_bytes(raw)
    r = read_report(p)
    assert r.date == dt.date(2024, 1, 15)
    assert r.text == BODY
    assert r.encoding == encoding
    assert encoding_note(r) == (f"read as {encoding}" if encoding else None)


def test_latin1_is_read_as_windows_1252_with_the_same_letters(tmp_path):
    text = "date 2024-01-15\nCafé à Pyongyang, 15 km² de façade; «talks» ±5 km."
    p = tmp_path / "latin1.md"
    p.write_bytes(text.encode("latin-1"))
    r = read_report(p)
    assert r.text == text.split("\n", 1)[1] and r.encoding == "Windows-1252"


def test_bytes_windows_1252_leaves_undefined_fall_back_to_latin1(tmp_path):
    # 0x81 is undefined in Windows-1252; Latin-1 reads every byte
    p = tmp_path / "odd.txt"
    p.write_bytes(b"date 2024-01-15\nTalks in M\x81nchen and S\xe3o Paulo.")
    r = read_report(p)
    assert r.encoding == "Latin-1" and "São Paulo" in r.text


def test_utf16_html_and_json_are_read_too(tmp_path):
    page = "<html><head><title>Talks</title></head><body><p>date 2024-01-15 Talks in Genève.</p></body></html>"
    (tmp_path / "a.html").write_bytes(page.encode("utf-16"))
    [r] = read_reports(tmp_path / "a.html")
    assert r.title == "Talks" and r.text == "Talks in Genève." and r.encoding == "UTF-16 LE"
    doc = json.dumps([{"date": "2024-01-15", "text": "Talks in Genève."}, {"date": "2024-01-16", "text": "More."}],
                     ensure_ascii=False)
    (tmp_path / "a.json").write_bytes(doc.encode("cp1252"))
    rs = read_reports(tmp_path / "a.json")
    assert [r.encoding for r in rs] == ["Windows-1252", "Windows-1252"] and rs[0].text == "Talks in Genève."


def test_uploads_say_which_encoding_was_assumed():
    [r] = reports_from_upload("report.txt", TEXT.encode("utf-16"))
    assert r.encoding == "UTF-16 LE" and r.text == BODY


def test_report_keeps_its_old_constructor():
    r = Report("s", dt.date(2024, 1, 1), "t", "title", "url")
    assert r.encoding is None


# -- files that are not reports ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "is empty"),
        (b" \n\t\r\n ", "is empty"),
        ("   \n  ".encode("utf-16"), "is empty"),
        (b"\xef\xbb\xbf  \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "is a binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00\x00stream", "is a binary file"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "is a binary file"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "is a binary file"),
        (bytes(range(1, 32)) * 10, "is a binary file"),  # control bytes, no NUL
        (b"date 2024-01-15\n" + random.Random(1).randbytes(4000), "is a binary file"),
        (b"\xff\xfe" + b"d\x00a\x00t", "looks like UTF-16 LE text but is not valid"),  # odd byte count
        (b"\xff\xfe" + b"\x00\xd8a\x00", "looks like UTF-16 LE text but is not valid"),  # lone surrogate
        (b"No header here.", "no 'date YYYY-MM-DD' line"),
    ],
    ids=["empty", "blank", "blank-utf16", "blank-utf8-bom", "png", "pdf", "zip", "elf", "controls", "random",
         "utf16-odd", "utf16-surrogate", "no-date"],
)
def test_bad_files_get_one_clear_message(tmp_path, raw, words):
    p = tmp_path / "bad.txt"
    p.write_bytes(raw)
    with pytest.raises(ReportError) as info:
        read_reports(p)
    assert words in str(info.value)
    assert "bad.txt" in str(info.value)


def test_random_bytes_never_crash(tmp_path):
    rng = random.Random(16)
    p = tmp_path / "noise.txt"
    for _ in range(300):
        p.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 600))))
        try:
            read_reports(p, date="2024-01-01")
        except ReportError:
            pass


def test_files_over_the_limit_are_refused_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.write(b"date 2024-01-15\n")
        f.truncate(MAX_REPORT_BYTES + 1)
    with pytest.raises(ReportError, match=rf"big.txt is larger than {MAX_REPORT_MB} MB"):
        read_reports(p)
    with pytest.raises(ReportError, match="big.txt is larger than"):
        reports_from_upload("big.txt", b"x" * (MAX_REPORT_BYTES + 1))


def test_a_file_just_under_the_limit_is_read(tmp_path):
    p = tmp_path / "large.txt"
    line = b"Talks were held in Geneva. "
    p.write_bytes(b"date 2024-01-15\n" + line * ((MAX_REPORT_BYTES - 100) // len(line)))
    assert read_report(p).text.startswith("Talks were held")


def test_ten_megabytes_of_pasted_text_is_one_report():
    text = "date 2024-01-15\n" + ("North Korea fired a missile. " * 360_000)
    assert len(text) > 10_000_000
    r = report_from_text(text)
    assert r.date == dt.date(2024, 1, 15) and len(r.text) > 10_000_000 - 100


def test_ten_megabytes_on_one_line_after_date():
    text = "Date " + "palm " * 2_000_000
    with pytest.raises(ReportError, match="'palm palm palm' is not a date"):
        report_from_text(text)
    assert report_from_text(text, date="2024-01-01").text.startswith("Date palm")


@pytest.mark.parametrize(
    ("name", "raw", "words"),
    [
        ("a.json", b"{not json", "not valid JSON"),
        ("a.json", b'{"date": "2024-01-15", "text": "a"', "not valid JSON"),
        ("a.json", b"[1, 2]", "needs an object with a 'text' string"),
        ("a.json", b'{"date": "2024-01-15", "text": 5}', "needs an object with a 'text' string"),
        ("a.json", b'{"date": "15/01/2024", "text": "a"}', "'15/01/2024' is not a date in the form"),
        ("a.json", b'"just a string"', "needs an object"),
        ("a.json", b"[]", "holds 0 reports"),
        ("a.html", b"<html><body><script>x</script></body></html>", "is empty"),
        ("a.html", b"<html><p>date 2024-99-99 x</p>", "not a real calendar date"),
        ("a.xml", b"<?xml version='1.0'?><report><date>2024-01-15</date><text>x</text>", "no 'date YYYY-MM-DD' line"),
        ("a.txt", b"date 0000-01-01\nText.", "not a real calendar date"),
        ("a.txt", b"date 2024-02-30\nText.", "not a real calendar date"),
        ("a.txt", b"date 10000-01-01\nText.", "'10000-01-01' is not a date in the form"),
        ("a.txt", b"date: 32 January 2024\nText.", "'32 January 2024' is not a real calendar date"),
    ],
)
def test_malformed_files_name_the_problem(tmp_path, name, raw, words):
    p = tmp_path / name
    p.write_bytes(raw)
    with pytest.raises(ReportError) as info:
        read_report(p)
    assert words in str(info.value)


def test_malformed_html_is_read_as_far_as_it_goes(tmp_path):
    p = tmp_path / "broken.html"
    p.write_bytes(b"<html><body><p>date 2024-01-15 Talks in <b>Geneva<p>More <i>text</div></span>&#xZZ; &bogus;")
    r = read_report(p)
    assert r.date == dt.date(2024, 1, 15) and r.text.startswith("Talks in Geneva")


def test_extreme_dates_in_range_are_read():
    assert report_from_text("date 0001-01-01 x").date == dt.date(1, 1, 1)
    assert report_from_text("date 9999-12-31 x").date == dt.date(9999, 12, 31)


# -- date headers ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "date", "body"),
    [
        ("date 2024-01-15\nTalks.", dt.date(2024, 1, 15), "Talks."),
        (" date 2024-01-15 Talks.", dt.date(2024, 1, 15), "Talks."),
        ("Date: 15 January 2024\nTalks.", dt.date(2024, 1, 15), "Talks."),
        ("DATE: 15 Jan 2024 Talks.", dt.date(2024, 1, 15), "Talks."),
        ("Date: January 15, 2024\r\nTalks.", dt.date(2024, 1, 15), "Talks."),
        ("date Sept. 3rd, 2024\nTalks.", dt.date(2024, 9, 3), "Talks."),
        ("date 2024-01-15T09:30:00Z\nTalks.", dt.date(2024, 1, 15), "Talks."),
        ("date 2024-1-5\nTalks.", dt.date(2024, 1, 5), "Talks."),
    ],
)
def test_headers_in_common_forms(text, date, body):
    assert split_header(text) == (date, body)
    r = report_from_text(text, date="2000-01-01")  # a header date wins over the one given
    assert r.date == date and r.text == body


@pytest.mark.parametrize(
    "text",
    [
        "Dates for the next round of talks were set in Geneva.",
        "Date palm exports from Iraq rose as missiles were fired.",
        "Dated documents show the launch site.",
        "Date-stamped photos show the launch.",
        "Datelines from Seoul say the missile flew 570 km.",
    ],
)
def test_a_first_word_like_date_is_text_when_a_date_is_given(text):
    r = report_from_text(text, date="2024-01-15")
    assert r.date == dt.date(2024, 1, 15) and r.text == text


def test_date_words_without_a_date_get_the_message_naming_the_value():
    with pytest.raises(ReportError, match="no 'date YYYY-MM-DD' line and no date was given"):
        report_from_text("Dates for the next round of talks were set.")
    with pytest.raises(ReportError, match=r"date header 'palm exports from' is not a date in the form YYYY-MM-DD"):
        report_from_text("Date palm exports from Iraq rose.")


def test_shaped_like_a_date_but_impossible_is_an_error_even_with_a_date_given():
    with pytest.raises(ReportError, match="'2023-02-29' is not a real calendar date"):
        report_from_text("date 2023-02-29 Talks.", date="2024-01-15")


def test_uploaded_date_palm_report_with_a_date_is_read():
    [r] = reports_from_upload("palms.txt", "Date palm exports rose.".encode("cp1252"), dt.date(2024, 1, 15))
    assert r.text == "Date palm exports rose." and r.date == dt.date(2024, 1, 15)


def test_every_bad_input_error_is_a_geo_error(tmp_path):
    assert issubclass(ReportError, GeoError)
    p = tmp_path / "x.txt"
    p.write_bytes(os.urandom(64) + b"\x00")
    with pytest.raises(GeoError):
        read_reports(p)
