"""Addresses: the one rule for every URL a contribution puts on the site.

Fields (website, link, registration, blog ...) and the links and images inside Markdown of
every kind are judged here, by validation and by the sanitizer alike, so that what
validation accepts is exactly what a page keeps. An address is first read the way browsers
read it (the WHATWG URL standard: C0 controls and spaces around it dropped, tabs and line
breaks inside it dropped, a backslash taken for a slash, the scheme in any case), then
judged by where it is used (``Use``):

- fields: ``https://`` with a real host name;
- links in contributed text: ``https://`` and ``mailto:``;
- links in the site's own pages and news: those, or an address inside the site, relative
  to the page;
- images: only in pages and news, and only from the site itself.

An address that browsers read differently from how it is written (a tab inside it, a
control character before it, a backslash for a slash) is refused whatever it leads to:
the address a reviewer reads must be the one a visitor gets. Plain spaces around an address
are harmless; ``address`` is what a page writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import first_unsafe_character, visible

# Schemes whose addresses the standard parses with hosts (backslashes read as slashes).
SPECIAL_SCHEMES = frozenset({"ftp", "file", "http", "https", "ws", "wss"})
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


@dataclass(frozen=True)
class Use:
    """Where an address is used, and so what it may be."""

    schemes: frozenset[str]  # schemes allowed, lowercase
    internal: bool  # addresses inside the site, relative to the page
    allowed: str  # how messages say what is allowed


FIELD = Use(frozenset({"https"}), False, "an https:// address such as https://www.example.org")
LINK = Use(frozenset({"https", "mailto"}), False, "https:// and mailto: addresses")
# Addresses inside the site are relative to the page: the link check of a build under a
# path (publishconf) refuses those starting with /, and validation does not know the path.
PAGE_LINK = Use(
    frozenset({"https", "mailto"}),
    True,
    "https:// and mailto: addresses, or an address inside the site such as ../members/",
)
PAGE_IMAGE = Use(frozenset(), True, "an image of the site itself, such as ../images/map.png")


@dataclass(frozen=True)
class Reading:
    """An address as browsers read it."""

    written: str
    address: str  # trimmed, without tabs and line breaks, backslashes as slashes
    scheme: str  # lowercase; "" for an address relative to the page
    hidden: tuple[str, ...] = ()  # what browsers skip or rewrite in what is written


def read(written: str) -> Reading:
    """``written`` as the WHATWG URL parser reads it, against a page of the site (https)."""
    hidden = []
    trimmed = written.strip(_C0_OR_SPACE)
    start = len(written) - len(written.lstrip(_C0_OR_SPACE))
    edges = written[:start] + written[start + len(trimmed) :]
    if any(char not in " \t\n\r" for char in edges):
        hidden.append("they drop control characters around an address")
    address = _TAB_OR_NEWLINE.sub("", trimmed)
    if address != trimmed or any(char in "\t\n\r" for char in edges):
        hidden.append("they drop tabs and line breaks")
    match = _SCHEME.match(address)
    scheme = match[1].lower() if match else ""
    if scheme in SPECIAL_SCHEMES or not scheme:
        # The query and the fragment keep their backslashes; the rest reads them as slashes.
        marks = [i for i in (address.find("?"), address.find("#")) if i >= 0]
        end = min(marks, default=len(address))
        if "\\" in address[:end]:
            address = address[:end].replace("\\", "/") + address[end:]
            hidden.append("they read \\ as /")
    return Reading(written, address, scheme, tuple(hidden))


def problem(written: str, use: Use) -> str | None:
    """What is wrong with ``written`` where ``use`` says it is used, or None when it may
    stay. The words complete "'<field>' ..." or "the link '<url>' ..."; the caller adds
    ``use.allowed``."""
    reading = read(written)
    if reading.hidden:
        return (
            f"is read by browsers as '{shown(reading.address)}' ({'; '.join(reading.hidden)}); "
            "write the address plainly"
        )
    return _problem_of(reading, use)


def _problem_of(reading: Reading, use: Use) -> str | None:
    address, scheme = reading.address, reading.scheme
    if not address:
        return "is empty"
    if any(char.isspace() for char in address):
        return "contains a space; write it as %20"
    char = first_unsafe_character(address)
    if char is not None:
        return f"contains the character U+{ord(char):04X}"
    if scheme:
        if scheme not in use.schemes:
            if not use.schemes and scheme in SPECIAL_SCHEMES:
                return f"loads from another site ({shown(_host(address))})"
            return f"uses {scheme}:, which is not allowed here"
        if scheme == "https":
            return https_problem(address)
        if scheme == "mailto" and not address[len("mailto:") :].strip("/"):
            return "names no e-mail address"
        return None
    if address.startswith("//"):
        return (
            f"leads to another site ({shown(_host(address))}): an address starting with // "
            "names a host"
        )
    if not use.internal:
        return (
            "is an address inside the site, which this text cannot use (it shows on several "
            "pages); write the page's full https:// address"
        )
    if address.startswith("/"):
        # A site published under a path (https://owner.github.io/repo/) has its root there.
        return (
            "starts with /, which leaves the site where it is published under a path; write "
            "it relative to the page, such as ../members/"
        )
    return None


def _host(address: str) -> str:
    """The host part of an address with one (after "scheme:" and "//")."""
    rest = address.split(":", 1)[1] if _SCHEME.match(address) else address
    return re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]


def https_problem(address: str) -> str | None:
    """Why an https address read by ``read`` has no acceptable host, or None."""
    rest = address.split(":", 1)[1]
    if not rest.startswith("//"):
        return "needs // and a host name after https:"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    if "@" in authority:
        return "must not contain a user name or password"
    host, colon, port = authority.partition(":")
    if colon and port and not port.isdigit():
        return "is not a valid address"
    host = host.lower()
    if not _HOST.fullmatch(host):
        return f"has no valid host name ('{shown(host)}')"
    if port not in ("", "443"):
        return "must not name a port"
    return None


def address(written: str, use: Use) -> str | None:
    """What a page writes for ``written``: the address browsers read, or None when it must
    go (the sanitizer's verdict; validation reports the same ``problem``)."""
    if problem(written, use) is not None:
        return None
    return read(written).address


def shown(text: str, limit: int = 80) -> str:
    """An address as a message quotes it: invisible characters written as \\uXXXX, long
    ones shortened."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
