"""Tasks for people and CI: `invoke --list` shows them all."""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from healthnet import cli, reporting  # noqa: E402
from healthnet.project import Project  # noqa: E402

OUTPUT = ROOT / "output"


def _project(members=None, content=None) -> Project:
    return Project.at(
        ROOT,
        Path(members).resolve() if members else None,
        Path(content).resolve() if content else None,
        timezone=_timezone(),
    )


@functools.cache
def _timezone() -> str:
    """The network's time zone, as pelicanconf.py sets it: it decides the build day for
    `invoke validate` as for the build (a review overdue, an event past)."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["TIMEZONE"]


def _exit(code: int) -> None:
    if code:
        raise Exit(code=code)


OTHER_DATA = {
    "members": "use another members folder instead of members/",
    "content": "use another content folder instead of content/",
}


REPORTING = {
    "all-warnings": "print every warning, also those repeated across many files",
    "changed": "a file listing the files a pull request changes, one a line (git diff "
    "--name-only): under GitHub Actions, annotate those first",
    "annotate": "under GitHub Actions, print annotations and write the job summary "
    "(default); --no-annotate when another step already did",
}


def _changed(changed: str | None) -> list[str] | None:
    if changed is None:
        return None
    try:
        return reporting.read_file_list(Path(changed))
    except OSError as exc:
        raise Exit(f"--changed: cannot read {changed}: {exc.strerror}", code=2) from exc


def _github(annotate: bool) -> bool | None:
    """None: annotate when GITHUB_ACTIONS=true."""
    return None if annotate else False


@task(help={**OTHER_DATA, **REPORTING})
def validate(c, members=None, content=None, all_warnings=False, changed=None, annotate=True):
    """Check members/, content/ and taxonomy.yaml; print path:line:col for every problem."""
    _exit(
        cli.validate(
            _project(members, content),
            github=_github(annotate),
            all_warnings=all_warnings,
            changed=_changed(changed),
        )
    )


@task
def schema(c):
    """Regenerate schema/*.json from taxonomy.yaml (commit the result)."""
    _exit(cli.regenerate_schemas(_project()))


@task(help={"name": 'the organization\'s name, in quotes: "Riverbend Regional Health"'})
def new_member(c, name):
    """Create members/<slug>.yaml with every field explained; never overwrites."""
    _exit(cli.new_member(_project(), name))


@task(help={"title": 'the resource\'s title, in quotes: "Writing a social media policy"'})
def new_resource(c, title):
    """Create content/resources/<slug>.md with every field explained; never overwrites."""
    _exit(cli.new_resource(_project(), title))


@task(
    help={
        "file": "the spreadsheet saved as CSV (comma, semicolon or tab; UTF-8 or Excel's CSV)",
        "mapping": "a mapping file naming columns and type labels, added to import/mapping.yaml",
        "country": "the country of rows that name none, such as US",
        "joined": "the date every imported member joined, YYYY-MM-DD (default: today)",
        "dry_run": "check every row and report, but write nothing",
        "members": OTHER_DATA["members"],
    }
)
def import_members(c, file, mapping=None, country=None, joined=None, dry_run=False, members=None):
    """Turn a spreadsheet of members into member files; rows with errors are reported, and an
    existing member is never overwritten."""
    from healthnet import importer

    _exit(
        importer.import_members(
            _project(members),
            Path(file),
            Path(mapping) if mapping else None,
            country=country,
            joined=joined,
            dry_run=dry_run,
        )
    )


@task(
    help={
        "output": "where to put the site (default: output/)",
        **OTHER_DATA,
        "verbose": "show Pelican's messages",
        **REPORTING,
    }
)
def build(
    c,
    output=None,
    members=None,
    content=None,
    verbose=False,
    all_warnings=False,
    changed=None,
    annotate=True,
):
    """Validate, render with pelicanconf.py and index with Pagefind into output/."""
    _exit(
        cli.build(
            _project(members, content),
            ROOT / "pelicanconf.py",
            Path(output) if output else OUTPUT,
            quiet=not verbose,
            github=_github(annotate),
            all_warnings=all_warnings,
            changed=_changed(changed),
        )
    )


@task(help={"output": "where to put the site (default: output/)", **REPORTING})
def publish(c, output=None, all_warnings=False, changed=None, annotate=True):
    """Production build with publishconf.py (SITEURL from the environment), checked, swapped in."""
    _exit(
        cli.publish(
            _project(),
            Path(output) if output else OUTPUT,
            github=_github(annotate),
            all_warnings=all_warnings,
            changed=_changed(changed),
        )
    )


@task(help={"site": "the built site to check (default: output/)", "siteurl": "its SITEURL"})
def check_links(c, site=None, siteurl=""):
    """Check that every internal link and #anchor of a built site resolves."""
    _exit(cli.check_links(Path(site) if site else OUTPUT, siteurl))


@task(
    help={
        "report": "also append the Markdown report to this file ($GITHUB_STEP_SUMMARY)",
        "issue": "write the broken links to this file as an issue's body; no file when every "
        "link works",
    }
)
def check_external_links(c, report=None, issue=None):
    """Check member websites and social profiles; report broken ones (fails only when it
    cannot check)."""
    _exit(
        cli.check_external_links(
            _project(), Path(report) if report else None, Path(issue) if issue else None
        )
    )


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=8000):
    """Build, then serve output/ on http://localhost:8000."""
    build(c)
    handler = functools.partial(cli.SiteRequestHandler, directory=str(OUTPUT))
    with http.server.ThreadingHTTPServer(("localhost", int(port)), handler) as server:
        print(f"Serving the site on http://localhost:{port}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


@task(
    help={
        "sizes": "member counts of the synthetic networks, comma-separated (default "
        "500,5000,20000)",
        "report": "where to write the results as JSON (default bench/results.json)",
    }
)
def bench(c, sizes="500,5000,20000", report=None):
    """Build synthetic networks; report times, CPU, memory, page sizes, first search bytes
    and edit-to-preview time."""
    from healthnet import benchmark

    counts = [int(size) for size in sizes.split(",")]
    benchmark.run(ROOT, counts, Path(report) if report else ROOT / "bench" / "results.json")


@task(
    help={
        "port": "port to serve on (default 8000)",
        **OTHER_DATA,
        "output": "where to build (default: output/)",
    }
)
def livereload(c, port=8000, members=None, content=None, output=None):
    """Serve the site and rebuild on every change; the open page reloads itself."""
    cli.livereload(
        _project(members, content),
        ROOT / "pelicanconf.py",
        Path(output) if output else OUTPUT,
        int(port),
    )


@task
def lint(c):
    """Check code style with ruff."""
    c.run("ruff check . && ruff format --check .", pty=False)


@task(help={"k": "only tests matching this expression"})
def test(c, k=None):
    """Run every test: unit, build and browser (needs Debian's chromium; the HTML check
    needs Java and npm, the web editor's test Node.js; `npm ci` installs the Nu HTML Checker
    and decap-server the first time)."""
    _install_test_tools()
    command = [sys.executable, "-m", "pytest"]
    if k:
        command += ["-k", k]
    _exit(subprocess.run(command, cwd=ROOT, env=os.environ).returncode)


def _install_test_tools() -> None:
    """The Nu HTML Checker and decap-server, at the versions package-lock.json pins, when
    npm is there and they are not installed yet (the tests say what is missing otherwise)."""
    installed = all((ROOT / "node_modules" / name).is_dir() for name in ("vnu-jar", "decap-server"))
    if installed or shutil.which("npm") is None:
        return
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=ROOT, check=False,
    )  # fmt: skip
