"""The hostile corpus of tests/fixtures/hostile/fields/: one file per case, and what
validation must say about each (see that folder's README)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tests.support import FIXTURES

CORPUS = FIXTURES / "hostile" / "fields"
# Each kind: its template, its folder in a site, and whether its Markdown is the site's own
# (pages and news: links and images inside the site) or contributed.
KINDS = {
    "member": ("member.yaml", "members", False),
    "resource": ("resource.md", "content/resources", False),
    "path": ("path.md", "content/paths", False),
    "event": ("event.md", "content/events", False),
    "news": ("news.md", "content/news", True),
    "page": ("page.md", "content/pages", True),
}
# The way from a page of the kind to the site's root: pages are at /<slug>/.
ROOT = {"page": "../"}
_PLACEHOLDER = re.compile(r'"%(text|url|markdown):([^%]+)%"|"%key%"|^%body%$', re.MULTILINE)

TEXT_ALLOWED = (
    "allowed: printable characters, tabs and line breaks (pages, feeds and exports cannot carry it)"
)
ONE_LINE = "only printable characters on one line are allowed"
MULTILINE = "only printable characters, tabs and line breaks are allowed"
PAGE_IMAGE = "allowed: an image of the site itself, such as ../images/map.png"
PAGE_LINK = (
    "allowed: https:// and mailto: addresses, or an address inside the site such as ../members/"
)
LINK = "allowed: https:// and mailto: addresses"
NO_IMAGE = "cannot be shown: this text shows no images"
NO_IMAGE_ALLOWED = "allowed: links; images only in pages and news, from the site itself"
# Where the value of an address lands in a text: the opening quote of the attribute.
IMAGE_LINE, LINK_LINE = 'See <img src="{}" alt="x"> here.', 'See <a href="{}">this</a> here.'


@dataclass
class Target:
    """One placeholder of a template: what goes there, and where it is."""

    what: str  # "text", "url", "markdown", "key", "body"
    field: str  # as messages name it; "key-1" or "body" otherwise
    line: int
    column: int  # of the opening quote


@dataclass
class Case:
    kind: str
    slug: str
    content: str
    errors: list[str] = field(default_factory=list)  # "line:col: error: message"

    @property
    def relative(self) -> str:
        """The file's path in a site."""
        template, folder, _ = KINDS[self.kind]
        return f"{folder}/{self.slug}{Path(template).suffix}"


def load(name: str):
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))


def quoted(value: str) -> str:
    """``value`` as a YAML double-quoted scalar: anything not printable as an escape, so
    that the file itself stays plain text."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02X}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(f"\\U{ord(char):08X}")
    return '"' + "".join(out) + '"'


def shown(value: str) -> str:
    """How messages quote a value holding characters the text rule refuses."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in value)


def targets(kind: str) -> list[Target]:
    template = (CORPUS / KINDS[kind][0]).read_text(encoding="utf-8")
    found, keys = [], 0
    for match in _PLACEHOLDER.finditer(template):
        line = template.count("\n", 0, match.start()) + 1
        column = match.start() - template.rfind("\n", 0, match.start())
        if match.group(1):
            found.append(Target(match.group(1), match.group(2), line, column))
        elif match.group().startswith('"%key'):
            keys += 1
            found.append(Target("key", f"key-{keys}", line, column))
        else:
            found.append(Target("body", "body", line, 1))
    return found


def fill(kind: str, slug: str, values: dict[str, str]) -> str:
    """The template of ``kind`` with ``values`` (by target field, YAML-quoted where the
    target is in the front matter) and plain text everywhere else."""
    template = (CORPUS / KINDS[kind][0]).read_text(encoding="utf-8")
    keys = 0
    lines = []
    for line in template.split("\n"):
        match = _PLACEHOLDER.search(line)
        if match is None:
            lines.append(line)
        elif match.group(1):
            what, name = match.group(1), match.group(2)
            plain = {
                "text": f"Hostile {slug}" if name in ("name", "title") else "Plain text",
                "url": "https://ok.example.org/",
                "markdown": "Plain text.",
            }[what]
            value = quoted(values[name]) if name in values else quoted(plain)
            lines.append(line[: match.start()] + value + line[match.end() :])
        elif match.group().startswith('"%key'):
            keys += 1
            value = values.get(f"key-{keys}")
            # Without a value the line stays, blank: the lines after it keep their numbers.
            lines.append(
                "" if value is None else line[: match.start()] + quoted(value) + line[match.end() :]
            )
        else:
            lines.append(values.get("body", "Plain text."))
    return "\n".join(lines)


