"""Uploads, pasted text and seed files -> reports (geo.view.inputs)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.errors import ReportError
from geo.view.inputs import report_from_paste, reports_from_upload, seed_files


def test_seed_files_lists_the_bundled_seed(seed_path):
    assert seed_path in seed_files()


def test_seed_files_of_missing_folder_is_empty(tmp_path):
    assert seed_files(tmp_path / "nope") == []


def test_upload_with_date_line_is_read():
    [report] = reports_from_upload("launch.txt", b"date 2024-01-14\nNorth Korea fired a missile.")
    assert report.date == dt.date(2024, 1, 14)
    assert report.source == "launch.txt"
    assert report.text == "North Korea fired a missile."


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("nodate.txt", b"North Korea fired a missile.", "no 'date"),
        ("bad.json", b"{not json", "not valid JSON"),
    ],
)
def test_bad_uploads_name_the_file_and_the_problem(name, data, words):
    with pytest.raises(ReportError) as info:
        reports_from_upload(name, data)
    assert name in str(info.value) and words in str(info.value)


def test_upload_name_cannot_escape_the_temp_folder():
    [report] = reports_from_upload("../../etc/passwd.txt", b"date 2024-01-14\ntext")
    assert report.source == "passwd.txt"


def test_upload_date_used_when_no_date_line():
    [report] = reports_from_upload("a.md", b"Talks in Washington.", dt.date(2024, 2, 1))
    assert report.date == dt.date(2024, 2, 1)


def test_paste_needs_a_date():
    with pytest.raises(ReportError, match="pasted text has no 'date"):
        report_from_paste("Talks in Washington.")
    assert report_from_paste("date 2024-03-01 Talks.").date == dt.date(2024, 3, 1)
