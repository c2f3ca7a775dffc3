"""The social platforms a member can list: handle pattern, profile URL and icon of each.

Members give handles, never URLs (except for blog and podcast); the site builds every
profile URL itself from a handle that matched the platform's pattern, so a contributed
value can never become a link to somewhere else. Labels come from taxonomy.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlsplit

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

    @property
    def takes_url(self) -> bool:
        return self.url_format is None

    def matches(self, value: str) -> bool:
        """Whether a handle fits; URL channels (blog, podcast) are checked as URLs instead."""
        return matches_whole(self.pattern, value)

    def profile_url(self, value: str) -> str:
        """The public profile URL for a validated handle (or the URL itself)."""
        if self.takes_url:
            return value
        if self.key == "mastodon":  # the server is part of the handle
            _, user, server = value.split("@")
            return self.url_format.format(user=quote(user), server=server)
        return self.url_format.format(handle=quote(value.removeprefix("@"), safe="/"))

    def icon(self) -> Markup:
        return _icon(self.key)


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
        ),
        Platform(
            "facebook",
            r"^[A-Za-z0-9](?:[A-Za-z0-9]|\.(?=[A-Za-z0-9])){4,49}$",
            "a page user name of 5 to 50 letters, digits or single dots between them",
            "riverbendhealth",
            "https://www.facebook.com/{handle}",
        ),
        Platform(
            "instagram",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){0,29}$",
            "a handle of 1 to 30 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.instagram.com/{handle}/",
        ),
        Platform(
            "linkedin",
            r"^(company|school|showcase|in)/[A-Za-z0-9][A-Za-z0-9_-]{1,99}$",
            "the page path: company/, school/, showcase/ or in/ and the page name",
            "company/riverbend-health",
            "https://www.linkedin.com/{handle}/",
        ),
        Platform(
            "youtube",
            r"^@[A-Za-z0-9_-](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9_-])){2,29}$",
            "a channel handle starting with @ (quote it in YAML)",
            '"@riverbendhealth"',
            "https://www.youtube.com/@{handle}",
        ),
        Platform(
            "tiktok",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){1,23}$",
            "a handle of 2 to 24 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.tiktok.com/@{handle}",
        ),
        Platform(
            "bluesky",
            rf"^{_DOMAIN}$",
            "a lowercase domain handle such as name.bsky.social",
            "riverbend.bsky.social",
            "https://bsky.app/profile/{handle}",
        ),
        Platform(
            "threads",
            r"^[A-Za-z0-9_](?:[A-Za-z0-9_]|\.(?=[A-Za-z0-9_])){0,29}$",
            "a handle of 1 to 30 letters, digits, underscores or single dots, without @",
            "riverbendhealth",
            "https://www.threads.net/@{handle}",
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
        ),
        Platform("blog", r"^https://", "an https:// address", "https://blog.example.org"),
        Platform("podcast", r"^https://", "an https:// address", "https://podcast.example.org"),
    )
}


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
