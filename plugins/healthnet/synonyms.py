"""Words a search treats as the same: synonyms.yaml, beside taxonomy.yaml.

Each group lists words and phrases that mean one thing ("st", "saint", "ste"); its first
word is the group's own. Both sides of a search speak that word: the browser replaces a
word typed from a group by the group's first word (theme/static/js/search/words.js), and
each page's search entry carries, hidden, the first word of every group its name, former
names, city or type use (search.py). A search for "St Marys" so finds "Saint Mary's" and
"St. Mary's" alike, and the word never shows in an excerpt.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report
from .yamlsource import load_yaml

FILE_NAME = "synonyms.yaml"
# Lowercase letters and digits, apostrophes inside a word, single spaces between words.
_ENTRY = re.compile(r"[^\W_](?:[^\W_']|'(?=[^\W_]))*(?: [^\W_](?:[^\W_']|'(?=[^\W_]))*)*")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
LONGEST_PHRASE = 4  # words


def words(text: str) -> list[str]:
    """The words of a text as a search sees them: accents and case folded, curly
    apostrophes straight, punctuation dropped ("St. Mary’s" -> ["st", "mary's"]). The
    browser splits a query the same way (words.js: tokens)."""
    if text.isascii():  # most texts: nothing to decompose, no curly apostrophe
        return _WORD.findall(text.casefold())
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _WORD.findall(plain)


@dataclass(frozen=True)
class Synonyms:
    groups: tuple[tuple[str, ...], ...] = ()
    # Every word of a group but the first -> the group's first word.
    canonical: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, groups) -> Synonyms:
        groups = tuple(tuple(group) for group in groups)
        canonical = {word: group[0] for group in groups for word in group[1:]}
        return cls(groups, canonical)

    @functools.cached_property
    def _first_words(self) -> frozenset[str]:
        return frozenset(phrase.split(" ")[0] for phrase in self.canonical)

    def equivalents(self, texts) -> set[str]:
        """The groups' first words for every word or phrase of ``texts`` that is another
        word of a group: what a page must hold, hidden, to be found by either."""
        found: set[str] = set()
        starts = self._first_words
        for text in texts:
            if not text:
                continue
            tokens = words(text)
            for start, token in enumerate(tokens):
                if token not in starts and token.replace("'", "") not in starts:
                    continue  # no phrase begins here: most words
                for length in range(1, LONGEST_PHRASE + 1):
                    phrase = " ".join(tokens[start : start + length])
                    if phrase in self.canonical:
                        found.add(self.canonical[phrase])
                    # "children's" is also written "childrens"
                    bare = phrase.replace("'", "")
                    if bare != phrase and bare in self.canonical:
                        found.add(self.canonical[bare])
        return found


NONE = Synonyms()


def load_synonyms(path: Path, report: Report) -> Synonyms:
    """Read synonyms.yaml; a missing file means no synonyms. Every malformed entry is
    reported with its position; the valid groups are kept."""
    if not path.exists():
        return NONE
    document = load_yaml(path, report)
    if document is None:
        return NONE
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        report.error(path, (1, 1), "synonyms must be a mapping with a list 'groups'")
        return NONE
    for key in data:
        if key != "groups":
            report.error(
                path, document.key_position((key,)), f"unknown key '{key}'; allowed: groups"
            )
    groups: list[list[str]] = []
    seen: dict[str, int] = {}  # word -> the number of its group
    for number, group in enumerate(data["groups"]):
        where = document.position(("groups", number))
        if not isinstance(group, list) or len(group) < 2:
            report.error(path, where, "a group lists two or more words: [saint, st]")
            continue
        kept = []
        for index, word in enumerate(group):
            at = document.position(("groups", number, index))
            if not isinstance(word, str) or not _ENTRY.fullmatch(word) or word != word.lower():
                report.error(
                    path,
                    at,
                    f"'{word}' is not a word a search can match: lowercase letters and "
                    "digits, apostrophes inside a word, single spaces between words",
                )
            elif word in seen:
                line = document.position(("groups", seen[word]))[0]
                report.error(path, at, f"'{word}' is already in the group on line {line}")
            else:
                seen[word] = number
                kept.append(word)
        if len(kept) >= 2:
            groups.append(kept)
    return Synonyms.of(groups)
