"""Helpers shared by the tests: paths, fixture builds, reading built pages."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
FIXTURE_MEMBERS = FIXTURE_SITE / "members"
BAD_MEMBERS = FIXTURES / "bad-members"
# The only script a page two folders deep may have: the theme's own (the "/" shortcut).
SITE_SCRIPT = "../../theme/js/site.js"
# Validation results that depend on the date are computed against this day.
TODAY = dt.date(2026, 11, 24)

sys.path.insert(0, str(REPO / "plugins"))

from healthnet.diagnostics import Report  # noqa: E402
from healthnet.project import Project, load_network  # noqa: E402


def project_with(members_dir: Path, content_dir: Path | None = None) -> Project:
    """The repository's taxonomy and schemas with other members and content folders.

    The content folder defaults to the members folder's sibling "content" (which need
    not exist: a site without resources).
    """
    return Project.at(REPO, members_dir, content_dir or members_dir.parent / "content")


def validate(members_dir: Path, today: dt.date = TODAY, content_dir: Path | None = None) -> Report:
    report = Report(members_dir)
    load_network(project_with(members_dir, content_dir), report, today)
    return report


def formatted(report: Report) -> list[str]:
    return [d.format() for d in report.sorted()]


def copy_fixture_site(root: Path, schemas: bool = True) -> Path:
    """A copy of the fixture site at ``root``, free to edit: its members and content, the
    repository's taxonomy and (unless ``schemas`` is False) its schemas."""
    shutil.copytree(FIXTURE_SITE / "members", root / "members")
    shutil.copytree(FIXTURE_SITE / "content", root / "content")
    shutil.copy(REPO / "taxonomy.yaml", root / "taxonomy.yaml")
    if schemas:
        shutil.copytree(REPO / "schema", root / "schema")
    return root


def copy_members(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination)
    return destination


def build_site(output: Path, members_dir: Path = FIXTURE_MEMBERS, **settings) -> Path:
    """Build a site in-process with the real pelicanconf.py and plugin: rendered, indexed
    by the real Pagefind and checked, as `invoke build` does (without the final swap)."""
    from pelican import Pelican
    from pelican.settings import read_settings

    overrides = {
        "PATH": str(FIXTURE_SITE / "content"),
        "OUTPUT_PATH": str(output),
        "NETWORK_MEMBERS_PATH": str(members_dir),
        "NETWORK_TODAY": TODAY.isoformat(),
        **settings,
    }
    Pelican(read_settings(str(REPO / "pelicanconf.py"), override=overrides)).run()
    return output


def page(output: Path, url_path: str) -> BeautifulSoup:
    """The parsed page served at ``url_path`` ("/members/" -> members/index.html)."""
    relative = url_path.strip("/")
    file = output / relative / "index.html" if not relative.endswith(".html") else output / relative
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def card_names(soup: BeautifulSoup) -> list[str]:
    return [card.get_text(strip=True) for card in soup.select(".member-card .card-title")]


def script_sources(soup: BeautifulSoup) -> list[str | None]:
    """The src of every script a browser runs (structured data, JSON-LD, is not run)."""
    return [
        script.get("src")
        for script in soup.find_all("script")
        if script.get("type") != "application/ld+json"
    ]
