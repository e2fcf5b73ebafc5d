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

from geo.errors import InvalidInput, ReportError

# A news report is kilobytes; refuse what cannot be one. The dashboard's uploader enforces the
# same limit: ``server.maxUploadSize`` in .streamlit/config.toml is MAX_REPORT_MB, and
# Streamlit counts its megabytes as 1024 * 1024 bytes (tests/test_worker.py checks they agree).
MAX_REPORT_MB = 5
MAX_REPORT_BYTES = MAX_REPORT_MB * 1024 * 1024

# A header is the word "date" (not "Dates", not "dated"), an optional colon, then a value on
# the same line; it is only a header when that value parses as a date (:func:`_header_date`).
_HEADER = re.compile(r"\A\s*date(?![\w-])[ \t]*:?[ \t]*(?P<value>[^\r\n]*)", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# The date forms a header may take, each anchored at the start of the value and ending at a
# word boundary: ISO (optionally with a time), "15 January 2024", "January 15, 2024".
_HEADER_FORMS = (
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w-])"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\w)", re.IGNORECASE),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\w)", re.IGNORECASE),
)
# After the date, the rest of the header line: spaces, then one line break (the text may
# also go on on the same line, as in the seed).
_HEADER_END = re.compile(r"[ \t]*(?:\r?\n)?")


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
    # The text encoding that was assumed when the file was not plain UTF-8 ("UTF-16 LE",
    # "Windows-1252"...); None for UTF-8 and for text that never was bytes.
    encoding: str | None = None


