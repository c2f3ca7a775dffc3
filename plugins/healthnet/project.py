"""Where a site's data lives, and loading all of it into a validated Network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .articles import NewsChecker, PageChecker, check_articles
from .diagnostics import Report
from .events import EventChecker, load_events
from .learning_paths import PathChecker, load_paths
from .members import load_members
from .model import Network
from .resources import ResourceChecker, load_resources
from .schema import content_schemas, member_schema, stale_schema_files
from .social import PLATFORMS
from .taxonomy import Taxonomy, load_taxonomy
from .yamlsource import load_yaml


@dataclass(frozen=True)
class Project:
    root: Path
    members_dir: Path
    taxonomy_file: Path
    schema_dir: Path
    content_dir: Path

    @classmethod
    def at(
        cls, root: Path, members_dir: Path | None = None, content_dir: Path | None = None
    ) -> Project:
        root = Path(root)
        return cls(
            root=root,
            members_dir=Path(members_dir) if members_dir else root / "members",
            taxonomy_file=root / "taxonomy.yaml",
            schema_dir=root / "schema",
            content_dir=Path(content_dir) if content_dir else root / "content",
        )

    @classmethod
    def from_settings(cls, settings: dict) -> Project:
        """The project a Pelican run describes (see pelicanconf.py)."""
        root = Path(settings.get("NETWORK_ROOT") or Path(settings["PATH"]).parent)
        return cls.at(root, settings.get("NETWORK_MEMBERS_PATH"), settings["PATH"])


def load_network(project: Project, report: Report, today: dt.date | None = None) -> Network | None:
    """Load and validate everything; diagnostics go to ``report``.

    Returns None when the taxonomy itself is unusable. Check ``report.errors`` before
    using the network: members with errors are left out of it.
    """
    taxonomy = load_taxonomy(project.taxonomy_file, report)
    if taxonomy is None:
        return None
    if not check_platforms(project.taxonomy_file, taxonomy, report):
        return None  # the schema cannot be built without every platform's pattern
    for name in stale_schema_files(project.schema_dir, taxonomy):
        report.error(
            project.schema_dir / name,
            (1, 1),
            "out of date with taxonomy.yaml; run `invoke schema` and commit the result",
        )
    today = today or dt.date.today()
    if not project.members_dir.is_dir():
        report.error(project.members_dir, (1, 1), "the members folder does not exist")
        return Network(taxonomy, [])
    members = load_members(project.members_dir, taxonomy, member_schema(taxonomy), report, today)
    return load_content(project, taxonomy, members, report, today)


def load_content(
    project: Project, taxonomy: Taxonomy, members: list, report: Report, today: dt.date
) -> Network:
    """Resources, paths and events (which refer to members), then news and pages.

    References are checked against every file present, valid or not, so that a mistake
    in one file is not reported again as a broken reference in another.
    """
    content = project.content_dir
    schemas = content_schemas(taxonomy)
    member_slugs = {path.stem for path in project.members_dir.glob("*.yaml")}
    by_slug = {member.slug: member for member in members}
    resources = load_resources(
        content / "resources",
        taxonomy,
        ResourceChecker(schemas["resource"], today, content, member_slugs),
        by_slug,
        report,
    )
    resource_slugs = {path.stem for path in (content / "resources").glob("*.md")}
    paths = load_paths(
        content / "paths",
        taxonomy,
        PathChecker(schemas["path"], today, resource_slugs),
        {resource.slug: resource for resource in resources},
        report,
    )
    events = load_events(
        content / "events",
        taxonomy,
        EventChecker(schemas["event"], today, member_slugs),
        by_slug,
        report,
    )
    check_articles(
        content / "news", NewsChecker(schemas["news"], today, member_slugs), "news", report
    )
    check_articles(content / "pages", PageChecker(schemas["page"], today), "page", report)
    return Network(taxonomy, members, resources, paths, events)


def check_platforms(path: Path, taxonomy: Taxonomy, report: Report) -> bool:
    """Every platform in taxonomy.yaml needs a handle pattern and URL in social.py."""
    unknown = [key for key in taxonomy.platforms.keys if key not in PLATFORMS]
    if unknown:
        document = load_yaml(path, Report(report.root))
        for key in unknown:
            report.error(
                path,
                document.key_position(("platforms", key)) if document else (1, 1),
                f"platform '{key}' has no handle pattern in plugins/healthnet/social.py; "
                f"known platforms: {', '.join(PLATFORMS)}",
            )
    return not unknown
