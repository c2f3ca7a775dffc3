"""Checks across files, run on every build after each file was checked on its own: the rules
about the build day (a date in the future, a review overdue), files on disk that a file
names (logos, attachments), references to other files, names or titles that must be
unique, and every file under content/ and members/ being one the site reads or publishes.

References are checked against every file present, valid or not, so that a mistake in one
file is not reported again as a broken reference in another.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import attachments
from .diagnostics import Report
from .kinds import Kind, Reference
from .schema import SLUG_PATTERN
from .schema_errors import closest, field_name
from .text import fold, matches_whole, slugify
from .validation import value_at
from .yamlsource import SourceDocument


def check_all(kinds, loaded: dict, report: Report, project=None) -> set[str]:
    """``loaded``: kind name -> (checker, [(path, sources.Checked)]). Returns the files that
    got an error here, as the report names them (each file's own errors are in its Checked).
    With the ``project``, every other file of its folders is checked too (check_tree)."""
    errors_before = len(report.diagnostics)
    if project is not None:
        check_tree(project, [path for _, files in loaded.values() for path, _ in files], report)
    slugs = {kind.name: {path.stem for path, _ in loaded[kind.name][1]} for kind in kinds}
    by_name = {kind.name: kind for kind in kinds}
    for kind in kinds:
        checker, files = loaded[kind.name]
        documents = [checked.source.document for _, checked in files if checked.source]
        check_unique_slugs(kind, [path for path, _ in files], report)
        for document in documents:
            if isinstance(document.data, dict):
                checker.check_day(document, report)
                checker.check_files(document, report)
                for reference in kind.references:
                    target = by_name[reference.kind]
                    check_reference(document, reference, target, slugs[target.name], report)
        checker.files_checked()
        check_unique(kind, documents, report)
        if "url" in checker.schema.get("properties", {}):
            check_unique_addresses(kind, documents, report)
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


def check_unique_addresses(kind: Kind, documents: list[SourceDocument], report: Report) -> None:
    """Files that may give their own 'url' (pages): two at one address would be written to
    one file, the second over the first. The file whose own name gives it keeps it."""
    claims: dict[str, list[SourceDocument]] = {}
    for document in documents:
        data = document.data if isinstance(document.data, dict) else {}
        url = data.get("url")
        address = url if isinstance(url, str) else kind.url_of(document.path.stem)
        claims.setdefault(address, []).append(document)
    for address, claimants in claims.items():
        keeper = next((d for d in claimants if kind.url_of(d.path.stem) == address), claimants[0])
        for document in claimants:
            if document is not keeper:
                report.error(
                    document.path,
                    document.position(("url",)),
                    f"'url' is '{address}', the address of {report.relative(keeper.path)}; "
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


# -- every file on disk ----------------------------------------------------------------------

# A note for editors beside the data: never read, never published.
README = "README.md"
LOGO_SUFFIXES = (".svg", ".png", ".webp")  # as logos.ALLOWED_SUFFIXES; checked when named


@dataclass(frozen=True)
class Place:
    """A folder under content/ or members/ and the files it accepts."""

    name: str  # as editors know it: "content/news", "members/logos"
    allowed: str  # what it accepts, in an editor's words
    kind_files: bool = False  # the files its kinds list (directly in it)
    published: attachments.Folder | None = None  # files published as they are, at any depth
    suffixes: tuple[str, ...] = ()  # other files accepted directly in it, by their suffix
    readme: bool = False  # a README.md directly in it


def places(project) -> dict[Path, tuple[Place, dict[str, Place]]]:
    """content/ and members/, each with its own rule and its subfolders' rules by name."""
    content = {}
    for kind in project.kinds:
        first, _, rest = kind.folder.partition("/")
        if first == "content" and rest and "/" not in rest:
            content[rest] = Place(kind.folder, _kind_files(kind), kind_files=True)
    for folder in attachments.FOLDERS.values():
        content[folder.name] = Place(f"content/{folder.name}", folder.allowed, published=folder)
    folders = ", ".join(f"{name}/" for name in sorted(content))
    content_own = Place("content", f"the folders {folders}; {README}", readme=True)
    members = {"logos": Place("members/logos", "logos (.svg, .png, .webp)", suffixes=LOGO_SUFFIXES)}
    member_kinds = [_kind_files(kind) for kind in project.kinds if kind.folder == "members"]
    members_own = Place(
        "members", "; ".join([*member_kinds, "the folder logos/", README]), True, readme=True
    )
    return {
        project.content_dir: (content_own, content),
        project.members_dir: (members_own, members),
    }


def _kind_files(kind) -> str:
    """ "news posts as Markdown files with front matter (<name>.md)"."""
    items = f"{(kind.what or kind.label).split(' ', 1)[-1].lower()}s"
    if kind.suffix == ".md":
        return f"{items} as Markdown files with front matter (<name>.md)"
    return f"{items} as <name>{kind.suffix} files"


def check_tree(project, listed: list[Path], report: Report) -> None:
    """Every file under content/ and members/ is one the site reads (a kind's file, listed
    in ``listed``) or publishes after checking it (an attachment or picture of an allowed
    type, recognized by its content); anything else is an error with its path: other
    types, files in subfolders or hidden, symbolic links (which could publish a file from
    outside the repository). Files another check already reported are not reported again."""
    check_committed_cache(project, report)
    reported = {d.path for d in report.diagnostics if d.is_error}
    accepted = {str(path) for path in listed}
    for top, (own, subfolders) in places(project).items():
        if top.is_symlink():
            message = "is a symbolic link, which the site never follows: commit the folder itself"
            report.error(top, (1, 1), f"{own.name}/ {message}")
            continue
        # The usual file is a kind's, which its checker reads: only the others are looked at.
        others = [(f, e) for f, e in _entries(str(top)) if e != "file" or f not in accepted]
        for found, entry in sorted(others):
            path = Path(found)
            if report.relative(path) in reported:
                continue
            parts = path.relative_to(top).parts
            place = own if len(parts) == 1 else subfolders.get(parts[0])
            problem = _problem(path, parts, entry, place, own)
            if problem:
                place = place or own
                report.error(path, (1, 1), f"{problem}; allowed in {place.name}/: {place.allowed}")


def check_committed_cache(project, report: Report) -> None:
    """The build cache (.cache/, beside members/) holds what earlier builds made and judged
    (images, logo checks), used as it is: committed, a file of it could publish an image
    that no build made from a checked logo. .gitignore keeps it out of commits made with
    git, not out of a pull request's upload, so git is asked what the repository holds."""
    cache = project.cache_dir
    try:
        listed = subprocess.run(
            ["git", "-C", str(cache.parent), "ls-files", "-z", "--", cache.name],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return  # no git: no repository to hold it
    if listed.returncode != 0:
        return  # not in a repository
    for name in sorted(filter(None, listed.stdout.decode("utf-8", "replace").split("\0"))):
        report.error(
            cache.parent / name,
            (1, 1),
            f"{cache.name}/ is the build's own cache and is never committed (a committed file "
            f"there would be published as if a build had made it); remove it with "
            f"'git rm -r --cached {cache.name}'",
        )


def _problem(path: Path, parts: tuple, entry: str, place, own: Place) -> str | None:
    """Why the file ``parts`` below the top folder ``own`` is not accepted in ``place``
    (None: a folder the top does not have); None if it is accepted."""
    if entry == "link":
        return (
            "a symbolic link is never followed (it could publish a file from outside the "
            "repository): commit the file itself in its place"
        )
    if entry == "other":
        return "not a regular file"
    hidden = next((part for part in parts if part.startswith(".")), None)
    if hidden == parts[-1]:
        return "a hidden file (its name starts with '.') is never read or published"
    if hidden:
        return f"a file in the hidden folder {hidden}/ is never read or published"
    if place is None:
        return f"{own.name}/{parts[0]}/ is not a folder the site reads"
    if place.published:
        return attachments.type_problem(path, place.published) or attachments.content_problem(path)
    if len(parts) > (1 if place is own else 2):
        return f"a file in a subfolder of {place.name}/ is never read"
    if place.readme and path.name == README or path.suffix in place.suffixes:
        return None
    return f"'{path.suffix}' files are never read" if path.suffix else "a file without a type"


def _entries(top: str):
    """(path, "file" | "link" | "other") of everything below ``top``; symbolic links are
    not followed (and telling what an entry is costs no system call)."""
    if not os.path.isdir(top):
        return
    with os.scandir(top) as found:
        entries = list(found)
    for entry in entries:
        if entry.is_symlink():
            yield entry.path, "link"
        elif entry.is_dir(follow_symlinks=False):
            yield from _entries(entry.path)
        elif entry.is_file(follow_symlinks=False):
            yield entry.path, "file"
        else:
            yield entry.path, "other"


def plain_files(paths: list[Path], project) -> list[Path]:
    """The regular files among ``paths`` that are reached without a symbolic link from
    their top folder (content/, members/) down: the only files the site reads (check_tree
    reports the others). One look at each folder, not one per file."""
    plain = []
    regular: dict[str, set[str]] = {}  # folder -> its regular files, if reached plainly
    for path in paths:
        name = str(path)
        folder = name.rpartition(os.sep)[0]
        if folder not in regular:
            regular[folder] = _regular_files(Path(folder), project)
        if name in regular[folder]:
            plain.append(path)
    return plain


def _regular_files(folder: Path, project) -> set[str]:
    tops = (project.content_dir, project.members_dir)
    top = next((top for top in tops if folder.is_relative_to(top)), folder)
    try:
        if folder.resolve() != top.parent.resolve() / folder.relative_to(top.parent):
            return set()  # a link on the way: nothing in it is read
        with os.scandir(folder) as found:
            return {entry.path for entry in found if entry.is_file(follow_symlinks=False)}
    except (OSError, RuntimeError):
        return set()
