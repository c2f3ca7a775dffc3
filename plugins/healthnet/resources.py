"""The resource kind: content/resources/<slug>.md, the library's guides, toolkits, templates..."""

from __future__ import annotations

import datetime as dt
import difflib
import heapq
import itertools
from pathlib import Path

from . import attachments, exports, feeds, search, structured
from .diagnostics import Report
from .facets import facet_links, resource_facets
from .frontmatter import MarkdownSource
from .kinds import Export, Feed, Form, Kind, Listing, Reference, Resolver, Upload
from .model import Attachment, Resource
from .pagination import span
from .schema import resource_schema, subschema_at
from .schema_errors import field_name
from .text import matches_whole, month
from .validation import DocumentChecker, date_at, parse_date
from .yamlsource import SourceDocument

# Path segments under /resources/ that belong to the library's own pages.
RESERVED_SLUGS = frozenset({"type", "topic", "audience", "platform", "index", "page"})
ATTACHMENT_MAX_BYTES = attachments.MAX_BYTES  # every published file's limit
RELATED_COUNT = 3


class ResourceChecker(DocumentChecker):
    kind = "a resource"
    file_suffix = ".md"
    reserved_slugs = RESERVED_SLUGS
    reserved_for = "the library's pages"
    past_dates = (("date",), ("updated",))

    def __init__(self, schema: dict, today: dt.date, project=None):
        super().__init__(schema, today, project)
        self.content_dir = project.content_dir if project else Path("content")
        self.files_dir = self.content_dir / "files"
        self.file_pattern = subschema_at(schema, ("attachments", 0, "file"))["pattern"]

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_update_order(document, report)
        self.check_summary_length(document, report)

    def check_files(self, document: SourceDocument, report: Report) -> None:
        self.check_attachments(document, report)

    def check_update_order(self, document: SourceDocument, report: Report) -> None:
        date, updated = date_at(document, ("date",)), date_at(document, ("updated",))
        if date and updated and updated < date:
            report.error(
                document.path,
                document.position(("updated",)),
                f"'updated' is {updated.isoformat()}, before 'date' ({date.isoformat()}); "
                "allowed: the day of a revision after publication",
            )

    def check_attachments(self, document: SourceDocument, report: Report) -> None:
        attachments = document.data.get("attachments")
        if not isinstance(attachments, list):
            return
        for index, attachment in enumerate(attachments):
            name = attachment.get("file") if isinstance(attachment, dict) else None
            if not isinstance(name, str) or not matches_whole(self.file_pattern, name):
                continue  # the schema said what is wrong
            problem = self.attachment_problem(name)
            if problem:
                path = ("attachments", index, "file")
                report.error(
                    document.path, document.position(path), f"'{field_name(path)}' {problem}"
                )

    def attachment_problem(self, name: str) -> str | None:
        files_dir = self.files_dir.resolve()
        target = (self.content_dir / name).resolve()
        if not target.is_relative_to(files_dir):
            return f"is '{name}', which is outside content/files/; allowed: a file inside it"
        if not target.is_file():
            existing = [
                f"files/{p.relative_to(files_dir).as_posix()}"
                for p in sorted(files_dir.rglob("*"))
                if p.is_file()
            ] if files_dir.is_dir() else []  # fmt: skip
            close = difflib.get_close_matches(name, existing, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return (
                f"is '{name}', which does not exist{hint}; "
                "allowed: a file you added to content/files/"
            )
        size = target.stat().st_size
        if size > ATTACHMENT_MAX_BYTES:
            return (
                f"is '{name}', a file of {size / 1e6:.1f} MB; allowed: at most "
                f"{ATTACHMENT_MAX_BYTES // 1000 // 1000} MB (link to larger files with 'link')"
            )
        return None


def build_resource(source: MarkdownSource, resolver: Resolver) -> Resource:
    """A Resource from a file that passed validation."""
    data = source.document.data
    taxonomy = resolver.taxonomy
    content_dir = resolver.project.content_dir
    terms = taxonomy.topics.terms
    return Resource(
        slug=source.document.path.stem,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        type=taxonomy.resource_types.terms[data["type"]],
        topics=tuple(terms[key] for key in data["topics"]),
        date=parse_date(data["date"]),
        source=source.document.path,
        audience=tuple(taxonomy.audiences.terms[key] for key in data.get("audience", [])),
        platforms=tuple(taxonomy.platforms.terms[key] for key in data.get("platforms", [])),
        contributors=resolver.all("member", data.get("contributors", [])),
        updated=parse_date(data["updated"]) if "updated" in data else None,
        minutes=data.get("minutes"),
        attachments=tuple(
            Attachment(a["file"], a["title"].strip(), (content_dir / a["file"]).stat().st_size)
            for a in data.get("attachments", [])
        ),
        link=data.get("link"),
        body=source.body,
        search_words=tuple(sorted(taxonomy.synonyms.equivalents([data["title"]]))),
    )


def related_resources(network) -> dict[str, list[Resource]]:
    """For each resource, those sharing most topics with it (then the newest).

    Resources are numbered newest first; for each resource the candidates sharing all its
    topics come first, then all but one, and so on, each group newest first. Intersections
    of the topics' sets do the work, so a large library costs set operations, not sorts.
    """
    resources = network.resources
    by_topic: dict[str, set[int]] = {}
    for number, resource in enumerate(resources):
        for topic in resource.topics:
            by_topic.setdefault(topic.key, set()).add(number)
    related = {}
    for number, resource in enumerate(resources):
        topics = [by_topic[key] for key in dict.fromkeys(t.key for t in resource.topics)]
        chosen = _most_shared(number, topics) if len(topics) <= 4 else _counted(number, topics)
        related[resource.slug] = [resources[index] for index in chosen]
    return related


def _most_shared(number: int, topics: list[set[int]]) -> list[int]:
    """The first RELATED_COUNT numbers sharing all of ``topics``, then all but one..."""
    chosen: list[int] = []
    taken = {number}
    for shared in range(len(topics), 0, -1):
        group: set[int] = set()
        for subset in itertools.combinations(topics, shared):
            group |= set.intersection(*subset)
        best = heapq.nsmallest(RELATED_COUNT - len(chosen), group - taken)
        chosen += best
        taken.update(best)
        if len(chosen) == RELATED_COUNT:
            break
    return chosen


def _counted(number: int, topics: list[set[int]]) -> list[int]:
    """The same for a resource of many topics, by counting (subsets would be too many)."""
    shared: dict[int, int] = {}
    for members in topics:
        for other in members:
            shared[other] = shared.get(other, 0) + 1
    shared.pop(number, None)
    return heapq.nsmallest(RELATED_COUNT, shared, key=lambda other: (-shared[other], other))


def resource_variables(resource: Resource, network) -> dict:
    wanted = {
        "type": [resource.type],
        "topic": resource.topics,
        "audience": resource.audience,
        "platform": resource.platforms,
    }
    return {
        "links": facet_links(network.facets("resource"), wanted),
        "related": network.memo("related resources", related_resources)[resource.slug],
    }


def date_page_label(resources: list[Resource]) -> str:
    """ "Mar 2026–Jan 2025": the dates a page of the (newest first) library spans."""
    return span(resources, lambda resource: month(resource.date))


KIND = Kind(
    name="resource",
    label="Resource",
    plural="Resources",
    folder="content/resources",
    suffix=".md",
    schema=resource_schema,
    checker=ResourceChecker,
    build=build_resource,
    url="resources/{slug}/",
    template="resource",
    order=lambda resource: (resource.date, resource.slug),
    reverse=True,
    what="a resource",
    references=(Reference(("contributors",), "member", "contributors"),),
    page_variables=resource_variables,
    listing=Listing(
        "resources",
        per_page=100,
        title="Library",
        facets=resource_facets,
        page_label=date_page_label,
    ),
    search=search.resource_entry,
    exports=(Export("api/resources.json", exports.resources_json),),
    feed=Feed("feeds/resources.atom.xml", "resources", feeds.resources_feed),
    structured=structured.resource_data,
    form=Form(uploads=(Upload(("attachments", "file"), "content/files", "files"),)),
)
