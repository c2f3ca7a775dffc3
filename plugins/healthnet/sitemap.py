"""/sitemap.xml and /robots.txt, from the page plan (https://www.sitemaps.org/protocol.html).

Every page with content is listed (item pages, lists and their pages, facet pages), not the
search page (its results depend on the query) nor 404.html; robots.txt lets crawlers in
everywhere but the web editor (the search page's canonical address keeps its results out of
indexes). A page's ``lastmod`` comes from its items' own dates (a member's last review or
joining, a resource's update, a post's date; a list: its newest item), never from the build,
so that an unchanged site gives an unchanged sitemap; a page without a date (an event, an
about page) has none, which the protocol allows. Over ``limit`` addresses (50,000 by the
protocol; the setting NETWORK_SITEMAP_LIMIT) the sitemap is split into sitemap-1.xml,
sitemap-2.xml ... and sitemap.xml becomes their index.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from .structured import public_root

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
LIMIT = 50_000  # addresses per file, by the protocol
PART = "sitemap-{number}.xml"  # past LIMIT addresses, sitemap.xml is an index of these
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages not worth a search engine's visit.
UNLISTED_TEMPLATES = frozenset({"search", "404", "admin"})


def changed_on(item) -> dt.date | None:
    """The last day an item is known to have changed, from its own fields."""
    if hasattr(item, "last_changed"):  # a resource
        return item.last_changed
    if hasattr(item, "joined"):  # a member
        return max(item.joined, item.last_reviewed or item.joined)
    if hasattr(item, "steps") and hasattr(item, "total_minutes"):  # a learning path
        return _newest(step.resource for step in item.steps)
    if isinstance(getattr(item, "date", None), dt.date):  # a news post
        return item.date
    return None


def _newest(items) -> dt.date | None:
    return max((day for item in items if (day := changed_on(item))), default=None)


def lastmod_of(page, kinds, network) -> dt.date | None:
    variables = page.variables
    for kind in kinds:
        item = variables.get(kind.name)
        if hasattr(item, "url") and kind.output_of(item) == page.output:
            if getattr(item, "template", None) == "home":  # what is new anywhere
                return _newest(i for k in kinds for i in network.of(k.name))
            return changed_on(item)
        listed = variables.get(kind.items_name)
        if variables.get("kind") == kind.name:
            if "value" not in variables and "facet" in variables:  # a facet's values
                return _newest(i for value in variables["facet"].values for i in value.items)
            return _newest(listed or ())
    return None


def listed(pages) -> list:
    """The pages the sitemap lists, in the plan's order."""
    return [
        page
        for page in pages
        if page.template not in UNLISTED_TEMPLATES and page.output.endswith(".html")
    ]


def entries(pages, kinds, network) -> list[tuple[str, dt.date | None]]:
    """(URL path, lastmod) of every listed page, in the plan's order."""
    return [(page.url, lastmod_of(page, kinds, network)) for page in listed(pages)]


def file_names(pages, limit: int = LIMIT) -> list[str]:
    """The files ``site_files`` writes for these pages, known before it is worth writing
    them (the build plans them first, and writes them while Pagefind indexes)."""
    count = len(listed(pages))
    parts = [PART.format(number=number) for number in range(1, -(-count // limit) + 1)]
    return [*(parts if count > limit else ()), SITEMAP, ROBOTS]


def _lastmod(day: dt.date | None) -> str:
    return f"<lastmod>{day.isoformat()}</lastmod>" if day else ""


def urlset(root: str, listed) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">']
    lines += [f"<url><loc>{escape(root + path)}</loc>{_lastmod(day)}</url>" for path, day in listed]
    return "\n".join([*lines, "</urlset>\n"])


def sitemap_index(root: str, parts) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">']
    lines += [
        f"<sitemap><loc>{escape(root + name)}</loc>{_lastmod(day)}</sitemap>" for name, day in parts
    ]
    return "\n".join([*lines, "</sitemapindex>\n"])


def robots(root: str, base_path: str) -> str:
    """Crawlers may read every page but the web editor's, the search page too: its
    results, one page per query, stay out of search engines by its canonical address
    (/search/, without the query), and it is not in the sitemap."""
    return (
        "User-agent: *\n"
        f"Disallow: {base_path}/admin/\n"  # the web editor: nothing to read there
        "\n"
        f"Sitemap: {root}{SITEMAP}\n"
    )


def site_files(pages, kinds, network, siteurl: str, domain: str, limit: int = LIMIT) -> dict:
    """Path in the site -> text: sitemap.xml (and its parts) and robots.txt."""
    root = public_root(siteurl, domain)
    addresses = entries(pages, kinds, network)
    files = {}
    if len(addresses) <= limit:
        files[SITEMAP] = urlset(root, addresses)
    else:
        parts = []
        for number, start in enumerate(range(0, len(addresses), limit), 1):
            chunk = addresses[start : start + limit]
            name = PART.format(number=number)
            files[name] = urlset(root, chunk)
            parts.append((name, max((day for _, day in chunk if day), default=None)))
        files[SITEMAP] = sitemap_index(root, parts)
    base_path = "/" + root.split("://", 1)[-1].split("/", 1)[-1].rstrip("/")
    files[ROBOTS] = robots(root, base_path.rstrip("/"))
    return files
