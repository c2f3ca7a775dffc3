"""Member logos: where they may live, which formats, and whether the site can use them.

Logos are contributed files, and the site serves what it makes from them, never the file
itself: an SVG is cleaned (svgclean.py), a PNG or WebP re-encoded (logo_images.py). So a
logo is refused only when nothing usable can be made of it; what cleaning removes is a
warning, once per file.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

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


# (logo, file size, modification time) -> its check: many members may share one file, and
# a rebuild need not read an unchanged one again.
_checked: dict[tuple, LogoCheck] = {}


def check_logo(members_dir: Path, logo: str) -> LogoCheck:
    """Whether members/<logo> can be used, and what using it removes."""
    path = members_dir / logo
    try:
        stat = path.stat()
        key = (str(path), logo, stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        return _check_logo(members_dir, logo)
    if key not in _checked:
        _checked[key] = _check_logo(members_dir, logo)
    return _checked[key]


def _check_logo(members_dir: Path, logo: str) -> LogoCheck:
    logos_dir = (members_dir / "logos").resolve()
    path = (members_dir / logo).resolve()
    if not path.is_relative_to(logos_dir):
        return LogoCheck(f"'{logo}' must be a file inside members/logos/")
    if path.suffix not in ALLOWED_SUFFIXES:
        return LogoCheck(f"'{logo}' must be an SVG, PNG or WebP file (.svg, .png or .webp)")
    if not path.is_file():
        return LogoCheck(
            f"file members/{logo} does not exist; add the file to members/logos/ "
            "or remove the 'logo' line"
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        return LogoCheck(
            f"file members/{logo} is {size:,} bytes; at most {MAX_BYTES:,} are allowed"
        )
    data = path.read_bytes()
    if path.suffix == ".svg":
        try:
            return LogoCheck(removed=clean_svg(data).removed)
        except UnusableSvg as unusable:
            return LogoCheck(f"file members/{logo} {unusable}")
    return _check_raster(data, path.suffix, f"file members/{logo}")


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
