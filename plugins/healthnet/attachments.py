"""Files the site publishes as they are: attachments in content/files/ and pictures in
content/images/ (Pelican's static generator copies both folders, STATIC_PATHS).

A server serves each file by the type its name says, so a file is accepted only when its
name ends in an allowed type and its content really is of that type, recognized by its first
bytes: a web page or a drawing named .pdf or .txt is refused. Never HTML or SVG: opened from
the site, either would run its scripts on the site's own origin. An SVG picture is refused
rather than cleaned (pages show pictures as PNG, JPEG, WebP or GIF; the SVGs the site
cleans are members' logos, which it publishes only as its own copies).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .schema import ATTACHMENT_TYPES

MAX_BYTES = 10 * 1000 * 1000
IMAGE_TYPES = ("png", "jpg", "jpeg", "webp", "gif")
# What the first bytes of a text file may not be: markup a browser could run.
MARKUP = re.compile(rb"\s*<\s*[!?/a-zA-Z]")
# Scripts and pages anywhere near the start of a text: what browsers that guess the type
# of a file (old ones did for text/plain) look for.
ACTIVE_TAGS = re.compile(rb"<\s*(html|head|body|script|svg|iframe|object|embed)\b", re.I)
SNIFFED_BYTES = 1024


@dataclass(frozen=True)
class Folder:
    """A folder of content/ whose files are published as they are."""

    name: str  # "files": content/files/
    what: str  # "attachments"
    types: tuple[str, ...]  # the suffixes allowed, without the dot

    @property
    def allowed(self) -> str:
        return f"{self.what} ({', '.join('.' + suffix for suffix in self.types)})"


FOLDERS = {
    "files": Folder("files", "attachments", ATTACHMENT_TYPES),
    "images": Folder("images", "pictures", IMAGE_TYPES),
}


def _starts(*magics: bytes) -> Callable[[bytes, Path], bool]:
    return lambda head, path: head.startswith(magics)


def _webp(head: bytes, path: Path) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _mp3(head: bytes, path: Path) -> bool:
    frame = len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    return head.startswith(b"ID3") or frame


def _office(folder: str) -> Callable[[bytes, Path], bool]:
    """Word, Excel and PowerPoint files: a zip holding [Content_Types].xml and its parts."""

    def check(head: bytes, path: Path) -> bool:
        names = _zip_names(head, path)
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(name.startswith(folder) for name in names)
        )

    return check


def _opendocument(kind: str) -> Callable[[bytes, Path], bool]:
    """OpenDocument files: a zip whose part "mimetype" names the kind."""
    expected = f"application/vnd.oasis.opendocument.{kind}".encode()

    def check(head: bytes, path: Path) -> bool:
        if _zip_names(head, path) is None:
            return False
        try:
            with zipfile.ZipFile(path) as archive, archive.open("mimetype") as part:
                return part.read(len(expected) + 1) == expected
        except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
            return False

    return check


def _zip_names(head: bytes, path: Path) -> set[str] | None:
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None


def _text(head: bytes, path: Path) -> bool:
    """UTF-8 text without NUL bytes (the rest is checked for every type)."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


# The type of each suffix, as an editor knows it, and how its content is recognized.
TYPES: dict[str, tuple[str, Callable[[bytes, Path], bool]]] = {
    "pdf": ("a PDF document", _starts(b"%PDF-")),
    "docx": ("a Word document", _office("word/")),
    "xlsx": ("an Excel workbook", _office("xl/")),
    "pptx": ("a PowerPoint presentation", _office("ppt/")),
    "odt": ("an OpenDocument text", _opendocument("text")),
    "ods": ("an OpenDocument spreadsheet", _opendocument("spreadsheet")),
    "odp": ("an OpenDocument presentation", _opendocument("presentation")),
    "csv": ("CSV text", _text),
    "txt": ("plain text", _text),
    "png": ("a PNG image", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("a JPEG image", _starts(b"\xff\xd8\xff")),
    "jpeg": ("a JPEG image", _starts(b"\xff\xd8\xff")),
    "webp": ("a WebP image", _webp),
    "gif": ("a GIF image", _starts(b"GIF87a", b"GIF89a")),
    "mp3": ("an MP3 recording", _mp3),
}
TEXT_TYPES = ("csv", "txt")

# (path, size, modification time, inode) -> its problem: a rebuild reads no unchanged file.
_checked: dict[tuple, str | None] = {}


def type_problem(path: Path, folder: Folder) -> str | None:
    """Why the name of ``path`` is not one ``folder`` publishes; None if it is."""
    suffix = path.suffix.lower().removeprefix(".")
    if suffix not in folder.types:
        if not suffix:
            return "a file without a type (.pdf, .png...) is not published"
        return f"'{path.suffix}' files are not published"
    if path.suffix != f".{suffix}":
        return f"the name ends in '{path.suffix}': rename it to {path.stem}.{suffix}"
    return None


def content_problem(path: Path) -> str | None:
    """Why the content of ``path``, a regular file of an allowed type, is not what its name
    says (or too large to publish); None when it is."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if key not in _checked:
        _checked[key] = _content_problem(path, path.suffix.removeprefix("."), stat.st_size)
    return _checked[key]


def _content_problem(path: Path, suffix: str, size: int) -> str | None:
    if size > MAX_BYTES:
        return (
            f"a file of {size / 1e6:.1f} MB is too large to publish (at most "
            f"{MAX_BYTES // 1000 // 1000} MB: link to larger files with a resource's 'link')"
        )
    what, recognize = TYPES[suffix]
    try:
        with path.open("rb") as file:
            head = file.read(SNIFFED_BYTES)
        recognized = recognize(head, path)
    except OSError as error:
        return f"the file cannot be read ({error.strerror})"
    start = head.removeprefix(b"\xef\xbb\xbf")
    if MARKUP.match(start) or (suffix in TEXT_TYPES and ACTIVE_TAGS.search(start)):
        return (
            f"the name says .{suffix}, but the file holds markup (<html>, <svg>, <script>...) "
            "that a browser could run on the site"
        )
    if recognized:
        return None
    if suffix in TEXT_TYPES:
        return (
            f"the name says .{suffix}, but the file is not UTF-8 text: save it again as "
            "UTF-8 (in Excel: CSV UTF-8)"
        )
    return (
        f"the name says .{suffix}, but the file is not {what}: export it again as one, or "
        "name it for what it is"
    )


assert set(TYPES) >= set(ATTACHMENT_TYPES) | set(IMAGE_TYPES), "every type needs a check"
