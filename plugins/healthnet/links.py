"""Link checks: internal links of a built site, and the members' links to the outside.

Every href and src that points into the site must name a file that exists, and every
#fragment an element with that id. A build checks its pages as it renders them (render.py
hands over only what the planned files cannot answer); `invoke check-links` reads a built
site from disk. The external check runs weekly and only reports, because other sites go
down for reasons of their own.
"""

from __future__ import annotations

import concurrent.futures
import os
import posixpath
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .model import Network

# Our templates and the sanitizer write attributes as name="value", after a space.
_LINK_MARKERS = (' href="', ' src="')
_LINK = re.compile(r' (?:href|src)="([^"]*)"')
_ID = re.compile(r'\s(?:id|name)="([^"]*)"')
# Links that leave the site, as members' profiles write them by the thousand.
_OTHER_SITES = ("https://", "http://", "mailto:", "tel:")
# A link that is a path alone, which urlsplit and unquote would return as it is.
_PLAIN_PATH = re.compile(r"[^:?#%\s\x00-\x1f]*")


@dataclass(frozen=True)
class Link:
    page: str  # the page that links, relative to the site: "about/index.html"
    url: str  # as written in the page
    target: str  # the file it names, relative to the site ("" when it leaves the site)
    fragment: str = ""


class Targets:
    """Where links lead: the site file (and #fragment) a link names, remembered by the
    link's text and folder. Links that climb to the site's root ("../../members/") mean
    the same from every folder as deep, so they are remembered once per depth."""

    SELF = ""  # a fragment-only link: the page itself

    # What a link outside the site's base path names (a project site lives under /REPO/).
    OUTSIDE_BASE = "../base"

    def __init__(self, siteurl: str = ""):
        self.siteurl = siteurl.rstrip("/")
        # "/repo" for https://owner.github.io/repo: root-relative links must start with it.
        self.base_path = urlsplit(self.siteurl).path.rstrip("/")
        self._known: dict[tuple, tuple[str, str] | None] = {}

    def of(self, folder: str, url: str, up: str) -> tuple[str, str] | None:
        """(target, fragment); None for links to other sites, mail, and bare "#". ``up``:
        the folder's way to the site's root ("../../")."""
        if url.startswith(_OTHER_SITES) and not self._under_siteurl(url):
            return None  # each written once or twice: not worth remembering
        key = (up, url) if up and url.startswith(up) else (folder, url)
        if key not in self._known:
            self._known[key] = self._resolve(folder, url)
        return self._known[key]

    def _under_siteurl(self, url: str) -> bool:
        return bool(self.siteurl) and url.startswith(self.siteurl + "/")

    def _resolve(self, folder: str, url: str) -> tuple[str, str] | None:
        under_siteurl = self._under_siteurl(url)
        if under_siteurl:
            url = url[len(self.siteurl) :]  # now relative to the site's root
        if _PLAIN_PATH.fullmatch(url) and not url.startswith("//"):
            path, fragment = url, ""  # most links: nothing to split or decode
        else:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                return None
            path, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path:
            return (self.SELF, fragment) if fragment else None
        if path.startswith("/") and self.base_path and not under_siteurl:
            if path != self.base_path and not path.startswith(self.base_path + "/"):
                return self.OUTSIDE_BASE, fragment
            path = path[len(self.base_path) :] or "/"
        within = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        joined = posixpath.normpath(within)
        if joined == ".." or joined.startswith("../"):
            return "..", fragment  # outside the site
        if path.endswith("/") or joined == ".":
            joined = "index.html" if joined == "." else f"{joined}/index.html"
        return joined, fragment


def page_folder(page: str) -> tuple[str, str]:
    """(folder, its way up to the site's root): ("members/alpha", "../../")."""
    folder = page.rsplit("/", 1)[0] if "/" in page else ""
    return folder, "../" * (folder.count("/") + 1) if folder else ""


