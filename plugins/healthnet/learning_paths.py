"""Learning paths: content/paths/<slug>.md, resources taken in order with a note each."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .frontmatter import MarkdownSource, load_checked
from .markup import render_markdown
from .model import LearningPath, PathStep, Resource
from .taxonomy import Taxonomy
from .validation import DocumentChecker, field_name
from .yamlsource import SourceDocument


class PathChecker(DocumentChecker):
    kind = "a learning path"
    file_suffix = ".md"
    reserved_slugs = frozenset({"index"})
    reserved_for = "the list of paths"

    def __init__(self, schema: dict, today, resource_slugs: set[str]):
        super().__init__(schema, today)
        self.resource_slugs = resource_slugs

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
        self.check_references(
            document,
            ("steps",),
            self.resource_slugs,
            "a resource",
            "the file name of a resource in content/resources/, without .md",
            report,
            key="resource",
        )
        self.check_summary_length(document, report)


def load_paths(
    folder: Path,
    taxonomy: Taxonomy,
    checker: PathChecker,
    resources: dict[str, Resource],
    report: Report,
) -> list[LearningPath]:
    """Every valid path, by title; each resource learns the steps it is part of."""
    paths = load_checked(
        folder,
        "learning path",
        checker,
        report,
        lambda source: build_path(source, taxonomy, resources),
    )
    paths.sort(key=lambda p: (p.title.casefold(), p.slug))
    for path in paths:
        for step in path.steps:
            step.resource.steps.append(step)
    return paths


def build_path(
    source: MarkdownSource, taxonomy: Taxonomy, resources: dict[str, Resource]
) -> LearningPath:
    data = source.document.data
    path = LearningPath(
        slug=source.document.path.stem,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        source=source.document.path,
        audience=tuple(taxonomy.audiences.terms[key] for key in data.get("audience", [])),
        intro_html=render_markdown(source.body, first_heading=2),
    )
    # A step whose resource has errors of its own is left out; the build fails anyway.
    for step in (s for s in data["steps"] if s["resource"] in resources):
        path.steps.append(
            PathStep(
                path=path,
                number=len(path.steps) + 1,
                resource=resources[step["resource"]],
                note=step["note"].strip(),
                minutes=step.get("minutes"),
            )
        )
    return path
