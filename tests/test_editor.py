"""The web editor at /admin/ (plugins/healthnet/editor.py): its configuration made from the
kinds' schemas, and, in Chromium against decap-server, a member and a resource created
through the forms, refused when invalid, saved as files that validate and build.

The browser test leaves screenshots of each step in test-results/screenshots/ (CONTRIBUTING
shows some of them, copied to docs/editor/).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from healthnet import editor
from healthnet.diagnostics import Report
from healthnet.identity import SettingsError
from healthnet.registry import KINDS
from healthnet.social import PLATFORMS
from healthnet.taxonomy import load_taxonomy
from tests.conftest import serve
from tests.support import REPO, TODAY, build_site, copy_fixture_site, formatted, validate

TAXONOMY = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))
SETTINGS = {"NETWORK_REPOSITORY": "https://github.com/example-network/site"}
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
SCREENSHOTS = REPO / "test-results" / "screenshots"


def config(settings=SETTINGS, taxonomy=TAXONOMY) -> dict:
    return editor.editor_config(KINDS, taxonomy, settings, TODAY)


def collection(name: str) -> dict:
    return next(c for c in config()["collections"] if c["name"] == name)


def fields_by_name(fields: list) -> dict:
    return {field["name"]: field for field in fields}


# -- the configuration -------------------------------------------------------------------


def test_every_kind_with_a_form_is_a_collection_of_its_schema_fields():
    collections = fields_by_name(config()["collections"])
    assert list(collections) == ["members", "resources", "paths", "events", "news"]
    for kind in KINDS:
        if kind.form is None:
            assert kind.items_name not in collections  # pages stay with the maintainers
            continue
        schema = kind.schema(TAXONOMY)
        spec = collections[kind.items_name]
        assert spec["folder"] == kind.folder and spec["extension"] == kind.suffix[1:]
        offered = [n for n in schema["properties"] if n not in kind.form.network_sets]
        hidden = [n for n in kind.form.network_sets if n in schema["required"]]
        names = [f["name"] for f in spec["fields"] if f["name"] != "body"]
        assert sorted(names) == sorted(offered + hidden), kind.name
        for field in spec["fields"]:
            if field["widget"] != "hidden" and field["name"] != "body":
                assert field["required"] == (field["name"] in schema["required"]), field["name"]
                assert field["hint"] == schema["properties"][field["name"]]["description"]
        # The schema line of a hand-written file, written back above the first field.
        depth = "../" * len(Path(kind.folder).parts)
        assert spec["fields"][0]["comment"] == (
            f"yaml-language-server: $schema={depth}schema/{kind.name}.schema.json"
        )


def test_fields_the_network_sets_are_not_offered():
    fields = fields_by_name(collection("members")["fields"])
    assert "tier" not in fields
    # joined is required: a new member gets the day of the build, which a maintainer
    # corrects when merging.
    assert fields["joined"] == {
        "label": "Joined",
        "name": "joined",
        "widget": "hidden",
        "default": TODAY.isoformat(),
    }


def test_allowed_values_are_selects_labelled_from_the_taxonomy():
    fields = fields_by_name(collection("members")["fields"])
    assert fields["type"]["widget"] == "select"
    assert fields["type"]["options"] == [
        {"label": term.label, "value": term.key} for term in TAXONOMY.member_types
    ]
    assert fields["topics"]["multiple"] is True
    resource = fields_by_name(collection("resources")["fields"])
    assert resource["topics"]["min"] == 1
    assert [o["value"] for o in resource["platforms"]["options"]] == TAXONOMY.platforms.keys
    social = fields_by_name(fields["social"]["fields"])
    assert social["x"]["label"] == TAXONOMY.platforms.terms["x"].label


def test_references_pick_from_the_other_kind():
    resource = fields_by_name(collection("resources")["fields"])
    assert resource["contributors"] == {
        **resource["contributors"],
        "widget": "relation",
        "collection": "members",
        "value_field": "{{slug}}",
        "search_fields": ["name"],
        "multiple": True,
    }
    event = fields_by_name(collection("events")["fields"])
    assert event["hosts"]["collection"] == "members"
    assert event["prepare"]["collection"] == "paths"
    steps = fields_by_name(fields_by_name(collection("paths")["fields"])["steps"]["fields"])
    assert steps["resource"]["collection"] == "resources"
    assert steps["resource"]["multiple"] is False
    assert fields_by_name(collection("news")["fields"])["members"]["collection"] == "members"


def test_dates_and_uploads():
    member = fields_by_name(collection("members")["fields"])
    assert member["last_reviewed"]["widget"] == "datetime"
    assert member["last_reviewed"]["format"] == "YYYY-MM-DD"
    assert member["logo"]["widget"] == "image"
    assert (member["logo"]["media_folder"], member["logo"]["public_folder"]) == (
        "/members/logos",
        "logos",
    )
    attachments = fields_by_name(collection("resources")["fields"])["attachments"]
    file = fields_by_name(attachments["fields"])["file"]
    assert (file["widget"], file["media_folder"], file["public_folder"]) == (
        "file",
        "/content/files",
        "files",
    )
    start = fields_by_name(collection("events")["fields"])["start"]
    assert start["format"] == "YYYY-MM-DDTHH:mm"


def test_patterns_and_lengths_are_the_schemas():
    member = fields_by_name(collection("members")["fields"])

    def accepts(field, value) -> bool:
        return re.search(field["pattern"][0], value) is not None

    summary = member["summary"]
    assert accepts(summary, "x" * 200) and not accepts(summary, "x" * 201)
    assert not accepts(summary, "   ") and not accepts(summary, "two\nlines")
    assert "at most 200 characters" in summary["pattern"][1]
    social = fields_by_name(member["social"]["fields"])
    assert social["x"]["pattern"] == [PLATFORMS["x"].pattern, PLATFORMS["x"].allowed]
    assert not accepts(social["x"], "@bad handle")
    assert accepts(member["website"], "https://example.org")
    assert not accepts(member["website"], "http://example.org")


def test_the_backend_is_github_with_pull_requests_and_forks():
    backend = config()["backend"]
    assert backend == {
        "name": "github",
        "repo": "example-network/site",
        "branch": "main",
        "open_authoring": True,
        "auth_scope": "public_repo",
    }
    assert config()["publish_mode"] == "editorial_workflow"
    signed = config({**SETTINGS, "NETWORK_EDITOR_AUTH": "https://auth.example.org/decap"})
    assert signed["backend"]["base_url"] == "https://auth.example.org"
    assert signed["backend"]["auth_endpoint"] == "decap"
    with pytest.raises(SettingsError, match="NETWORK_EDITOR_AUTH"):
        config({**SETTINGS, "NETWORK_EDITOR_AUTH": "javascript:alert(1)"})
    assert config({})["backend"]["name"] == "proxy"  # no repository yet: decap-server only


def test_no_value_can_end_the_configuration_or_reach_the_page(tmp_path):
    hostile = "</script><script>alert(1)</script>\n'\": &x *y {z} # q"
    taxonomy = load_taxonomy(REPO / "taxonomy.yaml", Report(REPO))
    term = taxonomy.member_types.terms["hospital"]
    object.__setattr__(term, "label", hostile)  # a frozen Term, changed for this test only
    text = editor.config_text(KINDS, taxonomy, SETTINGS, TODAY)
    assert yaml.safe_load(text) == editor.editor_config(KINDS, taxonomy, SETTINGS, TODAY)
    options = fields_by_name(yaml.safe_load(text)["collections"][0]["fields"])["type"]["options"]
    assert {"label": hostile, "value": "hospital"} in options


def test_every_site_has_the_editor(built_site):
    page = (built_site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<link href="config.yml" type="text/yaml" rel="cms-config-url">' in page
    assert re.findall(r'<script src="([^"]+)"', page) == [
        "../theme/decap-cms/decap-cms.js",
        "../theme/js-yaml/js-yaml.min.js",
        "../theme/js/editor.js",
    ]
    assert "<script>" not in page and "style=" not in page
    for vendored in ("decap-cms/decap-cms.js", "decap-cms/LICENSE", "js-yaml/LICENSE"):
        assert (built_site / "theme" / vendored).is_file()
    built = yaml.safe_load((built_site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert [c["name"] for c in built["collections"]] == [
        "members",
        "resources",
        "paths",
        "events",
        "news",
    ]
    assert "Disallow: /admin/" in (built_site / "robots.txt").read_text(encoding="utf-8")
    assert "admin/" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")


# -- in Chromium, against decap-server -------------------------------------------------------


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"decap-server stopped: {server.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("decap-server did not start")


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """A copy of the fixture site in a Git repository, decap-server (git mode: the editorial
    workflow's branches) on a free local port against it, and the site built to reach it."""
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the editor test: install Node.js and run npm ci")
        pytest.skip("decap-server is not installed (npm ci)")
    root = copy_fixture_site(tmp_path_factory.mktemp("editing") / "site")
    _git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text(".cache/\n")  # as the network's own repository has it
    _git(root, "config", "user.name", "Editor test")
    _git(root, "config", "user.email", "editor-test@example.org")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "The fixture site")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}  # fmt: skip
    server = subprocess.Popen(
        [node, str(DECAP_SERVER)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for_port(port, server)
        site = build_site(
            tmp_path_factory.mktemp("editor-site") / "output",
            members_dir=root / "members",
            PATH=str(root / "content"),
            NETWORK_SEARCH_INDEX=False,
            NETWORK_EDITOR_LOCAL_BACKEND=f"http://127.0.0.1:{port}/api/v1",
        )
        for url in serve(site):
            yield root, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"editor-{name}.png"))


