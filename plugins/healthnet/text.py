"""Text helpers shared by validation, sorting and slugs."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: "Clinique Santé" and "clinique sante" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Clinique Santé" -> "clinique-sante"."""
    return _NOT_ALNUM.sub("-", fold(text).replace("'", "")).strip("-")


def sort_key(text: str) -> str:
    """Order names as people expect: accents and case ignored, a leading "The" skipped."""
    folded = " ".join(fold(text).split())
    return folded.removeprefix("the ")


def is_unsafe_character(char: str, allow_newlines: bool = False) -> bool:
    """Control and invisible formatting characters (incl. bidi overrides) in editor text."""
    if allow_newlines and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
