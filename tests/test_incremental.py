"""Rebuilding in place (livereload): after an edit, the site equals a full build of the
edited sources byte for byte, and only what the edit touches was rendered again."""

from pathlib import Path

import pytest

from healthnet import cli
from healthnet.diagnostics import Report
from healthnet.project import Project
from healthnet.schema import write_schemas
from healthnet.session import BuildSession
from healthnet.taxonomy import load_taxonomy
from tests.support import REPO, TODAY, copy_fixture_site
from tests.test_build import stable_files

SETTINGS = REPO / "pelicanconf.py"


@pytest.fixture
def project(tmp_path) -> Project:
    """A copy of the fixture site with its own taxonomy and schemas, free to edit."""
    return Project.at(copy_fixture_site(tmp_path / "site"))


def build(project: Project, output: Path, session: BuildSession | None = None) -> BuildSession:
    session = session or BuildSession(project, today=TODAY)
    assert cli.build(project, SETTINGS, output, session=session) == 0
    return session


def rebuild_after(
    project: Project, tmp_path: Path, edit, at_first_look=None
) -> tuple[Path, BuildSession]:
    """Build, edit, rebuild in place as livereload does (the edited item's own pages are
    written first; ``at_first_look(output)`` runs then); returns the rebuilt folder and its
    session."""
    output = tmp_path / "rebuilt"
    session = build(project, output, BuildSession(project, today=TODAY, rebuilds=True))
    assert session.pages_rendered > 20
    edit(project.root)
    session.show_first = lambda: at_first_look and at_first_look(output)
    assert cli.rebuild_in_place(project, SETTINGS, output, session) == 0
    return output, session


def assert_same_as_a_full_build(project: Project, rebuilt: Path) -> None:
    fresh = rebuilt.parent / "fresh"
    build(project, fresh)
    files = stable_files(fresh)
    assert stable_files(rebuilt) == files
    for relative in files:
        assert (rebuilt / relative).read_bytes() == (fresh / relative).read_bytes(), relative
    assert (rebuilt / "pagefind" / "pagefind-entry.json").is_file()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_member_edit(project, tmp_path):
    def edit(root):
        replace(root / "members" / "alpha-health.yaml", "name: Alpha Health", "name: Zeta Health")

    def first_look(output):
        # The profile the editor has open shows the edit before the rest is written.
        assert "Zeta Health" in (output / "members" / "alpha-health" / "index.html").read_text()
        assert "Zeta Health" not in (output / "members" / "index.html").read_text()
        looked.append(True)

    looked = []
    rebuilt, session = rebuild_after(project, tmp_path, edit, first_look)
    assert looked == [True]
    # Its profile, the pages listing it and the pages showing its name; not every page.
    assert 3 < session.pages_rendered < 40
    assert "Zeta Health" in (rebuilt / "members" / "index.html").read_text()
    assert "Zeta Health" in (rebuilt / "members" / "alpha-health" / "index.html").read_text()
    assert_same_as_a_full_build(project, rebuilt)


def test_a_logo_edit(project, tmp_path):
    def edit(root):
        replace(root / "members" / "logos" / "alpha-health.svg", "#0b5563", "#9a3412")

    rebuilt, session = rebuild_after(project, tmp_path, edit)
    # Its copy, renditions and sharing image are drawn again; no page changes.
    assert (session.images_made, session.pages_rendered) == (4, 0)
    assert b"#9a3412" in (rebuilt / "members" / "alpha-health" / "logo.svg").read_bytes()
    assert_same_as_a_full_build(project, rebuilt)


def test_a_new_member(project, tmp_path):
    def edit(root):
        beta = (root / "members" / "beta-clinic.yaml").read_text(encoding="utf-8")
        (root / "members" / "gamma-care.yaml").write_text(
            beta.replace("Beta Clinic", "Gamma Care"), encoding="utf-8"
        )

    rebuilt, _ = rebuild_after(project, tmp_path, edit)
    assert (rebuilt / "members" / "gamma-care" / "index.html").is_file()
    assert (rebuilt / "api" / "members" / "gamma-care.json").is_file()
    assert_same_as_a_full_build(project, rebuilt)


def test_a_deleted_member(project, tmp_path):
    def edit(root):
        (root / "members" / "3d-health-lab.yaml").unlink()
        # The one resource it contributed names it no longer.
        replace(root / "content" / "resources" / "hostile-resource.md", "[3d-health-lab]", "[]")

    rebuilt, _ = rebuild_after(project, tmp_path, edit)
    assert not (rebuilt / "members" / "3d-health-lab").exists()
    assert not (rebuilt / "api" / "members" / "3d-health-lab.json").exists()
    assert_same_as_a_full_build(project, rebuilt)


def test_a_resource_edit(project, tmp_path):
    def edit(root):
        replace(
            root / "content" / "resources" / "alpha-crisis-guide.md",
            "topics: [",
            "topics: [video-storytelling, ",
        )

    rebuilt, session = rebuild_after(project, tmp_path, edit)
    assert session.pages_rendered < 60
    assert_same_as_a_full_build(project, rebuilt)


def test_a_taxonomy_edit(project, tmp_path):
    def edit(root):
        replace(root / "taxonomy.yaml", "label: Crisis communication", "label: Crisis response")
        taxonomy = load_taxonomy(root / "taxonomy.yaml", Report(root))
        write_schemas(root / "schema", taxonomy)

    rebuilt, _ = rebuild_after(project, tmp_path, edit)
    assert "Crisis response" in (rebuilt / "members" / "topic" / "index.html").read_text()
    assert_same_as_a_full_build(project, rebuilt)


def test_a_rebuild_writes_an_items_files_again_only_when_the_item_or_the_site_changed():
    from healthnet.datafiles import ItemFiles
    from healthnet.kinds import SiteInfo

    written = []

    def write(site):
        written.append(site.url)
        return f"{len(written)} for {site.url}"

    kept, item, site = ItemFiles(), object(), SiteInfo("", "Network", "example.org", None)
    first = kept.text("api/members/a.json", item, write, site)
    assert kept.text("api/members/a.json", item, write, site) == first and len(written) == 1
    # The file's member was edited: a new object, its file written again.
    edited = kept.text("api/members/a.json", object(), write, site)
    assert edited != first and len(written) == 2
    # Published under another address: every file names it.
    production = SiteInfo("https://network.example.org", "Network", "example.org", None)
    assert kept.text("api/members/a.json", item, write, production).endswith("example.org")
    # A member that is gone leaves nothing behind.
    kept.keep_only(set())
    kept.text("api/members/a.json", item, write, production)
    assert len(written) == 4
