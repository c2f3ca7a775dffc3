"""Diagnostics: the errors and warnings that validation reports to editors.

Every diagnostic names a file, a 1-based line and column, what is wrong and what is allowed.
They are collected, never raised one by one, so that an editor sees every problem in one run.
How they are shown (grouped, annotated on GitHub) is reporting.py's concern.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .text import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    message: str
    # A stable name for the kind of problem ("no-logo"), so that one warning repeated across
    # thousands of files, each message naming its own file or date, is reported as one.
    rule: str | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """The compiler-style line editors and their tools understand."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the message shows on the changed line."""
        message = _escape_github_data(self.message)
        path = _escape_github_property(self.path)
        return f"::{self.severity.value} file={path},line={self.line},col={self.column}::{message}"


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


class Report:
    """Collects the diagnostics of one run, for one or many files."""

    def __init__(self, root: Path):
        self.root = root
        self._root = os.path.abspath(root) + os.sep
        self.diagnostics: list[Diagnostic] = []
        # Kept as a count: loaders ask "any new errors?" after every file.
        self.error_count = 0

    def relative(self, path: Path) -> str:
        # Absolute but not resolved: a symlink is named as the editor sees it. (Most paths
        # are absolute and plain already: abspath would ask for the working folder.)
        text = os.fspath(path)
        plain = text.startswith("/") and "/." not in text and "//" not in text
        absolute = text if plain else os.path.abspath(text)
        if absolute.startswith(self._root):
            relative = absolute[len(self._root) :]
            return relative if os.sep == "/" else Path(relative).as_posix()
        return Path(path).as_posix()

    def add(
        self,
        path: Path,
        line: int,
        column: int,
        message: str,
        severity=Severity.ERROR,
        rule: str | None = None,
    ) -> None:
        # A message quoting a contributed value shows its invisible characters as \uXXXX.
        message = visible(message, keep_lines=True)
        self.diagnostics.append(
            Diagnostic(self.relative(path), line, column, severity, message, rule)
        )
        self.error_count += severity is Severity.ERROR

    def extend(self, diagnostics) -> None:
        """Diagnostics found earlier for the same root (a cached file's)."""
        for diagnostic in diagnostics:
            self.diagnostics.append(diagnostic)
            self.error_count += diagnostic.is_error

    def error(
        self, path: Path, position: tuple[int, int], message: str, rule: str | None = None
    ) -> None:
        self.add(path, *position, message, Severity.ERROR, rule)

    def warning(
        self, path: Path, position: tuple[int, int], message: str, rule: str | None = None
    ) -> None:
        self.add(path, *position, message, Severity.WARNING, rule)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics)

    def summary(self) -> str:
        return counted(len(self.errors), "error") + ", " + counted(len(self.warnings), "warning")


def counted(number: int, noun: str) -> str:
    """ "1 warning", "4,772 warnings"."""
    return f"{number:,} {noun}{'s' * (number != 1)}"


class ValidationFailed(Exception):
    """Raised where a run cannot go on because the data has errors."""

    def __init__(self, report: Report):
        self.report = report
        lines = [d.format() for d in report.sorted() if d.severity is Severity.ERROR]
        super().__init__("\n".join(lines + [report.summary()]))
