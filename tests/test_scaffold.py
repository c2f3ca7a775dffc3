"""`invoke new-member` and `invoke new-resource`: a file with every field explained, valid as
written, never overwriting."""

import json
import re
import shutil

import yaml

from healthnet import cli
from tests.support import (
    FIXTURE_MEMBERS,
    FIXTURE_SITE,
    REPO,
    TODAY,
    copy_members,
    project_with,
    validate,
)


def new_member(tmp_path, name, capsys):
    members = copy_members(FIXTURE_MEMBERS, tmp_path / "members")
    code = cli.new_member(project_with(members), name, today=TODAY)
    return members, code, capsys.readouterr().out


def test_new_member_file_is_named_after_the_slug_and_validates(tmp_path, capsys):
    members, code, out = new_member(tmp_path, "St. Luke's Clinique Santé", capsys)
    path = members / "st-lukes-clinique-sante.yaml"
    assert code == 0
    assert f"created {path}" in out
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/member.schema.json\n")
    data = yaml.safe_load(text)
    assert data["name"] == "St. Luke's Clinique Santé"
    assert data["joined"].isoformat() == TODAY.isoformat()

    report = validate(members)
    assert report.errors == []
    # The placeholders an editor must still replace are pointed out, line by line.
    assert [d.format() for d in report.sorted() if d.path == path.name] == [
        f"{path.name}:1:1: warning: no logo: the directory shows the organization's initials "
        f"instead; add an SVG, PNG or WebP file to members/logos/ and a line "
        f"'logo: logos/st-lukes-clinique-sante.svg'",
        f"{path.name}:27:10: warning: 'website' still contains TODO; replace it before the "
        "pull request is merged",
        f"{path.name}:29:10: warning: 'summary' still contains TODO; replace it before the "
        "pull request is merged",
    ]


def test_every_field_is_present_or_explained_with_its_allowed_values(tmp_path, capsys):
    members, _, _ = new_member(tmp_path, "Prairie Health", capsys)
    text = (members / "prairie-health.yaml").read_text()
    schema = json.loads((REPO / "schema" / "member.schema.json").read_text())
    for field, about in schema["properties"].items():
        assert f"\n{field}:" in text or f"\n# {field}:" in text, field
        assert about["description"].split(".")[0] in " ".join(text.split()), field
    for platform in schema["properties"]["social"]["properties"]:
        assert f"\n#   {platform}: " in text, platform
    assert "hospital, childrens-hospital, critical-access-hospital" in text
    assert "Allowed: member, founding-member, sponsor, partner" in text


# A commented-out example: "# key: value", "#   - item" or "#   continued", at any indent.
# Explanations never start that way: they are sentences.
EXAMPLE_LINE = re.compile(r"^(\s*)# ((?:[a-z_]+:|  |- ).*)$")


def test_uncommenting_the_examples_still_validates(tmp_path, capsys):
    members, _, _ = new_member(tmp_path, "Prairie Health", capsys)
    path = members / "prairie-health.yaml"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(EXAMPLE_LINE.sub(r"\1\2", line) for line in lines) + "\n")
    shutil.copy(members / "logos" / "alpha-health.svg", members / "logos" / "prairie-health.svg")

    data = yaml.safe_load(path.read_text())
    schema = json.loads((REPO / "schema" / "member.schema.json").read_text())
    assert set(data) == set(schema["properties"])
    assert set(data["social"]) == set(schema["properties"]["social"]["properties"])
    assert [d.format() for d in validate(members).errors] == []


def test_new_member_never_overwrites(tmp_path, capsys):
    members, _, _ = new_member(tmp_path, "Alpha Health", capsys)
    before = (members / "alpha-health.yaml").read_text()
    assert before == (FIXTURE_MEMBERS / "alpha-health.yaml").read_text()
    code = cli.new_member(project_with(members), "Alpha Health", today=TODAY)
    assert code == 1
    assert capsys.readouterr().out == (
        f"not created: {members}/alpha-health.yaml already exists; edit that file instead\n"
    )
    assert (members / "alpha-health.yaml").read_text() == before


