"""The member kind: members/<slug>.yaml, one organization each, shown at /members/<slug>/."""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import badges, exports, feeds, logos, regions, search, structured
from .diagnostics import Report
from .facets import facet_links, member_facets
from .kinds import Export, Feed, Form, Kind, Listing, Resolver, Upload
from .logo_images import member_images
from .model import Contact, Location, Member, SocialLink
from .pagination import span
from .schema import member_schema
from .social import PLATFORMS
from .validation import DocumentChecker, date_at
from .yamlsource import SourceDocument

# These path segments under /members/ belong to the directory's own pages.
RESERVED_SLUGS = frozenset({"type", "region", "platform", "topic", "tier", "index", "page"})
REVIEW_INTERVAL = dt.timedelta(days=365)
# How many other members of the same type a profile suggests.
SIMILAR_COUNT = 3
# Each member's record, alone (the profile links to it).
PROFILE_JSON = "api/members/{slug}.json"


def member_files(members_dir: Path, report: Report) -> list[Path]:
    """The member files, in a stable order; misnamed or misplaced files are reported."""
    if not members_dir.is_dir():
        report.error(members_dir, (1, 1), "the members folder does not exist")
        return []
    if members_dir.is_symlink():
        return []  # never followed: crosschecks.check_tree reports it, and links below
    files = []
    # The folder's own listing says what each entry is: no look at each of 5,000 files.
    with os.scandir(members_dir) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = members_dir / entry.name
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.is_dir(follow_symlinks=False):
            report_nested_files(path, members_dir, report)
        elif path.suffix == ".yaml":
            files.append(path)
        elif path.suffix.lower() in (".yml", ".yaml"):
            report.error(path, (1, 1), f"member files end in .yaml; rename to {path.stem}.yaml")
    return files


def report_nested_files(folder: Path, members_dir: Path, report: Report) -> None:
    """YAML in a subfolder would be silently ignored; say where it belongs instead."""
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in (".yml", ".yaml") and not path.name.startswith("."):
            report.error(
                path,
                (1, 1),
                "member files belong directly in members/; move it to "
                f"{report.relative(members_dir / (path.stem + '.yaml'))}",
            )


class MemberChecker(DocumentChecker):
    """members/<slug>.yaml files."""

    kind = "a member"
    reserved_slugs = RESERVED_SLUGS
    reserved_for = "the directory's pages"
    past_dates = (("joined",), ("last_reviewed",))

    @functools.cached_property
    def logo_checks(self) -> logos.KeptChecks:
        return logos.KeptChecks(self.project and self.project.cache_dir / "logo-checks.json")

    def files_checked(self) -> None:
        self.logo_checks.save()

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_location(document, ("location",), report)
        self.check_logo_given(document, report)
        self.check_summary_length(document, report)

    def check_day(self, document: SourceDocument, report: Report) -> None:
        super().check_day(document, report)
        self.check_review_date(document, report)

    def check_review_date(self, document: SourceDocument, report: Report) -> None:
        reviewed = date_at(document, ("last_reviewed",))
        if reviewed and self.today - reviewed > REVIEW_INTERVAL:
            report.warning(
                document.path,
                document.position(("last_reviewed",)),
                f"'last_reviewed' is {reviewed.isoformat()}, more than 12 months ago; check "
                "the profile is still right and update the date",
                rule="review-overdue",
            )

    def check_logo_given(self, document: SourceDocument, report: Report) -> None:
        if "logo" not in document.data:
            report.warning(
                document.path,
                (1, 1),
                "no logo: the directory shows the organization's initials instead; add an "
                f"SVG, PNG or WebP file to members/logos/ and a line 'logo: logos/"
                f"{document.path.stem}.svg'",
                rule="no-logo",
            )

    def check_files(self, document: SourceDocument, report: Report) -> None:
        logo = document.data.get("logo") if isinstance(document.data, dict) else None
        if not isinstance(logo, str) or not logo.startswith("logos/"):
            return
        check = logos.check_logo(self.project.members_dir, logo, self.logo_checks)
        where = document.position(("logo",))
        if check.problem:
            report.error(document.path, where, f"'logo' {check.problem}")
        if check.removed:
            report.warning(
                document.path,
                where,
                f"'logo' members/{logo}: the site publishes a cleaned copy without "
                f"{', '.join(check.removed)}; the file itself is unchanged",
                rule="logo-cleaned",
            )
        if check.small:
            width, height = check.small
            report.warning(
                document.path,
                where,
                f"'logo' members/{logo} is only {width}x{height} pixels and will look blurred; "
                f"send an SVG, or a PNG at least {logos.MIN_SIDE} pixels on its longer side",
                rule="logo-small",
            )