def raw_links(html: str) -> list[str]:
    """The href and src values of a page, as written (entities decoded), each once. Only
    attributes count: an occurrence in a text (escaped "<" never opens a tag there) is
    skipped."""
    return [decoded(value) for value in written_links(html) if in_a_tag(html, value)]


def written_links(html: str) -> list[str]:
    """Every href and src value of a page as written, each once, in the order of the page,
    some perhaps in a text rather than a tag: see ``in_a_tag``. (Asking that of the few
    values a check would report, not of all, halves the time of a page's scan.)"""
    return list(dict.fromkeys(_LINK.findall(html)))


def in_a_tag(html: str, value: str) -> bool:
    """Whether some href or src with this value (as written) stands within a tag."""
    for marker in _LINK_MARKERS:
        attribute = f'{marker}{value}"'
        at = html.find(attribute)
        while at >= 0:
            if html.rfind("<", 0, at) > html.rfind(">", 0, at):
                return True
            at = html.find(attribute, at + 1)
    return False


def decoded(value: str) -> str:
    return value.replace("&amp;", "&") if "&" in value else value


def resolved_links(page: str, html: str, targets: Targets):
    """(url as written, target, fragment) for each link of one page into the site; the
    target is Targets.SELF for a fragment of the page itself."""
    folder, up = page_folder(page)
    for url in raw_links(html):
        resolved = targets.of(folder, url, up)
        if resolved is not None:
            yield url, *resolved


def page_links(page: str, html: str, targets: Targets) -> list[Link]:
    """Every link of one page into the site."""
    return [
        Link(page, url, target or page, fragment)
        for url, target, fragment in resolved_links(page, html, targets)
    ]


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the page that links, relative to the site
    url: str
    reason: str

    def format(self) -> str:
        return f"{self.page}: {self.url}: {self.reason}"


class SiteFiles:
    """The files of a built site, and the ids of its pages, each page read at most once."""

    def __init__(self, site: Path, files: set[str] | None = None):
        """``files``: the site's files when the caller knows them; read from disk otherwise."""
        self.site = site.resolve()
        self._ids: dict[str, set[str]] = {}
        if files is not None:
            self.files = files
            return
        self.files = set()
        for folder, _, names in os.walk(self.site):
            relative = os.path.relpath(folder, self.site).replace(os.sep, "/")
            prefix = "" if relative == "." else f"{relative}/"
            self.files.update(prefix + name for name in names)

    def ids(self, page: str) -> set[str]:
        if page not in self._ids:
            html = (self.site / page).read_text(encoding="utf-8", errors="replace")
            self._ids[page] = set(_ID.findall(html))
        return self._ids[page]

    def problem(self, link: Link) -> str | None:
        """Why a link of the site does not resolve, or None."""
        if link.target == "..":
            return "points outside the site"
        if link.target == Targets.OUTSIDE_BASE:
            return "starts with / but not with the site's base path; link relatively instead"
        target = link.target
        if target not in self.files and f"{target}/index.html" in self.files:
            target = f"{target}/index.html"  # a folder, linked without its final slash
        if target not in self.files:
            return "no such file"
        if link.fragment and target.endswith(".html") and link.fragment not in self.ids(target):
            return f"no element with id '{link.fragment}' in {target}"
        return None


def broken_links(files: SiteFiles, links) -> list[BrokenLink]:
    """The links among ``links`` (render.Link) that the site does not answer."""
    broken = {
        BrokenLink(link.page, link.url, reason)
        for link in links
        if (reason := files.problem(link)) is not None
    }
    return sorted(broken)


def check_site(site: Path, siteurl: str = "") -> list[BrokenLink]:
    """Every broken internal link of a built site, read from disk (`invoke check-links`)."""
    files = SiteFiles(site)
    targets = Targets(siteurl)
    links = []
    for page in sorted(files.files):
        if page.endswith(".html") and not page.startswith("pagefind/"):
            html = (files.site / page).read_text(encoding="utf-8", errors="replace")
            links += page_links(page, html, targets)
    return broken_links(files, links)


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