def test_a_name_without_letters_is_refused(tmp_path, capsys):
    members, code, out = new_member(tmp_path, "!!!", capsys)
    assert code == 1
    assert out == "not created: '!!!' gives no usable file name; use letters or digits\n"


# -- invoke new-resource -------------------------------------------------------------------


def new_resource(tmp_path, title, capsys):
    """A copy of the fixture site (members and content) with a new resource in it."""
    site = shutil.copytree(FIXTURE_SITE, tmp_path / "site")
    project = project_with(site / "members", site / "content")
    code = cli.new_resource(project, title, today=TODAY)
    return site, code, capsys.readouterr().out


def test_new_resource_file_is_named_after_the_slug_and_validates(tmp_path, capsys):
    site, code, out = new_resource(tmp_path, "Answering reviews: Google & Facebook", capsys)
    path = site / "content" / "resources" / "answering-reviews-google-facebook.md"
    assert code == 0
    assert f"created {path}" in out
    text = path.read_text()
    assert text.startswith(
        "---\n# yaml-language-server: $schema=../../schema/resource.schema.json\n"
    )
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["title"] == "Answering reviews: Google & Facebook"
    assert data["date"].isoformat() == TODAY.isoformat()

    report = validate(site / "members", content_dir=site / "content")
    assert report.errors == []
    relative = str(path)  # outside the members folder the report is rooted at
    assert [d.format() for d in report.sorted() if d.path == relative] == [
        f"{relative}:10:10: warning: 'summary' still contains TODO; replace it before the "
        "pull request is merged",
        f"{relative}:40:1: warning: the text still contains TODO; replace it before the pull "
        "request is merged",
    ]


def test_every_resource_field_is_present_or_explained_with_its_allowed_values(tmp_path, capsys):
    site, _, _ = new_resource(tmp_path, "Reviews", capsys)
    text = (site / "content" / "resources" / "reviews.md").read_text()
    schema = json.loads((REPO / "schema" / "resource.schema.json").read_text())
    for field, about in schema["properties"].items():
        assert f"\n{field}:" in text or f"\n# {field}:" in text, field
        assert about["description"].split(".")[0] in " ".join(text.split()), field
    assert "Allowed: guide, toolkit, policy-template, case-study" in text
    assert "Allowed: physicians, nurses, communicators" in " ".join(text.split())


def test_uncommenting_the_resource_examples_still_validates(tmp_path, capsys):
    site, _, _ = new_resource(tmp_path, "Reviews", capsys)
    path = site / "content" / "resources" / "reviews.md"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(EXAMPLE_LINE.sub(r"\1\2", line) for line in lines) + "\n")
    # The attachment example names a file the editor adds to content/files/.
    (site / "content" / "files" / "reviews.pdf").write_bytes(b"%PDF-1.4\n")

    data = yaml.safe_load(path.read_text().split("---\n")[1])
    schema = json.loads((REPO / "schema" / "resource.schema.json").read_text())
    assert set(data) == set(schema["properties"])
    assert data["contributors"] == ["3d-health-lab"]  # a member of this site
    report = validate(site / "members", content_dir=site / "content")
    assert [d.format() for d in report.errors] == []


def test_new_resource_never_overwrites(tmp_path, capsys):
    site, _, _ = new_resource(tmp_path, "Alpha crisis guide", capsys)
    path = site / "content" / "resources" / "alpha-crisis-guide.md"
    assert (
        path.read_text() == (FIXTURE_SITE / "content/resources/alpha-crisis-guide.md").read_text()
    )
    assert capsys.readouterr().out == ""
    _, code, out = new_resource(tmp_path / "again", "Alpha crisis guide", capsys)
    assert code == 1
    assert out.endswith("alpha-crisis-guide.md already exists; edit that file instead\n")
