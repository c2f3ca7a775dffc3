"""The Content-Security-Policy of the site's pages, declared once.

GitHub Pages sends no headers of ours, so every page carries its policy in a
``<meta http-equiv="Content-Security-Policy">`` tag, the first thing in its head
(theme/templates/base.html). The policy lets a page load the site's own files and nothing
else, and run nothing inline: no ``<script>`` without ``src``, no ``style`` attribute or
element, no event-handler attribute, no ``javascript:`` URL. Whatever a contribution
slips past the sanitizer cannot run, nor load from another host.

A page names the policy it needs with a page-level variable in its template::

    {% set csp = "search" %}

"page" (the default) fits every page; "search" adds what Pagefind needs on the pages that
search (its WebAssembly). A page with other needs (the future /admin/ web editor) adds an
entry to POLICIES and sets ``csp`` to its name.

A <meta> policy ignores ``frame-ancestors``, ``report-uri`` and ``sandbox`` (and Chromium
logs a warning for each), so they are not used.
"""

from __future__ import annotations

from markupsafe import Markup

# Every page: the site's own files, nothing inline. default-src 'none' also refuses
# fonts, frames, objects, media, workers and manifests, which the site does not use.
# connect-src 'self': the live filter and search fetch the index; `invoke livereload`'s
# preview holds a WebSocket to its own server. Neither can reach another host.
# base-uri and form-action do not fall back to default-src, so they are set.
PAGE = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "connect-src": ("'self'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
}

# What a kind of page adds to PAGE.
POLICIES: dict[str, dict[str, tuple[str, ...]]] = {
    "page": {},
    # Pagefind compiles WebAssembly, which CSP counts as eval: 'wasm-unsafe-eval' allows
    # that and no other eval (https://pagefind.app/docs/hosting/). It does so in its web
    # worker (theme/static/js/search/pagefind.js), whose script comes from the site
    # (worker-src falls back to script-src 'self'), and on the page where no worker starts.
    "search": {"script-src": ("'wasm-unsafe-eval'",)},
    # The web editor (/admin/, editor.py): Decap CMS, a React application that checks its
    # configuration with Ajv, which compiles its checks with new Function ('unsafe-eval':
    # scripts still come only from the site, never inline), styles itself with <style>
    # elements it writes ('unsafe-inline' for styles only), shows and reads the files being
    # uploaded from blob: and data: URLs, and talks to GitHub's API (avatars from GitHub's
    # image host) or, on one's own machine, to decap-server on a local port. Contributed
    # text reaches it only as form values.
    "editor": {
        "script-src": ("'unsafe-eval'",),
        "style-src": ("'unsafe-inline'",),
        "img-src": ("blob:", "data:", "https://avatars.githubusercontent.com"),
        "connect-src": (
            "blob:",
            "https://api.github.com",
            "http://localhost:*",
            "http://127.0.0.1:*",
        ),
    },
}


def policy(name: str = "page") -> Markup:
    """The policy named ``name`` as the content of a meta tag, PAGE plus its additions."""
    if name not in POLICIES:
        raise ValueError(f"no Content-Security-Policy named {name!r}; known: {sorted(POLICIES)}")
    directives = {key: list(values) for key, values in PAGE.items()}
    for key, values in POLICIES[name].items():
        directives.setdefault(key, []).extend(values)
    # Made only from the constants above, which hold no character that would need
    # escaping in an attribute (tests/test_csp.py checks).
    return Markup("; ".join(" ".join([key, *values]) for key, values in directives.items()))


def add_globals(pelican) -> None:
    """signals.initialized: the templates' content_security_policy(name)."""
    pelican.settings.setdefault("JINJA_GLOBALS", {})["content_security_policy"] = policy
