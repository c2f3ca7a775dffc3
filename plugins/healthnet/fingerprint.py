"""Fingerprints: a digest of everything a page is rendered from, so that a rebuild renders
again exactly the pages whose inputs changed.

A page's fingerprint covers its template variables, walked deeply: model objects field by
field (a resource's card shows its contributors' names, so their fields count too), lists,
mappings and plain values. Fields marked ``metadata={"digest": False}`` are left out: a
facet value's full item list, for instance, which its navigation never shows. Together
with the site-wide digest (settings, theme, taxonomy, build day) two equal fingerprints
mean the page would be rendered byte for byte the same.

Objects are digested once per build. A cycle (a resource in a path whose steps name that
resource again) is cut where it closes: the object on the way is already being digested in
full, so a fixed token stands for it, and the digests touched by the cut are not reused for
other pages, whose walk may not pass that way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pathlib
from enum import Enum

_PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time, pathlib.PurePath, Enum)


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part)
    return digest.digest()


class Fingerprinter:
    """Digests values for one build (objects are remembered by identity)."""

    def __init__(self, salt: str = ""):
        self.salt = salt.encode()
        self._memo: dict[int, bytes] = {}
        self._keep: list = []  # what the memo's ids refer to stays alive while in use
        self._walking: set[int] = set()

    def page(self, template: str, output: str, variables: dict) -> str:
        """The fingerprint of one page."""
        digest, _ = self._of(variables)
        return _hash(self.salt, template.encode(), b"\0", output.encode(), digest).hex()

    def _of(self, value) -> tuple[bytes, bool]:
        """(digest, whether a cycle was cut below ``value``)."""
        if isinstance(value, _PLAIN):
            return _hash(type(value).__name__.encode(), repr(value).encode()), False
        key = id(value)
        if key in self._memo:
            return self._memo[key], False
        if key in self._walking:
            return _hash(b"cycle:", type(value).__name__.encode()), True
        self._walking.add(key)
        try:
            digest, cut = self._walk(value)
        finally:
            self._walking.discard(key)
        if not cut:
            self._memo[key] = digest
            self._keep.append(value)
        return digest, cut

    def _walk(self, value) -> tuple[bytes, bool]:
        name = type(value).__name__.encode()
        if isinstance(value, list | tuple):
            parts = [self._of(item) for item in value]
        elif isinstance(value, dict):
            parts = [pair for key, item in sorted(value.items(), key=lambda kv: repr(kv[0]))
                     for pair in (self._of(key), self._of(item))]  # fmt: skip
        elif dataclasses.is_dataclass(value):
            parts = [
                self._of(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.metadata.get("digest", True)
            ]
        elif callable(value):
            return _hash(b"callable:", getattr(value, "__qualname__", repr(value)).encode()), False
        else:
            # Markup and other str subclasses are plain; anything else must say what it is.
            raise TypeError(f"cannot fingerprint a {type(value).__name__}")
        return _hash(name, *(digest for digest, _ in parts)), any(cut for _, cut in parts)
