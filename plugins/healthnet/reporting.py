"""How a run's diagnostics reach people: a terminal, a GitHub Actions log with annotations,
and the job summary.

A real network repeats some warnings across thousands of files (no logo, a review overdue).
Printed one by one they bury the errors, and as annotations they crowd out the pull
request's own: GitHub shows at most 10 error and 10 warning annotations per step. So:

- every error is printed, always;
- a warning that repeats across many files is printed for its first ``REPEATS_SHOWN``
  files, then one line counts the others (``all_warnings`` prints every one);
- under GitHub Actions, errors are annotated before warnings, those of the files the pull
  request changes first, and warnings only there when the changed files are known; at most
  ``ANNOTATIONS_PER_STEP`` of each, and one notice counts the rest. The job summary gets
  every error and every kind of warning, as Markdown.

A warning repeats when its ``rule`` (or, without one, its message) is the same.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Report, counted

REPEATS_SHOWN = 3  # files of a repeated warning printed in full
FEWEST_HIDDEN = 3  # "1 more file has the same warning" would save nothing: print it
ANNOTATIONS_PER_STEP = 10  # of each severity: GitHub drops the rest of a step's annotations
SUMMARY_ROWS = 100  # per table of the job summary, which GitHub limits to 1 MiB a step
LABEL_LENGTH = 60
ALL_WARNINGS_HINT = "run `invoke validate --all-warnings` to list them"


@dataclass(frozen=True)
class OutputOptions:
    """How one run shows its diagnostics."""

    all_warnings: bool = False
    github: bool = False  # annotations, and the job summary if there is a file for it
    # The files the pull request changes, as given (relative to the project's root or
    # absolute); None when unknown.
    changed: tuple[str, ...] | None = None
    summary_file: Path | None = None

    @classmethod
    def from_environment(
        cls,
        github: bool | None = None,
        all_warnings: bool = False,
        changed: Iterable[str] | None = None,
        environ=os.environ,
    ) -> OutputOptions:
        """GitHub mode when ``github`` says so or, if None, when GITHUB_ACTIONS=true; the
        job summary goes to $GITHUB_STEP_SUMMARY in GitHub mode only."""
        if github is None:
            github = environ.get("GITHUB_ACTIONS") == "true"
        summary = environ.get("GITHUB_STEP_SUMMARY") if github else None
        return cls(
            all_warnings=all_warnings,
            github=github,
            changed=None if changed is None else tuple(changed),
            summary_file=Path(summary) if summary else None,
        )


def read_file_list(path: Path) -> list[str]:
    """The paths of a file with one a line, as `git diff --name-only` writes them."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


@dataclass(frozen=True)
class WarningGroup:
    """One warning wherever it occurs: the same rule, or the same message."""

    rule: str | None
    diagnostics: tuple[Diagnostic, ...]  # sorted by path, line and column

    @property
    def files(self) -> list[str]:
        return list(dict.fromkeys(d.path for d in self.diagnostics))

    @property
    def repeated(self) -> bool:
        return len(self.files) >= REPEATS_SHOWN + FEWEST_HIDDEN

    @property
    def hidden_files(self) -> list[str]:
        """The files whose lines are left out unless every warning is asked for."""
        return self.files[REPEATS_SHOWN:]

    @property
    def label(self) -> str:
        """ "no logo", or the first clause of the message when there is no rule."""
        if self.rule:
            return self.rule.replace("-", " ")
        clause = self.diagnostics[0].message.split("; ")[0]
        return clause if len(clause) <= LABEL_LENGTH else clause[: LABEL_LENGTH - 1] + "…"

    def more_line(self) -> str:
        """ "members/: 4,769 more files have the same warning (no logo); run ..."."""
        hidden = self.hidden_files
        try:
            folder = posixpath.commonpath([posixpath.dirname(path) for path in hidden])
        except ValueError:  # folders outside the project (absolute) and inside it
            folder = ""
        where = f"{folder}/: " if folder not in ("", "/") else ""
        verb = "has" if len(hidden) == 1 else "have"
        return (
            f"{where}{counted(len(hidden), 'more file')} {verb} the same warning "
            f"({self.label}); {ALL_WARNINGS_HINT}"
        )


def group_warnings(diagnostics: Iterable[Diagnostic]) -> list[WarningGroup]:
    """The warnings grouped by rule (or message), in the order each first occurs."""
    groups: dict[tuple, list[Diagnostic]] = {}
    for diagnostic in sorted(diagnostics):
        if not diagnostic.is_error:
            key = ("rule", diagnostic.rule) if diagnostic.rule else ("message", diagnostic.message)
            groups.setdefault(key, []).append(diagnostic)
    return [
        WarningGroup(diagnostics[0].rule, tuple(diagnostics)) for diagnostics in groups.values()
    ]


def log_lines(
    diagnostics: list[Diagnostic], groups: list[WarningGroup], all_warnings: bool
) -> list[str]:
    """path:line:col lines: every error, and each repeated warning's first files only,
    with one line counting the others."""
    if all_warnings:
        return [d.format() for d in diagnostics]
    hidden = set()
    for group in groups:
        if group.repeated:
            hidden_files = set(group.hidden_files)
            hidden.update(id(d) for d in group.diagnostics if d.path in hidden_files)
    lines = [d.format() for d in diagnostics if id(d) not in hidden]
    return lines + [group.more_line() for group in groups if group.repeated]