def _field(page, name: str, nth: int = 0):
    return page.locator(f'[id^="{name}-field-"]').nth(nth)


def _choose(page, name: str, label: str, typed: str = "") -> None:
    """Pick ``label`` in a select or relation widget (react-select)."""
    _field(page, name).click()
    if typed:
        _field(page, name).type(typed)
    page.get_by_text(label, exact=True).last.click()


def _upload(page, button: str, file: Path) -> None:
    page.get_by_role("button", name=button).click()
    page.locator('input[type="file"]').set_input_files(str(file))
    page.get_by_role("button", name="Choose selected").click()


def _branches(root: Path) -> list[str]:
    return sorted(_git(root, "branch", "--list", "cms/*", "--format=%(refname:short)").split())


def _wait_for_branch(page, root: Path, branch: str) -> None:
    deadline = time.monotonic() + 20
    while branch not in _branches(root):
        if time.monotonic() > deadline:
            _shot(page, "failed")
            pytest.fail(f"no branch {branch}: {_branches(root)}")
        page.wait_for_timeout(200)


@pytest.mark.browser
def test_a_member_and_a_resource_made_in_the_editor_validate_and_build(page, editing, tmp_path):
    root, url = editing
    logo = tmp_path / "riverside-logo.svg"
    shutil.copy(root / "members" / "logos" / "alpha-health.svg", logo)
    attachment = tmp_path / "misinformation-checklist.pdf"
    shutil.copy(root / "content" / "files" / "alpha-checklist.pdf", attachment)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{url}/admin/")
    _shot(page, "1-sign-in")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Members", exact=True).first.wait_for()
    page.goto(f"{url}/admin/#/collections/members/new")

    # A member, first with its name left empty and a handle the platform refuses.
    _choose(page, "type", "Clinic or practice")
    _field(page, "country").fill("CA")
    _field(page, "region").fill("ON")  # YAML 1.1 reads a plain ON as true: written quoted
    _field(page, "website").fill("https://riverside.example.org")
    _field(page, "summary").fill("A community clinic that teaches its patients online.")
    _field(page, "social").get_by_role("button", name="Expand").click()
    _field(page, "x").fill("@bad handle")
    _upload(page, "Choose an image", logo)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Name is required.").wait_for()
    page.get_by_text(PLATFORMS["x"].allowed, exact=False).first.wait_for()
    _shot(page, "2-refused")
    assert _branches(root) == []  # nothing saved

    _field(page, "name").fill("Riverside Café Clinic")
    _field(page, "x").press("Control+a")
    _field(page, "x").press_sequentially("riversideclinic")
    page.get_by_role("button", name="Save").click()
    _wait_for_branch(page, root, "cms/members/riverside-cafe-clinic")
    _shot(page, "3-member-saved")

    # A resource, with a contributor picked among the members and an attachment.
    page.goto(f"{url}/admin/?resource#/collections/resources/new")
    _field(page, "title").fill("Teaching patients to spot health misinformation")
    _field(page, "summary").fill("A checklist clinicians can share after a visit.")
    _choose(page, "type", TAXONOMY.resource_types.terms["checklist"].label)
    _choose(page, "topics", TAXONOMY.topics.terms["patient-education"].label)
    _choose(page, "contributors", "Alpha Health", typed="Alpha")
    _field(page, "date").fill("2026-11-20")
    page.get_by_role("button", name="Add attachments").click()
    _upload(page, "Choose a file", attachment)
    _field(page, "title", 1).fill("Checklist (PDF)")
    _shot(page, "4-resource-form")
    page.get_by_role("button", name="Save").click()
    slug = "teaching-patients-to-spot-health-misinformation"
    _wait_for_branch(page, root, f"cms/resources/{slug}")
    page.goto(f"{url}/admin/?workflow#/workflow")
    page.get_by_text("Riverside Café Clinic").first.wait_for()
    _shot(page, "5-workflow")

    # Each branch is a pull request; merged, the files validate and build.
    _git(root, "merge", "-q", "--no-edit", "cms/members/riverside-cafe-clinic")
    _git(root, "merge", "-q", "--no-edit", f"cms/resources/{slug}")
    member = (root / "members" / "riverside-cafe-clinic.yaml").read_text(encoding="utf-8")
    assert member.startswith("# yaml-language-server: $schema=../schema/member.schema.json\n")
    assert 'region: "ON"' in member and "tier" not in member
    assert (root / "members" / "logos" / "riverside-logo.svg").read_bytes() == logo.read_bytes()
    resource = (root / "content" / "resources" / f"{slug}.md").read_text(encoding="utf-8")
    assert resource.startswith(
        "---\n# yaml-language-server: $schema=../../schema/resource.schema.json\n"
    )
    assert (root / "content" / "files" / attachment.name).is_file()
    report = validate(root / "members", today=TODAY, content_dir=root / "content")
    assert [line for line in formatted(report) if ": error:" in line] == []

    site = build_site(tmp_path / "rebuilt", members_dir=root / "members",
                      PATH=str(root / "content"), NETWORK_SEARCH_INDEX=False)  # fmt: skip
    profile = (site / "members" / "riverside-cafe-clinic" / "index.html").read_text("utf-8")
    assert "Riverside Café Clinic" in profile and "x.com/riversideclinic" in profile
    page_of_resource = (site / "resources" / slug / "index.html").read_text("utf-8")
    assert "../../members/alpha-health/" in page_of_resource
    assert f"files/{attachment.name}" in page_of_resource
    assert (site / "files" / attachment.name).is_file()
    assert dt.date.fromisoformat(yaml.safe_load(member.split("\n", 1)[1])["joined"]) == TODAY
