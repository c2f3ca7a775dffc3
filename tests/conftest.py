"""Shared fixtures: a real build of the fixture site, an HTTP server, the browser."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from tests.support import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch):
    """Tests run in GitHub Actions too: their builds must not annotate the test job or
    write to its summary (tests that check annotations set the variables themselves)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The fixture site rendered once by Pelican with the project's plugin and theme, and
    indexed by the real Pagefind, as `invoke build` does."""
    return build_site(tmp_path_factory.mktemp("fixture-build") / "output")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(site: Path):
    """Serve a built site over HTTP on a free local port while the generator is open."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built fixture site served over HTTP on a free local port."""
    yield from serve(built_site)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium; browser tests skip without it, except under CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


# Every browser page reports the Content-Security-Policy violations it meets; the
# listener is installed before any script of the page runs.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation?.(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} in ${event.documentURI}`
    + (event.sample ? `: ${event.sample}` : ""));
});
"""


def watch_csp(context, violations: list[str]) -> None:
    """Record in ``violations`` every CSP violation a page of ``context`` reports, and
    Chromium's console messages about the policy (they also come with JavaScript off)."""

    def on_violation(report: str) -> None:
        violations.append(report)

    def on_console(message) -> None:
        if "content security policy" in message.text.lower():
            violations.append(f"console: {message.text}")

    context.expose_function("__cspViolation", on_violation)
    context.add_init_script(CSP_LISTENER)
    context.on("console", on_console)


@pytest.fixture
def csp_violations():
    """What the test's browser pages reported against the Content-Security-Policy. The
    test fails if anything is left in it: a test that provokes violations on purpose
    checks them and clears the list."""
    violations: list[str] = []
    yield violations
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def context(context, csp_violations):
    """pytest-playwright's context (and so its ``page``), watched for CSP violations."""
    watch_csp(context, csp_violations)
    yield context
    _flush(context)


def _flush(context) -> None:
    """Let reports still on their way from the pages arrive before the test's verdict."""
    if context.pages:
        context.pages[0].wait_for_timeout(50)


@pytest.fixture
def console_errors(page):
    """Console errors and uncaught exceptions of the page; tests assert it stays empty."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


@pytest.fixture
def page_without_javascript(browser, csp_violations):
    """A page in a browser context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False)
    watch_csp(context, csp_violations)
    yield context.new_page()
    _flush(context)
    context.close()


@pytest.fixture
def small_screen_page(browser, csp_violations):
    """A page in a browser context as wide as a phone."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    watch_csp(context, csp_violations)
    yield context.new_page()
    _flush(context)
    context.close()
