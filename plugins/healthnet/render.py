"""Rendering the page plan on every core, each page once, and checking what it links to.

Pages are independent, so a pool of forked processes renders them in batches (each worker
sees the plan and the network as the parent left them, without copying them over a pipe).
Every worker writes its pages itself (only those whose bytes changed, on a rebuild) and,
for a searchable page, the copy Pagefind reads (indexing.in_order puts those in the order
of their paths before Pagefind reads them); it returns, per page, whether it is marked for
search and the links that the planned files cannot answer (the parent checks those
against the finished site). The same input gives the same bytes whichever process
renders a page.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache, pass_context
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape
from pelican.utils import get_relative_path, path_to_url

from .indexing import is_marked, search_copy
from .leftovers import make_parent, replace_file
from .links import Link, Targets, decoded, in_a_tag, page_folder, written_links
from .parallel import batches

# Pages rendered per task: large enough to amortize a task, small enough to balance.
BATCH = 64
# What a cached partial holds in place of SITEURL until a page of some depth takes it.
_SITEURL_STAND_IN = "\x00SITEURL\x00"
# Below this many pages a pool costs more than it saves.
MIN_PARALLEL = 200
# The workers give way to Pagefind, which starts while they render the pages no search
# reads and whose one core is then the build's longest path (README, Performance).
WORKER_NICENESS = 10


@dataclass
class PageResult:
    output: str
    written: bool  # its bytes changed (always, into an empty folder)
    marked: bool  # it carries data-pagefind-body
    unresolved: list[Link] = field(default_factory=list)  # links the plan cannot answer


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory between the builds of one session: Pelican makes
    a new Jinja environment every run, and a rebuild should not compile them all again."""

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def escaped_text(value) -> str:
    """``markupsafe.escape(value)``'s text, as plain ``str`` where the value is one: the
    same characters, without making a ``Markup`` object for each value a page shows
    (about 230 a page; markupsafe's Python wrapper cost a tenth of a worker's time)."""
    if value.__class__ is not str:
        html = getattr(value, "__html__", None)  # Markup, a partial: already safe
        return html() if html is not None else escape(value)  # numbers and the like
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        # markupsafe's own replacements, "&" first.
        value = value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
        value = value.replace("'", "&#39;").replace('"', "&#34;")
    return value