def _slug(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def character_cases() -> list[Case]:
    """Every class of characters.yaml in every text field, key and text of every kind."""
    cases = []
    for name, entry in load("characters.yaml").items():
        value, code, kind_of = entry["value"], entry["code"], entry["kind"]
        for kind, (_, _, pages) in KINDS.items():
            for target in targets(kind):
                slug = _slug(kind, target.field, name)
                at = f"{target.line}:{target.column}: error: "
                if target.what == "text":
                    message = f"'{target.field}' contains the character {code}; {ONE_LINE}"
                elif target.what == "markdown":
                    message = f"'{target.field}' contains the character {code}; {MULTILINE}"
                elif target.what == "key":
                    message = (
                        f"the key '{shown(value)}' contains the {kind_of} {code}; allowed: "
                        "a field name of printable characters"
                    )
                elif target.what == "body":
                    at = f"{target.line}:7: error: "  # after "Before"
                    message = f"the text contains the {kind_of} {code}; {TEXT_ALLOWED}"
                else:
                    continue
                # Names and titles must differ (ignoring spaces) from one file to the next.
                unique = f"{value} {name}" if target.field in ("name", "title") else value
                content = fill(kind, slug, {target.field: unique})
                cases.append(Case(kind, slug, content, [at + message]))
                if target.what == "body" and pages:
                    # The same character as a character reference, which the page decodes.
                    reference = f"&#x{code[2:]};"
                    slug = _slug(kind, "reference", name)
                    content = fill(kind, slug, {"body": f"Before{reference}after"})
                    message = (
                        f"the text contains '{reference}', the {kind_of} {code}; {TEXT_ALLOWED}"
                    )
                    errors = [] if "decoded" in entry else [at + message]
                    cases.append(Case(kind, slug, content, errors))
    return cases


def address_cases() -> list[Case]:
    """Every class of addresses.yaml in every address field, and as an image and a link
    in the Markdown of every kind."""
    corpus = load("addresses.yaml")
    cases = []
    for name, entry in corpus["fields"].items():
        for kind in KINDS:
            for target in targets(kind):
                if target.what != "url":
                    continue
                slug = _slug(kind, target.field, name)
                errors = [
                    f"{target.line}:{target.column}: error: " + error.format(field=target.field)
                    for error in entry["errors"]
                ]
                content = fill(kind, slug, {target.field: entry["value"]})
                cases.append(Case(kind, slug, content, errors))
    for name, entry in corpus["texts"].items():
        for kind, (_, _, pages) in KINDS.items():
            for target in targets(kind):
                if target.what not in ("markdown", "body"):
                    continue
                root = ROOT.get(kind, "../../")
                html, quoted_as = (entry[key].replace("{root}", root) for key in ("html", "shown"))
                for tag, line in (("image", IMAGE_LINE), ("link", LINK_LINE)):
                    slug = _slug(kind, target.field, tag, name)
                    text = line.format(html)
                    if pages:
                        problem, allowed = entry[tag], PAGE_IMAGE if tag == "image" else PAGE_LINK
                    elif tag == "image":
                        problem, allowed = NO_IMAGE, NO_IMAGE_ALLOWED
                    else:
                        problem, allowed = entry["contributed"], LINK
                    errors = []
                    if problem is not None:
                        message = f"the {tag} '{quoted_as}' {problem}; {allowed}"
                        if target.what == "markdown":
                            position = f"{target.line}:{target.column}"
                            message = f"'{target.field}': {message}"
                        else:
                            position = f"{target.line}:{text.index('=') + 2}"
                        errors.append(f"{position}: error: {message}")
                    content = fill(kind, slug, {target.field: text})
                    cases.append(Case(kind, slug, content, errors))
    return cases


def accepted_cases() -> list[Case]:
    """Files of every kind made of accepted.yaml's values: all valid."""
    accepted = load("accepted.yaml")
    cases = []
    for index, text in enumerate(accepted["texts"], start=1):
        for kind, (_, _, pages) in KINDS.items():
            slug = _slug("accepted", kind, str(index))
            links = accepted["links"] + (accepted["page links"] if pages else [])
            markdown = " ".join(LINK_LINE.format(link) for link in links)
            if pages:
                markdown += " " + " ".join(IMAGE_LINE.format(src) for src in accepted["images"])
            markdown = markdown.replace("{root}", ROOT.get(kind, "../../"))
            values = {}
            for target in targets(kind):
                if target.what == "text":
                    values[target.field] = text
                elif target.what == "url":
                    values[target.field] = accepted["fields"][index % len(accepted["fields"])]
                elif target.what in ("markdown", "body"):
                    values[target.field] = f"{text}\n\n{markdown}\n\n{accepted['markdown']}"
            cases.append(Case(kind, slug, fill(kind, slug, values)))
    return cases


def write(cases: list[Case], root: Path) -> None:
    """The cases' files into the site at ``root``."""
    for case in cases:
        path = root / case.relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.content, encoding="utf-8")
