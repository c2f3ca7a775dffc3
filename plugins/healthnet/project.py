"""Where a site's data lives, and loading all of it into a validated Network.

Loading is one pass over the registry's kinds: every file is read once and checked on its
own (through a SourceCache, so that a rebuild re-reads only what changed), then the checks
across files run, then every valid file becomes a model object, kind by kind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from . import crosschecks
from .diagnostics import Report
from .kinds import Resolver
from .model import Network
from .parallel import cpu_count
from .registry import KINDS
from .schema import stale_schema_files
from .social import PLATFORMS
from .sources import SourceCache
from .taxonomy import Taxonomy, load_taxonomy
from .yamlsource import load_yaml

# The network's clock when no settings name one (pelicanconf.py sets TIMEZONE).
DEFAULT_TIMEZONE = "UTC"


def clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def build_day(timezone: str, now: dt.datetime | None = None) -> dt.date:
    """The network's today, on its own clocks: a deploy at 03:00 UTC is still yesterday
    evening in Chicago, and that evening's events are not past yet."""
    return (now or clock()).astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class Project:
    root: Path
    members_dir: Path
    taxonomy_file: Path
    schema_dir: Path
    content_dir: Path
    kinds: tuple = KINDS
    timezone: str = DEFAULT_TIMEZONE  # decides the build day (build_day)

    @classmethod
    def at(
        cls,
        root: Path,
        members_dir: Path | None = None,
        content_dir: Path | None = None,
        kinds: tuple = KINDS,
        timezone: str = DEFAULT_TIMEZONE,
    ) -> Project:
        root = Path(root)
        return cls(
            root=root,
            members_dir=Path(members_dir) if members_dir else root / "members",
            taxonomy_file=root / "taxonomy.yaml",
            schema_dir=root / "schema",
            content_dir=Path(content_dir) if content_dir else root / "content",
            kinds=kinds,
            timezone=timezone,
        )

    @classmethod
    def from_settings(cls, settings: dict) -> Project:
        """The project a Pelican run describes (see pelicanconf.py)."""
        from .registry import kinds_for

        root = Path(settings.get("NETWORK_ROOT") or Path(settings["PATH"]).parent)
        return cls.at(
            root, settings.get("NETWORK_MEMBERS_PATH"), settings["PATH"], kinds_for(settings),
            settings["TIMEZONE"],
        )  # fmt: skip

    @property
    def cache_dir(self) -> Path:
        """What earlier builds made or learned, by content; never published, safe to delete.
        Beside the members folder: another network built from the same checkout keeps its
        own."""
        return self.members_dir.parent / ".cache"

    @property
    def made_cache(self) -> Path:
        """Images made by earlier builds (made.py)."""
        return self.cache_dir / "made"

    @property
    def check_store(self) -> Path:
        """Each file's own check, as earlier builds found it (checkstore.py)."""
        return self.cache_dir / "checked.marshal"

    def folder(self, kind) -> Path:
        """Where the files of ``kind`` are: members/ and content/ may live elsewhere."""
        first, _, rest = kind.folder.partition("/")
        if first == "members":
            return self.members_dir / rest if rest else self.members_dir
        if first == "content":
            return self.content_dir / rest if rest else self.content_dir
        return self.root / kind.folder


def load_network(
    project: Project,
    report: Report,
    today: dt.date | None = None,
    cache: SourceCache | None = None,
    processes: int | None = None,
    store=None,
) -> Network | None:
    """Load and validate everything; diagnostics go to ``report``. ``store``: a
    checkstore.CheckStore, to take the own checks of unchanged files from earlier builds.

    Returns None when the taxonomy itself is unusable. Check ``report.errors`` before
    using the network: files with errors are left out of it.
    """
    taxonomy = load_taxonomy(project.taxonomy_file, report)
    if taxonomy is None:
        return None
    if not check_platforms(project.taxonomy_file, taxonomy, report):
        return None  # the schema cannot be built without every platform's pattern
    for name in stale_schema_files(project.schema_dir, taxonomy, project.kinds):
        report.error(
            project.schema_dir / name,
            (1, 1),
            "out of date with taxonomy.yaml; run `invoke schema` and commit the result",
        )
    today = today or build_day(project.timezone)
    cache = cache if cache is not None else SourceCache()
    checkers, tasks = {}, []
    for kind in project.kinds:
        checkers[kind.name] = kind.checker(kind.schema(taxonomy), today, project)
        listed = kind.list_files(project.folder(kind), report)
        for path in crosschecks.plain_files(listed, project):  # links: check_tree says so
            tasks.append((path, kind, checkers[kind.name]))
    checked = cache.check_all(tasks, report, processes or cpu_count(), store)
    loaded = {kind.name: (checkers[kind.name], []) for kind in project.kinds}
    for (path, kind, _), result in zip(tasks, checked, strict=True):
        loaded[kind.name][1].append((path, result))
    cache.forget_missing({path for _, files in loaded.values() for path, _ in files})
    failed = crosschecks.check_all(project.kinds, loaded, report, project)
    return build_network(project, taxonomy, loaded, failed, report, today, cache)


def build_network(project, taxonomy, loaded, failed, report, today, cache) -> Network:
    """Every valid file as a model object, kind by kind, each list in its kind's order.

    An item made from its file alone (a kind without references) is kept in the cache:
    a rebuild reuses it while the file and the taxonomy are unchanged.
    """
    resolver = Resolver(taxonomy, project)
    items = {}
    for kind in project.kinds:
        built = []
        for path, checked in loaded[kind.name][1]:
            if checked.has_errors or report.relative(path) in failed:
                continue
            item = cache.built(path, checked) if not kind.references else None
            if item is None:
                item = build_item(kind, checked, resolver)
                if not kind.references:
                    cache.keep_built(path, checked, item)
            built.append(item)
        built.sort(key=kind.order, reverse=kind.reverse)
        items[kind.name] = built
        resolver.items[kind.name] = {item.slug: item for item in built}
    network = Network(taxonomy, items, project.kinds, today)
    for kind in project.kinds:
        if kind.connect:
            kind.connect(network)
    return network


def build_item(kind, checked, resolver: Resolver):
    item = kind.build(checked.source, resolver)
    if hasattr(item, "source_digest"):
        item.source_digest = checked.digest
    if item.url is None:  # a page may give its own
        item.url = kind.url_of(item.slug)
    return item


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
