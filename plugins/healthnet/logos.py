"""Member logos: where they may live, which formats, and whether the site can use them.

Logos are contributed files, and the site serves what it makes from them, never the file
itself: an SVG is cleaned (svgclean.py), a PNG or WebP re-encoded (logo_images.py). So a
logo is refused only when nothing usable can be made of it; what cleaning removes is a
warning, once per file.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import stat
import warnings
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path, PurePath

from PIL import Image

from .leftovers import replace_file
from .made import key_of
from .svgclean import UnusableSvg, clean_svg

MAX_BYTES = 1_000_000
ALLOWED_SUFFIXES = (".svg", ".png", ".webp")
RASTER_FORMATS = {".png": "PNG", ".webp": "WEBP"}
# A small file can still decode to a huge image (a "decompression bomb").
MAX_PIXELS = 4096 * 4096
MIN_SIDE = 64  # smaller images blur on a profile


@dataclass(frozen=True)
class LogoCheck:
    problem: str | None = None  # why no image can be made of it
    removed: tuple[str, ...] = ()  # what cleaning drops from an SVG
    small: tuple[int, int] | None = None  # a raster logo's size, when too small to look sharp


class KeptChecks:
    """Checks of logos by their bytes, kept in a file of the project's .cache/ between
    builds: cleaning an SVG to check it costs about half a millisecond, and at 5,000
    members a build would spend a second checking logos no one changed. The file holds
    the version of the checking code and libraries; when that changes, it starts over.
    Deleting it is always safe."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self._entries: dict[str, dict] | None = None
        self._added = False

    def check(self, logo: str, suffix: str, data: bytes) -> LogoCheck:
        key = key_of(logo, suffix, data)
        entries = self._load()
        with contextlib.suppress(KeyError, TypeError, ValueError):  # none, or not one of ours
            found = entries[key]
            return LogoCheck(found["problem"], tuple(found["removed"]),
                             tuple(found["small"]) if found["small"] else None)  # fmt: skip
        check = _check_contents(data, suffix, f"file members/{logo}")
        entries[key] = asdict(check)
        self._added = True
        return check

    def save(self) -> None:
        """Written under another name, then renamed: two builds at once each leave a whole
        file."""
        if not self._added or self.path is None:
            return
        text = json.dumps({"version": _checker_version(), "checks": self._entries})
        replace_file(self.path, text.encode("utf-8"))
        self._added = False

    def _load(self) -> dict[str, dict]:
        if self._entries is None:
            self._entries = {}
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                kept = json.loads(self.path.read_text(encoding="utf-8"))
                if kept.get("version") == _checker_version():
                    self._entries = dict(kept["checks"])
        return self._entries


@functools.cache
def _checker_version() -> str:
    """This code's and its libraries' version: a new one may judge a file differently."""
    here = Path(__file__).parent
    sources = [(here / name).read_bytes() for name in ("logos.py", "svgclean.py")]
    libraries = [metadata.version(name) for name in ("defusedxml", "tinycss2", "pillow")]
    return key_of(*sources, *libraries)


# (logo, file size, modification time, inode) -> its check: many members may share one
# file, and a rebuild need not look at an unchanged one again.
_checked: dict[tuple, LogoCheck] = {}


def check_logo(members_dir: Path, logo: str, kept: KeptChecks | None = None) -> LogoCheck:
    """Whether members/<logo> can be used, and what using it removes."""
    path = members_dir / logo
    try:
        found = path.stat()  # through any links: the file the resolved path names
    except OSError:
        return _check_logo(members_dir, logo, kept, None)
    key = (str(path), logo, found.st_size, found.st_mtime_ns, found.st_ino)
    if key not in _checked:
        _checked[key] = _check_logo(members_dir, logo, kept, found)
    return _checked[key]


def _check_logo(
    members_dir: Path, logo: str, kept: KeptChecks | None, found: os.stat_result | None
) -> LogoCheck:
    """``found``: the logo's stat, None where there is no file. Each path is resolved once
    and the disk asked once for the file: 2,500 logos a build."""
    real = os.path.realpath(os.path.join(members_dir, logo))
    logos_dir = _real_logos_folder(members_dir)
    if real != logos_dir and not real.startswith(logos_dir + os.sep):
        return LogoCheck(f"'{logo}' must be a file inside members/logos/")
    suffix = PurePath(real).suffix
    if suffix not in ALLOWED_SUFFIXES:
        return LogoCheck(f"'{logo}' must be an SVG, PNG or WebP file (.svg, .png or .webp)")
    if found is None or not stat.S_ISREG(found.st_mode):
        return LogoCheck(
            f"file members/{logo} does not exist; add the file to members/logos/ "
            "or remove the 'logo' line"
        )
    if found.st_size > MAX_BYTES:
        return LogoCheck(
            f"file members/{logo} is {found.st_size:,} bytes; at most {MAX_BYTES:,} are allowed"
        )
    with open(real, "rb") as file:
        data = file.read()
    if len(data) > MAX_BYTES:  # it grew since
        return LogoCheck(
            f"file members/{logo} is over {MAX_BYTES:,} bytes; at most {MAX_BYTES:,} are allowed"
        )
    return (kept or KeptChecks()).check(logo, suffix, data)


def _real_logos_folder(members_dir: Path) -> str:
    """members/logos/ with its links resolved, kept while the folder stays the same one."""
    folder = os.path.join(members_dir, "logos")
    with contextlib.suppress(OSError):
        same = os.lstat(folder)
        return _resolved(folder, same.st_ino, same.st_dev, same.st_mtime_ns)
    return os.path.realpath(folder)


@functools.lru_cache(maxsize=8)
def _resolved(folder: str, *identity) -> str:
    return os.path.realpath(folder)


def _check_contents(data: bytes, suffix: str, name: str) -> LogoCheck:
    if suffix == ".svg":
        try:
            return LogoCheck(removed=clean_svg(data).removed)
        except UnusableSvg as unusable:
            return LogoCheck(f"{name} {unusable}")
    return _check_raster(data, suffix, name)


def _check_raster(data: bytes, suffix: str, name: str) -> LogoCheck:
    expected = RASTER_FORMATS[suffix]
    too_large = f"at most {MAX_PIXELS:,} pixels (such as 4096x4096) are allowed"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[expected])
            width, height = image.size
            if width * height > MAX_PIXELS:
                return LogoCheck(f"{name} is {width}x{height} pixels; {too_large}")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return LogoCheck(f"{name} claims to be a huge image; {too_large}")
    except (OSError, SyntaxError, ValueError):
        return LogoCheck(f"{name} is not a readable {expected.replace('WEBP', 'WebP')} image")
    return LogoCheck(small=(width, height) if max(width, height) < MIN_SIDE else None)
