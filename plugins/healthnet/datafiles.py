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


def data_outputs(network, kinds) -> Iterator[tuple[str, Callable[[SiteInfo], str]]]:
    """(path in the site, how to write it) for every export and feed of every kind; the
    paths are known before anything is written (pages link to them)."""
    for kind in kinds:
        items = network.of(kind.name)
        for export in kind.exports:
            if "{slug}" in export.path:
                for item in items:
                    yield export.path.format(slug=item.slug), partial(export.write, item)
            else:
                yield export.path, partial(export.write, items)
        if kind.feed:
            yield kind.feed.path, partial(_feed, kind.feed, items)
    yield from search_outputs(network)


def _feed(feed, items: list, site: SiteInfo) -> str:
    return feed.write(items, site, feed.path)


def data_paths(network, kinds) -> set[str]:
    return {path for path, _ in data_outputs(network, kinds)}


def data_files(network, kinds, site: SiteInfo) -> dict[str, str]:
    """Path in the site -> text, for every export and feed of every kind."""
    return {path: write(site) for path, write in data_outputs(network, kinds)}


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
