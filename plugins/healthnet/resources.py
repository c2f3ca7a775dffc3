"""The resource library: content/resources/<slug>.md files checked and turned into Resources."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from .diagnostics import Report
from .frontmatter import MarkdownSource, load_checked
from .markup import render_markdown
from .model import Attachment, Member, Resource
from .schema import subschema_at
from .taxonomy import Taxonomy
from .text import matches_whole
from .validation import DocumentChecker, field_name, parse_date
from .yamlsource import SourceDocument

# Path segments under /resources/ that belong to the library's facet pages.
RESERVED_SLUGS = frozenset({"type", "topic", "audience", "platform", "index"})
ATTACHMENT_MAX_BYTES = 10 * 1000 * 1000
MEMBER_SLUG_ALLOWED = "the file name of a member in members/, without .yaml"


class ResourceChecker(DocumentChecker):
    kind = "a resource"
    file_suffix = ".md"
    reserved_slugs = RESERVED_SLUGS
    reserved_for = "the library's pages"
    past_dates = (("date",), ("updated",))

    def __init__(self, schema: dict, today: dt.date, content_dir: Path, member_slugs: set[str]):
        super().__init__(schema, today)
        self.files_dir = content_dir / "files"
        self.content_dir = content_dir
        self.member_slugs = member_slugs
        self.file_pattern = subschema_at(schema, ("attachments", 0, "file"))["pattern"]

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_references(
            document,
            ("contributors",),
            self.member_slugs,
            "a member",
            MEMBER_SLUG_ALLOWED,
            report,
        )
        self.check_update_order(document, report)
        self.check_attachments(document, report)
        self.check_summary_length(document, report)

    def check_update_order(self, document: SourceDocument, report: Report) -> None:
        date, updated = self.date_at(document, ("date",)), self.date_at(document, ("updated",))
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


def load_resources(
    folder: Path,
    taxonomy: Taxonomy,
    checker: ResourceChecker,
    members: dict[str, Member],
    report: Report,
) -> list[Resource]:
    """Every valid resource, newest first; diagnostics for the others go to ``report``."""
    resources = load_checked(
        folder,
        "resource",
        checker,
        report,
        lambda source: build_resource(source, taxonomy, members, checker.content_dir),
    )
    return sorted(resources, key=lambda r: (r.date, r.slug), reverse=True)


def build_resource(
    source: MarkdownSource, taxonomy: Taxonomy, members: dict[str, Member], content_dir: Path
) -> Resource:
    """A Resource from a file that passed validation."""
    data = source.document.data
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
        # Contributors whose own file has errors are left out; the build fails anyway.
        contributors=tuple(members[s] for s in data.get("contributors", []) if s in members),
        updated=parse_date(data["updated"]) if "updated" in data else None,
        minutes=data.get("minutes"),
        attachments=tuple(
            Attachment(a["file"], a["title"].strip(), (content_dir / a["file"]).stat().st_size)
            for a in data.get("attachments", [])
        ),
        link=data.get("link"),
        body=source.body,
        body_html=render_markdown(source.body, first_heading=2),
    )
