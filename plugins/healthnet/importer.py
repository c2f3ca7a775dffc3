"""`invoke import-members FILE.csv`: a spreadsheet of members becomes member files.

Like a build, it reads and checks everything first, then writes. The sheet is read by
import_sheet.py, each row's cells become member fields through import_mapping.py, and each
row becomes a member file's text; those files are validated together with the existing
members by the validation `invoke validate` runs, in a scratch copy of the members folder.
Only rows without an error are written, never over an existing member: a row whose file
name or name a member already has is listed as a possible update. Each problem is one line,
``FILE.csv:ROW:COLUMN: error: ...``: ROW as the spreadsheet numbers it, COLUMN its letter.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import import_mapping as cells
from . import regions
from .diagnostics import Report
from .import_mapping import CellError, Column, Mapping
from .import_sheet import Finding, Sheet, read_sheet
from .project import Project, load_network
from .social import PLATFORMS
from .taxonomy import Taxonomy, load_taxonomy
from .text import first_unsafe_character, fold, is_unsafe_character, slugify
from .validation import parse_date

# The network's own mapping (type synonyms, usual columns); --mapping adds to it.
DEFAULT_MAPPING = Path("import") / "mapping.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/member.schema.json"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Draft:
    """One spreadsheet row on its way to becoming a member file."""

    row: int
    cells: dict[str, tuple[Column, str]]  # field -> its column and the cell's text
    data: dict = field(default_factory=dict)  # the member file's fields
    slug: str = ""
    failed: set[str] = field(default_factory=set)  # fields whose cell gave an error
    findings: list[Finding] = field(default_factory=list)
    update_of: str | None = None  # the existing member file it may update
    # A row that cannot become a file (no name, a repeated row): nothing to validate.
    unnamed: bool = False

    def text(self, name: str) -> str:
        return self.cells[name][1] if name in self.cells else ""

    def column(self, name: str) -> int:
        found = self.cells.get(name) or self.cells.get("name")
        return found[0].index if found else 0

    def add(self, name: str, message: str, severity: str = "error") -> None:
        """A finding about the cell of field ``name``, introduced by its column's header."""
        header = self.cells[name][0].header if name in self.cells else name
        self.findings.append(Finding(self.row, self.column(name), severity, f"{header}: {message}"))
        if severity == "error":
            self.failed.add(name)

    @property
    def has_errors(self) -> bool:
        return any(finding.is_error for finding in self.findings)


