"""Checks across files, run on every build after each file was checked on its own: files on
disk that a file names (logos, attachments), references to other files, and names or titles
that must be unique.

References are checked against every file present, valid or not, so that a mistake in one
file is not reported again as a broken reference in another.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .kinds import Kind, Reference
from .schema import SLUG_PATTERN
from .schema_errors import closest, field_name
from .text import fold, matches_whole, slugify
from .validation import value_at
from .yamlsource import SourceDocument


def check_all(kinds, loaded: dict, report: Report) -> set[str]:
    """``loaded``: kind name -> (checker, [(path, sources.Checked)]). Returns the files that
    got an error here, as the report names them (each file's own errors are in its Checked)."""
    errors_before = len(report.diagnostics)
    slugs = {kind.name: {path.stem for path, _ in loaded[kind.name][1]} for kind in kinds}
    by_name = {kind.name: kind for kind in kinds}
    for kind in kinds:
        checker, files = loaded[kind.name]
        documents = [checked.source.document for _, checked in files if checked.source]
        check_unique_slugs(kind, [path for path, _ in files], report)
        for document in documents:
            if isinstance(document.data, dict):
                checker.check_files(document, report)
                for reference in kind.references:
                    target = by_name[reference.kind]
                    check_reference(document, reference, target, slugs[target.name], report)
        check_unique(kind, documents, report)
    return {d.path for d in report.diagnostics[errors_before:] if d.is_error}


def check_reference(
    document: SourceDocument, reference: Reference, target: Kind, known: set[str], report: Report
) -> None:
    """Every slug listed at the reference's field must name a file of the target kind."""
    listed = value_at(document.data, reference.field)
    if not isinstance(listed, list):
        return
    for index in range(len(listed)):
        where = (*reference.field, index)
        if reference.key:
            where = (*where, reference.key)
        slug = value_at(document.data, where)
        if isinstance(slug, str) and matches_whole(SLUG_PATTERN, slug) and slug not in known:
            report.error(
                document.path,
                document.position(where),
                f"'{field_name(where)}' is '{slug}', which is not {target.what}"
                f"{closest(slug, sorted(known))}; allowed: {target.slug_rule}",
            )


def check_unique_slugs(kind: Kind, files: list[Path], report: Report) -> None:
    """Two file names that differ only in case or accents would share a URL.

    The file whose name already is the slug keeps it; the others are reported.
    """
    files_by_slug: dict[str, list[Path]] = {}
    for path in files:
        files_by_slug.setdefault(slugify(path.stem), []).append(path)
    for slug, paths in files_by_slug.items():
        keeper = next((p for p in paths if p.stem == slug), paths[0])
        for path in paths:
            if path is not keeper:
                report.error(
                    path,
                    (1, 1),
                    f"file name gives the same slug '{slug}' as {report.relative(keeper)}; "
                    f"each {kind.label.lower()} needs its own",
                )


def check_unique(kind: Kind, documents: list[SourceDocument], report: Report) -> None:
    """Names (members) or titles must differ even ignoring case, accents and spacing: two
    items with one name cannot be told apart in lists and search results. Every file with
    one takes part, valid or not, so that a run reports it all; the first keeps it."""
    field = kind.unique
    first_by_value: dict[str, SourceDocument] = {}
    for document in documents:
        data = document.data
        value = data.get(field) if isinstance(data, dict) else None
        if not isinstance(value, str) or not value.strip():
            continue
        first = first_by_value.setdefault(" ".join(fold(value).split()), document)
        if first is document:
            continue
        if field == "name":
            rule = "names must be unique (ignoring case and accents)"
        else:
            rule = f"each {kind.label.lower()} needs its own {field}"
        report.error(
            document.path,
            document.position((field,)),
            f"{field} '{value}' is already used by {report.relative(first.path)}; {rule}",
        )
