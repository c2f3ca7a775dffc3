"""Rendering the page plan on every core, each page once, and checking what it links to.

Pages are independent, so a pool of forked processes renders them in batches (each worker
sees the plan and the network as the parent left them, without copying them over a pipe).
Every worker writes its pages itself (only those whose bytes changed, on a rebuild) and
returns, per page, whether it is marked for search and the links that the planned files
cannot answer: the parent checks those against the finished site. The same input gives
the same bytes whichever process renders a page.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican.utils import get_relative_path, path_to_url

from .links import Link, page_links

# Pages rendered per task: large enough to amortize a task, small enough to balance.
BATCH = 64
# Below this many pages a pool costs more than it saves.
MIN_PARALLEL = 200
# The attribute inside a tag, not the words in a text that explains them.
MARKED_FOR_SEARCH = re.compile(r"<[a-z][^<>]*\sdata-pagefind-body[\s>=/]")


@dataclass
class PageResult:
    output: str
    written: bool  # its bytes changed (always, into an empty folder)
    marked: bool  # it carries data-pagefind-body
    unresolved: list[Link] = field(default_factory=list)  # links the plan cannot answer


class Renderer:
    """Renders page specs with the theme's Jinja environment, as Pelican's writer would."""

    def __init__(self, env, context: dict, relative_urls: bool, siteurl: str):
        self.env = env
        self.context = context
        self.relative_urls = relative_urls
        self.siteurl = siteurl.rstrip("/")
        self._partials: dict[tuple, Markup] = {}
        env.globals["partial_cached"] = self.partial_cached

    def render(self, spec) -> str:
        context = dict(self.context)
        if self.relative_urls:
            context["SITEURL"] = path_to_url(get_relative_path(spec.output))
        context["output_file"] = spec.output
        context.update(spec.variables)
        return self.env.get_template(f"{spec.template}.html").render(context)

    @pass_context
    def partial_cached(self, context, template: str, **variables) -> Markup:
        """A partial rendered once per item and page depth, like Hugo's partialCached: a
        member's card is the same on every list at the same depth."""
        key = (template, context["SITEURL"], *(id(v) for v in variables.values()))
        if key not in self._partials:
            html = self.env.get_template(template).render(SITEURL=context["SITEURL"], **variables)
            self._partials[key] = Markup(html)
        return self._partials[key]


@dataclass
class RenderJob:
    """Everything a worker needs, left in place before the fork."""

    renderer: Renderer
    specs: list
    output: Path
    known: frozenset[str]  # every file the build will write, relative to the site
    compare: bool = False  # a rebuild: write only pages whose bytes changed
    seconds_checking: float = 0.0

    def render_one(self, spec) -> PageResult:
        html = self.renderer.render(spec)
        path = self.output / spec.output
        data = html.encode("utf-8")
        written = not (self.compare and _same_bytes(path, data))
        if written:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        started = time.perf_counter()
        marked = MARKED_FOR_SEARCH.search(html) is not None
        unresolved = self.scan_links(spec.output, html)
        self.seconds_checking += time.perf_counter() - started
        return PageResult(spec.output, written, marked, unresolved)

    def scan_links(self, page: str, html: str) -> list[Link]:
        """The links of ``page`` that no planned file answers, and fragments to check."""
        found = []
        for link in page_links(page, html, self.renderer.siteurl):
            if link.target == page and link.fragment:
                if f' id="{link.fragment}"' not in html:
                    found.append(link)  # the parent reports it
            elif link.target not in self.known or link.fragment:
                found.append(link)
        return found


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


_job: RenderJob | None = None


def _render_batch(bounds: tuple[int, int]) -> tuple[list[PageResult], float]:
    job = _job
    before = job.seconds_checking
    results = [job.render_one(spec) for spec in job.specs[bounds[0] : bounds[1]]]
    return results, job.seconds_checking - before


def render_all(job: RenderJob, processes: int, while_rendering=None, after_first=0, then=None):
    """Render every page of ``job``; yields nothing, returns (results, seconds checking).

    ``while_rendering()`` runs in this process while the workers render (exports, copies);
    ``then()`` runs once the first ``after_first`` pages are written (to start the search
    index on them while the rest renders).
    """
    global _job
    _job = job
    results: list[PageResult] = []
    checking = 0.0
    try:
        if processes <= 1 or len(job.specs) < MIN_PARALLEL:
            for spec in job.specs:
                results.append(job.render_one(spec))
                if then and len(results) == after_first:
                    then()
            checking = job.seconds_checking
            if while_rendering:
                while_rendering()
        else:
            bounds = [(start, min(start + BATCH, len(job.specs)))
                      for start in range(0, len(job.specs), BATCH)]  # fmt: skip
            gc.collect()
            gc.freeze()  # the workers then share the parent's objects instead of copying them
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                batches = pool.imap(_render_batch, bounds)
                if while_rendering:
                    while_rendering()
                for batch, seconds in batches:
                    started = len(results)
                    results += batch
                    checking += seconds
                    if then and started < after_first <= len(results):
                        then()
            gc.unfreeze()
        if then and after_first == 0:
            then()
    finally:
        _job = None
    return results, checking


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
