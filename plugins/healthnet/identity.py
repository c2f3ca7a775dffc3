"""The network's own identity, from its settings (pelicanconf.py): the public repository and
the join form people open there, the web editor, the contact addresses and the network's own
social accounts.

Accounts are handles, as in member files, made into profile links by social.py, never URLs
typed in templates. A setting that does not fit stops the build with a message naming it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import SocialLink
from .schema import EMAIL_PATTERN
from .social import PLATFORMS
from .text import matches_whole

# The issue form of .github/ISSUE_TEMPLATE/join.yml, on the repository's issues.
JOIN_FORM = "issues/new?template=join.yml"
REPOSITORY_PATTERN = r"^https://[a-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"
SITE_PATH_PATTERN = r"^[a-z0-9][a-z0-9/_.-]*/$"


class SettingsError(ValueError):
    """A NETWORK_* setting that the site cannot use."""


@dataclass(frozen=True)
class Identity:
    repository: str = ""  # https://github.com/owner/name, or "" before there is one
    editor: str = ""  # the web editor: an https:// address or a path in the site ("admin/")
    contact: tuple[tuple[str, str], ...] = ()  # (role, address), in the settings' order
    accounts: tuple[SocialLink, ...] = ()  # in the taxonomy's order of platforms

    @property
    def join_form(self) -> str:
        """The "Join the network" issue form, or "" without a repository."""
        return f"{self.repository}/{JOIN_FORM}" if self.repository else ""

    @property
    def editor_in_site(self) -> bool:
        """Whether the editor is a page of the site (templates put SITEURL before it)."""
        return bool(self.editor) and not self.editor.startswith("https://")

    def address(self, role: str) -> str:
        """The contact address for ``role`` ("membership"), else the first one, else ""."""
        addresses = dict(self.contact)
        return addresses.get(role) or next(iter(addresses.values()), "")


def identity_from(settings: dict, taxonomy) -> Identity:
    """The identity the NETWORK_* settings describe, every problem reported at once."""
    problems: list[str] = []
    repository = str(settings.get("NETWORK_REPOSITORY") or "").removesuffix("/")
    if repository and not matches_whole(REPOSITORY_PATTERN, repository):
        problems.append(
            f"NETWORK_REPOSITORY is '{repository}'; allowed: the repository's https:// "
            "address, such as https://github.com/owner/name"
        )
    editor = str(settings.get("NETWORK_EDITOR_URL") or "")
    if editor and not (
        matches_whole(r"^https://\S+$", editor) or matches_whole(SITE_PATH_PATTERN, editor)
    ):
        problems.append(
            f"NETWORK_EDITOR_URL is '{editor}'; allowed: empty (no web editor yet), an "
            "https:// address, or a path in the site ending in /, such as admin/"
        )
    contact = settings.get("NETWORK_CONTACT") or {}
    for role, address in contact.items():
        if not matches_whole(EMAIL_PATTERN, str(address)):
            problems.append(f"NETWORK_CONTACT['{role}'] is '{address}'; allowed: an email address")
    accounts = settings.get("NETWORK_ACCOUNTS") or {}
    for key, handle in accounts.items():
        platform = PLATFORMS.get(key)
        if platform is None or key not in taxonomy.platforms.terms:
            problems.append(
                f"NETWORK_ACCOUNTS names platform '{key}'; allowed: "
                f"{', '.join(taxonomy.platforms.keys)}"
            )
        elif not platform.matches(str(handle)):
            problems.append(
                f"NETWORK_ACCOUNTS['{key}'] is '{handle}'; allowed: {platform.allowed}, "
                f"such as {platform.example}"
            )
    if problems:
        raise SettingsError("; ".join(problems))
    return Identity(
        repository=repository,
        editor=editor,
        contact=tuple((str(role), str(address)) for role, address in contact.items()),
        accounts=tuple(
            SocialLink(
                platform=taxonomy.platforms.terms[key],
                handle=accounts[key],
                url=PLATFORMS[key].profile_url(accounts[key]),
            )
            for key in taxonomy.platforms.keys
            if key in accounts
        ),
    )
