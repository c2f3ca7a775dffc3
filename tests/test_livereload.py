"""`invoke livereload`: an edit shows in the open page by itself; a mistake does not crash it."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.support import FIXTURE_MEMBERS, FIXTURE_SITE, REPO

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"livereload stopped: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"nothing served at {url}")


@pytest.fixture
def livereload(tmp_path):
    members = shutil.copytree(FIXTURE_MEMBERS, tmp_path / "members")
    port = free_port()
    log = (tmp_path / "livereload.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port),
         "--members", str(members), "--content", str(FIXTURE_SITE / "content"), "--output", str(tmp_path / "output")],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    process.stdout = log
    try:
        wait_until_serving(f"http://localhost:{port}/members/", process)
        yield f"http://localhost:{port}", members, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def read_log(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_an_edit_refreshes_the_open_page_and_a_mistake_is_reported(page, livereload):
    url, members, log = livereload
    page.goto(f"{url}/members/alpha-health/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Health")

    profile = members / "alpha-health.yaml"
    profile.write_text(profile.read_text().replace("name: Alpha Health\n", "name: Alpha Care\n"))
    # No reload from the test: the page reloads itself once the rebuild is done.
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Care", timeout=20_000)

    broken = members / "beta-clinic.yaml"
    broken.write_text(broken.read_text().replace("type: clinic-practice", "type: clinic"))
    deadline = time.monotonic() + 20
    while "beta-clinic.yaml:2:7: error: 'type' is 'clinic'" not in read_log(log):
        assert time.monotonic() < deadline, read_log(log)
        time.sleep(0.3)
    # Still serving the last good site.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Care")
