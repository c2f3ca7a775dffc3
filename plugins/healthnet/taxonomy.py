"""The controlled vocabularies from taxonomy.yaml: member types, tiers, topics and the rest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Report
from .synonyms import FILE_NAME as SYNONYMS_FILE
from .synonyms import NONE, Synonyms, load_synonyms
from .text import first_unsafe_character
from .yamlsource import load_yaml

VOCABULARIES = (
    "member_types",
    "tiers",
    "topics",
    "audiences",
    "resource_types",
    "platforms",
)


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: dict[str, Term]

    # Not a mapping on purpose: iterating gives Terms, in taxonomy order.
    def __iter__(self):
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def keys(self) -> list[str]:
        return list(self.terms)

    def label(self, key: str) -> str:
        term = self.terms.get(key)
        return term.label if term else key


@dataclass(frozen=True)
class Taxonomy:
    member_types: Vocabulary
    tiers: Vocabulary
    topics: Vocabulary
    audiences: Vocabulary
    resource_types: Vocabulary
    platforms: Vocabulary
    # The words a search treats as the same (synonyms.yaml, beside taxonomy.yaml).
    synonyms: Synonyms = NONE


def load_taxonomy(path: Path, report: Report) -> Taxonomy | None:
    """Read taxonomy.yaml and synonyms.yaml beside it; report every malformed entry,
    return None if any."""
    errors_before = report.error_count
    document = load_yaml(path, report)
    if document is None:
        return None
    data = document.data if isinstance(document.data, dict) else {}
    if not isinstance(document.data, dict):
        report.error(path, (1, 1), "taxonomy must be a mapping of vocabularies")
    vocabularies = {}
    for name in VOCABULARIES:
        entries = data.get(name)
        if not isinstance(entries, dict) or not entries:
            report.error(
                path, document.position((name,)), f"'{name}' must map keys to label and description"
            )
            continue
        terms = {}
        for key, entry in entries.items():
            where = document.position((name, key))
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                report.error(path, where, f"'{name}.{key}' needs a text 'label'")
                continue
            terms[key] = Term(key, entry["label"], str(entry.get("description") or ""))
            for part in ("label", "description"):
                _check_characters(document, (name, key, part), entry.get(part), report)
        vocabularies[name] = Vocabulary(name, terms)
    for key in data:
        if key not in VOCABULARIES:
            report.error(
                path,
                document.key_position((key,)),
                f"unknown vocabulary '{key}'; allowed: {', '.join(VOCABULARIES)}",
            )
    synonyms = load_synonyms(path.with_name(SYNONYMS_FILE), report)
    if report.error_count > errors_before:
        return None
    return Taxonomy(**vocabularies, synonyms=synonyms)


def _check_characters(document, path: tuple, value, report: Report) -> None:
    """Labels and descriptions show on pages, feeds and exports: the text rule (text.py)."""
    char = first_unsafe_character(value) if isinstance(value, str) else None
    if char is not None:
        report.error(
            document.path,
            document.position(path),
            f"'{'.'.join(path)}' contains the character U+{ord(char):04X}; only printable "
            "characters on one line are allowed",
        )
