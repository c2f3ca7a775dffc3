"""The social platforms a member can list: handle pattern, profile URL and icon of each.

Members give handles, never URLs (except for blog and podcast); the site builds every
profile URL itself from a handle that matched the platform's pattern, so a contributed
value can never become a link to somewhere else. Labels come from taxonomy.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from markupsafe import Markup

from .text import matches_whole

ICONS = Path(__file__).parent / "icons"

_DOMAIN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"


@dataclass(frozen=True)
class Platform:
    key: str
    # A JSON-Schema (ECMA-262) compatible pattern; also used in schema/member.schema.json.
    pattern: str
    allowed: str  # what the pattern allows, in words, for error messages and hover text
    example: str
    url_format: str | None = None  # None: the value is itself an https URL
    # Where its profiles live: a pasted profile URL on one of these hosts (or a subdomain
    # of one, such as www. or m.) gives a handle. Empty for Mastodon, with its many servers.
    hosts: tuple[str, ...] = ()

    @property
    def takes_url(self) -> bool:
        return self.url_format is None

    def handle_from(self, value: str) -> str | None:
        """The handle this platform's pattern accepts for what someone pasted, or None.

        Takes the handle itself, with or without a leading @ ("@riverbend" on X,
        "riverbend" on YouTube, "riverbend@mastodon.social"), or the profile's address
        (https://twitter.com/riverbend, www.facebook.com/riverbend/,
        https://www.youtube.com/@riverbend, https://mastodon.social/@riverbend); a query
        string, a trailing slash or a missing https:// do not matter. An address on another
        platform's site gives None. Blog and podcast take addresses as they are: None.
        """
        if self.takes_url:
            return None
        text = value.strip()
        if _looks_like_address(text):
            text = self._handle_in_address(text)
            if text is None:
                return None
        # YouTube and Mastodon handles start with @; the others are written without.
        at_sign = "@" if self.key in ("youtube", "mastodon") else ""
        text = at_sign + text.lstrip("@")
        if self.key == "bluesky":  # a domain name: any case, written lowercase
            text = text.lower()
        return text if self.matches(text) else None

    def _handle_in_address(self, text: str) -> str | None:
        try:
            parts = urlsplit(text if "://" in text else f"https://{text}")
            host = (parts.hostname or "").lower()
        except ValueError:
            return None
        if parts.scheme not in ("http", "https"):
            return None
        segments = [unquote(segment) for segment in parts.path.split("/") if segment]
        if self.key == "mastodon":
            if _platform_of_host(host) or len(segments) != 1:
                return None
            return f"{segments[0]}@{host}" if segments[0].startswith("@") else None
        if not self.on_host(host):
            return None
        return _handle_in_path(self.key, segments, parts.query, parts.fragment)

    def on_host(self, host: str) -> bool:
        """Whether ``host`` is one of the platform's sites (www.x.com, mobile.twitter.com)."""
        return any(host == known or host.endswith(f".{known}") for known in self.hosts)

    def matches(self, value: str) -> bool:
        """Whether a handle fits; URL channels (blog, podcast) are checked as URLs instead."""
        return matches_whole(self.pattern, value)

    def profile_url(self, value: str) -> str:
        """The public profile URL for a validated handle (or the URL itself)."""
        if self.takes_url:
            return value
        if self.key == "mastodon":  # the server is part of the handle
            _, user, server = value.split("@")
            return self.url_format.format(user=_quoted(user), server=server)
        return self.url_format.format(handle=_quoted(value.removeprefix("@")))

    def icon(self) -> Markup:
        return _icon(self.key)


def website_icon() -> Markup:
    """The icon beside a member's own website, among its social media accounts."""
    return _icon("website")


@cache
def _icon(key: str) -> Markup:
    # Our own files, reviewed like code: safe to inline.
    return Markup((ICONS / f"{key}.svg").read_text(encoding="utf-8").strip())


PLATFORMS: dict[str, Platform] = {
    p.key: p
    for p in (
        Platform(
            "x",
            r"^[A-Za-z0-9_]{1,15}$",
            "a handle of 1 to 15 letters, digits or underscores, without @",
            "riverbendhealth",
            "https://x.com/{handle}",
            hosts=("x.com", "twitter.com"),
        ),
        Platform(
            "facebook",
            r"^[A-Za-z0-9](?:[A-Za-z0-9]|\.(?=[A-Za-z0-9])){4,49}$",
            "a page user name of 5 to 50 letters, digits or single dots between them",
            "riverbendhealth",
            "https://www.facebook.com/{handle}",
            hosts=("facebook.com", "fb.com"),
        ),
        Platform(
            "instagram",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){0,29}$",
            "a handle of 1 to 30 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.instagram.com/{handle}/",
            hosts=("instagram.com",),
        ),
        Platform(
            "linkedin",
            r"^(company|school|showcase|in)/[A-Za-z0-9][A-Za-z0-9_-]{1,99}$",
            "the page path: company/, school/, showcase/ or in/ and the page name",
            "company/riverbend-health",
            "https://www.linkedin.com/{handle}/",
            hosts=("linkedin.com",),
        ),
        Platform(
            "youtube",
            r"^@[A-Za-z0-9_-](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9_-])){2,29}$",
            "a channel handle starting with @ (quote it in YAML)",
            '"@riverbendhealth"',
            "https://www.youtube.com/@{handle}",
            hosts=("youtube.com",),
        ),
        Platform(
            "tiktok",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){1,23}$",
            "a handle of 2 to 24 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.tiktok.com/@{handle}",
            hosts=("tiktok.com",),
        ),
        Platform(
            "bluesky",
            rf"^{_DOMAIN}$",
            "a lowercase domain handle such as name.bsky.social",
            "riverbend.bsky.social",
            "https://bsky.app/profile/{handle}",
            hosts=("bsky.app",),
        ),
        Platform(
            "threads",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){0,29}$",
            "a handle of 1 to 30 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.threads.net/@{handle}",
            hosts=("threads.net", "threads.com"),
        ),
        Platform(
            "mastodon",
            rf"^@[A-Za-z0-9_]{{1,30}}@{_DOMAIN}$",
            "the full address @user@server (quote it in YAML)",
            '"@riverbend@mastodon.social"',
            "https://{server}/@{user}",
        ),
        Platform(
            "pinterest",
            r"^[A-Za-z0-9_]{3,30}$",
            "a user name of 3 to 30 letters, digits or underscores",
            "riverbendhealth",
            "https://www.pinterest.com/{handle}/",
            hosts=(
                "pinterest.com",
                "pinterest.ca",
                "pinterest.co.uk",
                "pinterest.com.au",
                "pinterest.de",
                "pinterest.fr",
                "pinterest.es",
                "pinterest.it",
            ),
        ),
        Platform("blog", r"^https://", "an https:// address", "https://blog.example.org"),
        Platform("podcast", r"^https://", "an https:// address", "https://podcast.example.org"),
    )
}


