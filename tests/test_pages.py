"""The site's own pages live at the top of the site and can never take a section's place
or be written outside it."""

from healthnet.diagnostics import Report
from healthnet.project import load_network
from tests.support import TODAY, copy_fixture_site, formatted, project_with


def test_a_page_cannot_take_a_sections_place_or_leave_the_site(tmp_path):
    pages = copy_fixture_site(tmp_path, schemas=False) / "content" / "pages"
    (pages / "members.md").write_text("---\ntitle: Members again\n---\n")
    (pages / "escape.md").write_text(
        "---\ntitle: Escape\nurl: ../outside/\nsave_as: ../outside/index.html\n---\n"
    )
    (pages / "takeover.md").write_text(
        "---\ntitle: Takeover\nurl: news/\nsave_as: news/index.html\n---\n"
    )
    report = Report(tmp_path)
    load_network(project_with(tmp_path / "members"), report, TODAY)
    errors = [line for line in formatted(report) if ": error: " in line]
    assert errors == [
        "content/pages/escape.md:3:6: error: 'url' is '../outside/'; allowed: empty (the home "
        "page) or one name of lowercase letters, digits and hyphens followed by /, such as "
        "about/",
        "content/pages/members.md:1:1: error: file name 'members' is reserved for the site's "
        "own sections (api, events, feeds, files, images, members, news, pagefind, paths, "
        "resources, schema, search, theme); choose another name",
        "content/pages/takeover.md:3:6: error: 'url' is 'news/', which belongs to the site's "
        "own news pages; choose another name",
    ]


def test_a_page_uses_a_page_template_and_an_address_no_other_page_has(tmp_path):
    pages = copy_fixture_site(tmp_path, schemas=False) / "content" / "pages"
    (pages / "landing.md").write_text("---\ntitle: Landing\ntemplate: home\n---\n")
    (pages / "second-home.md").write_text(
        '---\ntitle: Second home\nurl: ""\nsave_as: index.html\n---\n'
    )
    (pages / "listing.md").write_text("---\ntitle: Listing\ntemplate: members\n---\n")
    report = Report(tmp_path)
    load_network(project_with(tmp_path / "members"), report, TODAY)
    errors = [line for line in formatted(report) if ": error: " in line]
    assert errors == [
        "content/pages/listing.md:3:11: error: 'template' is 'members', which is not allowed; "
        "allowed: page, home, join, flagship",
        "content/pages/second-home.md:3:6: error: 'url' is '', the address of "
        "content/pages/home.md; each page needs its own",
    ]
