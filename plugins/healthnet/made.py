"""Files a build makes from sources (logo renditions, sharing images), cached by content.

Making an image costs milliseconds; a network has thousands of them and few change between
builds. Each made file names a key, the digest of everything its bytes depend on, and the
bytes are kept under that key in the project's .cache/ folder: a build makes only what no
earlier build made, on every core, and copies the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .indexing import BuildFailed  # what a build reports as its failure
from .leftovers import part_beside, umask
from .parallel import batches

PUBLISHED_MODE = 0o644


@dataclass(frozen=True)
class MadeFile:
    target: str  # path in the site
    key: str  # digest of everything the bytes depend on
    make: Callable[[], bytes]
    source: Path | None = None  # the contributed file it is made from, for error messages


def key_of(*parts: bytes | str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class MadeCache:
    """Made files' bytes by key, in a folder that survives builds (not the output)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._known: set[str] | None = None  # the keys on disk, listed once

    def path(self, key: str) -> Path:
        return Path(self._file(key))

    def _file(self, key: str) -> str:
        # A string: pathlib's own work was a fifth of publishing 12,500 files.
        return os.path.join(self.folder, key[:2], key)

    def has(self, key: str) -> bool:
        """Whether the key is cached: one listing of the folder, not a look per file."""
        if self._known is None:
            self._known = {
                entry.name
                for shard in _entries(self.folder)
                if shard.is_dir()
                for entry in _entries(Path(shard.path))
                if not entry.name.startswith(".")
            }
        return key in self._known

    def put(self, key: str, data: bytes) -> None:
        """Written under another name, then renamed: a killed build leaves no half file."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            # Published as it is (publish() links it into the site): readable by the server.
            os.fchmod(file.fileno(), PUBLISHED_MODE & ~umask())
        os.replace(temporary, path)
        if self._known is not None:
            self._known.add(key)

    def publish(self, key: str, target: str | Path) -> None:
        """The cached bytes at ``target``: a hard link where the cache and the site share a
        file system (a build copies 12,500 images at 5,000 members), a copy otherwise.
        Whatever was at ``target`` is replaced, never written through (it may be a link to
        another cached file), and by a rename: a preview reading it gets either file."""
        source = self._file(key)
        if os.stat(source).st_mode & 0o004 == 0:  # cached by an older build, private
            os.chmod(source, PUBLISHED_MODE & ~umask())
        if _linked(source, target):  # refused where a file is: that one is replaced below
            return
        temporary = part_beside(Path(target))
        temporary.unlink(missing_ok=True)
        if not _linked(source, temporary):
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)

    def make_missing(self, files: Iterable[MadeFile], processes: int) -> int:
        """Make every file whose key is not cached yet; how many were made."""
        todo = list({file.key: file for file in files if not self.has(file.key)}.values())

        def make(index: int) -> bytes | str:
            try:
                return todo[index].make()
            except Exception as exc:  # reported with its source, in this process
                return f"{type(exc).__name__}: {exc}"

        results = chain.from_iterable(batches(make, len(todo), processes, 16, 32))
        for file, result in zip(todo, results, strict=True):
            if isinstance(result, str):
                where = f"{file.source}: " if file.source else ""
                raise BuildFailed(f"{where}could not make {file.target} ({result})")
            self.put(file.key, result)
        return len(todo)

    def prune(self, keep: set[str]) -> None:
        """Forget what no file of the site uses any more (after a full build)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.name not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
        self._known = None


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except FileNotFoundError:
        return []


def _linked(source: str | Path, target: str | Path) -> bool:
    """False where the file system cannot link (another one, or one without hard links)."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
