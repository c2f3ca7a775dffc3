"""The search index: Pagefind run on the rendered site, and the check that it holds every
page marked for search (``data-pagefind-body``).

A build starts Pagefind as soon as the searchable pages are written and lets it index them
while the rest of the site renders; a glob names just those pages, so that Pagefind does not
read the long listings. Its output is checked: as many pages indexed as are marked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

MARKED_FOR_SEARCH = re.compile(r"<[a-z][^<>]*\sdata-pagefind-body[\s>=/]")


class BuildFailed(Exception):
    pass


def glob_for(patterns: set[str]) -> str:
    """Pagefind's --glob for the URL patterns of searchable pages ("members/*/index.html")."""
    ordered = sorted(patterns)
    return ordered[0] if len(ordered) == 1 else "{" + ",".join(ordered) + "}"


def pattern_regex(patterns: set[str]) -> re.Pattern:
    """The same patterns as a regex over site paths: * stays within one folder."""
    parts = (re.escape(p).replace(r"\*", "[^/]*") for p in sorted(patterns))
    return re.compile("(?:" + "|".join(parts) + ")")


class Indexer:
    """One run of Pagefind over a site, started early and awaited at the end."""

    def __init__(self, site: Path, glob: str | None = None, output: Path | None = None):
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]
        if glob:
            command += ["--glob", glob]
        if output:
            command += ["--output-path", str(output)]
        self.site = site
        self.output = output or site / "pagefind"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command)
        self.seconds = 0.0

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
    marked = sum(
        1 for page in site.rglob("*.html") if MARKED_FOR_SEARCH.search(page.read_text("utf-8"))
    )
    require_marked(marked)
    Indexer(site).finish(marked)
