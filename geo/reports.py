"""Reading reports: files and pasted text -> :class:`Report` (source, date, text).

Accepted inputs
---------------
- Report files as in ``seeds/``: optional white space, a ``date YYYY-MM-DD`` header,
  then the text, which may start on the same line (read leniently: ``Date:``,
  any case, any white space).
- Plain ``.txt``/``.md`` without a header, when the date is given separately.
- HTML: the page's main text (its ``<article>`` or ``<main>`` when it has one, else
  all visible text; scripts, styles, navigation and markup dropped); the date from a
  ``date`` header in the text, else the page's publication date (``<meta
  property="article:published_time">``, ``<time datetime>``), else the ``date`` argument.
- JSON: ``{"date", "title", "text", "url"}`` (one object or a list of them).

All text is untrusted. Nothing here interprets it beyond finding the date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import ReportError

# A news report is kilobytes; refuse what cannot be one. The dashboard's uploader enforces the
# same limit: ``server.maxUploadSize`` in .streamlit/config.toml is MAX_REPORT_MB, and
# Streamlit counts its megabytes as 1024 * 1024 bytes (tests/test_worker.py checks they agree).
MAX_REPORT_MB = 5
MAX_REPORT_BYTES = MAX_REPORT_MB * 1024 * 1024

_HEADER = re.compile(r"\A\s*date\s*:?\s*(\S+)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Report:
    """One report: where it came from, its publication date and its text.

    Character offsets elsewhere in the library refer to ``text``.
    """

    source: str
    date: dt.date
    text: str
    title: str | None = None
    url: str | None = None


def parse_date(value: str, what: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD``; raise :class:`ReportError` naming the bad value."""
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ReportError(f"{what} {value!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReportError(f"{what} {value!r} is not a real calendar date") from None


def split_header(text: str) -> tuple[dt.date | None, str]:
    """Split a leading ``date YYYY-MM-DD`` header from the text.

    Returns
    -------
    (date or None, body)
        ``None`` when the text has no header; the body with the header removed.
    """
    m = _HEADER.match(text)
    if not m:
        return None, text
    return parse_date(m.group(1), "date header"), text[m.end():].lstrip(" \t")


def report_from_text(text: str, source: str = "pasted text", date: dt.date | str | None = None) -> Report:
    """Build a report from text that may start with a ``date`` header.

    Parameters
    ----------
    text : str
        The report; a header date wins over ``date``.
    source : str
        A name for where the text came from (file name, URL, "pasted text").
    date : date or str, optional
        The publication date when the text has no header.
    """
    if not text or not text.strip():
        raise ReportError(f"{source} is empty")
    header_date, body = split_header(text)
    if isinstance(date, str):
        date = parse_date(date)
    report_date = header_date or date
    if report_date is None:
        raise ReportError(f"{source} has no 'date YYYY-MM-DD' line and no date was given")
    if not body.strip():
        raise ReportError(f"{source} has a date but no text")
    return Report(source=source, date=report_date, text=body.strip())


class _TextOfHTML(HTMLParser):
    """Collects visible text; drops script/style/nav/header/footer content.

    Text inside ``<article>`` or ``<main>`` is also collected apart: when a page has
    one, that is its main text (menus, teasers and related links stay out).
    """

    _SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "blockquote"}
    _MAIN = {"article", "main"}
    _DATE_META = {"article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.main_parts: list[str] = []
        self.title: list[str] = []
        self.dates: list[str] = []  # publication dates from <meta> and <time datetime>, in page order
        self._skip = 0
        self._main = 0
        self._in_title = False

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        if self._main:
            self.main_parts.append(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key in self._DATE_META and attrs.get("content"):
                self.dates.append(attrs["content"])
        elif tag == "time" and attrs.get("datetime"):
            self.dates.append(attrs["datetime"])
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCK:
            self._emit("\n\n")
        if tag in self._MAIN:
            self._main += 1

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCK:
            self._emit("\n\n")
        if tag in self._MAIN and self._main:
            self._main -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self._emit(data)


def _paragraphs(text: str) -> str:
    paragraphs = [re.sub(r"[ \t\r\f\v\n]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _parse_html(markup: str) -> _TextOfHTML:
    parser = _TextOfHTML()
    parser.feed(markup)
    parser.close()
    return parser


def _title_and_text(parser: _TextOfHTML) -> tuple[str | None, str]:
    """``(title, text)`` of a parsed page: its ``<article>``/``<main>`` when it has one, else all visible text."""
    main = _paragraphs("".join(parser.main_parts))
    text = main or _paragraphs("".join(parser.parts))
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return title, text


def _published(parser: _TextOfHTML) -> dt.date | None:
    """The publication date a parsed page declares (``article:published_time``, ``<time datetime>``...), if any."""
    for value in parser.dates:
        m = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
        if m:
            try:
                return dt.date.fromisoformat(m.group(1))
            except ValueError:
                continue
    return None


def _decode(raw: bytes, source: str) -> str:
    if not raw.strip():
        raise ReportError(f"{source} is empty")
    if b"\x00" in raw[:8192]:
        raise ReportError(f"{source} is a binary file, not a text report")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(f"{source} is not UTF-8 text (bad byte at position {exc.start})") from None


def _reports_from_json(text: str, source: str, date: dt.date | str | None) -> list[Report]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{source} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    items = data if isinstance(data, list) else [data]
    reports = []
    for i, item in enumerate(items):
        where = source if len(items) == 1 else f"{source}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ReportError(f"{where} needs an object with a 'text' string")
        item_date = item.get("date") or date
        base = report_from_text(item["text"], where, item_date if item_date else None)
        reports.append(replace(base, title=item.get("title"), url=item.get("url")))
    return reports


def read_reports(path: str | Path, date: dt.date | str | None = None) -> list[Report]:
    """Read one file as reports (a JSON file may hold several).

    Parameters
    ----------
    path : str or Path
        ``.txt``, ``.md``, ``.html``/``.htm`` or ``.json``; other endings are read as text.
    date : date or str, optional
        Publication date for files without a ``date`` header.

    Raises
    ------
    ReportError
        The file is missing, empty, binary, too large, or has no date.
    """
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise ReportError(f"{path} does not exist or is not a file")
    if path.stat().st_size > MAX_REPORT_BYTES:
        raise ReportError(f"{source} is larger than {MAX_REPORT_MB} MB; not a report")
    text = _decode(path.read_bytes(), source)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _reports_from_json(text, source, date)
    if suffix in (".html", ".htm"):
        page = _parse_html(text)  # parsed once for both the text and the publication date
        title, body = _title_and_text(page)
        # a date header in the text wins, then the page's own publication date, then the one given
        base = report_from_text(body, source, _published(page) or date)
        return [replace(base, title=title)]
    return [report_from_text(text, source, date)]


def read_report(path: str | Path, date: dt.date | str | None = None) -> Report:
    """Read a file holding exactly one report; see :func:`read_reports`."""
    reports = read_reports(path, date)
    if len(reports) != 1:
        raise ReportError(f"{Path(path).name} holds {len(reports)} reports, expected one")
    return reports[0]
