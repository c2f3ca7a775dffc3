"""Each file's own check kept on disk: a later build takes unchanged files from it and finds
exactly what checking them again would find; an edited file is checked again."""

import datetime as dt
import marshal
import shutil
import subprocess

import pytest

from healthnet import checkstore, cli, sources
from healthnet.checkstore import CheckStore
from healthnet.diagnostics import Report
from healthnet.project import Project, load_network
from healthnet.sources import digest_of
from tests.support import BAD_MEMBERS, TODAY, copy_fixture_site, formatted, project_with


@pytest.fixture
def members(tmp_path):
    """Members with a problem of every kind, in a folder of their own (and .cache/ beside)."""
    return shutil.copytree(BAD_MEMBERS, tmp_path / "members")


def validated(members, today=TODAY):
    project = project_with(members)
    report = Report(members)
    network = load_network(project, report, today, store=CheckStore(project.check_store))
    return report, network


def no_parsing(monkeypatch):
    def refuse(path, *args):
        raise AssertionError(f"{path.name} was parsed again")

    monkeypatch.setattr(sources, "parse", refuse)


def test_an_unchanged_network_is_checked_from_the_store_with_the_same_findings(
    members, monkeypatch
):
    first, network = validated(members)
    assert (members.parent / ".cache" / "checked.marshal").is_file()
    no_parsing(monkeypatch)
    again, network_again = validated(members)
    assert formatted(again) == formatted(first) and len(formatted(first)) > 40
    assert [m.name for m in network_again.members] == [m.name for m in network.members]
    # Positions of problems found across files come from the kept tables too.
    assert any("duplicate-name-b.yaml:1:" in line for line in formatted(again))


def test_an_edited_file_is_checked_again_and_the_others_come_from_the_store(members, monkeypatch):
    validated(members)
    edited = members / "long-summary.yaml"
    edited.write_text(edited.read_text().replace("name:", "name: Renamed\nname:", 1))
    parsed = []
    parse = sources.parse
    monkeypatch.setattr(
        sources, "parse", lambda path, *a: parsed.append(path.name) or parse(path, *a)
    )
    report, _ = validated(members)
    assert parsed == ["long-summary.yaml"]
    assert any("long-summary.yaml:2:1: error: duplicate key 'name'" in line
               for line in formatted(report))  # fmt: skip


def test_rules_about_the_build_day_are_checked_on_every_build(members, monkeypatch):
    # stale-review.yaml was last reviewed on 2025-01-15: overdue after a year.
    def overdue(report):
        return [line for line in formatted(report) if "more than 12 months ago" in line]

    assert overdue(validated(members, dt.date(2025, 6, 1))[0]) == []
    no_parsing(monkeypatch)
    assert len(overdue(validated(members, dt.date(2026, 6, 1))[0])) == 1
    assert overdue(validated(members, dt.date(2025, 6, 1))[0]) == []


def test_a_damaged_store_is_ignored_and_written_again(members):
    first, _ = validated(members)
    store = members.parent / ".cache" / "checked.marshal"
    store.write_bytes(b"\x00not a store" * 100)
    again, _ = validated(members)
    assert formatted(again) == formatted(first)
    assert not CheckStore(store).empty


def test_a_store_damaged_where_marshal_still_reads_it_is_not_used(members, monkeypatch):
    first, _ = validated(members)
    store = members.parent / ".cache" / "checked.marshal"
    data = bytearray(store.read_bytes())
    at = data.index(b"long-summary.yaml")  # a byte of a kept document's text, changed
    data[at] = ord("L")
    store.write_bytes(bytes(data))
    marshal.loads(bytes(data))  # still a marshal file
    assert CheckStore(store).empty
    again, _ = validated(members)
    assert formatted(again) == formatted(first)


def test_a_store_of_other_code_is_not_used(members, monkeypatch):
    validated(members)
    monkeypatch.setattr(checkstore, "code_version", lambda: "another version")
    assert CheckStore(members.parent / ".cache" / "checked.marshal").empty


def test_the_store_holds_only_the_files_of_the_last_build(members):
    validated(members)
    (members / "long-summary.yaml").unlink()
    validated(members)
    store = CheckStore(members.parent / ".cache" / "checked.marshal")
    kept = {path for path, *_ in store._load()}
    assert str(members / "type.yaml") in kept
    assert str(members / "long-summary.yaml") not in kept


def test_invoke_validate_keeps_its_checks_for_the_build(members, capsys):
    assert cli.validate(project_with(members), today=TODAY) == 1
    assert not CheckStore(members.parent / ".cache" / "checked.marshal").empty


def test_a_committed_store_vouching_for_a_broken_file_is_refused(tmp_path):
    """A pull request can upload files under .cache/ whatever .gitignore says: a store
    planted there that vouches for a broken file's bytes fails the build all the same."""
    site = copy_fixture_site(tmp_path / "site")
    project = Project.at(site)
    assert validated_at(project).errors == []
    member = site / "members" / "alpha-health.yaml"
    broken = member.read_bytes() + b"website: not a web address\n"
    member.write_bytes(broken)
    raw = marshal.loads(project.check_store.read_bytes())
    checks = marshal.loads(raw["checks"])
    for path, digest, kind, context in list(checks):
        if path == str(member):  # the clean file's check, under the broken bytes
            checks[(path, digest_of(broken), kind, context)] = checks[(path, digest, kind, context)]
    raw["checks"] = marshal.dumps(checks)
    raw["digest"] = checkstore._digest(raw["checks"])  # a digest, not a signature
    project.check_store.write_bytes(marshal.dumps(raw))
    (site / ".gitignore").write_text(".cache/\n")
    git = ["git", "-C", str(site), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "add", "-f", str(project.check_store)], check=True)
    assert [d.format() for d in validated_at(project).errors] == [
        ".cache/checked.marshal:1:1: error: .cache/ is the build's own cache and is never "
        "committed (a committed file there would be published as if a build had made it); "
        "remove it with 'git rm -r --cached .cache'"
    ]


def validated_at(project):
    report = Report(project.root)
    load_network(project, report, TODAY, store=CheckStore(project.check_store))
    return report
