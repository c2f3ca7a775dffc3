"""The learning path kind: content/paths/<slug>.md, resources taken in order with a note each."""

from __future__ import annotations

from . import search, structured
from .diagnostics import Report
from .frontmatter import MarkdownSource
from .kinds import Form, Kind, Listing, Reference, Resolver
from .model import LearningPath, PathStep
from .schema import path_schema
from .schema_errors import field_name
from .validation import DocumentChecker
from .yamlsource import SourceDocument


class PathChecker(DocumentChecker):
    kind = "a learning path"
    file_suffix = ".md"
    reserved_slugs = frozenset({"index"})
    reserved_for = "the list of paths"

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        steps = document.data.get("steps")
        if not isinstance(steps, list):
            return
        first_step: dict[str, int] = {}
        for index, step in enumerate(steps):
            slug = step.get("resource") if isinstance(step, dict) else None
            if not isinstance(slug, str):
                continue
            if slug in first_step:
                path = ("steps", index, "resource")
                report.error(
                    document.path,
                    document.position(path),
                    f"'{field_name(path)}' is '{slug}', already step {first_step[slug] + 1}; "
                    "allowed: each resource once per path",
                )
            first_step.setdefault(slug, index)
        self.check_summary_length(document, report)


def build_path(source: MarkdownSource, resolver: Resolver) -> LearningPath:
    data = source.document.data
    path = LearningPath(
        slug=source.document.path.stem,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        source=source.document.path,
        audience=tuple(resolver.taxonomy.audiences.terms[key] for key in data.get("audience", [])),
        intro=source.body,
    )
    # A step whose resource has errors of its own is left out; the build fails anyway.
    for step in data["steps"]:
        resource = resolver.get("resource", step["resource"])
        if resource is not None:
            path.steps.append(
                PathStep(
                    path=path,
                    number=len(path.steps) + 1,
                    resource=resource,
                    note=step["note"].strip(),
                    minutes=step.get("minutes"),
                )
            )
    return path


def connect_steps(network) -> None:
    """Each resource learns the steps it is part of, in the paths' order."""
    for path in network.paths:
        for step in path.steps:
            step.resource.steps.append(step)


KIND = Kind(
    name="path",
    label="Learning path",
    plural="Learning paths",
    folder="content/paths",
    suffix=".md",
    schema=path_schema,
    checker=PathChecker,
    build=build_path,
    url="paths/{slug}/",
    template="path",
    order=lambda path: (path.title.casefold(), path.slug),
    what="a learning path",
    references=(Reference(("steps",), "resource", "resources", key="resource"),),
    listing=Listing("paths", per_page=None),
    search=search.path_entry,
    connect=connect_steps,
    structured=structured.path_data,
    form=Form(),
)
