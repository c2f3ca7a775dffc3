"""The folders a build works in, named for the process that made them, and those that killed
builds left behind.

A build stages the site in ``.<output>.new-<pid>-<random>`` beside output/ and writes the
pages' copies Pagefind reads in ``.search-pages-<pid>-<random>`` (in /dev/shm, or beside
output/). A build that is killed (SIGKILL, a cancelled CI job, the memory running out)
cannot remove them, so the next build does: every such folder whose process is gone, except
one a live process still names on its command line (the killed build's Pagefind, still
writing: deleting under it would let it make part of the folder again; a later build
removes it).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import tempfile
from pathlib import Path


@functools.cache
def umask() -> int:
    """The process's umask, read once: setting it to read it would, for that instant, let
    files other threads create be writable by everyone."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def make_folder(prefix: str, parent: Path) -> Path:
    """A new empty folder ``<prefix><pid>-<random>`` in ``parent``, owned by this process."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def owner(folder: Path, prefix: str) -> int | None:
    """The process id in a folder's name; None for a name this module did not make."""
    found = re.match(re.escape(prefix) + r"([0-9]+)-", folder.name)
    return int(found[1]) if found else None


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_orphans(parent: Path, prefix: str) -> list[Path]:
    """Remove the folders ``<prefix><pid>-*`` in ``parent`` whose process is gone; returns
    them. A folder still named by a live process is left for a later build."""
    try:
        candidates = sorted(
            path
            for path in parent.glob(f"{glob_escape(prefix)}*")
            if (pid := owner(path, prefix)) is not None and not is_running(pid)
        )
    except OSError:
        return []
    if not candidates:
        return []
    named = _named_by_processes()
    removed = []
    for path in candidates:
        if any(str(path) in command for command in named):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _named_by_processes() -> list[str]:
    """The command lines of the running processes (where /proc tells them)."""
    commands = []
    proc = Path("/proc")
    if not proc.is_dir():
        return commands
    for entry in proc.iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                commands.append((entry / "cmdline").read_bytes().decode(errors="replace"))
    return commands


def make_parent(path, made: set) -> None:
    """The folder of ``path``, made once per ``made`` (the folders made so far): asking the
    disk again for each of 60,000 files costs seconds."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def replace_file(path: Path, data: bytes) -> None:
    """Written beside, then renamed over: whoever reads ``path`` meanwhile (a preview's
    server, another build) gets the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = part_beside(path)
    temporary.write_bytes(data)
    os.replace(temporary, path)


def part_beside(path: Path) -> Path:
    """Where this process writes the next ``path`` before renaming it over the old one."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")