class EscapedTextOutput(CodeGenerator):
    """Compiles each ``{{ value }}`` of an autoescaped template to
    ``environment.escaped_text(value)`` in place of ``escape(value)``: the text on the page
    is the same, and a value is only written into the page's string, never kept as Markup
    (a block or macro's result is still wrapped in Markup, as Jinja does)."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escaped_text(")
        if finalize.src is not None:
            self.write(finalize.src)


class Renderer:
    """Renders page specs with the theme's Jinja environment, as Pelican's writer would."""

    def __init__(self, env, context: dict, relative_urls: bool, siteurl: str):
        # Before any template is compiled by it (CompiledTemplates keeps them per session).
        env.code_generator_class = EscapedTextOutput
        env.escaped_text = escaped_text
        self.env = env
        self.context = context
        self.relative_urls = relative_urls
        self.siteurl = siteurl.rstrip("/")
        self._partials: dict[tuple, str] = {}
        env.globals["partial_cached"] = self.partial_cached
        # A template is looked up once: Jinja's own lookup asks the disk whether it changed.
        self.template = functools.cache(env.get_template)

    def render(self, spec) -> str:
        context = dict(self.context)
        if self.relative_urls:
            context["SITEURL"] = path_to_url(get_relative_path(spec.output))
        context["output_file"] = spec.output
        context.update(spec.variables)
        return self.template(f"{spec.template}.html").render(context)

    @pass_context
    def partial_cached(self, context, template: str, **variables) -> Markup:
        """A partial rendered once per item, like Hugo's partialCached: a member's card is
        the same on every list. Rendered with a stand-in for SITEURL, put in its place for
        the page's depth (no text of a page can hold the stand-in: the text rule refuses
        control characters)."""
        key = (template, *(id(v) for v in variables.values()))
        if key not in self._partials:
            self._partials[key] = self.template(template).render(
                SITEURL=_SITEURL_STAND_IN, **variables
            )
        return Markup(self._partials[key].replace(_SITEURL_STAND_IN, escape(context["SITEURL"])))


@dataclass
class RenderJob:
    """Everything a worker needs, left in place before the fork."""

    renderer: Renderer
    specs: list
    output: Path
    known: frozenset[str]  # every file the build will write, relative to the site
    compare: bool = False  # a rebuild: write only pages whose bytes changed
    search_copies: Path | None = None  # where the searchable pages' copies for Pagefind go
    seconds_checking: float = 0.0
    targets: Targets = None
    # Folders made already by this process, in the output and among the search copies.
    folders: set = field(default_factory=set)
    # Link values (as written) that a planned file answers, by depth (see scan_links).
    answered: dict = field(default_factory=dict)

    def __post_init__(self):
        self.targets = Targets(self.renderer.siteurl)

    def render_one(self, spec) -> PageResult:
        html = self.renderer.render(spec)
        path = self.output / spec.output
        data = html.encode("utf-8")
        written = not (self.compare and _same_bytes(path, data))
        if written:
            make_parent(path, self.folders)
            if self.compare:  # a rebuild of a site that a preview may be reading
                replace_file(path, data)
            else:
                path.write_bytes(data)
        if spec.searchable and self.search_copies:
            self.keep_search_copy(spec.output, search_copy(html))
        # CPU, not wall: the parent and Pagefind share the cores meanwhile.
        started = time.process_time()
        marked = is_marked(html)
        unresolved = self.scan_links(spec.output, html)
        self.seconds_checking += time.process_time() - started
        return PageResult(spec.output, written, marked, unresolved)

    def keep_search_copy(self, output: str, copy: str | None) -> None:
        """Written here, not sent back to the parent: 125 MB of copies at 20,000 members."""
        path = self.search_copies / output
        if copy is None:
            path.unlink(missing_ok=True)  # not marked: the index must miss it, and say so
        else:
            make_parent(path, self.folders)
            path.write_text(copy, encoding="utf-8")

    def scan_links(self, page: str, html: str) -> list[Link]:
        """The links of ``page`` that no planned file answers, and fragments to check."""
        found = []
        folder, up = page_folder(page)
        # Values that a planned file answers from any page of this depth: those that climb
        # to the site's root first (the header's, the cards'), or all at the root.
        answered = self.answered.setdefault(up, set())
        for value in written_links(html):
            if value in answered:
                continue
            url = decoded(value)
            resolved = self.targets.of(folder, url, up)
            if resolved is None:  # another site's
                continue
            target, fragment = resolved
            if target == Targets.SELF:
                if f' id="{fragment}"' in html:
                    continue
                target = page  # the parent reports it
            elif target in self.known and not fragment:
                if url.startswith(up):
                    answered.add(value)
                continue
            if in_a_tag(html, value):
                found.append(Link(page, url, target, fragment))
        return found


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def render_all(job: RenderJob, processes: int, after_first=0, then=None):
    """Render every page of ``job``; returns (results, seconds spent checking links).

    ``then()`` runs in this process once the first ``after_first`` pages are written (to
    start the search index on them while the rest renders).
    """
    results: list[PageResult] = []
    checking = 0.0

    def render(index: int) -> tuple[PageResult, float]:
        before = job.seconds_checking
        result = job.render_one(job.specs[index])
        return result, job.seconds_checking - before

    for batch in batches(render, len(job.specs), processes, BATCH, MIN_PARALLEL, WORKER_NICENESS):
        started = len(results)
        for result, seconds in batch:
            results.append(result)
            checking += seconds
        if then and started < after_first <= len(results):
            then()
    if then and after_first == 0:
        then()
    return results, checking
