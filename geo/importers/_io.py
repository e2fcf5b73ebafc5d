"""Reading import files: check the path, open zips, decode honestly, stream rows.

Every importer streams: rows are read one at a time from the file (or the zip member),
so a file of millions of rows costs the memory of one row plus the events made so far.

Decoding is per line: a line that is valid UTF-8 is UTF-8 (the BOM of a first line is
dropped), any other line is Windows-1252, the encoding of spreadsheets saved on Windows
and of the CNS database export (its ``\\xa0`` and ``\\xb0`` bytes are no-break space and
degree sign there). The five bytes Windows-1252 leaves undefined fall back to Latin-1,
so no byte is ever lost or replaced. Deciding per line rather than per file lets a
file be streamed without a first pass, and a byte sequence that is valid UTF-8 but was
meant as Windows-1252 (``Ã©``) is vanishingly rare in real text.
"""

from __future__ import annotations

import csv
import sys
import zipfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

from geo.errors import InvalidInput

# A CSV cell may hold a long narrative (CNS "Additional Information"); the csv module's
# default limit of 128 KiB is raised so one long cell is read, not rejected.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_DATA_SUFFIXES = (".csv", ".tsv", ".txt")


def check_path(path: str | Path) -> Path:
    """The path as a :class:`Path`, or :class:`InvalidInput` naming why it cannot be read.

    Parameters
    ----------
    path : str or Path
        The file the user gave.

    Raises
    ------
    InvalidInput
        When the file does not exist, is a folder or is empty.
    """
    p = Path(path)
    if not p.exists():
        raise InvalidInput(f"file {str(p)!r} does not exist")
    if p.is_dir():
        raise InvalidInput(f"{str(p)!r} is a folder, not a file")
    if p.stat().st_size == 0:
        raise InvalidInput(f"file {str(p)!r} is empty")
    return p


def decode_line(raw: bytes) -> str:
    """One line of bytes as text: UTF-8 when valid, else Windows-1252, else Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        return raw.decode("latin-1")


def decode_lines(stream: Iterable[bytes]) -> Iterator[str]:
    """Decode a binary stream line by line (see the module docstring); drops a UTF-8 BOM."""
    first = True
    for raw in stream:
        if first:
            first = False
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            elif b"\x00" in raw[:4]:
                raise InvalidInput("the file looks like UTF-16 or binary (NUL bytes in its first line); "
                                   "save it as UTF-8 or Windows-1252 CSV")
        yield decode_line(raw)


def _members(zf: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(_DATA_SUFFIXES)]
    if not members:
        names = ", ".join(i.filename for i in zf.infolist()[:5]) or "nothing"
        raise InvalidInput(f"zip file {path.name!r} holds no .csv, .tsv or .txt file (it holds {names})")
    return members


def open_text(path: str | Path) -> Iterator[tuple[str | None, Iterator[str]]]:
    """The decoded lines of a file, or of each data file in a zip.

    Parameters
    ----------
    path : str or Path
        A text file, or a ``.zip`` holding one or more ``.csv``/``.tsv``/``.txt`` files.

    Yields
    ------
    (member, lines)
        ``member`` is the zip member's name (None for a plain file); ``lines`` its lines,
        newline included, decoded as the module docstring says. Read ``lines`` before
        taking the next pair: the previous member is closed then.

    Raises
    ------
    InvalidInput
        When the file is missing, empty, a damaged zip or a zip with no data file.
    """
    p = check_path(path)
    if zipfile.is_zipfile(p):
        try:
            zf = zipfile.ZipFile(p)
        except zipfile.BadZipFile as exc:
            raise InvalidInput(f"zip file {p.name!r} is damaged: {exc}") from None
        with zf:
            for info in _members(zf, p):
                with zf.open(info) as fh:
                    yield info.filename, _guarded(decode_lines(fh), p.name)
        return
    if p.suffix.lower() == ".zip":
        raise InvalidInput(f"file {p.name!r} is named .zip but is not a zip archive")
    with open(p, "rb") as fh:
        yield None, decode_lines(fh)


def _guarded(lines: Iterator[str], name: str) -> Iterator[str]:
    """Turn a damaged zip member (CRC error, truncated) into :class:`InvalidInput`."""
    try:
        yield from lines
    except (zipfile.BadZipFile, EOFError) as exc:
        raise InvalidInput(f"zip file {name!r} is damaged: {exc}") from None


def csv_records(lines: Iterable[str], *, delimiter: str = ",") -> Iterator[tuple[int, list[str] | None, str | None]]:
    """The records of CSV text, numbered from 1 (a header is record 1).

    A record may span several lines (a quoted cell with newlines); numbers count records,
    as a spreadsheet numbers rows.

    Yields
    ------
    (row, cells, error)
        ``cells`` is None and ``error`` the reason when the csv module cannot read the
        record; reading goes on with the next one.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    row = 0
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield row, None, f"not readable as CSV ({exc})"
            continue
        yield row, cells, None



def header_records(path: str | Path, check_header: Callable[[list[str]], None], *,
                   key: Callable[[str], str] = str.strip, delimiter: str = ","
                   ) -> Iterator[tuple[int, dict[str, str] | None, str | None]]:
    """The records of a CSV file with a header row, as dicts keyed by ``key(column name)``.

    Parameters
    ----------
    path : str or Path
        The file, or a zip of such files (each with its own header).
    check_header : callable
        Called with the keyed header; raises :class:`InvalidInput` naming what is missing.
    key : callable
        Normalises column names (``str.lower`` for case-insensitive formats).

    Yields
    ------
    (row, cells, error)
        ``row`` numbered with the header as row 1; ``cells`` None and ``error`` the reason
        for a record that cannot be read or whose number of cells differs from the header's.
        Blank records are skipped.
    """
    name = Path(path).name
    for member, lines in open_text(path):
        where = f"{name}: {member}" if member else name
        header: list[str] | None = None
        for n, cells, error in csv_records(lines, delimiter=delimiter):
            if header is None:
                if cells is None:
                    raise InvalidInput(f"{where}: the header row cannot be read as CSV ({error})")
                header = [key(c) for c in cells]
                try:
                    check_header(header)
                except InvalidInput as exc:
                    raise InvalidInput(f"{where}: {exc}") from None
                continue
            if cells is None:
                yield n, None, error
            elif not any(c.strip() for c in cells):
                continue  # blank lines (exports often end with some)
            elif len(cells) != len(header):
                yield n, None, f"has {len(cells)} columns, the header has {len(header)}"
            else:
                yield n, dict(zip(header, cells)), None
        if header is None:
            raise InvalidInput(f"{where} has no rows, not even a header")


def table_rows(path: str | Path, check_header: Callable[[list[str]], None],
               event_from_row: Callable[[dict[str, str], int, str], object], *,
               key: Callable[[str], str] = str.strip) -> Iterator[object]:
    """An event or a :class:`geo.importers.BadRow` per record of a CSV table with a header row.

    ``event_from_row(row, n, source)`` makes the event and raises
    :class:`geo.importers._fields.RowError` for a bad row, which becomes a ``BadRow``.
    """
    from geo.importers import BadRow  # the package imports this module's users
    from geo.importers._fields import RowError

    source = Path(path).name
    for n, row, error in header_records(path, check_header, key=key):
        if row is None:
            yield BadRow(n, error or "unreadable")
            continue
        try:
            yield event_from_row(row, n, source)
        except RowError as exc:
            yield BadRow(n, str(exc))