def parse_date(value: str, what: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD``; raise :class:`ReportError` naming the bad value."""
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        raise ReportError(f"{what} {value!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ReportError(f"{what} {value!r} is not a real calendar date") from None


def _header_date(value: str) -> tuple[dt.date, int] | None:
    """The date a header's value starts with and where it ends, or None when it starts with none.

    Raises
    ------
    ReportError
        The value has the shape of a date but is not a real one ("2023-13-45", "31 June 2024").
    """
    for form in _HEADER_FORMS:
        m = form.match(value)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()[:3]]
        try:
            return dt.date(int(groups["year"]), month, int(groups["day"])), m.end()
        except ValueError:
            raise ReportError(f"date header {m.group(0)!r} is not a real calendar date") from None
    return None


def _header_value(value: str) -> str:
    """What a header that is not a date says, for the message: its first words, shortened."""
    words = " ".join(value[:200].split()[:3])
    return words if len(words) <= 40 else words[:39] + "…"


def split_header(text: str, *, required: bool = True) -> tuple[dt.date | None, str]:
    """Split a leading ``date`` header from the text.

    A header is the word ``date`` (any case, optional colon) at the start of the text,
    followed on the same line by a date: ``2024-01-15``, ``15 January 2024``,
    ``January 15, 2024`` (month names in full or abbreviated). The text may go on on
    the same line. "Dates for the next round…" never is a header; "Date palm exports…"
    is not one either, because "palm" is not a date.

    Parameters
    ----------
    text : str
        The report text.
    required : bool
        True when no publication date is known otherwise: a leading ``date`` word whose
        value is not a date is then an error naming the value. False (a date was given):
        such a line is simply the first line of the text.

    Returns
    -------
    (date or None, body)
        ``None`` when the text has no header; the body with the header removed.

    Raises
    ------
    ReportError
        The value has the shape of a date but is not a real one (always), or it is not a
        date at all and ``required`` is true.
    """
    m = _HEADER.match(text)
    if not m:
        return None, text
    value = m.group("value")
    found = _header_date(value)
    if found is None:
        if not required or not value.strip():
            return None, text
        raise ReportError(f"date header {_header_value(value)!r} is not a date in the form YYYY-MM-DD "
                          "(or 15 January 2024, January 15, 2024)")
    date, end = found
    rest = text[m.start("value") + end:]
    rest = rest[_HEADER_END.match(rest).end():]
    return date, rest.lstrip(" \t")


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
    if isinstance(date, str):
        date = parse_date(date)
    header_date, body = split_header(text, required=date is None)
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


_SAMPLE = 8192  # bytes looked at to tell UTF-16 and binary files from text
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8 with BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
)
# Control characters no text report holds (tab, line feed, vertical tab, form feed and
# carriage return are white space; ESC and SUB turn up in old DOS files, so a few are let by).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def _utf16_without_bom(sample: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NUL bytes fall in alternate positions as in UTF-16
    text of mostly Latin script (each ASCII character is its byte and a NUL), else None."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0:pairs * 2:2]
    odd = sample[1:pairs * 2:2]
    both = sum(1 for a, b in zip(even, odd) if a == 0 and b == 0)
    nul_even, nul_odd = even.count(0), odd.count(0)
    if both:
        return None  # U+0000 is no character of a text: a binary file
    if nul_odd >= 0.3 * pairs and nul_even <= 0.02 * pairs:
        return "utf-16-le"
    if nul_even >= 0.3 * pairs and nul_odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _binary(text: str, source: str) -> None:
    """Raise when decoded text holds more control characters than a text file would."""
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    if "\x00" in sample or controls > max(2, _MAX_CONTROL_SHARE * len(sample)):
        raise ReportError(f"{source} is a binary file, not a text report")


def _decode(raw: bytes, source: str) -> tuple[str, str | None]:
    """The text of a file and the encoding assumed (None for plain UTF-8).

    UTF-8 (with or without a byte order mark), UTF-16 and UTF-32 with a byte order mark,
    UTF-16 without one (recognised by NUL bytes in alternate positions), and, for bytes
    that are not UTF-8, Windows-1252 (a superset of Latin-1's printable characters), or
    Latin-1 when the bytes use the five code points Windows-1252 leaves undefined.

    Raises
    ------
    ReportError
        Naming the file: empty, binary (NUL bytes not in a UTF-16 pattern, control
        characters), or declared UTF-16/32 by its byte order mark but not valid.
    """
    if not raw.strip():
        raise ReportError(f"{source} is empty")
    sample = raw[:_SAMPLE]
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            # UTF-8 with a BOM is still the UTF-8 we ask for: nothing worth telling the user
            return _decode_as(raw[len(bom):], codec, name, source), (None if codec == "utf-8" else name)
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec is None:
            raise ReportError(f"{source} is a binary file, not a text report")
        name = {"utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE"}[codec] + " without byte order mark"
        return _decode_as(raw, codec, name, source), name
    try:
        text = raw.decode("utf-8")
        encoding = None
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            text, encoding = raw.decode("latin-1"), "Latin-1"
    _binary(text, source)
    if not text.strip():
        raise ReportError(f"{source} is empty")
    return text, encoding


def _decode_as(data: bytes, codec: str, name: str, source: str) -> str:
    """``data`` decoded with ``codec``, checked for binary content and emptiness."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReportError(f"{source} looks like {name} text but is not valid {name} "
                          f"(bad bytes at position {exc.start}: {exc.reason})") from None
    _binary(text, source)
    if not text.strip():
        raise ReportError(f"{source} is empty")
    return text


def encoding_note(report: Report) -> str | None:
    """"read as Windows-1252" when the report's file was not plain UTF-8, else None."""
    return f"read as {report.encoding}" if report.encoding else None


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
    text, encoding = _decode(path.read_bytes(), source)
    return [replace(r, encoding=encoding) if encoding else r for r in _reports_of_text(text, path, source, date)]


def _reports_of_text(text: str, path: Path, source: str, date: dt.date | str | None) -> list[Report]:
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


REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json")


def report_files(paths: list[str]) -> list[Path]:
    """The report files named, folders searched recursively for :data:`REPORT_SUFFIXES` (sorted).

    Raises
    ------
    InvalidInput
        Naming a path that does not exist, or a folder that holds no reports.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                raise InvalidInput(f"folder {raw!r} holds no .txt, .md, .html or .json reports")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidInput(f"no file or folder {raw!r}")
    return out
