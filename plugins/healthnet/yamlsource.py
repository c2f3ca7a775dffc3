"""Safe YAML loading that remembers where every key and value came from.

PyYAML composes the document into nodes (which carry their marks); we then build plain
Python values ourselves so that we can keep a position for every key and value, reject
duplicate keys and aliases, and remember which plain scalars YAML 1.1 silently turned into
something other than text (``NO`` -> false, ``01234`` -> 668, ``2019-05-01`` -> a date).
"""

from __future__ import annotations

import datetime as dt
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .diagnostics import Report
from .text import TEXT_ALLOWED, character_kind, first_unsafe_character, visible

# LibYAML's parser is several times faster and keeps the same marks; fall back when absent.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Position = tuple[int, int]  # 1-based line and column
# Far deeper than any member or front matter needs, far shallower than the stack allows.
MAX_DEPTH = 20
# A document cannot nest deeper than it has lines and brackets; below this bound composing
# it is safe for LibYAML's recursive composer, and the builder enforces MAX_DEPTH itself.
SAFE_TO_COMPOSE = 1000
_STR_TAG = "tag:yaml.org,2002:str"
# What YAML's reader refuses, or counts as a line break where the file has none: control
# characters but the tab and line breaks, U+2028/U+2029, U+FFFE/U+FFFF. Refused before
# parsing, with their line and column and the text rule's words (text.py). Other characters
# the text rule refuses are reported by the field that holds them.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Errors of one kind reported per file before the rest are summed up.
MAX_REPORTED = 10
DataPath = tuple[str | int, ...]  # keys and list indexes from the document root

_IMPLICIT_TYPES = {
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:null": "empty value",
    "tag:yaml.org,2002:timestamp": "date",
}


