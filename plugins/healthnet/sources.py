"""Source files read once: their bytes hashed, their YAML or front matter parsed, and checked
on their own (everything that does not depend on other files).

``SourceCache`` keeps each file's result by content: a rebuild (livereload) gets an unchanged
file back parsed and checked, with its diagnostics, without reading it again when its size and
modification time are unchanged, and without parsing it again when only those changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Report
from .frontmatter import MarkdownSource, load_markdown
from .parallel import batches
from .yamlsource import decode, load_yaml, read_bytes


@dataclass(frozen=True)
class Checked:
    """One file as loading and its own checks left it."""

    source: MarkdownSource | None  # None when it could not be read or parsed
    diagnostics: tuple[Diagnostic, ...]
    digest: str  # of its bytes: what a rebuild compares

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass
class _Entry:
    stamp: tuple | None  # size, modification time and inode
    context: tuple  # what else the checks depended on: the checker's schema
    checked: Checked
    item: object = None  # the model object made from it, where it needs no other file


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class SourceCache:
    """Checked files by path; an entry is reused while the file and its context are the same."""

    def __init__(self):
        self._entries: dict[Path, _Entry] = {}
        self.reloaded: set[Path] = set()  # the files the last check_all read again

    def check_all(
        self, tasks: list[tuple], report: Report, processes: int = 1, store=None
    ) -> list[Checked]:
        """``tasks``: (path, kind, checker) triples. Each file loaded and checked by its
        checker, those that changed on every core; their diagnostics go to ``report``.
        ``store`` (checkstore.CheckStore): checks kept by earlier builds, asked before a
        file is checked again, and told this build's."""
        stamps = [_stamp(path) for path, _, _ in tasks]
        results: list[Checked | None] = []
        misses = []
        for (path, _, checker), stamp in zip(tasks, stamps, strict=True):
            entry = self._entries.get(path)
            fresh = entry and stamp is not None and entry.stamp == stamp
            if fresh and entry.context == checker.context:
                results.append(entry.checked)
            else:
                results.append(None)
                misses.append(len(results) - 1)
        kept = _kept_checks(tasks, misses, store) if store is not None and not store.empty else {}
        todo = [index for index in misses if index not in kept]

        def load(index: int) -> Checked:
            path, kind, checker = tasks[todo[index]]
            return _load(path, kind, checker, report.root, self._entries.get(path))

        loaded = [c for batch in batches(load, len(todo), processes, 64, 400) for c in batch]
        self.reloaded = {tasks[index][0] for index in misses}
        for index, checked in [*kept.items(), *zip(todo, loaded, strict=True)]:
            path, _, checker = tasks[index]
            self._entries[path] = _Entry(stamps[index], checker.context, checked)
            results[index] = checked
        for checked in results:
            report.extend(checked.diagnostics)
        if store is not None:
            afresh = set(todo)
            for index, (path, kind, checker) in enumerate(tasks):
                store.keep(path, kind.name, checker.context, results[index], index in afresh)
            store.save()
        return results

    def built(self, path: Path, checked: Checked):
        """The model object made from this very check of the file, if one was kept."""
        entry = self._entries.get(path)
        return entry.item if entry is not None and entry.checked is checked else None

    def keep_built(self, path: Path, checked: Checked, item) -> None:
        entry = self._entries.get(path)
        if entry is not None and entry.checked is checked:
            entry.item = item

    def forget_missing(self, present: set[Path]) -> None:
        """Drop the entries of files that are gone, so that memory follows the data."""
        for path in set(self._entries) - present:
            del self._entries[path]


def _kept_checks(tasks: list[tuple], misses: list[int], store) -> dict[int, Checked]:
    """Task index -> the check the store kept of the file's bytes as they are now."""
    found = {}
    for index in misses:
        path, kind, checker = tasks[index]
        try:
            data = path.read_bytes()
        except OSError:
            continue  # checked again, to report it
        checked = store.get(path, digest_of(data), kind.name, checker.context)
        if checked is not None:
            found[index] = checked
    return found


def _load(path: Path, kind, checker, root: Path, entry: _Entry | None) -> Checked:
    scratch = Report(root)
    data = read_bytes(path, scratch)
    digest = digest_of(data) if data is not None else ""
    touched = entry is not None and data is not None and entry.checked.digest == digest
    if touched and entry.context == checker.context:
        return entry.checked  # touched, not changed
    source = None
    text = decode(path, data, scratch) if data is not None else None
    if text is not None:
        source = parse(path, text, kind, scratch)
    if source is not None:
        checker.check_source(source, scratch)
    return Checked(source, tuple(scratch.diagnostics), digest)


def parse(path: Path, text: str, kind, report: Report) -> MarkdownSource | None:
    """YAML files become a source without text; Markdown files keep their text."""
    if kind.suffix == ".md":
        return load_markdown(path, report, kind.label.lower(), text=text)
    document = load_yaml(path, report, text=text)
    return MarkdownSource(document, "", 0) if document is not None else None
