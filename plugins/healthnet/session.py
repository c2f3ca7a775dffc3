"""One build of the site, and what a rebuild starts from.

A build is a list of timed steps: validate (every file read and checked once, through the
session's SourceCache), plan (every page and data file, from the kinds), render (on every
core, each searchable page's copy for Pagefind with it), index (Pagefind, started as soon
as the searchable pages exist), data files (the exports, while Pagefind works), checks
(links, marked pages, planned files). Pelican runs it: the session hands it the validated
network and the plugin's generator calls ``render``, then ``finish`` once Pelican has
copied the static files.

A session kept for rebuilds (livereload) remembers what its last build wrote: each page's
fingerprint, each data file's digest, the list of files. The next build renders only the
pages whose fingerprint changed, writes only the files whose bytes changed, deletes what
is no longer produced, and leaves the output equal, byte for byte, to a full build.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import editor, leftovers, sitemap
from .checkstore import CheckStore
from .datafiles import ItemFiles, copied_files, data_files, data_paths, made_files
from .diagnostics import Report
from .fingerprint import Fingerprinter
from .indexing import BuildFailed, Indexer, folders_in_order, in_order, require_marked
from .kinds import SiteInfo
from .leftovers import make_parent, replace_file
from .links import BrokenLink, SiteFiles, broken_links, check_site
from .made import MadeCache
from .parallel import cpu_count
from .plan import item_pages, plan_site, routes
from .project import Project, load_network
from .render import CompiledTemplates, PageResult, Renderer, RenderJob, render_all
from .sources import SourceCache, digest_of

SEARCH_BUNDLE = "pagefind"
# Referenced by pages before Pagefind writes it.
SEARCH_SCRIPT = f"{SEARCH_BUNDLE}/pagefind.js"
# A file system in memory, and how much room a page's copy for Pagefind takes there.
IN_MEMORY = "/dev/shm"
SEARCH_PAGES = ".search-pages-"  # <pid>-<random>: see leftovers.py
SEARCH_COPY_BYTES = 16_000
# Where a build writes differs between a full build and a rebuild, not what it writes.
UNSHOWN_SETTINGS = frozenset({"OUTPUT_PATH"})


@dataclass
class Written:
    """What a build left in its output folder."""

    fingerprints: dict[str, str] = field(default_factory=dict)  # page -> fingerprint
    data: dict[str, str] = field(default_factory=dict)  # data file -> digest of its text
    outputs: set[str] = field(default_factory=set)  # every file but the search bundle
    made: dict[str, str] = field(default_factory=dict)  # made file -> its key
    marked: dict[str, bool] = field(default_factory=dict)  # page -> marked for search
    unresolved: dict[str, list] = field(default_factory=dict)  # page -> links left to check


@dataclass
class Plan:
    """What a build will write, before it does."""

    pages: list  # plan.PageSpec, every page of the site
    todo: list  # the pages this build renders
    searchable: int  # how many of them, at the start of ``todo``, the search index reads
    context: dict  # what every page's template sees besides its own variables
    fingerprints: dict[str, str]  # page -> fingerprint (kept for rebuilds only)
    copies: dict[str, Path]  # files published as they are
    made: dict  # made.MadeFile by path in the site
    planned: set[str]  # every file the build writes, search bundle aside
    statics: set[str]  # of those, the files Pelican copies
    site: SiteInfo
    # (path, text) of the sitemap, robots.txt and the editor's config, made when called.
    texts: Callable[[], Iterable[tuple[str, str]]] = lambda: ()


@dataclass
class Rendered:
    """A build between rendering and its checks."""

    output: Path
    previous: Written | None
    pages: list  # plan.PageSpec, every page of the site
    results: list[PageResult]
    planned: set[str]  # every file the build writes, search bundle aside
    statics: set[str]  # of those, the files Pelican copies
    data: dict[str, str]  # data file -> digest of its text (for rebuilds only)
    made: dict[str, str]  # made file -> its key
    fingerprints: dict[str, str]
    indexer: Indexer | None
    siteurl: str


class BuildSession:
    def __init__(
        self,
        project: Project,
        today=None,
        processes: int | None = None,
        rebuilds: bool = False,
        search: bool = True,
    ):
        self.project = project
        self.today = today
        self.processes = processes or cpu_count()
        self.rebuilds = rebuilds  # keep fingerprints: another build of this output follows
        self.search = search  # build the search index (tests of other things may skip it)
        self.cache = SourceCache()
        self.network = None
        self.written: Written | None = None  # the last build, for a rebuild in place
        self.timings: dict[str, float] = {}
        self.pages_rendered = 0
        self.images_made = 0  # by the last build; the others came from the cache
        self.link_scan_cpu = 0.0  # seconds the last build's workers spent scanning links
        self.reindex_in_background = False
        self._rendered: Rendered | None = None
        self._search_pages: Path | None = None  # the pages' copies Pagefind reads
        self._indexing: threading.Thread | None = None
        self.compiled_templates = CompiledTemplates()
        # Files written from one item each, kept for rebuilds.
        self.item_files = ItemFiles() if rebuilds else None
        # Called on a rebuild once the edited items' own pages are written (a preview
        # reloads then); the rest of the site follows.
        self.show_first: Callable[[], None] | None = None

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
        # The checks kept by earlier builds serve a session's first build; its rebuilds have
        # them in memory, and writing them out again on every edit would delay a preview.
        store = CheckStore(self.project.check_store) if self.network is None else None
        with self.timed("validate"):
            network = load_network(
                self.project, report, self.today, self.cache, self.processes, store
            )
        if not self.rebuilds:
            self.cache = SourceCache()  # parsed files serve rebuilds only: free them
        self.network = network if network is not None and not report.errors else None
        return network

    def render(self, generator) -> None:
        """Plan, render and write the site into the generator's output folder."""
        settings = generator.settings
        output = Path(generator.output_path)
        previous = self.written if self.written is not None and output.exists() else None
        if previous is not None and self.show_first is not None:
            with self.timed("edited pages"):
                self.write_edited_pages(generator, output)
            self.show_first()
        if previous is not None:
            # The last rebuild's search index may still be reading the pages' copies that
            # this one rewrites.
            self.wait_for_index()
        with self.timed("plan"):
            plan = self.plan(generator, previous)
        if self.search and (previous is None or self._search_pages is None):
            self._search_pages = self._fresh_search_pages(output, plan.searchable)
        made = MadeCache(self.project.made_cache)
        with self.timed("images"):
            self.images_made = made.make_missing(plan.made.values(), self.processes)
        indexer: list[Indexer] = []
        copy_folders = None
        if self.search and previous is None:
            searchable = [spec.output for spec in plan.todo if spec.searchable]
            copy_folders = folders_in_order(self._search_pages, searchable)

        def start_index() -> None:
            if self.search and previous is None:
                pages = self._search_pages if copy_folders else in_order(self._search_pages)
                indexer.append(Indexer(pages, output / SEARCH_BUNDLE))

        renderer = _renderer(generator, plan.context)
        # Pages link to the search script before Pagefind writes it.
        job = RenderJob(renderer, plan.todo, output, frozenset(plan.planned | {SEARCH_SCRIPT}),
                        compare=previous is not None, search_copies=self._search_pages,
                        folders=set(copy_folders or ()))  # fmt: skip
        try:
            with self.timed("render"):
                results, checking = render_all(job, self.processes, plan.searchable, start_index)
            # Not while the pages render: Pagefind takes one core, and the other is then free
            # for the exports; not before the workers are gone, or their memory adds to
            # Pagefind's (README, Performance: 78 s before, 60 s after, at 20,000 members).
            with self.timed("data files"):
                texts = data_files(self.network, self.project.kinds, plan.site, self.item_files)
                texts = itertools.chain(texts, plan.texts())
                data = self.write_data(output, texts, plan.copies, previous)
                self.write_made(output, made, plan.made, previous)
        except BaseException:
            for running in indexer:
                running.stop()
            raise
        # Workers scan links as they render: their CPU time, and its share per core.
        self.link_scan_cpu = checking
        self.timings["link scan"] = checking / max(1, min(self.processes, len(plan.todo)))
        self.pages_rendered = len(results)
        self._rendered = Rendered(
            output, previous, plan.pages, results, plan.planned, plan.statics, data,
            {target: file.key for target, file in plan.made.items()}, plan.fingerprints,
            indexer[0] if indexer else None, settings["SITEURL"],
        )  # fmt: skip
        if previous is None:
            made.prune({file.key for file in plan.made.values()})

    def write_edited_pages(self, generator, output: Path) -> None:
        """On a rebuild for a preview: the own pages of the items just edited, before
        anything else, because they are what the editor is looking at. The rebuild then
        plans and writes the whole site as usual; these pages come out the same again."""
        edited = self.cache.reloaded  # as the kinds listed them, as items name them
        network, kinds = self.network, self.project.kinds
        specs = [
            spec
            for kind in kinds
            for spec in item_pages(kind, network, [
                item for item in network.of(kind.name) if getattr(item, "source", None) in edited
            ])
        ]  # fmt: skip
        if not specs:
            return
        renderer = _renderer(generator, self.page_context(generator))
        for spec in specs:
            replace_file(output / spec.output, renderer.render(spec).encode("utf-8"))

    def page_context(self, generator) -> dict:
        """What every page's template sees besides its own variables."""
        site = routes(self.network, self.project.kinds, generator.settings)
        return {**generator.context, "site": site}

    def plan(self, generator, previous: Written | None) -> Plan:
        """Every page and file of the site, and the pages this build renders: all of them,
        or on a rebuild those whose fingerprint changed, searchable pages first."""
        settings, network, kinds = generator.settings, self.network, self.project.kinds
        pages = plan_site(network, kinds)
        context = self.page_context(generator)
        fingerprints = self.fingerprints(pages, context, generator) if self.rebuilds else {}
        before = previous.fingerprints if previous else {}
        todo = [page for page in pages if not previous or changed(page, before, fingerprints)]
        todo.sort(key=lambda page: not page.searchable)
        site = SiteInfo(
            settings["SITEURL"], settings["SITENAME"], settings["NETWORK_DOMAIN"], network.taxonomy
        )
        copies = copied_files(self.project.schema_dir)
        made = made_files(network, kinds, site)
        statics = static_outputs(generator.context, settings)
        planned = {page.output for page in pages} | set(copies) | set(made) | statics
        planned |= data_paths(network, kinds)
        limit = settings.get("NETWORK_SITEMAP_LIMIT", sitemap.LIMIT)
        planned |= {*sitemap.file_names(pages, limit), *editor.file_names(kinds)}

        def texts() -> Iterable[tuple[str, str]]:
            # Made with the exports, after the pages: only their names are planned before.
            yield from sitemap.site_files(pages, kinds, network, site.url, site.domain,
                                          limit).items()  # fmt: skip
            yield from editor.site_files(kinds, network.taxonomy, settings, self.today).items()

        return Plan(
            pages, todo, sum(page.searchable for page in todo), context, fingerprints, copies,
            made, planned, statics, site, texts,
        )  # fmt: skip

    def write_data(
        self, output: Path, texts: Iterable, copies: dict, previous: Written | None
    ) -> dict[str, str]:
        """Exports and feeds, each written as it is made, then files published as they are:
        on a rebuild, only those whose bytes changed. Returns the exports' digests when a
        rebuild will follow."""
        folders: set[str] = set()
        digests: dict[str, str] = {}
        for name, text in texts:
            if self.rebuilds:
                digest = digests[name] = digest_of(text.encode("utf-8"))
                if previous and previous.data.get(name) == digest:
                    continue
            path = os.path.join(output, name)
            make_parent(path, folders)
            if previous:  # a preview may be reading it
                replace_file(Path(path), text.encode("utf-8"))
            else:
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
        for name, source in copies.items():
            path = output / name
            if previous and path.exists() and path.read_bytes() == source.read_bytes():
                continue
            make_parent(path, folders)
            shutil.copyfile(source, path)
        return digests

    def write_made(self, output: Path, cache: MadeCache, made: dict, previous: Written | None):
        """Made files, from the cache: on a rebuild, only those whose key changed."""
        folders: set[str] = set()
        for name, file in made.items():
            path = os.path.join(output, name)
            if previous and previous.made.get(name) == file.key and os.path.exists(path):
                continue
            make_parent(path, folders)
            cache.publish(file.key, path)

    def finish(self) -> None:
        """After Pelican copied the static files: remove what is no longer produced, wait
        for the search index, check it and every link; remember what was written."""
        rendered, self._rendered = self._rendered, None
        output, previous = rendered.output, rendered.previous
        marked, unresolved = self.collect(rendered)
        stale = previous.outputs - rendered.planned if previous else set()
        self.remove_stale(output, stale)
        try:
            with self.timed("checks"):
                if self.search:
                    require_marked(sum(marked.values()))
            if rendered.indexer:
                with self.timed("index"):
                    rendered.indexer.finish(sum(marked.values()))
        finally:
            if rendered.indexer:
                rendered.indexer.stop()
            if not self.rebuilds:
                self.drop_search_pages()
        with self.timed("checks"):
            broken = self.check_links(rendered, unresolved, bool(stale))
        if broken:
            for link in broken:
                print(link.format())
            raise BuildFailed(f"{len(broken)} broken internal links (listed above)")
        if self.rebuilds:
            self.written = Written(
                rendered.fingerprints, rendered.data, rendered.planned, rendered.made, marked,
                unresolved,
            )  # fmt: skip
        if previous and self.search:
            self.reindex(output, sum(marked.values()))

    def check_links(self, rendered: Rendered, unresolved: dict, removed: bool) -> list:
        """Every planned file written, and every link the workers could not answer.

        The build wrote its pages, data files and images itself (a failed write stops it):
        what is left to look for is what Pelican copied, and on a rebuild the files new to
        the plan. Links are answered by the plan, not by reading the folder back (140,000
        files at 20,000 members), so a file left over from an older build answers none.
        """
        output = rendered.output
        expected = rendered.statics
        if rendered.previous:
            expected = expected | (rendered.planned - rendered.previous.outputs)
        missing = sorted(name for name in expected if not (output / name).is_file())
        files = SiteFiles(output, rendered.planned | _bundle_files(output))
        if missing:
            raise BuildFailed(f"planned but not written: {', '.join(missing[:10])}")
        if removed:  # a page that did not change may link to what is gone: read them all
            return check_site(rendered.output, rendered.siteurl)
        return broken_links(files, [link for links in unresolved.values() for link in links])

    def collect(self, rendered: Rendered) -> tuple[dict, dict]:
        """Each page's mark and links left to check: from this build where it rendered the
        page, from the last one where the page did not change."""
        planned = {page.output for page in rendered.pages}
        marked, unresolved = {}, {}
        if rendered.previous:
            previous = rendered.previous
            marked = {page: flag for page, flag in previous.marked.items() if page in planned}
            unresolved = {p: links for p, links in previous.unresolved.items() if p in planned}
        for result in rendered.results:
            marked[result.output] = result.marked
            unresolved[result.output] = result.unresolved
        return marked, unresolved

    def remove_stale(self, output: Path, stale: set[str]) -> None:
        for name in sorted(stale):
            for root in (output, self._search_pages):
                if root is None:
                    continue
                path = root / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                with contextlib.suppress(OSError):  # the folder, once empty
                    path.parent.rmdir()

    def abort(self) -> None:
        """The build failed midway: stop what still runs and drop its temporary files."""
        if self._rendered and self._rendered.indexer:
            self._rendered.indexer.stop()
        self._rendered = None
        self.written = None  # whatever is on disk, the next build starts from nothing
        self.drop_search_pages()

    def fingerprints(self, pages, context: dict, generator) -> dict[str, str]:
        """Every page's fingerprint, salted with what all pages share."""
        # Settings templates may read; where this build writes is not one of them.
        shared = {
            key: value
            for key, value in context.items()
            if _plain(value) and key not in UNSHOWN_SETTINGS
        }
        salt = hashlib.blake2b(digest_size=16)
        salt.update(json.dumps(shared, sort_keys=True, default=str).encode())
        salt.update(theme_digest(Path(generator.theme)).encode())
        salt.update(str(self.network.today).encode())
        printer = Fingerprinter(salt.hexdigest())
        site = context["site"]
        # In this process, not on every core: pages show mostly the same objects (members,
        # terms, the site's routes), which one memo digests once and each worker would
        # digest again (measured: 0.5 s here against 2.5 s forked, at 6,855 pages).
        return {
            page.output: printer.page(page.template, page.output, {"site": site, **page.inputs})
            for page in pages
        }

    # -- the search index -------------------------------------------------------------------

    def _fresh_search_pages(self, output: Path, pages: int) -> Path:
        """A folder for the pages' copies Pagefind reads: in memory (/dev/shm) where it has
        room, since creating thousands of small files costs far less there than on disk.
        Named for this process: the folders of killed builds are removed first."""
        self.drop_search_pages()
        for place in (Path(IN_MEMORY), output.parent):
            leftovers.remove_orphans(place, SEARCH_PAGES)
        folder = output.parent
        with contextlib.suppress(OSError):
            memory = os.statvfs(IN_MEMORY)
            if memory.f_bavail * memory.f_frsize > 4 * SEARCH_COPY_BYTES * pages:
                folder = Path(IN_MEMORY)
        return leftovers.make_folder(SEARCH_PAGES, folder)

    def drop_search_pages(self) -> None:
        self.wait_for_index()
        if self._search_pages is not None:
            shutil.rmtree(self._search_pages, ignore_errors=True)
            self._search_pages = None

    def reindex(self, output: Path, marked: int) -> None:
        """Index the site again into a new bundle and swap it in; in the background when
        the session serves a preview (the edited page reloads first)."""
        pages = self._search_pages

        def run() -> None:
            fresh = output / f".{SEARCH_BUNDLE}-next"
            shutil.rmtree(fresh, ignore_errors=True)
            started = time.perf_counter()
            try:
                Indexer(in_order(pages), fresh).finish(marked)
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
            self.timings["index"] = time.perf_counter() - started

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


def _renderer(generator, context: dict) -> Renderer:
    settings = generator.settings
    return Renderer(generator.env, context, settings["RELATIVE_URLS"], settings["SITEURL"])


def _bundle_files(output: Path) -> set[str]:
    bundle = output / SEARCH_BUNDLE
    return (
        {f"{SEARCH_BUNDLE}/{path.name}" for path in bundle.iterdir()} if bundle.is_dir() else set()
    )


def changed(page, before: dict, now: dict) -> bool:
    return before.get(page.output) != now[page.output]


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
