"""Command-line entry points behind tasks.py: validate, scaffold, build, publish, check.

Kept apart from tasks.py so that tests and CI call exactly what editors call.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import http.server
import logging
import os
import shutil
import subprocess
import tempfile
import time
import traceback
from collections.abc import Iterable
from pathlib import Path

from . import leftovers, links, reporting, scaffold
from .checkstore import CheckStore
from .diagnostics import Report, counted
from .indexing import BuildFailed, index
from .plan import PlanError
from .project import Project, load_network
from .schema import write_schemas
from .session import BuildSession
from .taxonomy import load_taxonomy

__all__ = ["BuildFailed", "index"]


def validate(
    project: Project,
    github: bool | None = None,
    today: dt.date | None = None,
    all_warnings: bool = False,
    changed: Iterable[str] | None = None,
) -> int:
    """Print the diagnostics as path:line:col lines; 1 if there is any error.

    ``github`` (default: GITHUB_ACTIONS=true) adds annotations, ``changed`` files first,
    and the job summary; see reporting.py."""
    report = Report(project.root)
    network = load_network(project, report, today, store=CheckStore(project.check_store))
    print_report(report, network, github, all_warnings, changed)
    return 1 if report.errors else 0


def print_report(
    report: Report,
    network,
    github: bool | None = None,
    all_warnings: bool = False,
    changed: Iterable[str] | None = None,
) -> None:
    """Every error; each warning repeated across many files once, with its count, unless
    ``all_warnings``; then "<valid counts>; N errors, M warnings"."""
    options = reporting.OutputOptions.from_environment(github, all_warnings, changed)
    reporting.print_report(report, valid_counts(network), options)


def valid_counts(network) -> str:
    """ "40 valid members, 24 resources, 2 learning paths, 4 events, 3 news posts, 5 pages"."""
    if network is None:
        return "nothing valid: the taxonomy cannot be read"
    counts = []
    for number, kind in enumerate(network.kinds):
        count = len(network.of(kind.name))
        noun = kind.what.split(" ", 1)[-1]
        counts.append(counted(count, f"{'valid ' * (number == 0)}{noun}"))
    return ", ".join(counts)


def _taxonomy_or_report(project: Project):
    report = Report(project.root)
    taxonomy = load_taxonomy(project.taxonomy_file, report)
    for diagnostic in report.sorted():
        print(diagnostic.format())
    return taxonomy, report


def regenerate_schemas(project: Project) -> int:
    taxonomy, report = _taxonomy_or_report(project)
    if taxonomy is None:
        return 1
    for path in write_schemas(project.schema_dir, taxonomy):
        print(f"wrote {report.relative(path)}")
    return 0


def new_member(project: Project, name: str, today: dt.date | None = None) -> int:
    """Create members/<slug>.yaml for ``name``; never overwrite."""
    taxonomy, report = _taxonomy_or_report(project)
    if taxonomy is None:
        return 1
    text = scaffold.member_text(name, taxonomy, today or dt.date.today())
    return _create(report, project.members_dir, name, ".yaml", text)


def new_resource(project: Project, title: str, today: dt.date | None = None) -> int:
    """Create content/resources/<slug>.md for ``title``; never overwrite."""
    taxonomy, report = _taxonomy_or_report(project)
    if taxonomy is None:
        return 1
    members = sorted(path.stem for path in project.members_dir.glob("*.yaml"))
    example = members[0] if members else "riverbend-regional-health"
    text = scaffold.resource_text(title, taxonomy, today or dt.date.today(), example)
    return _create(report, project.content_dir / "resources", title, ".md", text)


def _create(report: Report, folder: Path, title: str, suffix: str, text: str) -> int:
    try:
        path = scaffold.create(folder, title, suffix, text)
    except scaffold.ScaffoldRefused as refusal:
        where = f"{report.relative(refusal.path)} " if refusal.path else ""
        print(f"not created: {where}{refusal}")
        return 1
    print(f"created {report.relative(path)}: replace each TODO, then run `invoke validate`")
    return 0


@contextlib.contextmanager
def fewer_collections():
    """A build makes millions of objects that live until it ends (the network, the plan,
    the pages' variables). Python looks for garbage cycles among new objects every 700
    allocations by default: 1,900 times at 5,000 members, 1.5 s of CPU; every 50,000, it
    is 20 times and 0.4 s. The threshold is the process's: set for the build only."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@fewer_collections()
def build(
    project: Project,
    settings_file: Path,
    output: Path,
    quiet: bool = True,
    session: BuildSession | None = None,
    github: bool | None = None,
    all_warnings: bool = False,
    changed: Iterable[str] | None = None,
) -> int:
    """Validate once, then render, index and check into a fresh folder, in this process;
    swap it in for ``output``. On any failure the previous ``output`` stays as it was.
    The diagnostics are printed as by `validate`."""
    session = session or BuildSession(project)
    session.written = None  # into a new folder: everything is written
    started = time.perf_counter()
    report = Report(project.root)
    network = session.validate(report)
    print_report(report, network, github, all_warnings, changed)
    if network is None or report.errors:
        print(f"build stopped: fix the errors above; {output} was left unchanged")
        return 1
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    # A sibling folder, so that the final rename stays on one file system; named for this
    # process, so that a build that was killed midway leaves one the next build removes.
    leftovers.remove_orphans(output.parent, staging_prefix(output))
    staging = leftovers.make_folder(staging_prefix(output), output.parent)
    # mkdtemp makes it private (0700); the site it becomes is served to everyone.
    staging.chmod(0o755 & ~leftovers.umask())
    try:
        render(project, settings_file, staging, quiet, session)
    except (BuildFailed, PlanError) as exc:
        session.abort()
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {exc}; {output} was left unchanged")
        return 1
    except BaseException:
        session.abort()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with session.timed("swap"):
        swap_into_place(staging, output)
    session.timings["total"] = time.perf_counter() - started
    print(f"built {output} ({session.pages_rendered} pages in {session.timings['total']:.1f} s)")
    return 0


def render(
    project: Project, settings_file: Path, destination: Path, quiet: bool, session: BuildSession
) -> None:
    """Run Pelican in this process on the session's validated network."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    overrides = {
        "PATH": str(project.content_dir.resolve()),
        "OUTPUT_PATH": str(destination),
        "NETWORK_MEMBERS_PATH": str(project.members_dir.resolve()),
        "NETWORK_SESSION": session,
    }
    settings = read_settings(str(settings_file), override=overrides)
    settings["JINJA_ENVIRONMENT"] = {
        **settings["JINJA_ENVIRONMENT"],
        "bytecode_cache": session.compiled_templates,
        # Each build makes a new environment: a template cannot change during one, so
        # Jinja need not ask the disk at every include.
        "auto_reload": False,
    }
    errors = _PelicanErrors()
    logging.getLogger("pelican").addHandler(errors)
    console.quiet = quiet
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger("pelican").removeHandler(errors)
        console.quiet = False
    if errors.messages:
        raise BuildFailed("Pelican could not render the site: " + "; ".join(errors.messages))


class _PelicanErrors(logging.Handler):
    """Pelican's logged errors fail the build (its command line's --fatal errors)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def publish(project: Project, output: Path, **reporting_options) -> int:
    """The production build (publishconf.py) under the public address in SITEURL; the
    diagnostics are printed as `build` prints them (``github``, ``all_warnings``,
    ``changed``)."""
    siteurl = os.environ.get("SITEURL", "").rstrip("/")
    if not siteurl.startswith(("https://", "http://")):
        print("publish needs the site's public address: SITEURL=https://... invoke publish")
        return 1
    return build(project, project.root / "publishconf.py", output, **reporting_options)


