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
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def logo_problem(members_dir: Path, logo: str) -> str | None:
    """Why members/<logo> is not an acceptable logo, or None."""
    logos_dir = (members_dir / "logos").resolve()
    path = (members_dir / logo).resolve()
    if not path.is_relative_to(logos_dir):
        return f"'{logo}' must be a file inside members/logos/"
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
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "must not contain <!DOCTYPE> or <!ENTITY> declarations"
    try:
        root = ET.fromstring(data)
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
            attribute = _local(attribute)
            if attribute.lower().startswith("on"):
                return f"contains the event handler attribute {attribute}, not allowed"
            if attribute == "href" and not value.startswith("#"):
                return "links to another file or site; only #fragment links are allowed"
            if _EXTERNAL_URL.search(value) or "javascript:" in value.lower():
                return "refers to an outside resource; logos must be self-contained"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
