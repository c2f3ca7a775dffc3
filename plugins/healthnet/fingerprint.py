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

_PLAIN = (int, float, bool, type(None), dt.date, dt.datetime, dt.time, pathlib.PurePath, Enum)


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _joined(name: str, parts: list[bytes]) -> bytes:
    """Parts kept apart by their lengths, so that no two sequences read the same."""
    return name.encode() + b"".join(len(part).to_bytes(4, "big") + part for part in parts)


class Fingerprinter:
    """Digests values for one build (objects are remembered by identity)."""

    def __init__(self, salt: str = ""):
        self.salt = salt.encode()
        self._memo: dict[int, bytes] = {}
        self._keep: list = []  # what the memo's ids refer to stays alive while in use
        self._walking: set[int] = set()
        self._fields: dict[type, tuple[str, ...]] = {}

    def page(self, template: str, output: str, variables: dict) -> str:
        """The fingerprint of one page."""
        token, _ = self._of(variables)
        return _hash(_joined("page", [self.salt, template.encode(), output.encode(), token])).hex()

    def _of(self, value) -> tuple[bytes, bool]:
        """(a token standing for ``value``, whether a cycle was cut below it)."""
        if isinstance(value, str):  # Markup too
            return b"s" + value.encode(), False
        if isinstance(value, _PLAIN):
            return type(value).__name__.encode() + b":" + repr(value).encode(), False
        key = id(value)
        known = self._memo.get(key)
        if known is not None:
            return known, False
        if key in self._walking:
            return b"cycle:" + type(value).__name__.encode(), True
        self._walking.add(key)
        try:
            token, cut = self._walk(value)
        finally:
            self._walking.discard(key)
        if not cut:
            self._memo[key] = token
            self._keep.append(value)
        return token, cut

    def _walk(self, value) -> tuple[bytes, bool]:
        """The digest of a container or model object: its type's name, then each part's
        token after its length (so that no two sequences of parts read the same)."""
        if isinstance(value, list | tuple):
            items = value
        elif isinstance(value, dict):
            items = [part for key in _sorted_keys(value) for part in (key, value[key])]
        elif dataclasses.is_dataclass(value):
            items = [getattr(value, name) for name in self._shown_fields(type(value))]
        elif callable(value):
            return b"callable:" + getattr(value, "__qualname__", repr(value)).encode(), False
        else:
            raise TypeError(f"cannot fingerprint a {type(value).__name__}")
        digest = hashlib.blake2b(type(value).__name__.encode(), digest_size=16)
        cut = False
        for item in items:
            token, item_cut = self._of(item)
            digest.update(len(token).to_bytes(4, "big"))
            digest.update(token)
            cut = cut or item_cut
        return digest.digest(), cut

    def _shown_fields(self, cls: type) -> tuple[str, ...]:
        """A class may name the fields that stand for it (``fingerprint_fields``: a member's
        file digest); otherwise every field counts but those marked digest=False."""
        if cls not in self._fields:
            self._fields[cls] = getattr(cls, "fingerprint_fields", None) or tuple(
                f.name for f in dataclasses.fields(cls) if f.metadata.get("digest", True)
            )
        return self._fields[cls]


def _sorted_keys(mapping: dict) -> list:
    """A mapping's keys in an order that does not depend on insertion: template variables
    and the like have string keys; others are ordered by their repr."""
    try:
        return sorted(mapping)
    except TypeError:
        return sorted(mapping, key=repr)
