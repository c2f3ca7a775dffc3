"""The search index: Pagefind run on the rendered site, and the check that it holds every
page marked for search (``data-pagefind-body``).

A build gives Pagefind a copy of each searchable page cut down to what Pagefind reads of it
(``search_copy``), in a folder of their own, so that it parses neither the long listings
nor every page's navigation; it starts as soon as those are written and indexes them while
the rest of the site renders. Its output is checked: as many pages indexed as are marked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

MARKER = " data-pagefind-body"


def is_marked(html: str) -> bool:
    """Whether a page carries data-pagefind-body on an element (not in a text about it)."""
    return _marked_at(html) is not None


def _marked_at(html: str) -> int | None:
    start = html.find(MARKER)
    while start >= 0:
        follows = html[start + len(MARKER) : start + len(MARKER) + 1]
        inside_tag = html.rfind("<", 0, start) > html.rfind(">", 0, start)
        if follows in (">", " ", "=", "/", "\n") and inside_tag:
            return start
        start = html.find(MARKER, start + 1)
    return None


class BuildFailed(Exception):
    pass


def search_copy(html: str) -> str | None:
    """What Pagefind needs of a page: of its head the language, title and what is marked
    for it (the description), and the element marked data-pagefind-body, less the parts
    it ignores. Pagefind reads nothing else of a page whose site marks a body, so the index
    is the same; it just has less to parse (a third less of its time)."""
    start = _marked_at(html)
    if start is None:
        return None
    opening = html.rfind("<", 0, start)
    end = _element_end(html, opening)
    if end is None:
        return None
    head = html[: html.find("</head>")]
    kept = [html[: max(0, head.find("<head>"))].rstrip(), "<head>", '<meta charset="utf-8">',
            *_TITLE.findall(head), *_FOR_SEARCH.findall(head), "</head>"]  # fmt: skip
    body = _without_ignored(_without_header(html[opening:end]))
    return "\n".join(kept) + f"\n<body>{body}</body>\n</html>\n"


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_FOR_SEARCH = re.compile(r"<[^<>]* data-pagefind-[^<>]*>")
_NAME = re.compile(r"[^\s>/]+")
_READ_ANYWAY = re.compile(r"<(?:h1|img)[\s>]")


def _element_end(html: str, opening: int) -> int | None:
    """Where the element that opens at ``opening`` ends (after its closing tag), counting
    the elements of the same name inside it; None if it is never closed."""
    name = _NAME.match(html, opening + 1).group()
    depth, cursor = 0, opening
    while True:
        next_open = _element_start(html, name, cursor + 1)
        next_close = html.find(f"</{name}>", cursor + 1)
        if next_close < 0:
            return None
        if 0 <= next_open < next_close:
            depth, cursor = depth + 1, next_open
        elif depth:
            depth, cursor = depth - 1, next_close
        else:
            return next_close + len(name) + 3


def _without_ignored(body: str) -> str:
    """The body less each element marked data-pagefind-ignore that holds nothing else
    Pagefind reads (no other data-pagefind- attribute, no h1 or image it could take as a
    result's title or image): the sidebars, the badge's code, the lists of other pages."""
    parts, cursor = [], 0
    at = body.find(IGNORED, 1)
    while at >= 0:
        opening = body.rfind("<", 0, at)
        end = _element_end(body, opening) if opening >= cursor else None
        inner = body[opening:end] if end else ""
        if (
            inner
            and inner.count("data-pagefind-") == 1
            and "<h1" not in inner
            and "<img" not in inner
        ):
            parts.append(body[cursor:opening])
            cursor = end
        at = body.find(IGNORED, max(at + 1, cursor))
    return "".join(parts) + body[cursor:]


IGNORED = " data-pagefind-ignore"


def _without_header(body: str) -> str:
    """The marked element with its header left out of the indexed text: its first
    ``<header>`` (kicker, title, summary, dates), or its ``<h1>`` where it has none.
    Pagefind 1.5.2 searches the title and summary as metadata all the same (the title
    before the text), and it takes a result's excerpt from the indexed text: without the
    header an excerpt begins at the page's own text, not with the title it is shown under,
    and no label runs into the first heading ("Payer About.")."""
    for name in ("header", "h1"):
        at = _element_start(body, name, 1)
        if at >= 0:
            end = body.find(f"</{name}>", at)
            if end < 0 or not _TAG.sub("", body[end:]).strip():
                return body  # nothing but the header: Pagefind would leave the page out
            cut = at + len(name) + 1
            return body[:cut] + IGNORED + body[cut:]
    return body


_TAG = re.compile(r"<[^>]*>")


def _element_start(html: str, name: str, start: int) -> int:
    at = html.find(f"<{name}", start)
    while at >= 0 and html[at + len(name) + 1 : at + len(name) + 2] not in (" ", ">", "\n"):
        at = html.find(f"<{name}", at + 1)
    return at


def in_order(folder: Path) -> Path:
    """The same files, moved into a new folder in the order of their paths: Pagefind numbers
    pages in the order it lists them, and some file systems (tmpfs) list files in the
    order they were made, which parallel rendering and rebuilds do not keep."""
    ordered = folder.with_name(folder.name + "-")
    shutil.rmtree(ordered, ignore_errors=True)
    ordered.mkdir()
    files = sorted(
        os.path.join(os.path.relpath(root, folder), name)
        for root, _, names in os.walk(folder)
        for name in names
    )
    for relative in files:
        target = ordered / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(folder / relative, target)
    shutil.rmtree(folder)
    ordered.rename(folder)
    return folder


class Indexer:
    """One run of Pagefind over a site, started early and awaited at the end."""

    def __init__(self, site: Path, output: Path | None = None):
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
        if output:
            command += ["--output-path", str(output)]
        self.site = site
        self.output = output or site / "pagefind"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command)
        self.seconds = 0.0

    def stop(self) -> None:
        """The build failed: Pagefind's work is moot."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def finish(self, marked: int) -> None:
        """Wait for Pagefind; fail unless it indexed exactly the ``marked`` pages."""
        returncode = self.process.wait()
        self.seconds = time.perf_counter() - self.started
        if returncode != 0:
            raise BuildFailed("Pagefind could not index the site (see its messages above)")
        indexed = indexed_pages(self.output)
        if indexed != marked:
            raise BuildFailed(
                f"the search index holds {indexed} pages, but {marked} pages are marked for search"
            )


def indexed_pages(bundle: Path) -> int:
    entry = bundle / "pagefind-entry.json"
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
        return sum(language["page_count"] for language in languages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BuildFailed(f"Pagefind wrote no readable search index ({entry.name})") from None


def require_marked(marked: int) -> None:
    if not marked:
        raise BuildFailed("no page is marked for search (data-pagefind-body); nothing to index")


def index(site: Path) -> None:
    """Index a built site found on disk (every page is read to count the marked ones)."""
    marked = sum(1 for page in site.rglob("*.html") if is_marked(page.read_text("utf-8")))
    require_marked(marked)
    Indexer(site).finish(marked)
