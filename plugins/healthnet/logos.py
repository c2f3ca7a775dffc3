"""Member logos: where they may live, which formats, and what an SVG may contain.

Logos are contributed files served from the site's own origin; an SVG opened directly
runs its scripts there. So SVGs are held to an allow-list of drawing elements, with no
scripts, event handlers, external references or entity declarations.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_BYTES = 1_000_000
ALLOWED_SUFFIXES = (".svg", ".png", ".webp")
MAGIC_BYTES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
}
SVG_ELEMENTS = frozenset(
    [
        "svg",
        "g",
        "path",
        "circle",
        "rect",
        "ellipse",
        "line",
        "polygon",
        "polyline",
        "text",
        "tspan",
        "title",
        "desc",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
        "clipPath",
        "mask",
        "symbol",
        "use",
    ]
)
# Functions that only compute colors or geometry; anything else (url(...), image-set(...),
# var(...)) could fetch or hide something.
SAFE_FUNCTIONS = frozenset(
    ["rgb", "rgba", "hsl", "hsla", "translate", "rotate", "scale", "matrix", "skewx", "skewy"]
)
_FUNCTION_CALL = re.compile(r"([A-Za-z-]+)\s*\(([^)]*)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


# (logo, file size, modification time) -> its problem: many members may share one file,
# and a rebuild need not read an unchanged one again.
_checked: dict[tuple, str | None] = {}


def logo_problem(members_dir: Path, logo: str) -> str | None:
    """Why members/<logo> is not an acceptable logo, or None."""
    path = members_dir / logo
    try:
        stat = path.stat()
        key = (str(path), logo, stat.st_size, stat.st_mtime_ns, stat.st_ino)
    except OSError:
        return _logo_problem(members_dir, logo)
    if key not in _checked:
        _checked[key] = _logo_problem(members_dir, logo)
    return _checked[key]


def _logo_problem(members_dir: Path, logo: str) -> str | None:
    logos_dir = (members_dir / "logos").resolve()
    path = (members_dir / logo).resolve()
    if not path.is_relative_to(logos_dir):
        return f"'{logo}' must be a file inside members/logos/"
    if path.suffix not in ALLOWED_SUFFIXES:
        return f"'{logo}' must be an SVG, PNG or WebP file (.svg, .png or .webp)"
    if not path.is_file():
        return (
            f"file members/{logo} does not exist; add the file to members/logos/ "
            "or remove the 'logo' line"
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        return f"file members/{logo} is {size:,} bytes; at most {MAX_BYTES:,} are allowed"
    data = path.read_bytes()
    if path.suffix == ".svg":
        problem = svg_problem(data)
        return f"file members/{logo} {problem}" if problem else None
    if not data.startswith(MAGIC_BYTES[path.suffix]) or (
        path.suffix == ".webp" and data[8:12] != b"WEBP"
    ):
        return f"file members/{logo} is not a {path.suffix[1:].upper()} image"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why SVG bytes are unsafe or unreadable, or None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 text; save the SVG with UTF-8 encoding"
    body = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    body = _COMMENT.sub("", body)  # editors' comments are harmless; what they hide is not
    if "<!" in body.replace("<![CDATA[", ""):
        return "must not contain <!DOCTYPE>, <!ENTITY> or other declarations"
    if "<?" in body:  # such as <?xml-stylesheet href=...?>, which loads a stylesheet
        return "must not contain processing instructions (<?...?>)"
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return f"is not a readable SVG file ({exc})"
    if _local(root.tag) != "svg":
        return "is not an SVG file (its root element is not <svg>)"
    for element in root.iter():
        name = _local(element.tag)
        if name not in SVG_ELEMENTS:
            return (
                f"contains <{name}>, which is not allowed in logos; allowed elements: "
                f"{', '.join(sorted(SVG_ELEMENTS))}"
            )
        for attribute, value in element.attrib.items():
            problem = _attribute_problem(_local(attribute), value)
            if problem:
                return problem
    return None


def _attribute_problem(attribute: str, value: str) -> str | None:
    if attribute.lower().startswith("on"):
        return f"contains the event handler attribute {attribute}, not allowed"
    if attribute == "href" and not value.startswith("#"):
        return "links to another file or site; only #fragment links are allowed"
    if "\\" in value:  # CSS escapes can spell url( without the letters
        return f"has a backslash in the attribute {attribute}; write the value plainly"
    for function, argument in _FUNCTION_CALL.findall(value):
        if function.lower() == "url" and argument.lstrip(" '\"").startswith("#"):
            continue
        if function.lower() not in SAFE_FUNCTIONS:
            return (
                f"uses {function}(...) in the attribute {attribute}; logos must be "
                "self-contained (allowed: url(#id), colors and transforms)"
            )
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
