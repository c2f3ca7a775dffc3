"""Every page of the fixture build is valid HTML, as the Nu HTML Checker (vnu) judges it.

The checker is the `vnu-jar` npm package, pinned in package.json and package-lock.json
(`npm ci --ignore-scripts` puts the jar in node_modules/); it runs on Java 11 or later.
`.ci/run` installs both. Without them the test is skipped on a developer's machine; under
CI (`CI` set) it fails instead, as the browser tests do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.support import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("Java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR.relative_to(REPO)} (npm ci --ignore-scripts)")
    if missing:
        message = "the Nu HTML Checker needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"CI must check the HTML: {message}")
        pytest.skip(message)
    return java


def test_every_built_page_is_valid_html(built_site):
    java = _java()
    pages = sorted(built_site.rglob("*.html"))
    # Every page type of the fixture site, so that a template cannot drop out unnoticed.
    relative = {page.relative_to(built_site).as_posix() for page in pages}
    for expected in [
        "index.html",
        "404.html",
        "members/index.html",
        "members/type/hospital/index.html",
        "members/alpha-health/index.html",
        "resources/index.html",
        "resources/alpha-crisis-guide/index.html",
        "paths/fixture-path/index.html",
        "events/index.html",
        "events/fixture-summit-2027/index.html",
        "news/index.html",
        "news/fixture-news-one/index.html",
        "about/index.html",
        "join/index.html",
        "residency/index.html",
        "search/index.html",
        "stats/index.html",
    ]:
        assert expected in relative, expected

    # One Java process for all pages: starting the checker costs more than checking a page.
    result = subprocess.run(
        [
            java,
            "-Xss1m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report on stderr and exits 1 when it found errors.
    report = json.loads(result.stderr)
    errors = [
        f"{message['url'].split(str(built_site), 1)[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in report["messages"]
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == [], "the Nu HTML Checker found errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr[-2000:]
