"""The hostile corpus that validation accepts, opened in Chromium page by page: no dialog
opens, nothing is requested from another host, and only the site's own scripts run. (The
site is tests/test_outputs_parse.py's: the fixture site plus every accepted case.)"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.conftest import serve
from tests.test_hostile_browser import assert_nothing_runs_in
from tests.test_outputs_parse import outputs, site  # noqa: F401 (the built corpus site)


@pytest.fixture(scope="module")
def corpus_url(site):  # noqa: F811
    output, _ = site
    yield from serve(output)


def test_no_page_of_the_corpus_runs_or_loads_anything_foreign(site, corpus_url, page):  # noqa: F811
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.route(lambda url: urlparse(url).hostname != "127.0.0.1", lambda route: route.abort())
    output, cases = site
    slugs = {case.slug for case in cases}
    # Each case's own page, and the lists and home that show it among the others.
    pages = [
        name
        for path in outputs(output, ".html")
        if (
            (name := path.relative_to(output).as_posix()).count("/") <= 1
            or any(part in slugs for part in name.split("/"))
        )
        # The web editor shows no page of the site: its own test is tests/test_editor.py.
        and not name.startswith("admin/")
    ]
    assert len(pages) > 60
    for name in pages:
        page.goto(f"{corpus_url}/{name}", wait_until="load")
        assert_nothing_runs_in(page, corpus_url)
        assert dialogs == [], name
    assert [url for url in requests if urlparse(url).hostname != "127.0.0.1"] == []
