"""Each source file's own check kept on disk between builds (``.cache/checked.marshal``), so
that a build parses and checks again only the files that changed since the last one.

What a file's own check found (sources.Checked: its data, where each value was written, the
problems in it alone) depends on its bytes, its kind's schema and this code. An entry is
kept under all of them, and under the file's path, which its problems name. The rules about
the build day and about other files run on every build (crosschecks.py), so an entry stays
good from one day to the next.

One marshal file: read back in a fraction of the time that parsing takes, and unlike
pickle it can only give back plain values, never make code run. It carries a digest of its
checks, so that a file damaged anywhere is not used. (A digest, not a signature: the build
refuses a committed .cache/, see crosschecks.check_committed_cache.) After a build that
checked a file afresh it is written again, under another name and then renamed, with the
files of that build only. Deleting it is always safe: the next build checks everything.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import sys
from importlib import metadata
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .frontmatter import MarkdownSource
from .leftovers import replace_file
from .sources import Checked
from .yamlsource import SourceDocument

# The libraries whose answers a file's check depends on (parsing, schemas, Markdown).
LIBRARIES = ("pyyaml", "jsonschema", "fastjsonschema", "mistune", "nh3", "pycountry")


class CheckStore:
    """The kept checks of one project, read on first use; ``path`` None keeps nothing."""

    def __init__(self, path: Path | None):
        self.path = path
        self._kept: dict | None = None
        self._now: dict = {}  # this build's files, as the next build will find them
        self._checked_afresh = False

    @property
    def empty(self) -> bool:
        return not self._load()

    def get(self, path: Path, digest: str, kind: str, context: tuple) -> Checked | None:
        """The kept check of these very bytes, or None."""
        record = self._load().get((str(path), digest, kind, context))
        if record is None:
            return None
        with contextlib.suppress(ValueError, TypeError, IndexError):  # not one of ours
            return _checked(path, digest, record)
        return None

    def keep(self, path: Path, kind: str, context: tuple, checked: Checked, afresh: bool):
        """This build's check of a file; ``afresh``: not read from the store or memory."""
        self._now[(str(path), checked.digest, kind, context)] = _record(checked)
        self._checked_afresh |= afresh

    def save(self) -> None:
        """Written when a file was checked afresh or is gone: otherwise the file is right."""
        if self.path is None:
            return
        if not self._checked_afresh and set(self._now) == set(self._load()):
            return
        checks = marshal.dumps(self._now)
        data = {"version": code_version(), "digest": _digest(checks), "checks": checks}
        replace_file(self.path, marshal.dumps(data))
        self._kept, self._now, self._checked_afresh = self._now, {}, False

    def _load(self) -> dict:
        if self._kept is None:
            self._kept = {}
            broken = (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError)
            with contextlib.suppress(*broken):
                kept = marshal.loads(self.path.read_bytes()) if self.path else {}
                checks = kept["checks"] if kept.get("version") == code_version() else b""
                # A file damaged anywhere, even where marshal would still read it, is unused.
                if checks and kept["digest"] == _digest(checks):
                    self._kept = marshal.loads(checks)
        return self._kept


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _record(checked: Checked) -> tuple:
    source = checked.source
    document = (
        (source.document.data, source.document.tables_blob(), source.body, source.body_line)
        if source is not None
        else None
    )
    problems = tuple(
        (d.path, d.line, d.column, d.severity.value, d.message, d.rule) for d in checked.diagnostics
    )
    return document, problems


def _checked(path: Path, digest: str, record: tuple) -> Checked:
    document, problems = record
    source = None
    if document is not None:
        data, tables, body, body_line = document
        if not isinstance(tables, bytes) or not isinstance(body, str):
            raise TypeError("not a kept document")
        source = MarkdownSource(SourceDocument.from_blob(path, data, tables), body, body_line)
    diagnostics = tuple(
        Diagnostic(where, line, column, Severity(severity), message, rule)
        for where, line, column, severity, message, rule in problems
    )
    return Checked(source, diagnostics, digest)


@functools.cache
def code_version() -> str:
    """This code's, its libraries' and Python's version: a new one may judge a file
    differently, and marshal's format is Python's own."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name} {metadata.version(name)}".encode())
    return digest.hexdigest()
