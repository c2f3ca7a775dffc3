"""A new content kind takes the files the README names and nothing more: the fixture's
awards (tests/fixtures/extra_kind/: one module, two templates, the schema `invoke schema`
writes, and one line listing the kind) get validation with positions, pages, a listing in
the navigation, search entries and an export, with no change to the plugin."""

import json
import shutil
import sys
from pathlib import Path

import pytest

from healthnet import cli
from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from healthnet.registry import KINDS
from healthnet.schema import write_schemas
from healthnet.session import BuildSession
from healthnet.taxonomy import load_taxonomy
from tests.support import FIXTURES, REPO, TODAY, copy_fixture_site, page

EXTRA = FIXTURES / "extra_kind"


@pytest.fixture(scope="module")
def awards_kind():
    sys.path.insert(0, str(EXTRA))
    try:
        import awards

        yield awards.KIND
    finally:
        sys.path.remove(str(EXTRA))


@pytest.fixture
def site(tmp_path, awards_kind) -> tuple[Project, Path]:
    """The fixture site with awards, its own schemas, and settings naming the templates."""
    root = copy_fixture_site(tmp_path / "site", schemas=False)
    shutil.copytree(EXTRA / "content" / "awards", root / "content" / "awards")
    kinds = (*KINDS, awards_kind)
    write_schemas(root / "schema", load_taxonomy(root / "taxonomy.yaml", Report(root)), kinds)
    settings = root / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n"
        f"THEME_TEMPLATES_OVERRIDES = [{str(EXTRA / 'templates')!r}]\n",
        encoding="utf-8",
    )
    return Project.at(root, kinds=kinds), settings


def test_the_schema_file_is_written_for_the_new_kind(site):
    project, _ = site
    schema = json.loads((project.schema_dir / "award.schema.json").read_text())
    assert schema["required"] == ["title", "summary", "year", "winner"]


def test_its_files_are_validated_with_positions_and_references(site):
    project, _ = site
    award = project.content_dir / "awards" / "crisis-response-2026.md"
    award.write_text(award.read_text().replace("[alpha-health]", "[alpha-helth]"))
    report = Report(project.root)
    load_network(project, report, TODAY)
    assert [d.format() for d in report.errors] == [
        "content/awards/crisis-response-2026.md:5:10: error: 'winner[1]' is 'alpha-helth', "
        "which is not a member (did you mean 'alpha-health'?); allowed: the file name of a "
        "member in members/, without .yaml"
    ]


def test_it_gets_pages_a_listing_search_and_an_export(site):
    project, settings = site
    output = project.root / "output"
    session = BuildSession(project, today=TODAY)
    assert cli.build(project, settings, output, session=session) == 0

    award = page(output, "/awards/crisis-response-2026/")
    assert award.h1.get_text() == "Best crisis response 2026"
    assert award.select_one(".member-chips a")["href"] == "../../members/alpha-health/"
    listing = page(output, "/awards/")
    assert [a.get_text() for a in listing.select("main li a")] == [
        "Best crisis response 2026",
        "Patient education series 2025",
    ]
    nav = [a.get_text() for a in page(output, "/members/").select(".site-nav a")]
    assert "Awards" in nav

    kinds = {tag["data-value"] for tag in award.select('[data-pagefind-filter^="kind"]')}
    assert kinds == {"award"}
    search = page(output, "/search/")
    kind_values = [box["value"] for box in search.select('input[name="kind"]')]
    assert kind_values[-1] == "award"
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text())
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    marked = [p for p in output.rglob("*.html") if " data-pagefind-body" in p.read_text()]
    assert indexed == len(marked)
    assert {p.parent.name for p in marked if p.parent.parent.name == "awards"} == {
        "crisis-response-2026",
        "patient-education-2025",
    }

    export = json.loads((output / "api" / "awards.json").read_text())
    assert [record["winner"] for record in export["awards"]] == [["alpha-health"], ["beta-clinic"]]