def build_member(source, resolver: Resolver) -> Member:
    """A Member from a file that passed validation."""
    document = source.document
    data = document.data
    taxonomy = resolver.taxonomy
    location = data["location"]
    country, region = location["country"], location.get("region")
    social = tuple(
        SocialLink(
            platform=taxonomy.platforms.terms[key],
            handle=handle,
            url=PLATFORMS[key].profile_url(handle),
        )
        # Taxonomy order, so every profile lists platforms the same way.
        for key in taxonomy.platforms.keys
        if (handle := data.get("social", {}).get(key))
    )
    return Member(
        slug=document.path.stem,
        name=data["name"].strip(),
        type=taxonomy.member_types.terms[data["type"]],
        tier=taxonomy.tiers.terms[data.get("tier", "member")],
        joined=dt.date.fromisoformat(data["joined"]),
        location=Location(
            country=country,
            country_name=regions.country_name(country),
            region=region,
            region_name=regions.subdivision_name(country, region) if region else None,
            city=location.get("city"),
        ),
        website=data["website"],
        summary=data["summary"].strip(),
        source=document.path,
        description=data.get("description", "").strip(),
        logo=resolver.project.members_dir / data["logo"] if data.get("logo") else None,
        social=social,
        topics=tuple(taxonomy.topics.terms[key] for key in data.get("topics", [])),
        contacts=tuple(Contact(c["role"], c["email"]) for c in data.get("contacts", [])),
        aliases=tuple(data.get("aliases", [])),
        search_words=tuple(
            sorted(
                taxonomy.synonyms.equivalents(
                    [
                        data["name"],
                        *data.get("aliases", []),
                        location.get("city"),
                        taxonomy.member_types.terms[data["type"]].label,
                    ]
                )  # fmt: skip
            )
        ),
        last_reviewed=(
            dt.date.fromisoformat(data["last_reviewed"]) if data.get("last_reviewed") else None
        ),
    )


def similar_members(network) -> dict[str, list[Member]]:
    """For each member, the next few members of the same type (in directory order).

    A fixed window per member keeps this linear however large a type grows.
    """
    by_type: dict[str, list[Member]] = {}
    for member in network.members:
        by_type.setdefault(member.type.key, []).append(member)
    similar = {}
    for group in by_type.values():
        others = min(SIMILAR_COUNT, len(group) - 1)
        for index, member in enumerate(group):
            similar[member.slug] = [
                group[(index + step) % len(group)] for step in range(1, others + 1)
            ]
    return similar


def profile_variables(member: Member, network) -> dict:
    location = member.location
    places = [(location.country_key, location.country_name)]
    if location.region:
        places.append((location.region_key, location.region_name))
    wanted = {"type": [member.type], "region": places, "topic": member.topics}
    return {
        "links": facet_links(network.facets("member"), wanted),
        "profile_json": PROFILE_JSON.format(slug=member.slug),
        "similar": network.memo("similar members", similar_members)[member.slug],
        "resources": network.referring("resource", member),
        "events": network.referring("event", member),
        "member_news": network.referring("news", member),
    }


LETTERS = ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]


@dataclass(frozen=True)
class LetterGroup:
    """The members of one letter on one page of the directory."""

    letter: str
    anchor: str  # "letter-A"; "letter-other" for "#"
    members: list[Member]
    count: int  # in the whole directory
    continued: bool  # it began on an earlier page


@dataclass(frozen=True)
class LetterLink:
    """A letter of the jump bar: where its members start, if any has it."""

    letter: str
    anchor: str
    url: str | None  # the page it starts on; None when no member's name starts with it
    here: bool  # it starts on the page being written


def _anchor(letter: str) -> str:
    return f"letter-{'other' if letter == '#' else letter}"


def directory_pages(pages) -> Callable[..., dict]:
    """For the pages of the directory (pagination.ListPage), what each page shows besides
    its members: their letter groups, and the jump bar to where every letter starts."""
    starts: dict[str, object] = {}
    counts: dict[str, int] = {}
    for page in pages:
        for member in page.items:
            starts.setdefault(member.letter, page)
            counts[member.letter] = counts.get(member.letter, 0) + 1
    return lambda pagination: directory_page(pagination, starts, counts)


def directory_page(pagination, starts: dict, counts: dict) -> dict:
    members = pagination.current.items
    current = pagination.current
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(member.letter, []).append(member)
    letter_groups = [
        LetterGroup(letter, _anchor(letter), group, counts[letter], starts[letter] is not current)
        for letter, group in sorted(groups.items(), key=lambda item: LETTERS.index(item[0]))
    ]
    jump = [
        LetterLink(
            letter,
            _anchor(letter),
            starts[letter].url if letter in starts else None,
            letter in starts and starts[letter] is current,
        )
        for letter in LETTERS
    ]
    return {"letters": letter_groups, "jump": jump}


def letter_page_label(members: list[Member]) -> str:
    """ "Abb–Ald": where a page of the directory starts and ends, as people scan names."""
    return span(members, lambda member: member.sort_key[:3].title())


KIND = Kind(
    name="member",
    label="Member",
    plural="Members",
    folder="members",
    suffix=".yaml",
    files=member_files,
    schema=member_schema,
    checker=MemberChecker,
    build=build_member,
    url="members/{slug}/",
    template="member",
    order=lambda member: (member.sort_key, member.slug),
    unique="name",
    what="a member",
    page_variables=profile_variables,
    listing=Listing(
        "members",
        per_page=100,
        facets=member_facets,
        page_label=letter_page_label,
        page_variables=directory_pages,
    ),
    search=search.member_entry,
    exports=(
        Export("api/members.json", exports.members_json),
        Export("api/members.csv", exports.members_csv),
        Export(PROFILE_JSON, exports.member_json),
        Export(f"members/{{slug}}/{badges.BADGE}", badges.badge_svg),
        Export(f"members/{{slug}}/{badges.WIDE_BADGE}", badges.wide_badge_svg),
    ),
    feed=Feed("feeds/members.atom.xml", "new members", feeds.members_feed),
    made=member_images,
    structured=structured.member_data,
    form=Form(
        identifier="name",
        network_sets=("tier", "joined"),
        markdown=("description",),
        uploads=(Upload(("logo",), "members/logos", "logos", image=True),),
    ),
)
