"""Markdown files with YAML front matter: resources, paths, events, news and pages.

The front matter sits between a first line ``---`` and the next ``---`` line. It is loaded
with the same position-keeping loader as member files, shifted so that every reported line
is the line in the Markdown file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Report
from .text import fold
from .yamlsource import SourceDocument, load_yaml, read_text

FENCE = "---"


@dataclass
class MarkdownSource:
    document: SourceDocument
    body: str
    body_line: int  # the line of the file where the body starts


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter, body) of a Markdown file, or None without a closed front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() == FENCE:
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    return None


def load_markdown(path: Path, report: Report, kind: str) -> MarkdownSource | None:
    """Read ``path``; problems go to ``report``. ``kind`` names the file for messages."""
    text = read_text(path, report)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        opened = text.split("\n", 1)[0].rstrip() == FENCE
        report.error(
            path,
            (1, 1),
            f"the front matter is never closed; add a line '{FENCE}' after the last field"
            if opened
            else f"a {kind} starts with a line '{FENCE}', then its fields (title: ...), then "
            f"another '{FENCE}' line, then the text",
        )
        return None
    front_matter, body = parts
    document = load_yaml(path, report, text=front_matter, line_offset=1)
    if document is None:
        return None
    # The opening fence, the front matter's lines, the closing fence.
    return MarkdownSource(document, body, front_matter.count("\n") + 4)


def content_files(folder: Path, report: Report, kind: str) -> list[Path]:
    """The .md files of a content folder in a stable order; others are reported.

    A missing folder is an empty one: a site may have no events yet.
    """
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.parent != folder and path.suffix.lower() in (".md", ".markdown"):
            report.error(
                path,
                (1, 1),
                f"{kind} files belong directly in {report.relative(folder)}/; move it to "
                f"{report.relative(folder / (path.stem + '.md'))}",
            )
        elif path.parent == folder and path.suffix == ".md":
            files.append(path)
        elif path.parent == folder:
            report.error(
                path,
                (1, 1),
                f"{kind} files are Markdown files ending in .md; rename it to {path.stem}.md",
            )
    return files


def load_checked(folder: Path, kind: str, checker, report: Report, build: Callable) -> list:
    """Every file of a content folder, loaded and checked with ``checker``
    (a validation.DocumentChecker); ``build`` turns each valid one into a model object.

    Files with any error, a title already taken included, are left out of the result.
    """
    built = []
    sources = []
    for path in content_files(folder, report, kind):
        errors_before = report.error_count
        source = load_markdown(path, report, kind)
        if source is None:
            continue
        checker.check_markdown(source, report)
        sources.append(source)
        if report.error_count == errors_before:
            built.append((path, build(source)))
    duplicates = check_unique_titles(sources, report, kind)
    return [item for path, item in built if path not in duplicates]


def check_unique_titles(sources: list[MarkdownSource], report: Report, kind: str) -> set[Path]:
    """Two items with one title cannot be told apart in lists and search results.

    Returns the files reported: the first file with a title keeps it.
    """
    duplicates = set()
    first_by_title: dict[str, SourceDocument] = {}
    for source in sources:
        document = source.document
        title = document.data.get("title") if isinstance(document.data, dict) else None
        if not isinstance(title, str) or not title.strip():
            continue
        first = first_by_title.setdefault(" ".join(fold(title).split()), document)
        if first is not document:
            duplicates.add(document.path)
            report.error(
                document.path,
                document.position(("title",)),
                f"title '{title}' is already used by {report.relative(first.path)}; "
                f"each {kind} needs its own title",
            )
    return duplicates