@dataclass
class SourceDocument:
    """A loaded YAML document: its data and where each part of it is in the file."""

    path: Path
    data: Any = None
    value_positions: dict[DataPath, Position] = field(default_factory=dict)
    key_positions: dict[DataPath, Position] = field(default_factory=dict)
    # Plain (unquoted) scalars that YAML typed as something other than text.
    implicit_types: dict[DataPath, str] = field(default_factory=dict)
    raw_scalars: dict[DataPath, str] = field(default_factory=dict)

    # A document comes back from the process that checked it pickled. Its four tables of
    # positions travel as one marshal blob, read back only if asked for (an error, mostly):
    # unpickling them one tuple at a time cost the parent 1.1 s more at 25,000 files.
    _TABLES = ("value_positions", "key_positions", "implicit_types", "raw_scalars")

    def __getstate__(self) -> dict:
        return {"path": self.path, "data": self.data, "tables": self.tables_blob()}

    def tables_blob(self) -> bytes:
        """The four tables as one marshal blob (what checkstore.py keeps on disk, too)."""
        tables = self.__dict__.get("_tables")  # unpickled, and never unpacked since
        if tables is None:
            tables = marshal.dumps(tuple(self.__dict__[name] for name in self._TABLES))
        return tables

    @classmethod
    def from_blob(cls, path: Path, data: Any, tables: bytes) -> SourceDocument:
        document = cls.__new__(cls)
        document.__setstate__({"path": path, "data": data, "tables": tables})
        return document

    def __setstate__(self, state: dict) -> None:
        self.path, self.data, self._tables = state["path"], state["data"], state["tables"]

    def __getattr__(self, name: str):
        # Only for attributes not set: the tables of a document unpickled.
        if name in self._TABLES and "_tables" in self.__dict__:
            tables = marshal.loads(self.__dict__.pop("_tables"))
            self.__dict__.update(zip(self._TABLES, tables, strict=True))
            return self.__dict__[name]
        raise AttributeError(name)

    def position(self, path: DataPath) -> Position:
        """Where the value at ``path`` starts, or the nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.value_positions:
                return self.value_positions[path]
            path = path[:-1]
        return self.value_positions.get((), (1, 1))

    def key_position(self, path: DataPath) -> Position:
        """Where the key of ``path`` is written (for unknown or misplaced keys)."""
        return self.key_positions.get(tuple(path)) or self.position(path)


def load_yaml(
    path: Path, report: Report, text: str | None = None, line_offset: int = 0
) -> SourceDocument | None:
    """Load one YAML document from ``path`` (or ``text`` read from it).

    ``line_offset`` shifts reported lines, for YAML embedded in another file (front matter).
    Problems go to ``report``; returns None when nothing usable could be read.
    """
    if text is None:
        text = read_text(path, report)
        if text is None:
            return None
    if report_characters(path, text, report, _UNREADABLE, "the file", (1 + line_offset, 1)):
        return None
    if _nesting_bound(text) > SAFE_TO_COMPOSE and not _within_depth(
        path, text, report, line_offset
    ):
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _within(text, (mark.line + 1, mark.column + 1)) if mark else (1, 1)
        found = _character_at(text, line, column)
        report.error(path, (line + line_offset, column), _describe_yaml_error(exc, found))
        return None
    except yaml.YAMLError as exc:
        report.error(path, (1 + line_offset, 1), f"invalid YAML: {exc}")
        return None
    except RecursionError:
        report.error(path, (1 + line_offset, 1), "invalid YAML: nested too deeply")
        return None
    finally:
        loader.dispose()
    document = SourceDocument(path)
    if node is not None:
        builder = _Builder(document, report, line_offset)
        document.data = builder.build(node, ())
    return document


def report_characters(
    path: Path, text: str, report: Report, pattern, what: str, start: Position
) -> int:
    """Report the characters of ``text`` that ``pattern`` finds, the first of each line, at
    their line and column (``text`` starts at ``start`` in the file); returns how many
    lines have one."""
    if pattern.search(text) is None:  # most texts: one search, no pass line by line
        return 0
    lines = 0
    for number, line in enumerate(text.split("\n")):
        match = pattern.search(line)
        if match is None:
            continue
        lines += 1
        if lines <= MAX_REPORTED:
            column = match.start() + 1 + (start[1] - 1 if number == 0 else 0)
            report.error(
                path,
                (start[0] + number, column),
                f"{what} contains {character_kind(match.group())}; {TEXT_ALLOWED}",
            )
    if lines > MAX_REPORTED:
        report.error(
            path,
            start,
            f"{what} has such characters on {lines - MAX_REPORTED} more lines; was it saved "
            "as text? Only the first are listed",
        )
    return lines


def _nesting_bound(text: str) -> int:
    """An upper bound of how deep ``text`` can nest: each level needs a line or a bracket."""
    return text.count("\n") + text.count("[") + text.count("{") + 1


def _within_depth(path: Path, text: str, report: Report, line_offset: int) -> bool:
    """Refuse absurdly nested documents before composing them.

    Composing (and building) recurses once per level, so a few thousand nested brackets
    would exhaust the stack; the event stream is flat and safe to walk first.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    report.error(
                        path,
                        (mark.line + 1 + line_offset, mark.column + 1),
                        f"invalid YAML: nested more than {MAX_DEPTH} levels deep",
                    )
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # composing reports syntax errors with their position
    return True


def read_text(path: Path, report: Report) -> str | None:
    data = read_bytes(path, report)
    return None if data is None else decode(path, data, report)


def read_bytes(path: Path, report: Report) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        report.error(path, (1, 1), f"the file cannot be read: {exc.strerror or exc}")
        return None


