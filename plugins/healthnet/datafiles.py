"""The files a build writes besides pages: each kind's exports and feed, and the files it
makes (member logos and sharing images) or publishes as they are (the JSON Schemas)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from .kinds import SiteInfo
from .made import MadeFile
from .search import search_outputs
from .structured import site_images


def data_outputs(network, kinds) -> Iterator[tuple[str, Callable[[SiteInfo], str], object]]:
    """(path in the site, how to write it, the one item it is written from or None) for
    every export and feed of every kind; the paths are known before anything is written
    (pages link to them)."""
    for kind in kinds:
        items = network.of(kind.name)
        for export in kind.exports:
            if "{slug}" in export.path:
                for item in items:
                    yield export.path.format(slug=item.slug), partial(export.write, item), item
            else:
                yield export.path, partial(export.write, items), None
        if kind.feed:
            yield kind.feed.path, partial(_feed, kind.feed, items), None
    for path, write in search_outputs(network):
        yield path, write, None


def _feed(feed, items: list, site: SiteInfo) -> str:
    return feed.write(items, site, feed.path)


def data_paths(network, kinds) -> set[str]:
    return {path for path, _, _ in data_outputs(network, kinds)}


class ItemFiles:
    """The files written from one item each (a member's JSON, its badges), kept between the
    builds of one session: a rebuild reuses an unchanged item's object (sources.py), so
    its files need not be written again while the path's item is that very object."""

    def __init__(self):
        self._kept: dict[str, tuple[object, tuple, str]] = {}  # path -> item, site, text

    def text(self, path: str, item, write: Callable[[SiteInfo], str], site: SiteInfo) -> str:
        # The site's address and names are in the files; a changed taxonomy makes new items.
        written_for = (site.url, site.name, site.domain)
        kept = self._kept.get(path)
        if kept is None or kept[0] is not item or kept[1] != written_for:
            kept = self._kept[path] = (item, written_for, write(site))
        return kept[2]

    def keep_only(self, paths) -> None:
        self._kept = {path: kept for path, kept in self._kept.items() if path in paths}


def data_files(
    network, kinds, site: SiteInfo, kept: ItemFiles | None = None
) -> Iterator[tuple[str, str]]:
    """(path in the site, text) for every export and feed of every kind, one at a time: a
    build writes each as it comes instead of holding them all (at 20,000 members its
    process held 404 MB instead of 477 while Pagefind indexed)."""
    paths = set()
    for path, write, item in data_outputs(network, kinds):
        one_item = kept is not None and item is not None
        yield path, kept.text(path, item, write, site) if one_item else write(site)
        paths.add(path)
    if kept is not None:
        kept.keep_only(paths)


def copied_files(schema_dir: Path) -> dict[str, Path]:
    """Path in the site -> our own file published as it is (never a contributed one)."""
    return {f"schema/{schema.name}": schema for schema in sorted(schema_dir.glob("*.schema.json"))}


def made_files(network, kinds, site: SiteInfo) -> dict[str, MadeFile]:
    """Path in the site -> the file made for it (a member's logo images, the site's
    sharing image)."""
    made: dict[str, MadeFile] = {file.target: file for file in site_images(site)}
    for kind in kinds:
        if kind.made:
            for item in network.of(kind.name):
                made.update({file.target: file for file in kind.made(item, site)})
    return made