def import_members(
    project: Project,
    sheet_path: Path,
    mapping_file: Path | None = None,
    country: str | None = None,
    joined: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> int:
    """Write a member file for every valid new row; print every problem and a summary.

    1 if any row has an error (the valid rows are written all the same), or if the sheet,
    the options or a mapping file do (then nothing is).
    """
    today = today or dt.date.today()
    report = Report(Path.cwd())
    taxonomy = load_taxonomy(project.taxonomy_file, report)
    sheet = columns = None
    problems: list[Finding] = []  # with the sheet's columns
    if taxonomy:
        mapping = cells.default_mapping(taxonomy)
        for path in (project.root / DEFAULT_MAPPING, mapping_file):
            if path and (path.exists() or path == mapping_file):
                cells.load_mapping(path, taxonomy, mapping, report)
        options = _options(country, joined, today, report)
        if not project.members_dir.is_dir():
            report.error(project.members_dir, (1, 1), "the members folder does not exist")
        sheet = read_sheet(sheet_path, report)
    if sheet:
        columns = _columns(sheet, mapping, taxonomy, options["country"], problems, report)
    if report.errors or problems:
        for line in [d.format() for d in report.sorted()] + [located(sheet, p) for p in problems]:
            print(line)
        print("nothing imported: fix the errors above")
        return 1
    drafts = [
        Draft(row, {name: (column, values[column.index]) for name, column in columns.items()})
        for row, values in sheet.rows
    ]
    for draft in drafts:
        convert(draft, taxonomy, mapping, options)
    name_drafts(drafts)
    find_existing(drafts, project.members_dir, report)
    checked = [draft for draft in drafts if not draft.update_of and not draft.unnamed]
    validate_drafts(checked, project, sheet.name, today)
    written = [draft for draft in checked if not draft.has_errors]
    if not dry_run:
        written = [draft for draft in written if write(draft, project.members_dir, sheet, report)]
    print(f"{sheet.name}: {describe_columns(columns, sheet.header)}")
    print_findings(sheet, drafts, written)
    print(summary_line(sheet, drafts, written, report.relative(project.members_dir), dry_run))
    return 1 if sheet.error_rows or any(draft.has_errors for draft in drafts) else 0


def _options(country: str | None, joined: str | None, today: dt.date, report: Report) -> dict:
    options = {"country": None, "joined": today.isoformat()}
    if country:
        try:
            options["country"] = cells.country_code(country)
        except CellError as problem:
            report.error(Path("--country"), (1, 1), str(problem))
    if joined:
        if parse_date(joined) is None:
            report.error(Path("--joined"), (1, 1), f"'{joined}' is not a date; write YYYY-MM-DD")
        options["joined"] = joined
    return options


def _columns(sheet: Sheet, mapping: Mapping, taxonomy: Taxonomy, country, problems, report):
    """Which column holds each field; a sheet without the required ones is refused."""
    found: list[tuple[int, str]] = []
    columns = cells.match_columns(sheet.header, mapping, taxonomy, found, report)
    every = ", ".join(str(Column(index, text)) for index, text in enumerate(sheet.header))
    for name in (*cells.REQUIRED, *(() if country else ("country",))):
        if name not in columns and mapping.columns.get(name) is None:
            extra = ", or give --country XX for every row" if name == "country" else ""
            found.append((0, f"no column holds the {name}; the sheet's columns: {every}; name "
                          f"it in a mapping file (columns: {name}: <header>){extra}"))  # fmt: skip
    for index, text in sorted(found, key=lambda problem: problem[0]):
        problems.append(Finding(sheet.header_row, index, "error", text))
    return columns


def describe_columns(columns: dict[str, Column], header: list[str]) -> str:
    """ "name from A 'Hospital Name', type from B 'Type'...; not imported: I 'Phone'"."""
    used = {column.index for column in columns.values()}
    read = ", ".join(f"{name} from {column}" for name, column in columns.items())
    ignored = [str(Column(i, text)) for i, text in enumerate(header) if i not in used and text]
    return f"{read}; not imported: {', '.join(ignored)}" if ignored else read


# -- rows to member data ---------------------------------------------------------------


def convert(draft: Draft, taxonomy: Taxonomy, mapping: Mapping, options: dict) -> None:
    """The member fields a row gives. Each cell that gives none is reported, and a valid
    stand-in keeps the rest of the row checkable by validation."""
    data = draft.data
    data["name"] = draft.text("name")
    if not data["name"]:
        draft.add("name", "empty; every member needs a name")
        draft.unnamed = True
    data["type"] = _field(
        draft,
        "type",
        taxonomy.member_types.keys[0],
        lambda text: cells.type_key(text, mapping, taxonomy),
    )
    data["joined"] = options["joined"]
    location = data["location"] = {}
    if not cells.is_nothing(draft.text("city")):
        location["city"] = draft.text("city")
    country = _field(draft, "country", "US", cells.country_code, options["country"])
    if not cells.is_nothing(draft.text("region")) and "country" not in draft.failed:
        try:
            location["region"] = cells.region_code(draft.text("region"), country)
        except CellError as problem:
            draft.add("region", str(problem))
    location["country"] = country
    data["website"] = _field(draft, "website", "https://www.example.org", _website(draft))
    region = location.get("region")
    data["summary"] = cells.summary(
        taxonomy.member_types.terms[data["type"]],
        location.get("city"),
        regions.subdivision_name(country, region) if region else None,
        country,
    )
    data["social"] = {}
    for key in taxonomy.platforms.keys:
        platform, label = PLATFORMS[key], taxonomy.platforms.label(key)
        if platform.takes_url:
            value = _field(draft, key, None, _website(draft, key), optional=True)
        else:
            read = functools.partial(cells.handle, platform=platform, label=label)
            value = _field(draft, key, None, read, optional=True)
        if value:
            data["social"][key] = value


def _field(draft: Draft, name: str, stand_in, read, default=None, optional: bool = False):
    """The value of a field from its cell (``default`` when empty), or ``stand_in``."""
    text = draft.text(name)
    if cells.is_nothing(text):
        if default or optional:
            return default
        what = "country, or give --country XX" if name == "country" else name
        draft.add(name, f"empty; every member needs a {what}")
        return stand_in
    try:
        return read(text)
    except CellError as problem:
        draft.add(name, str(problem))
        return stand_in


def _website(draft: Draft, name: str = "website"):
    def read(text: str) -> str:
        address, upgraded = cells.https_address(text)
        if upgraded:
            draft.add(name, f"'{text}' is written as {address}: check that it opens", "warning")
        return address

    return read


def name_drafts(drafts: list[Draft]) -> None:
    """Each row's name and file name. Names must be unique on the site: one name on rows in
    different cities becomes "Name, City" on each; a row repeating an earlier row's name
    and city, or giving an earlier row's file name, is an error."""
    groups: dict[str, list[Draft]] = {}
    for draft in drafts:
        if not draft.unnamed:
            groups.setdefault(name_key(draft.data["name"]), []).append(draft)
    for group in groups.values():
        cities = {fold(draft.data["location"].get("city", "")) for draft in group}
        first_in: dict[str, Draft] = {}
        for draft in group:
            name, city = draft.data["name"], draft.data["location"].get("city", "")
            first = first_in.setdefault(fold(city), draft)
            if first is not draft:
                where = f" in {city}" if city else ""
                draft.add("name", f"'{name}'{where} is on row {first.row} already; keep one row")
                draft.unnamed = True
            elif len(cities) > 1 and not city:
                others = ", ".join(str(other.row) for other in group if other is not draft)
                draft.add(
                    "name",
                    f"'{name}' is also on rows {others}, in other cities: give "
                    "this row its city too, to tell them apart",
                )
                draft.unnamed = True
            elif len(cities) > 1:
                draft.data["name"] = f"{name}, {city}"
    by_slug: dict[str, Draft] = {}
    for draft in drafts:
        if draft.unnamed:
            continue
        name = draft.data["name"]
        draft.slug = slugify(name)
        first = by_slug.setdefault(draft.slug, draft)
        if not draft.slug:
            draft.add("name", f"'{name}' gives no usable file name; use letters or digits")
            draft.unnamed = True
        elif first is not draft:
            draft.add(
                "name",
                f"'{name}' gives the same file name, {draft.slug}.yaml, as "
                f"'{first.data['name']}' on row {first.row}: make them differ",
            )
            draft.unnamed = True


def name_key(name: str) -> str:
    """A name as the site's unique-name rule compares it (crosschecks.check_unique)."""
    return " ".join(fold(name).split())


def find_existing(drafts: list[Draft], members_dir: Path, report: Report) -> None:
    """Rows whose file name, name or former name (aliases) a member already has: possible
    updates, never written over."""
    by_slug, by_name = {}, {}
    for path in sorted(members_dir.glob("*.yaml")):
        by_slug[slugify(path.stem)] = path
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            aliases = data.get("aliases") if isinstance(data.get("aliases"), list) else []
            for name in [data.get("name"), *aliases]:
                if isinstance(name, str):
                    by_name.setdefault(name_key(name), path)
    for draft in drafts:
        if draft.unnamed:
            continue
        path, reason = by_slug.get(draft.slug), "the same file name"
        if path is None:
            names = (name_key(draft.data["name"]), name_key(draft.text("name")))
            path = by_name.get(names[0]) or by_name.get(names[1])
            reason = "the same name"
        if path is not None:
            possible_update(draft, report.relative(path), reason)


def possible_update(draft: Draft, existing: str, reason: str) -> None:
    """The row is left for someone to compare with the existing file: its other findings
    do not matter now."""
    draft.update_of = existing
    draft.findings = [
        Finding(
            draft.row,
            draft.column("name"),
            "note",
            f"possible update of {existing} "
            f"({reason}); not written: compare the row with that file",
        )
    ]


# -- member files ----------------------------------------------------------------------


def member_text(draft: Draft, sheet_name: str) -> tuple[str, dict[int, str]]:
    """The member file of a row, in `invoke new-member`'s style, and the field each line
    comes from (so that a validation error finds its cell)."""
    data = draft.data
    source = "".join(char for char in Path(sheet_name).name if char.isprintable())
    note = (
        f"Imported from {source}, row {draft.row}. Add a logo, a description and topics "
        "(CONTRIBUTING.md explains them), then run `invoke validate`."
    )
    lines: list[tuple[str, str]] = [
        (SCHEMA_LINE, "name"),
        *[(f"# {line}", "name") for line in textwrap.wrap(note, 90, break_on_hyphens=False)],
        (f"name: {_scalar(data['name'])}", "name"),
        (f"type: {data['type']}", "type"),
        (f"joined: {data['joined']}", "name"),
        ("location:", "country"),
        *[(f"  {key}: {_scalar(value)}", key) for key, value in data["location"].items()],
        (f"website: {_scalar(data['website'])}", "website"),
        (f"summary: {_scalar(data['summary'])}", "type"),
    ]
    if data["social"]:
        lines.append(("social:", "name"))
        lines += [(f"  {key}: {_scalar(value)}", key) for key, value in data["social"].items()]
    text = "\n".join(line for line, _ in lines) + "\n"
    return text, {number: name for number, (_, name) in enumerate(lines, start=1)}


def _scalar(text: str) -> str:
    """Text as YAML reads it back unchanged: plain where it would be, otherwise in double
    quotes ("NO", "0123", "@handle", "a: b"), with quotes, backslashes and every control or
    invisible character escaped, so that the file shows what it holds."""
    if first_unsafe_character(text) is None:
        try:
            if yaml.load(f"k: {text}", Loader=_Loader) == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append(f"\\{char}")
        elif is_unsafe_character(char) or not char.isprintable():
            code = ord(char)
            escaped.append(f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def validate_drafts(drafts: list[Draft], project: Project, sheet_name: str, today) -> None:
    """Validate the rows' files together with the existing members, as `invoke validate`
    does; each error goes to the cell of the line it is on. Warnings (no logo...) are left
    to `invoke validate`."""
    lines_of: dict[str, dict[int, str]] = {}
    with tempfile.TemporaryDirectory(prefix="import-members-") as scratch:
        members = Path(scratch) / "members"
        members.mkdir()
        for existing in project.members_dir.iterdir():
            _link(existing, members / existing.name)
        for draft in drafts:
            text, lines_of[f"{draft.slug}.yaml"] = member_text(draft, sheet_name)
            (members / f"{draft.slug}.yaml").write_text(text, encoding="utf-8")
        report = Report(members)
        content = Path(scratch) / "content"  # none: only members are checked
        load_network(Project.at(project.root, members, content, project.kinds), report, today)
    by_file = {f"{draft.slug}.yaml": draft for draft in drafts}
    for diagnostic in report.errors:
        draft = by_file.get(diagnostic.path)
        if draft is not None:
            name = lines_of[diagnostic.path].get(diagnostic.line, "name")
            if name not in draft.failed:  # already reported in the sheet's own words
                draft.add(name, diagnostic.message)


def _link(source: Path, target: Path) -> None:
    """An existing member (or the logos folder) in the scratch folder, by reference where
    the system allows it."""
    try:
        os.symlink(source.resolve(), target, target_is_directory=source.is_dir())
    except OSError:
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)


def write(draft: Draft, members_dir: Path, sheet: Sheet, report: Report) -> bool:
    """Create the member file, never over one that appeared meanwhile."""
    path = members_dir / f"{draft.slug}.yaml"
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(member_text(draft, sheet.name)[0])
    except FileExistsError:
        possible_update(draft, report.relative(path), "the same file name")
        return False
    return True


# -- what it says ----------------------------------------------------------------------


def print_findings(sheet: Sheet, drafts: list[Draft], written: list[Draft]) -> None:
    """Errors and notes of every row, in sheet order; warnings of the rows written only."""
    kept = set(map(id, written))
    findings = list(sheet.findings)
    for draft in drafts:
        findings += [f for f in draft.findings if f.severity != "warning" or id(draft) in kept]
    for finding in sorted(findings):
        print(located(sheet, finding))


def located(sheet: Sheet, finding: Finding) -> str:
    """ "hospitals.csv:12:C: error: ...": the row and column as the spreadsheet shows them."""
    where = f"{sheet.name}:{finding.row}:{cells.column_letter(finding.column)}"
    return f"{where}: {finding.severity}: {finding.message}"


def summary_line(sheet: Sheet, drafts, written, folder: str, dry_run: bool) -> str:
    """ "members.csv: 240 written to members/, 3 possible updates, 2 rows with errors, 1 blank
    row skipped"."""

    def count(number: int, noun: str) -> str:
        return f"{number} {noun}{'s' * (number != 1)}"

    updates = sum(1 for draft in drafts if draft.update_of)
    errors = sum(1 for draft in drafts if draft.has_errors) + sheet.error_rows
    done = f"{len(written)} {'would be ' * dry_run}written to {folder}/"
    return (
        f"{sheet.name}: {done}, {count(updates, 'possible update')}, "
        f"{count(errors, 'row')} with errors, {count(sheet.blank_rows, 'blank row')} skipped"
        + " (dry run: nothing written)"
        * dry_run
    )