def _looks_like_address(text: str) -> bool:
    """ "https://...", "www.x.com/name" or "twitter.com/name", not "company/name" (LinkedIn)
    or "name.bsky.social" (Bluesky)."""
    if text.lower().startswith(("http://", "https://", "www.")):
        return True
    first, slash, _ = text.partition("/")
    return bool(slash) and "." in first and "@" not in first


def _platform_of_host(host: str) -> str | None:
    return next((p.key for p in PLATFORMS.values() if p.on_host(host)), None)


# Paths of a profile on each platform that do not start with the handle.
_PROFILE_PREFIXES = {"linkedin": ("company", "school", "showcase", "in")}


def _handle_in_path(key: str, segments: list[str], query: str, fragment: str) -> str | None:
    """The handle in a profile address's path (query and fragment for old addresses)."""
    if key == "x" and not segments and fragment.startswith("!/"):  # twitter.com/#!/name
        segments = [s for s in fragment[2:].split("/") if s]
    if not segments:
        return None
    first = segments[0]
    if key == "linkedin":
        prefixes = _PROFILE_PREFIXES["linkedin"]
        return f"{first}/{segments[1]}" if first in prefixes and len(segments) > 1 else None
    if key == "youtube":  # /c/name, /user/name and /channel/id are not handles
        return first if first.startswith("@") else None
    if key == "bluesky":
        return segments[1] if first == "profile" and len(segments) > 1 else None
    if key == "facebook":
        if first == "profile.php":
            return next(iter(parse_qs(query).get("id", [])), None)
        if first in ("pages", "pg") and len(segments) > 1:
            return segments[-1] if first == "pages" else segments[1]
    return first


def suggest_handle(platform: Platform, value: str) -> str | None:
    """Guess the handle an editor meant when they pasted a URL or a stray @."""
    if platform.takes_url:
        return None
    text = value.strip()
    if text.startswith(("http://", "https://", "www.")):
        parts = urlsplit(text if "://" in text else f"https://{text}")
        segments = [s for s in parts.path.split("/") if s]
        if platform.key == "linkedin" and len(segments) >= 2:
            text = f"{segments[0]}/{segments[1]}"
        elif platform.key == "mastodon" and segments:
            text = f"{segments[0]}@{parts.hostname}"
        elif platform.key == "bluesky" and len(segments) >= 2:
            text = segments[1]
        elif segments:
            text = segments[-1] if platform.key == "youtube" else segments[0]
    text = "@" + text.lstrip("@") if platform.key in ("youtube", "mastodon") else text.lstrip("@")
    if platform.key == "linkedin" and "/" not in text:
        text = f"company/{text}"
    return text if text != value and platform.matches(text) else None


# What quote(text, safe="/") leaves as it is: most handles, asked for by the thousand.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")


def _quoted(text: str) -> str:
    return text if _UNQUOTED.fullmatch(text) else quote(text, safe="/")