def decode(path: Path, data: bytes, report: Report) -> str | None:
    """The UTF-8 text of a file's bytes; None (and an error at the bad byte) otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        report.error(
            path,
            (line, column),
            "the file is not UTF-8 text; save it with UTF-8 encoding",
        )
        return None
    text = text.removeprefix("\ufeff")
    # Line breaks as editors and YAML count them: CR LF, and a lone CR, are one break each.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _within(text: str, position: Position) -> Position:
    """A parser's position, kept inside the text: the end of the input (where an unclosed
    bracket is found missing) is the end of its last line, not a line after it."""
    lines = text.split("\n")
    line, column = position
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return position


def _character_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _describe_yaml_error(exc: yaml.MarkedYAMLError, found: str) -> str:
    """The parser's words, plus how to fix the usual causes."""
    detail = "; ".join(p for p in (exc.context, exc.problem) if p) or "cannot be read"
    cannot_start = "cannot start any token" in detail
    hint = ""
    if found == "\t":
        hint = "; indent with spaces, not tabs"
    elif cannot_start and found in "@`":
        hint = f'; a value starting with {found} must be quoted, for example "{found}name"'
    elif "mapping values are not allowed" in detail:
        hint = '; a value containing ": " must be quoted, for example "Note: text"'
    elif "expected a single document" in detail:
        hint = "; keep one document per file (remove the extra ---)"
    elif "invalid Unicode character escape code" in detail:
        hint = "; a \\u escape must name a character (U+D800 to U+DFFF are halves of pairs)"
    elif "found undefined alias" in detail:
        hint = '; a value starting with * must be quoted, for example "*name"'
    return f"invalid YAML: {detail}{hint}"


class _Builder:
    """Turns composed nodes into Python values, recording positions on the way."""

    def __init__(self, document: SourceDocument, report: Report, line_offset: int):
        self.document = document
        self.report = report
        self.line_offset = line_offset
        self.constructor = SafeConstructor()
        self.seen_nodes: set[int] = set()
        self.depth = 0
        self.too_deep = False

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def error(self, node: yaml.Node, message: str) -> None:
        self.report.error(self.document.path, self.position(node), message)

    def build(self, node: yaml.Node, path: DataPath, used_at: Position | None = None) -> Any:
        # An alias yields the anchored node again (with the anchor's position); expanding
        # it could multiply the document (the "billion laughs"), and editors rarely mean it.
        if id(node) in self.seen_nodes:
            self.report.error(
                self.document.path,
                used_at or self.position(node),
                "YAML aliases (*name) are not allowed; write the value out",
            )
            return None
        self.seen_nodes.add(id(node))
        self.document.value_positions[path] = self.position(node)
        if isinstance(node, yaml.ScalarNode):
            return self.build_scalar(node, path)
        if self.depth == MAX_DEPTH:
            if not self.too_deep:
                self.error(node, f"invalid YAML: nested more than {MAX_DEPTH} levels deep")
            self.too_deep = True
            return None
        self.depth += 1
        try:
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, path)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.depth -= 1

    def build_mapping(self, node: yaml.MappingNode, path: DataPath) -> dict:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a key must be plain text, not a list or mapping")
                continue
            # Keys are always names: keep their text, so `yes:` stays "yes", not True.
            key = key_node.value
            char = first_unsafe_character(key)
            if char is not None:
                self.error(
                    key_node,
                    f"the key '{visible(key)}' contains {character_kind(char)}; allowed: "
                    "a field name of printable characters",
                )
                continue
            if key in first_seen:
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first on line {first_seen[key]}); keep only one",
                )
                continue
            first_seen[key] = self.position(key_node)[0]
            self.document.key_positions[(*path, key)] = self.position(key_node)
            result[key] = self.build(value_node, (*path, key), self.position(key_node))
        return result

    def build_scalar(self, node: yaml.ScalarNode, path: DataPath) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # most values: text, kept as written
        # Plain (unquoted) scalars have no style: None in PyYAML, "" in LibYAML.
        implicit_type = _IMPLICIT_TYPES.get(node.tag) if not node.style else None
        if implicit_type and node.value:
            self.document.implicit_types[path] = implicit_type
            self.document.raw_scalars[path] = node.value
        elif implicit_type == "empty value":
            self.document.implicit_types[path] = implicit_type
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            self.error(node, f"unsupported YAML value: {exc.problem}")
            return None
        except ValueError:
            if node.tag != "tag:yaml.org,2002:timestamp":
                self.error(node, "unsupported YAML value: too large; quote it if it is text")
                return None
            # A date-like scalar that is no real date, like 2019-02-30: keep its text
            # so that validation can say exactly that.
            return node.value
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value
