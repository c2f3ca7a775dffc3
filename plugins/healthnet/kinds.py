"""What a content kind is: one declaration naming everything the build needs to know of it.

A ``Kind`` says where its files live, their schema and checker, how a valid file becomes a
model object, the object's URL and page template, the other kinds it refers to, its listing
and facets, its search entry, its exports and its feed. The kinds themselves are declared in
their own modules (members.py, resources.py ...) and listed once in registry.py; loading,
schema generation, page planning, search, exports, feeds and counts loop over that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import content_files
from .yamlsource import DataPath


@dataclass(frozen=True)
class Reference:
    """A field that lists slugs of another kind: ``contributors`` lists members."""

    field: DataPath  # ("contributors",), or ("steps",) with ``key`` "resource"
    kind: str  # the kind referred to: "member"
    attribute: str  # the model object's attribute holding the items referred to
    key: str | None = None  # in a list of mappings, the key holding the slug


@dataclass(frozen=True)
class Listing:
    """The kind's own index page (and its facet pages), split into pages of ``per_page``."""

    template: str  # "members": theme/templates/members.html
    per_page: int | None = 100  # None: one page (lists that stay short by nature)
    title: str = ""  # its name in the site's navigation, if not the kind's plural
    # Facets of the listing: (network, kind) -> list of facets.Facet, each value with a page.
    facets: Callable[..., list] | None = None
    # The label of a page of items in the page navigation: items -> "Abb–Ald".
    page_label: Callable[[list], str] | None = None
    # (network) -> template variables the listing needs besides its items.
    variables: Callable | None = None
    # (every pagination.ListPage of the list) -> a function giving, for one page's
    # pagination.Pagination, what that page shows besides its items (letter groups).
    page_variables: Callable | None = None


@dataclass(frozen=True)
class Export:
    """A data file built from every item (``path``), or one per item (``{slug}``)."""

    path: str  # "api/members.json", "api/members/{slug}.json"
    write: Callable[..., str]  # (items, or one item, SiteInfo) -> text


@dataclass(frozen=True)
class Feed:
    path: str  # "feeds/members.atom.xml"
    title: str  # what the feed offers, after the site's name: "new members"
    write: Callable[..., str]  # (items, SiteInfo, path) -> Atom text


@dataclass(frozen=True)
class Upload:
    """A field whose value names a file that the web editor uploads: where the file goes
    (from the project root) and how the field names it."""

    field: DataPath  # ("logo",), or ("attachments", "file") inside a list of mappings
    folder: str  # "members/logos"
    prefix: str  # the field's value is "<prefix>/<file name>": "logos"
    image: bool = False  # an image (previewed), not a document


@dataclass(frozen=True)
class Form:
    """How the web editor (/admin/, editor.py) offers the kind. Its fields, their labels,
    hints, patterns, allowed values and references come from the kind's schema and
    ``references``; this says only what a schema cannot."""

    identifier: str = "title"  # the field whose slug names a new file
    # Fields the network sets, never offered; a required one gets the build day.
    network_sets: tuple[str, ...] = ()
    markdown: tuple[str, ...] = ()  # text fields written in Markdown (a body always is)
    uploads: tuple[Upload, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str  # "member": search filter value, schema/<name>.schema.json, template variable
    label: str  # "Member"
    plural: str  # "Members"
    folder: str  # the files' folder under the project root: "members", "content/resources"
    suffix: str  # ".yaml" or ".md" (Markdown with YAML front matter)
    schema: Callable  # (taxonomy) -> JSON Schema of one file
    checker: type  # a validation.DocumentChecker subclass
    build: Callable  # (source, resolver) -> the model object of a valid file
    url: str  # "members/{slug}/": the item's page, written to <url>index.html
    template: str  # "member": theme/templates/member.html
    order: Callable  # sort key of the kind's list: people look for members by name
    unique: str = "title"  # the field no two files may share (ignoring case and accents)
    what: str = ""  # how an error names one: "a member"
    references: tuple[Reference, ...] = ()
    # (item, network) -> the template variables of its page besides the item itself.
    page_variables: Callable | None = None
    listing: Listing | None = None
    search: Callable | None = None  # item -> search.SearchEntry; None: not searchable
    exports: tuple[Export, ...] = ()
    feed: Feed | None = None
    # After every kind is built: (network) -> None, to connect items across kinds.
    connect: Callable | None = None
    # Files made for each item and published beside its page (images):
    # (item, SiteInfo) -> [made.MadeFile].
    made: Callable | None = None
    # (item, structured.SiteLinks) -> the schema.org object(s) of its page (JSON-LD).
    structured: Callable | None = None
    reverse: bool = False  # the list runs newest first
    # (folder, report) -> the kind's files, in order; by default the Markdown files directly
    # in the folder (frontmatter.content_files), misplaced ones reported.
    files: Callable[[Path, Any], list[Path]] | None = None
    collection: str = ""  # the list's name in templates; default: name + "s" ("members")
    form: Form | None = None  # offered in the web editor (editor.py); None: not there

    def url_of(self, slug: str) -> str:
        return self.url.format(slug=slug)

    @property
    def slug_rule(self) -> str:
        """How an error describes a valid reference to one of these."""
        return f"the file name of {self.what} in {self.folder}/, without {self.suffix}"

    @property
    def items_name(self) -> str:
        return self.collection or f"{self.name}s"

    def list_files(self, folder: Path, report) -> list[Path]:
        if self.files is not None:
            return self.files(folder, report)
        return content_files(folder, report, self.label.lower())

    def template_of(self, item) -> str:
        """The item's page template: its own choice where the kind allows one (pages)."""
        return getattr(item, "template", None) or self.template

    def output_of(self, item) -> str:
        """The file the item's page is written to."""
        return getattr(item, "save_as", None) or f"{item.url}index.html"

    @property
    def section(self) -> str:
        """The listing's URL ("members/"): the part of ``url`` before the slug."""
        return self.url.split("{slug}", 1)[0]


@dataclass(frozen=True)
class SiteInfo:
    """What exports and feeds need of the site."""

    url: str  # SITEURL: empty in development, the public address in production
    name: str  # SITENAME
    domain: str  # NETWORK_DOMAIN: names the network in ids that must outlive hosting
    taxonomy: Any


@dataclass
class Resolver:
    """What a kind's ``build`` may look up: the taxonomy, the project, items built so far."""

    taxonomy: Any
    project: Any
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> slug -> item

    def get(self, kind: str, slug: str):
        return self.items.get(kind, {}).get(slug)

    def all(self, kind: str, slugs) -> tuple:
        """The items of ``slugs`` that were built (those with errors are left out: the build
        fails anyway)."""
        found = self.items.get(kind, {})
        return tuple(found[slug] for slug in slugs if slug in found)
