"""The documentation tells the truth about the commands."""

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