def livereload(project: Project, settings_file: Path, output: Path, port: int) -> None:
    """Serve the site and rebuild it whenever its sources change; open pages reload.

    A rebuild renders only the pages whose inputs changed and writes only changed files;
    the search index follows in the background. A build with errors prints them and keeps
    serving the last good site, unreloaded.
    """
    # Only editors previewing need these.
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    from .watching import SourceWatcher

    session = BuildSession(project, rebuilds=True)
    session.reindex_in_background = True

    def rebuild() -> None:  # in the watcher's thread
        try:
            built = rebuild_in_place(project, settings_file, output, session) == 0
        except Exception:  # a bug must not end the editor's session
            traceback.print_exc()
            built = False
        if built:
            # Reload now, after the build: livereload's own timing drops reloads that
            # come soon after the previous one.
            watcher.in_server(LiveReloadHandler.reload_waiters)
        print(f"watching for changes; the site is on http://localhost:{port}/")

    build(project, settings_file, output, session=session)
    watcher = SourceWatcher(rebuild)
    # The edited item's own page is written first: the open page shows it at once.
    session.show_first = lambda: watcher.in_server(LiveReloadHandler.reload_waiters)
    watched = [project.members_dir, project.content_dir, project.taxonomy_file,
               project.root / "theme"]  # fmt: skip
    for path in watched:
        if path.exists():
            watcher.watch_path(path)
    server = Server(watcher=watcher)
    print(f"watching for changes; the site is on http://localhost:{port}/")
    _load_client_as_file(port)
    server.serve(root=str(output), port=port, host="localhost", restart_delay=0)


def _load_client_as_file(port: int) -> None:
    """livereload adds its client to each page as an inline script, which the pages'
    Content-Security-Policy refuses (plugins/healthnet/csp.py): add a tag that loads the
    same client as a file from this server instead."""
    from livereload.server import LiveScriptInjector

    tag = f'<script src="/livereload.js?port={port}"></script>'.encode()
    inject = LiveScriptInjector.transform_first_chunk

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        self.script = tag
        return inject(self, status_code, headers, chunk, finishing)

    LiveScriptInjector.transform_first_chunk = transform_first_chunk


