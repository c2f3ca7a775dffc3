"""The documentation tells the truth about the commands."""

import json
import re

from tests.support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_that_serve_and_test():
    serve, test = quick_start_commands()
    assert serve.endswith("invoke serve")
    assert test.endswith("invoke test")


def test_ci_runs_the_readme_test_command_word_for_word():
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci_script.splitlines()


def test_readme_lists_every_task():
    tasks = re.findall(r"^@task.*?\ndef (\w+)\(c", (REPO / "tasks.py").read_text(), re.M | re.S)
    for task in tasks:
        assert f"`invoke {task.replace('_', '-')}" in README, task


def jsonc(path) -> dict:
    """VS Code's JSON with // comments (none of ours sit inside strings)."""
    text = re.sub(r"^\s*//.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
    return json.loads(text)


def test_vscode_problem_matcher_reads_what_validate_prints():
    tasks = jsonc(REPO / ".vscode" / "tasks.json")["tasks"]
    # Every warning: the Problems panel lists each file's own.
    (validate,) = [t for t in tasks if t["command"].endswith("invoke validate --all-warnings")]
    pattern = validate["problemMatcher"]["pattern"]
    line = (
        "content/resources/invalid-yaml.md:3:14: error: invalid YAML: mapping values are not "
        "allowed in this context"
    )
    match = re.match(pattern["regexp"], line)
    assert match[pattern["file"]] == "content/resources/invalid-yaml.md"
    assert (match[pattern["line"]], match[pattern["column"]]) == ("3", "14")
    assert match[pattern["severity"]] == "error"
    assert match[pattern["message"]].startswith("invalid YAML")
    settings = jsonc(REPO / ".vscode" / "settings.json")
    assert settings["yaml.schemas"] == {"./schema/member.schema.json": ["members/*.yaml"]}
