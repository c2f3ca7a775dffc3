"""One build of the site, and what a rebuild starts from.

A build is a list of timed steps: validate (every file read and checked once, through the
session's SourceCache), plan (every page and data file, from the kinds), render (on every
core; exports and copies are written meanwhile), index (Pagefind, started as soon as the
searchable pages exist), checks (links, marked pages, planned files). Pelican runs it: the
session hands it the validated network and the plugin's generator calls ``render``, then
``finish`` once Pelican has copied the static files.

A session kept for rebuilds (livereload) remembers what its last build wrote: each page's
fingerprint, each data file's digest, the list of files. The next build renders only the
pages whose fingerprint changed, writes only the files whose bytes changed, deletes what
is no longer produced, and leaves the output equal, byte for byte, to a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .datafiles import copied_files, data_files
from .diagnostics import Report
from .fingerprint import Fingerprinter
from .indexing import BuildFailed, Indexer, glob_for, pattern_regex, require_marked
from .kinds import SiteInfo
from .links import BrokenLink, SiteFiles, broken_links, check_site
from .plan import plan_site, routes
from .project import Project, load_network
from .render import Renderer, RenderJob, cpu_count, render_all
from .sources import SourceCache, digest_of

SEARCH_BUNDLE = "pagefind"
# Referenced by pages before Pagefind writes it.
SEARCH_SCRIPT = f"{SEARCH_BUNDLE}/pagefind.js"


@dataclass
class Written:
    """What a build left in its output folder."""

    fingerprints: dict[str, str] = field(default_factory=dict)  # page -> fingerprint
    data: dict[str, str] = field(default_factory=dict)  # data file -> digest of its text
    outputs: set[str] = field(default_factory=set)  # every file but the search bundle
    marked: dict[str, bool] = field(default_factory=dict)  # page -> marked for search
    unresolved: dict[str, list] = field(default_factory=dict)  # page -> links left to check


class BuildSession:
    def __init__(
        self,
        project: Project,
        today=None,
        processes: int | None = None,
        rebuilds: bool = False,
    ):
        self.project = project
        self.today = today
        self.processes = processes or cpu_count()
        self.rebuilds = rebuilds  # keep fingerprints: another build of this output follows
        self.cache = SourceCache()
        self.network = None
        self.written: Written | None = None  # the last build, for a rebuild in place
        self.timings: dict[str, float] = {}
        self.pages_rendered = 0
        self.reindex_in_background = False
        self._state: dict = {}
        self._indexing: threading.Thread | None = None

    # -- steps ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def timed(self, step: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started

    def validate(self, report: Report):
        """Load and check everything; the network, or None when there are errors."""
        self.timings = {}
        with self.timed("validate"):
            network = load_network(self.project, report, self.today, self.cache)
        self.network = network if network is not None and not report.errors else None
        return network

    def render(self, generator) -> None:
        """Plan, render and write the site into the generator's output folder."""
        settings, network, kinds = generator.settings, self.network, self.project.kinds
        output = Path(generator.output_path)
        previous = self.written if self.written is not None and output.exists() else None
        with self.timed("plan"):
            specs = plan_site(network, kinds)
            site = SiteInfo(
                settings["SITEURL"], settings["SITENAME"], settings["NETWORK_DOMAIN"],
                network.taxonomy,
            )  # fmt: skip
            copies = copied_files(network, kinds, self.project.schema_dir)
            statics = static_outputs(generator.context, settings)
            searchable = {_pattern(kind) for kind in kinds if kind.search}
            context = {**generator.context, "site": routes(network, kinds)}
            fingerprints = self.fingerprints(specs, context, generator) if self.rebuilds else {}
            todo = [s for s in specs if not previous or previous.fingerprints.get(s.output)
                    != fingerprints[s.output]]  # fmt: skip
            # Pages the search index reads go first, so that it can start on them.
            in_index = pattern_regex(searchable)
            todo.sort(key=lambda spec: not in_index.fullmatch(spec.output))
            first = sum(1 for spec in todo if in_index.fullmatch(spec.output))
        data: dict[str, str] = {}
        known = {spec.output for spec in specs} | set(copies) | statics

        def write_files() -> None:
            with self.timed("data files"):
                data.update(data_files(network, kinds, site))
                self.write_data(output, data, copies, previous)

        indexer: list[Indexer] = []

        def start_index() -> None:
            if previous is None and settings.get("NETWORK_SEARCH_INDEX", True):
                indexer.append(Indexer(output, glob_for(searchable)))

        renderer = Renderer(generator.env, context, settings["RELATIVE_URLS"], settings["SITEURL"])
        # Pages link to the search script before Pagefind writes it.
        linkable = frozenset(known | _export_paths(network, kinds) | {SEARCH_SCRIPT})
        job = RenderJob(renderer, todo, output, linkable, compare=previous is not None)
        with self.timed("render"):
            results, checking = render_all(job, self.processes, write_files, first, start_index)
        # Workers scan links as they render: their share of the time, per core.
        self.timings["link scan"] = checking / max(1, min(self.processes, len(todo)))
        self.pages_rendered = len(results)
        self._state = {
            "output": output, "specs": specs, "results": results, "data": data,
            "known": known | set(data), "fingerprints": fingerprints, "previous": previous,
            "indexer": indexer[0] if indexer else None, "searchable": searchable,
            "search": settings.get("NETWORK_SEARCH_INDEX", True), "siteurl": settings["SITEURL"],
        }  # fmt: skip

    def write_data(self, output: Path, data: dict, copies: dict, previous: Written | None):
        for name, text in data.items():
            if previous and previous.data.get(name) == digest_of(text.encode("utf-8")):
                continue
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for name, source in copies.items():
            path = output / name
            if previous and path.exists() and path.read_bytes() == source.read_bytes():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)

    def finish(self) -> None:
        """After Pelican copied the static files: remove what is no longer produced, wait
        for the search index, check it and every link; remember what was written."""
        state = self._state
        output, previous, known = state["output"], state["previous"], state["known"]
        marked, unresolved = self.collect(state["results"], previous, state["specs"])
        if previous:
            self.remove_stale(output, previous.outputs - known)
        with self.timed("checks"):
            if state["search"]:
                require_marked(sum(marked.values()))
        indexer = state["indexer"]
        if indexer:
            with self.timed("index"):
                indexer.finish(sum(marked.values()))
        with self.timed("checks"):
            files = SiteFiles(output)
            missing = sorted(known - files.files)
            if missing:
                raise BuildFailed(f"planned but not written: {', '.join(missing[:10])}")
            removed = previous is not None and bool(previous.outputs - known)
            if removed:  # a page may still link to what is gone: read them all again
                broken = check_site(output, state["siteurl"])
            else:
                links = [link for page_links in unresolved.values() for link in page_links]
                broken = broken_links(files, links)
        if broken:
            for link in broken:
                print(link.format())
            raise BuildFailed(f"{len(broken)} broken internal links (listed above)")
        if self.rebuilds:
            self.written = Written(
                state["fingerprints"],
                {name: digest_of(text.encode("utf-8")) for name, text in state["data"].items()},
                known,
                marked,
                unresolved,
            )
        if previous and state["search"]:
            self.reindex(output, state["searchable"], sum(marked.values()))

    def collect(self, results, previous: Written | None, specs) -> tuple[dict, dict]:
        """Each page's mark and links left to check: from this build where it rendered the
        page, from the last one where the page did not change."""
        planned = {spec.output for spec in specs}
        marked, unresolved = {}, {}
        if previous:
            marked = {page: flag for page, flag in previous.marked.items() if page in planned}
            unresolved = {p: links for p, links in previous.unresolved.items() if p in planned}
        for result in results:
            marked[result.output] = result.marked
            unresolved[result.output] = result.unresolved
        return marked, unresolved

    def remove_stale(self, output: Path, stale: set[str]) -> None:
        for name in sorted(stale):
            path = output / name
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            with contextlib.suppress(OSError):  # the folder, once empty
                path.parent.rmdir()

    def fingerprints(self, specs, context: dict, generator) -> dict[str, str]:
        """Every page's fingerprint, salted with what all pages share."""
        shared = {key: value for key, value in context.items() if _plain(value)}
        salt = hashlib.blake2b(digest_size=16)
        salt.update(json.dumps(shared, sort_keys=True, default=str).encode())
        salt.update(theme_digest(Path(generator.theme)).encode())
        salt.update(str(self.network.today).encode())
        printer = Fingerprinter(salt.hexdigest())
        site = context["site"]
        return {
            spec.output: printer.page(spec.template, spec.output, {"site": site, **spec.variables})
            for spec in specs
        }

    # -- the search index after a rebuild ---------------------------------------------------

    def reindex(self, output: Path, searchable: set[str], marked: int) -> None:
        """Index the site again into a new bundle and swap it in; in the background when
        the session serves a preview (the edited page reloads first)."""

        def run() -> None:
            fresh = output / f".{SEARCH_BUNDLE}-next"
            shutil.rmtree(fresh, ignore_errors=True)
            try:
                indexer = Indexer(output, glob_for(searchable), fresh)
                indexer.finish(marked)
            except BuildFailed as failure:
                print(f"search index not updated: {failure}")
                shutil.rmtree(fresh, ignore_errors=True)
                return
            old = output / f".{SEARCH_BUNDLE}-old"
            shutil.rmtree(old, ignore_errors=True)
            bundle = output / SEARCH_BUNDLE
            if bundle.exists():
                bundle.rename(old)
            fresh.rename(bundle)
            shutil.rmtree(old, ignore_errors=True)
            self.timings["index"] = indexer.seconds

        self.wait_for_index()
        if self.reindex_in_background:
            self._indexing = threading.Thread(target=run, daemon=True)
            self._indexing.start()
        else:
            run()

    def wait_for_index(self) -> None:
        if self._indexing is not None:
            self._indexing.join()
            self._indexing = None