@fewer_collections()
def rebuild_in_place(
    project: Project, settings_file: Path, output: Path, session: BuildSession
) -> int:
    """Bring ``output`` up to date with the sources, touching only what changed. Errors
    leave it as it was."""
    if session.written is None or not output.exists():
        return build(project, settings_file, output, session=session)
    started = time.perf_counter()
    report = Report(project.root)
    network = session.validate(report)
    # What the edit brought, and every error: not every warning of the network again.
    changed = {report.relative(path) for path in session.cache.reloaded}
    shown = [d for d in report.sorted() if d.is_error or d.path in changed]
    for diagnostic in shown:
        print(diagnostic.format())
    if shown or network is None:
        print(f"{valid_counts(network)}; {report.summary()}")
    if network is None or report.errors:
        print(f"not rebuilt: fix the errors above; {output} was left unchanged")
        return 1
    try:
        render(project, settings_file, output.resolve(), True, session)
    except (BuildFailed, PlanError) as exc:
        print(f"rebuild failed: {exc}")
        session.abort()  # the next change builds everything again
        return 1
    session.timings["total"] = time.perf_counter() - started
    print(
        f"rebuilt {session.pages_rendered} pages in {session.timings['total']:.2f} s; "
        "the search index follows"
    )
    return 0


def check_links(site: Path, siteurl: str = "") -> int:
    """Print every broken internal link of a built site; 1 if there is any."""
    broken = _print_broken_links(site, siteurl)
    print(f"{site}: {len(broken)} broken internal links")
    return 1 if broken else 0


# GitHub refuses an issue body over 65,536 characters; the workflow adds a few lines of its own.
ISSUE_BODY_LIMIT = 60_000


def check_external_links(
    project: Project, report_file: Path | None = None, issue_file: Path | None = None
) -> int:
    """Check member websites and profiles; print (and append to a file) a Markdown report.

    0 even when links are broken: a site that is down today must not block anyone's pull
    request. 1 only when nothing could be checked (the taxonomy cannot be read). With
    ``issue_file``, the report is also written there, at most ISSUE_BODY_LIMIT characters,
    as the body of an issue, when a link is broken; when none is, the file is removed.
    """
    report = Report(project.root)
    network = load_network(project, report)
    if network is None:
        print("cannot read the taxonomy; fix `invoke validate` errors first")
        return 1
    results = links.check_external(links.member_links(network))
    text = links.external_report(results)
    print(text, end="")
    if report_file:
        with Path(report_file).open("a", encoding="utf-8") as file:
            file.write(text)
    if issue_file:
        if any(result.broken for result in results):
            Path(issue_file).write_text(_shortened(text, ISSUE_BODY_LIMIT), encoding="utf-8")
        else:
            Path(issue_file).unlink(missing_ok=True)
    return 0


def _shortened(report: str, limit: int) -> str:
    """The report's first lines (its table's first rows) that fit in ``limit`` characters,
    then one line counting the rows left out."""
    if len(report) <= limit:
        return report
    lines = report.splitlines()
    kept, size = [], 0
    for line in lines:
        size += len(line) + 1
        if size > limit - 200:  # room for the last line
            break
        kept.append(line)
    left_out = counted(len(lines) - len(kept), "more broken link")
    return "\n".join([*kept, "", f"…and {left_out}: see the job summary of the run."]) + "\n"


def _print_broken_links(site: Path, siteurl: str) -> list[links.BrokenLink]:
    broken = links.check_site(site, siteurl)
    for link in broken:
        print(link.format())
    return broken


def staging_prefix(output: Path) -> str:
    """``.output.new-``: the folders a build of ``output`` renders into (then swaps in)."""
    return f".{output.name}.new-"


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` using renames, never a half-written folder: in one
    step where the system can exchange two folders, so that ``output`` is never missing.

    The previous site is deleted by a process of its own: removing thousands of files takes
    seconds that the new site need not wait for. A later build removes what it left.
    """
    for leftover in output.parent.glob(f".{output.name}.old-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    previous = None
    if output.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        previous.rmdir()
        if _exchange(staging, output):
            staging.rename(previous)  # the previous site, now under the staging name
        else:
            output.rename(previous)
            staging.rename(output)
    else:
        staging.rename(output)
    if previous:
        subprocess.Popen(
            ["rm", "-rf", "--", str(previous)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE); False where
    the system or file system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, rename_exchange = -100, 2
    done = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange)
    return done == 0


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as GitHub Pages does: a missing page gets the site's own
    404.html (a search box and the sections), with the status 404."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
