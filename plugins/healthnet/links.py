"""Link checks: internal links of a built site, and the members' links to the outside.

The internal check runs on every build and publish: every href and src that points into the
site must name a file that exists, and every #fragment an element with that id. The external
check runs weekly and only reports, because other sites go down for reasons of their own.
"""

from __future__ import annotations

import concurrent.futures
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Network

LINK_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the page that links, relative to the site
    url: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


class _PageParser(HTMLParser):
    """Collects the links and the ids of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.links.append(value)
            elif name in ("id", "name") and value:
                self.ids.add(value)


class SiteLinks:
    """Parses each page of a site at most once, links and ids together."""

    def __init__(self, site: Path, siteurl: str = ""):
        self.site = site.resolve()
        self.siteurl = siteurl.rstrip("/")
        self._pages: dict[Path, _PageParser] = {}

    def page(self, path: Path) -> _PageParser:
        if path not in self._pages:
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            self._pages[path] = parser
        return self._pages[path]

    def html_files(self) -> list[Path]:
        return sorted(p for p in self.site.rglob("*.html") if "pagefind" not in p.parts)

    def check(self) -> list[BrokenLink]:
        broken = []
        for path in self.html_files():
            for url in self.page(path).links:
                reason = self.problem(path, url)
                if reason:
                    relative = path.relative_to(self.site).as_posix()
                    broken.append(BrokenLink(relative, url, reason))
        return sorted(broken)

    def problem(self, page: Path, url: str) -> str | None:
        target, fragment = self.resolve(page, url)
        if target is None:
            return None  # another site, mail, or a fragment-less self link
        if not target.is_relative_to(self.site):
            return "points outside the site"
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return "no such file"
        if fragment and target.suffix == ".html" and fragment not in self.page(target).ids:
            return f"no element with id '{fragment}' in {target.relative_to(self.site)}"
        return None

    def resolve(self, page: Path, url: str) -> tuple[Path | None, str]:
        """The file a link points to in this site (None if it leaves the site)."""
        if self.siteurl and url.startswith(self.siteurl + "/"):
            url = url[len(self.siteurl) :]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None, ""
        fragment = unquote(parts.fragment)
        if not parts.path:
            return (page, fragment) if fragment else (None, "")
        base = self.site if parts.path.startswith("/") else page.parent
        return (base / unquote(parts.path).lstrip("/")).resolve(), fragment


def check_site(site: Path, siteurl: str = "") -> list[BrokenLink]:
    return SiteLinks(site, siteurl).check()


# -- links to other sites -------------------------------------------------------------------

# Answers that mean "we do not talk to robots", not "this page is gone".
BLOCKED_STATUSES = {401, 403, 429, 999}
USER_AGENT = "network-site-link-check/1.0 (+weekly check of member links)"


@dataclass(frozen=True)
class ExternalResult:
    member: str
    what: str
    url: str
    status: str  # "ok", "blocked", or why it failed
    broken: bool


def member_links(network: Network) -> list[tuple[str, str, str]]:
    """(member name, what, URL) for every website and social profile in the directory."""
    links = []
    for member in network.members:
        links.append((member.name, "website", member.website))
        links += [(member.name, link.platform.label, link.url) for link in member.social]
    return links


def fetch_status(url: str, timeout: float = 15) -> tuple[str, bool]:
    """(status text, broken?) for one URL: HEAD first, then GET where HEAD is refused."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return f"ok ({response.status})", False
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (405, 501, *BLOCKED_STATUSES):
                continue
            if error.code in BLOCKED_STATUSES:
                return f"could not check: the site answered {error.code}", False
            return f"HTTP {error.code}", True
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            return f"unreachable ({reason})", True
    return "could not check", False


def check_external(links: list[tuple[str, str, str]], workers: int = 8) -> list[ExternalResult]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(lambda link: fetch_status(link[2]), links))
    return [
        ExternalResult(member, what, url, status, broken)
        for (member, what, url), (status, broken) in zip(links, statuses, strict=True)
    ]


def external_report(results: list[ExternalResult]) -> str:
    """A Markdown report, as GitHub shows it in a job summary."""
    broken = [r for r in results if r.broken]
    lines = [
        "## External links",
        "",
        f"Checked {len(results)} links of member websites and social profiles: "
        f"{len(broken)} broken.",
    ]
    if broken:
        lines += ["", "| member | link | address | problem |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {_cell(r.member)} | {r.what} | {_cell(r.url)} | {_cell(r.status)} |" for r in broken
        ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