def _pattern(kind) -> str:
    return kind.url.replace("{slug}", "*") + "index.html"


def _export_paths(network, kinds) -> set[str]:
    """Data files, by name, before they are made (pages link to them)."""
    paths = set()
    for kind in kinds:
        for export in kind.exports:
            if "{slug}" in export.path:
                paths |= {export.path.format(slug=item.slug) for item in network.of(kind.name)}
            else:
                paths.add(export.path)
        if kind.feed:
            paths.add(kind.feed.path)
    return paths


def static_outputs(context: dict, settings: dict) -> set[str]:
    """The files Pelican's static generator copies: content's static files and the theme's."""
    outputs = {static.save_as for static in context.get("staticfiles", [])}
    theme = Path(settings["THEME"])
    for folder in settings["THEME_STATIC_PATHS"]:
        root = theme / folder
        for path in root.rglob("*") if root.is_dir() else ():
            if path.is_file():
                outputs.add(f"{settings['THEME_STATIC_DIR']}/{path.relative_to(root).as_posix()}")
    return {output.replace(os.sep, "/") for output in outputs}


def theme_digest(theme: Path) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted((theme / "templates").rglob("*.html")):
        digest.update(path.relative_to(theme).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _plain(value) -> bool:
    if isinstance(value, str | int | float | bool | type(None)):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


__all__ = ["BrokenLink", "BuildFailed", "BuildSession", "Written"]
