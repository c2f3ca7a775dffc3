"""Reading a spreadsheet export for `invoke import-members`: CSV as Excel, LibreOffice and
Google Sheets write it.

UTF-8 with or without a byte order mark, UTF-16 (Excel's "Unicode text"), or Windows-1252
(Excel's plain "CSV" on Windows); comma, semicolon or tab, found from the header line (or
from Excel's ``sep=;`` first line); Excel's quoting, with delimiters, quotes and line breaks
inside quoted cells. Rows are numbered as the spreadsheet shows them: one row per record,
whatever line breaks its cells hold, the header being row 1.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report

# Invisible characters that copying from web pages leaves in cells (zero-width space, byte
# order mark, soft hyphen); other invisible characters are reported by validation.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))


@dataclass(order=True)
class Finding:
    """A problem or remark about one cell, shown as FILE.csv:ROW:COLUMN: severity: ..."""

    row: int
    column: int  # 0-based; shown as its letter
    severity: str  # "error", "warning" or "note"
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class Sheet:
    path: Path
    name: str  # how the lines name the file
    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]  # row number as the spreadsheet shows it, cleaned cells
    delimiter: str
    encoding: str
    blank_rows: int = 0
    findings: list[Finding] = field(default_factory=list)  # about the file or unreadable rows

    @property
    def error_rows(self) -> int:
        return sum(1 for finding in self.findings if finding.is_error)


def read_sheet(path: Path, report: Report) -> Sheet | None:
    """The sheet's header (its first row that is not blank) and rows, cells cleaned of
    surrounding and repeated spaces. Problems with the whole file go to ``report``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.error(path, (1, 1), f"cannot read the spreadsheet: {exc.strerror}")
        return None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a workbook, not its export
        report.error(path, (1, 1), "this is an Excel or LibreOffice workbook, not CSV; save it "
                     "as CSV first (File > Save As > CSV UTF-8)")  # fmt: skip
        return None
    text, encoding = _decode(data)
    delimiter = sniff_delimiter(text)
    hint = re.match(r"sep=(.)\r?\n", text)  # Excel's own first line naming the delimiter
    if hint:
        delimiter, text = hint[1], text[hint.end() :]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.error(path, (1, 1), f"cannot read the spreadsheet as CSV: {exc}")
        return None
    records = [[clean(value) for value in record] for record in records]
    filled = [number for number, record in enumerate(records, start=1) if any(record)]
    if not filled:
        report.error(path, (1, 1), "the spreadsheet is empty")
        return None
    header_row = filled[0]
    header = records[header_row - 1]
    sheet = Sheet(path, report.relative(path), header, header_row, [], delimiter, encoding)
    if encoding == "Windows-1252":
        message = ("the file is not UTF-8 and was read as Windows-1252 (Excel's plain CSV): "
                   "check accented names, or save it as 'CSV UTF-8'")  # fmt: skip
        sheet.findings.append(Finding(1, 0, "warning", message))
    # A row longer than the others was split by a delimiter outside quotes. (Every row may
    # be longer than the header: spreadsheets export cells past the last header; those
    # columns have no name and are not imported.)
    usual = Counter(len(record) for record in records[header_row:] if any(record))
    longest = max(max(usual, key=usual.get, default=0), len(header))
    for number, record in enumerate(records[header_row:], start=header_row + 1):
        if not any(record):
            sheet.blank_rows += 1
        elif len(record) > longest:
            message = (f"the row has {len(record)} cells, the others {longest}: is a value "
                       f"with a '{delimiter}' in it not in quotes?")  # fmt: skip
            sheet.findings.append(Finding(number, 0, "error", message))
        else:
            sheet.rows.append((number, record + [""] * (len(header) - len(record))))
    return sheet


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter of the first line that has any: the one found most outside quotes.

    (csv.Sniffer guesses from the whole sample and is easily misled by text in cells.)
    """
    for line in text.splitlines():
        counts = dict.fromkeys(",;\t", 0)
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
        if any(counts.values()):
            return max(counts, key=counts.get)
    return ","


def clean(value: str) -> str:
    """A cell's text on one line: surrounding, repeated and non-breaking spaces, line
    breaks within the cell and invisible characters left by copying removed."""
    return " ".join(value.translate(_INVISIBLE).split())
