"""Text helpers shared by validation, sorting and slugs."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from slugify import slugify as _python_slugify

# An apostrophe joins a word ("St. Mary's" -> "st-marys"); python-slugify would split it.
_APOSTROPHES = [[quote, ""] for quote in ("'", "\u2019", "\u2018", "\u02bc")]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Clinique Santé" and "clinique sante" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens, transliterated rather than dropping letters:
    "Clinique Santé" -> "clinique-sante", "Łódź" -> "lodz", "St. Mary's" -> "st-marys".

    The one slug function of the project: file names, suggestions and imports all use it.
    The backend is named so that a slug never depends on which transliterator happens to be
    installed (Pelican brings Unidecode; requirements.txt pins text-unidecode).
    """
    return _python_slugify(
        text, replacements=_APOSTROPHES, replacement_stage="pre", backend="text-unidecode"
    )


def sort_key(text: str) -> str:
    """Order names as people expect: accents and case ignored, a leading "The" skipped."""
    folded = " ".join(fold(text).split())
    return folded.removeprefix("the ")


def matches_whole(pattern: str, text: str) -> bool:
    """Whether all of ``text`` fits a schema pattern written as ^...$.

    Python's $ also matches before a final newline; a full match does not.
    """
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), text) is not None


def month(date) -> str:
    """ "Mar 2026": a date as page labels and short ranges show it."""
    return f"{date:%b} {date.year}"


def display_url(url: str) -> str:
    """How people read an address: "https://www.example.org/" -> "www.example.org"."""
    return url.removeprefix("https://").rstrip("/")


# Characters that reorder or hide text: they can make a name read differently from what it
# is. Joiners (U+200C, U+200D) are not among them: emoji and many scripts need them.
_BIDI_AND_INVISIBLE = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
# Noncharacters: U+FDD0 to U+FDEF, and the last two code points of every plane. XML (Atom
# feeds) refuses U+FFFE and U+FFFF; none of them is meant to be exchanged as text.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# The line breaks and the tab of multi-line text (a file saved on Windows ends its lines
# with CR LF); everything else below U+0020 is a control character.
TEXT_WHITESPACE = "\t\n\r"


def is_unsafe_character(char: str, allow_newlines: bool = False) -> bool:
    """The text rule, for one character: control characters (C0 and C1), line and paragraph
    separators, lone surrogates, noncharacters, bidi overrides and isolates, and invisible
    characters. ``allow_newlines``: the tab and line breaks of multi-line text are fine."""
    if allow_newlines and char in TEXT_WHITESPACE:
        return False
    return _UNSAFE.match(char) is not None


# The same characters as patterns, so that whole values are scanned at C speed: control
# characters (category Cc), the line and paragraph separators (Zl, Zp), lone surrogates
# (Cs: no file can encode them, but YAML's "\ud800" escape can), noncharacters, bidi and
# invisible characters; the second allows the tab and the line breaks of multi-line text.
_INVISIBLE = "".join(sorted(_BIDI_AND_INVISIBLE))
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _NONCHARACTERS + _INVISIBLE + "]"
)
UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + _NONCHARACTERS
    + _INVISIBLE
    + "]"
)


# How messages say what the text rule allows, after what they found.
TEXT_ALLOWED = (
    "allowed: printable characters, tabs and line breaks (pages, feeds and exports cannot carry it)"
)


def first_unsafe_character(text: str, allow_newlines: bool = False) -> str | None:
    """The first character of ``text`` that ``is_unsafe_character`` refuses, or None."""
    match = (UNSAFE_IN_TEXT if allow_newlines else _UNSAFE).search(text)
    return match.group() if match else None


def unsafe_characters(text: str, allow_newlines: bool = False):
    """(index, character) of every character of ``text`` the text rule refuses."""
    for match in (UNSAFE_IN_TEXT if allow_newlines else _UNSAFE).finditer(text):
        yield match.start(), match.group()


def character_kind(char: str) -> str:
    """What an unsafe character is, for messages: "the control character U+0001"."""
    code = ord(char)
    if char in "\n\r":
        return "a line break"
    if char in _BIDI_AND_INVISIBLE:
        what = (
            "bidirectional control"
            if char in "\u061c\u200e\u200f"
            or (0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069)
            else "invisible character"
        )
    elif 0xD800 <= code <= 0xDFFF:
        what = "lone surrogate"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        what = "noncharacter"
    elif char in "\u2028\u2029":
        what = "line separator" if char == "\u2028" else "paragraph separator"
    else:
        what = "control character"
    return f"the {what} U+{code:04X}"


def visible(text: str, keep_lines: bool = False) -> str:
    """``text`` with every character the text rule refuses written as \\uXXXX (with
    ``keep_lines``, line feeds kept): a message quoting a contributed value can neither be
    disguised by it nor broken over lines."""
    pattern = _UNSAFE_BUT_LINE_FEED if keep_lines else _UNSAFE
    if pattern.search(text) is None:
        return text
    return pattern.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_UNSAFE_BUT_LINE_FEED = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _NONCHARACTERS + _INVISIBLE + "]"
)
