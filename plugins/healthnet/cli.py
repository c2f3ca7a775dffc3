"""Command-line entry points behind tasks.py: validate, scaffold, build, publish, check.

Kept apart from tasks.py so that tests and CI call exactly what editors call.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from . import links, scaffold
from .diagnostics import Report
from .project import Project, load_network
from .schema import write_schemas
from .taxonomy import load_taxonomy


def validate(project: Project, github: bool | None = None, today: dt.date | None = None) -> int:
    """Print every diagnostic as path:line:col lines; 1 if there is any error."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    report = Report(project.root)
    network = load_network(project, report, today)
    for diagnostic in report.sorted():
        print(diagnostic.format())
        if github:
            print(diagnostic.format_github())
    print(f"{valid_counts(network)}; {report.summary()}")
    return 1 if report.errors else 0


def valid_counts(network) -> str:
    """ "40 valid members, 24 resources, 2 learning paths, 4 events"."""
    if network is None:
        return "nothing valid: the taxonomy cannot be read"
    counts = (
        (len(network.members), "valid member"),
        (len(network.resources), "resource"),
        (len(network.paths), "learning path"),
        (len(network.events), "event"),
    )
    return ", ".join(f"{n} {noun}{'s' * (n != 1)}" for n, noun in counts)


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


def build(
    project: Project, settings_file: Path, output: Path, quiet: bool = True, siteurl: str = ""
) -> int:
    """Validate, render, index and check into a fresh folder, then swap it in for ``output``.

    On any failure the previous ``output`` stays exactly as it was.
    """
    if validate(project) != 0:
        print(f"build stopped: fix the errors above; {output} was left unchanged")
        return 1
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    # A sibling folder, so that the final rename stays on one file system.
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    try:
        render(project, settings_file, staging, quiet)
        index(staging)
        check_output_links(staging, siteurl)
    except BuildFailed as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {exc}; {output} was left unchanged")
        return 1
    swap_into_place(staging, output)
    print(f"built {output}")
    return 0


def publish(project: Project, output: Path) -> int:
    """The production build (publishconf.py) under the public address in SITEURL."""
    siteurl = os.environ.get("SITEURL", "").rstrip("/")
    if not siteurl.startswith(("https://", "http://")):
        print("publish needs the site's public address: SITEURL=https://... invoke publish")
        return 1
    return build(project, project.root / "publishconf.py", output, siteurl=siteurl)


def livereload(project: Project, settings_file: Path, output: Path, port: int) -> None:
    """Serve the site and rebuild it whenever its sources change; open pages reload.

    A build with errors prints them and keeps serving the last good site, unreloaded.
    """
    # Only editors previewing need these.
    from livereload import Server
    from livereload.handlers import LiveReloadHandler

    def rebuild() -> None:
        try:
            built = build(project, settings_file, output) == 0
        except Exception:  # a bug must not end the editor's session
            traceback.print_exc()
            built = False
        if built:
            # Reload now, after the build: livereload's own timing drops reloads that
            # come soon after the previous one.
            LiveReloadHandler.reload_waiters()
        print(f"watching for changes; the site is on http://localhost:{port}/")

    build(project, settings_file, output)
    server = Server()
    watched = [project.members_dir, project.content_dir, project.taxonomy_file,
               project.root / "theme"]  # fmt: skip
    for path in watched:
        if path.exists():
            server.watch(str(path), rebuild, delay="forever")
    print(f"watching for changes; the site is on http://localhost:{port}/")
    server.serve(root=str(output), port=port, host="localhost", restart_delay=0)


def check_links(site: Path, siteurl: str = "") -> int:
    """Print every broken internal link of a built site; 1 if there is any."""
    broken = _print_broken_links(site, siteurl)
    print(f"{site}: {len(broken)} broken internal links")
    return 1 if broken else 0


def check_external_links(project: Project, report_file: Path | None = None) -> int:
    """Check member websites and profiles; print (and append to a file) a Markdown report.

    Always 0: a site that is down today must not block anyone's pull request.
    """
    report = Report(project.root)
    network = load_network(project, report)
    if network is None:
        print("cannot read the taxonomy; fix `invoke validate` errors first")
        return 0
    text = links.external_report(links.check_external(links.member_links(network)))
    print(text, end="")
    if report_file:
        with Path(report_file).open("a", encoding="utf-8") as file:
            file.write(text)
    return 0


class BuildFailed(Exception):
    pass


def render(project: Project, settings_file: Path, destination: Path, quiet: bool) -> None:
    command = [
        sys.executable, "-m", "pelican", str(project.content_dir),
        "--settings", str(settings_file), "--output", str(destination),
        "--fatal", "errors", "--extra-settings",
        f"NETWORK_MEMBERS_PATH={json.dumps(str(project.members_dir.resolve()))}",
    ]  # fmt: skip
    if quiet:
        command.append("--quiet")
    if subprocess.run(command, cwd=project.root).returncode != 0:
        raise BuildFailed("Pelican could not render the site (see its messages above)")


# The attribute inside a tag, not the words in a text that explains them.
MARKED_FOR_SEARCH = re.compile(r"<[a-z][^<>]*\sdata-pagefind-body[\s>=/]")


def index(site: Path) -> None:
    """Build the Pagefind search index inside the site; fail unless every page marked for
    search (``data-pagefind-body``) is in it."""
    marked = sum(
        1 for page in site.rglob("*.html") if MARKED_FOR_SEARCH.search(page.read_text("utf-8"))
    )
    if not marked:
        raise BuildFailed("no page is marked for search (data-pagefind-body); nothing to index")
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
    if subprocess.run(command).returncode != 0:
        raise BuildFailed("Pagefind could not index the site (see its messages above)")
    entry = site / "pagefind" / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
        indexed = sum(language["page_count"] for language in languages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BuildFailed(f"Pagefind wrote no readable search index ({entry.name})") from None
    if indexed != marked:
        raise BuildFailed(
            f"the search index holds {indexed} pages, but {marked} pages are marked for search"
        )


def _print_broken_links(site: Path, siteurl: str) -> list[links.BrokenLink]:
    broken = links.check_site(site, siteurl)
    for link in broken:
        print(link.format())
    return broken


def check_output_links(site: Path, siteurl: str) -> None:
    broken = _print_broken_links(site, siteurl)
    if broken:
        raise BuildFailed(f"{len(broken)} broken internal links (listed above)")


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` using renames, never a half-written folder."""
    previous = None
    if output.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        previous.rmdir()
        output.rename(previous)
    staging.rename(output)
    if previous:
        shutil.rmtree(previous, ignore_errors=True)
