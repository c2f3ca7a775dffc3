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


def is_unsafe_character(char: str, allow_newlines: bool = False) -> bool:
    """Control characters, line separators, surrogates, bidi overrides and invisible
    characters."""
    if allow_newlines and char in "\n\t":
        return False
    category = unicodedata.category(char)
    return char in _BIDI_AND_INVISIBLE or category in ("Cc", "Zl", "Zp", "Cs")


# The same characters as patterns, so that whole values are scanned at C speed: control
# characters (category Cc), the line and paragraph separators (Zl, Zp), lone surrogates
# (Cs: no file can encode them, but YAML's "\ud800" escape can), bidi and invisible
# characters; the second allows the tab and the line feed of multi-line text.
_INVISIBLE = "".join(sorted(_BIDI_AND_INVISIBLE))
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _INVISIBLE + "]")
_UNSAFE_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _INVISIBLE + "]"
)


def first_unsafe_character(text: str, allow_newlines: bool = False) -> str | None:
    """The first character of ``text`` that ``is_unsafe_character`` refuses, or None."""
    match = (_UNSAFE_IN_TEXT if allow_newlines else _UNSAFE).search(text)
    return match.group() if match else None
