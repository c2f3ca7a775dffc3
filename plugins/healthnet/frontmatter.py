"""Markdown files with YAML front matter: resources, paths, events, news and pages.

The front matter sits between a first line ``---`` and the next ``---`` line. It is loaded
with the same position-keeping loader as member files, shifted so that every reported line
is the line in the Markdown file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Report
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


def load_markdown(
    path: Path, report: Report, kind: str, text: str | None = None
) -> MarkdownSource | None:
    """Read ``path`` (or ``text`` read from it); problems go to ``report``. ``kind`` names
    the file for messages."""
    if text is None:
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
    """The .md files of a content folder in a stable order; misplaced or misnamed Markdown
    files are reported here, anything else by crosschecks.check_tree (which sees every file
    under content/, hidden ones and symbolic links too).

    A missing folder is an empty one: a site may have no events yet.
    """
    if not folder.is_dir() or folder.is_symlink() or folder.parent.is_symlink():
        return []  # a link is never followed (check_tree reports it)
    files = []
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if hidden or path.is_symlink() or not path.is_file():
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
