"""The files a build writes besides pages: each kind's exports and feed, and the files it
publishes as they are (member logos beside their profiles, the JSON Schemas)."""

from __future__ import annotations

from pathlib import Path

from .kinds import SiteInfo


def data_files(network, kinds, site: SiteInfo) -> dict[str, str]:
    """Path in the site -> text, for every export and feed of every kind."""
    files: dict[str, str] = {}
    for kind in kinds:
        items = network.of(kind.name)
        for export in kind.exports:
            if "{slug}" in export.path:
                for item in items:
                    files[export.path.format(slug=item.slug)] = export.write(item, site)
            else:
                files[export.path] = export.write(items, site)
        if kind.feed:
            files[kind.feed.path] = kind.feed.write(items, site, kind.feed.path)
    return files


def copied_files(network, kinds, schema_dir: Path) -> dict[str, Path]:
    """Path in the site -> the source file published as it is."""
    copies: dict[str, Path] = {}
    for kind in kinds:
        if kind.copies:
            for item in network.of(kind.name):
                copies.update({target: source for source, target in kind.copies(item)})
    for schema in sorted(schema_dir.glob("*.schema.json")):
        copies[f"schema/{schema.name}"] = schema
    return copies