def annotated(
    diagnostics: list[Diagnostic], groups: list[WarningGroup], changed: set[str] | None
) -> list[Diagnostic]:
    """What to annotate, errors first, at most ANNOTATIONS_PER_STEP of each severity.

    Errors of the changed files come first, then the others: a change can break a file it
    does not touch (a name taken, a topic removed from the taxonomy). Warnings only of the
    changed files when they are known; among them, those that are not repeated everywhere
    come first, so that a file's own warning is not crowded out by "no logo".
    """

    def elsewhere(diagnostic: Diagnostic) -> bool:
        return changed is not None and diagnostic.path not in changed

    repeated = {id(d) for group in groups if group.repeated for d in group.diagnostics}
    errors = sorted((d for d in diagnostics if d.is_error), key=elsewhere)
    warnings = sorted(
        (d for d in diagnostics if not d.is_error and not elsewhere(d)),
        key=lambda d: id(d) in repeated,
    )
    return errors[:ANNOTATIONS_PER_STEP] + warnings[:ANNOTATIONS_PER_STEP]


def not_annotated_notice(
    diagnostics: list[Diagnostic], shown: list[Diagnostic], options: OutputOptions
) -> str | None:
    """One ::notice line saying how many were left out and where to find them."""
    errors = sum(d.is_error for d in diagnostics) - sum(d.is_error for d in shown)
    warnings = sum(not d.is_error for d in diagnostics) - sum(not d.is_error for d in shown)
    if not errors and not warnings:
        return None
    left_out = [counted(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    where = "the job summary and this step's log" if options.summary_file else "this step's log"
    changed = (
        "; warnings only on the files this pull request changes"
        if options.changed is not None
        else ""
    )
    return (
        f"::notice::Not annotated: {' and '.join(left_out)}. GitHub shows at most "
        f"{ANNOTATIONS_PER_STEP} error and {ANNOTATIONS_PER_STEP} warning annotations a step"
        f"{changed}. See {where}; `invoke validate --all-warnings` lists every warning."
    )


def markdown_summary(
    diagnostics: list[Diagnostic], groups: list[WarningGroup], counts: str, totals: str
) -> str:
    """The job summary: the totals, every error, and each warning with how many files have it."""
    lines = [f"## Validation: {totals}", "", _markdown(counts), ""]
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        lines += ["### Errors", "", "| file | line | error |", "| --- | --- | --- |"]
        lines += [
            f"| {_markdown(d.path)} | {d.line}:{d.column} | {_markdown(d.message)} |"
            for d in errors[:SUMMARY_ROWS]
        ]
        if len(errors) > SUMMARY_ROWS:
            more = counted(len(errors) - SUMMARY_ROWS, "more error")
            lines += ["", f"…and {more}: see this step's log."]
        lines.append("")
    if groups:
        largest_first = sorted(groups, key=lambda group: -len(group.files))
        lines += ["### Warnings", "", "| warning | files | in |", "| --- | ---: | --- |"]
        for group in largest_first[:SUMMARY_ROWS]:
            example = group.diagnostics[0].message
            named = group.rule and not example.startswith(group.label)
            text = f"{group.label}: {example}" if named else example
            files = group.files
            where = ", ".join(_markdown(path) for path in files[:REPEATS_SHOWN])
            if len(files) > REPEATS_SHOWN:
                where += f" and {len(files) - REPEATS_SHOWN:,} more"
            lines.append(f"| {_markdown(text)} | {len(files):,} | {where} |")
        if len(groups) > SUMMARY_ROWS:
            more = counted(len(groups) - SUMMARY_ROWS, "more kind")
            lines += ["", f"…and {more} of warning."]
        lines += ["", "`invoke validate --all-warnings` lists every warning.", ""]
    return "\n".join(lines) + "\n"


# Backslash-escaped, so that contributed text in a message stays text: no links, no HTML.
_MARKDOWN_ESCAPES = str.maketrans(
    {**{char: "\\" + char for char in "\\`*_[]()<>|~#!&"}, "\n": " ", "\r": " "}
)


def _markdown(text: str) -> str:
    return text.translate(_MARKDOWN_ESCAPES)


def print_report(report: Report, counts: str, options: OutputOptions) -> None:
    """Print a run's diagnostics as ``options`` says, then "<counts>; N errors, M warnings"."""
    diagnostics = report.sorted()
    groups = group_warnings(diagnostics)
    for line in log_lines(diagnostics, groups, options.all_warnings):
        print(line)
    if options.github:
        changed = None
        if options.changed is not None:
            changed = {report.relative(report.root / path) for path in options.changed}
        shown = annotated(diagnostics, groups, changed)
        for diagnostic in shown:
            print(diagnostic.format_github())
        notice = not_annotated_notice(diagnostics, shown, options)
        if notice:
            print(notice)
        if options.summary_file:
            summary = markdown_summary(diagnostics, groups, counts, report.summary())
            try:
                with options.summary_file.open("a", encoding="utf-8") as file:
                    file.write(summary)
            except OSError as exc:  # the checks themselves went fine
                print(f"could not write the job summary to {options.summary_file}: {exc}")
    print(f"{counts}; {report.summary()}")
