"""The search index: Pagefind run on the rendered site, and the check that it holds every
page marked for search (``data-pagefind-body``).

A build gives Pagefind a copy of each searchable page cut down to what Pagefind reads of it
(``search_copy``), in a folder of their own, so that it parses neither the long listings
nor every page's navigation; it starts as soon as those are written and indexes them while
the rest of the site renders. Its output is checked: as many pages indexed as are marked.

The two sort orders (name, A to Z; date, newest first) are not Pagefind's: its page table,
which every search downloads first, would carry both (29 kB of 67 at 6,285 pages). Beside
the bundle, ``order-name.json`` and ``order-date.json`` list Pagefind's page ids in each
order, and load only when a list is sorted (theme/static/js/search/pagefind.js).

Pagefind runs on one core (``on_one_core``). It parses the pages in one task and reads
them through some fifty threads that wait on each other; spread over two cores, that
waiting cost a third of its CPU in the kernel, and each thread its memory. Measured at
20,000 members: 25 to 28 CPU-s instead of 29 to 33, and 1,030 MB instead of 1,200.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .leftovers import make_parent

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
        if inner and inner.count("data-pagefind-") == 1 and not _READ_ANYWAY.search(inner):
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
            if end < 0 or not _has_word(body, end):
                # No word but the header's ("—" is none): Pagefind would leave the page out.
                return body
            cut = at + len(name) + 1
            return body[:cut] + IGNORED + body[cut:]
    return body


def _has_word(body: str, start: int) -> bool:
    """Whether the text of ``body`` from ``start`` on, outside its tags, holds a word:
    looked for run by run, as a page's text nearly always has one in its first runs."""
    return any(_WORD.search(html.unescape(run[1])) for run in _TEXT_RUN.finditer(body, start))


_TEXT_RUN = re.compile(r">([^<]+)")
_WORD = re.compile(r"[^\W_]")


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
    folders: set[str] = set()
    for relative in files:
        target = ordered / relative
        make_parent(target, folders)
        os.rename(folder / relative, target)
    shutil.rmtree(folder)
    ordered.rename(folder)
    return folder


def folders_in_order(folder: Path, pages: list[str]) -> set[str] | None:
    """The folders of the copies of ``pages`` (paths in the site), made in ``folder`` in
    the order of the pages' paths before any copy is written: each folder then holds one
    copy, written whenever a worker gets to it, and the folders list in the order they
    were made, as ``in_order`` would have moved them (a second in a build of 5,000
    members, and Pagefind waits for it). Returns the folders made, as strings; None, and
    nothing made, where some folder would hold two copies, whose order would be the
    workers'."""
    pages = sorted(pages)
    if len({os.path.dirname(page) for page in pages}) < len(pages):
        return None
    made: set[str] = set()
    for page in pages:
        make_parent(os.path.join(folder, page), made)
    return made


def on_one_core(start, *args, **options):
    """``start(*args, **options)``: a process started while this thread may run only on the
    last of its cores, which the process inherits, and its threads after it. The thread
    gets its cores back at once; the process's other threads never lose theirs."""
    if not hasattr(os, "sched_setaffinity"):
        return start(*args, **options)
    cores = os.sched_getaffinity(0)  # 0: the calling thread
    if len(cores) < 2:
        return start(*args, **options)
    os.sched_setaffinity(0, {max(cores)})
    try:
        return start(*args, **options)
    finally:
        os.sched_setaffinity(0, cores)


class Indexer:
    """One run of Pagefind over a site, started early and awaited at the end."""

    def __init__(self, site: Path, output: Path | None = None):
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
        if output:
            command += ["--output-path", str(output)]
        self.site = site
        self.output = output or site / "pagefind"
        self.started = time.perf_counter()
        self.process = on_one_core(subprocess.Popen, command)
        self.seconds = 0.0
        # The pages' sort values are read while Pagefind works.
        self._sort_values: dict[str, tuple[str, str]] = {}
        self._reading = threading.Thread(target=self._read_sort_values, daemon=True)
        self._reading.start()

    def _read_sort_values(self) -> None:
        self._sort_values.update(sort_values(self.site))

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
        self._reading.join()
        write_orders(self.output, self._sort_values)


SORT_VALUES = re.compile(r'<span data-sort-name="([^"]*)" data-sort-date="([^"]*)"')
ORDER_FILE = "order-{sort}.json"


def sort_values(site: Path) -> dict[str, tuple[str, str]]:
    """URL path ("/members/alpha/") -> (name, date) of every page of a folder of search
    copies, as partials/search_tags.html writes them."""
    values = {}
    for root, _, names in os.walk(site):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as file:
                found = SORT_VALUES.search(file.read())
            if found:
                relative = os.path.relpath(path, site).replace(os.sep, "/")
                url = "/" + relative.removesuffix("index.html")
                values[url] = (html.unescape(found[1]), html.unescape(found[2]))
    return values


def write_orders(bundle: Path, values: dict[str, tuple[str, str]]) -> None:
    """order-name.json and order-date.json beside Pagefind's files: its page ids by name
    (A to Z) and by date (newest first, then by name)."""
    ids = page_ids(bundle, sorted(values))
    by_name = sorted(values, key=lambda url: (values[url][0], url))
    by_date = sorted(by_name, key=lambda url: values[url][1], reverse=True)
    for sort, urls in (("name", by_name), ("date", by_date)):
        text = json.dumps([ids[url] for url in urls], separators=(",", ":"))
        (bundle / ORDER_FILE.format(sort=sort)).write_text(text, encoding="utf-8")


def page_ids(bundle: Path, urls: list[str]) -> dict[str, str]:
    """URL path -> Pagefind's id of the page. Pagefind 1.5.2 numbers pages by their path,
    last first: its page table, in that order, says which id each page has. A few pages'
    fragments confirm it; if they do not, every fragment is read (slower, always right)."""
    table = _page_table(bundle)
    guess = dict(zip(sorted(urls, reverse=True), table, strict=False))
    if len(table) == len(urls):
        sample = {table[0], table[len(table) // 2], table[-1]}
        by_id = {page_id: url for url, page_id in guess.items()}
        if all(_fragment_url(bundle, page_id) == by_id[page_id] for page_id in sample):
            return guess
    return {_fragment_url(bundle, page_id): page_id for page_id in table}


def _page_table(bundle: Path) -> list[str]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    ids = []
    for language in entry["languages"].values():
        data = _unpacked(bundle / f"pagefind.{language['hash']}.pf_meta")
        meta, _ = _cbor(data, 0)
        ids += [page[0] for page in meta[1]]
    return ids


def _fragment_url(bundle: Path, page_id: str) -> str:
    return json.loads(_unpacked(bundle / "fragment" / f"{page_id}.pf_fragment"))["url"]


def _unpacked(path: Path) -> bytes:
    """A Pagefind file: gzip, then a signature before its data."""
    return gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")


def _cbor(data: bytes, at: int):
    """The CBOR value at ``at`` (the kinds Pagefind's page table uses) and where it ends."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    else:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    if major in (0, 1):
        return (number if major == 0 else -1 - number), at
    if major in (2, 3):
        raw = data[at : at + number]
        return (raw if major == 2 else raw.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(number):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    return None, at  # simple values (false, true, null)


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
