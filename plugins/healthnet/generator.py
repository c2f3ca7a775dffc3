"""The Pelican generator of the network's own pages: members, library, paths, events.

Follows Pelican's two phases: ``generate_context`` loads and validates everything (and
stops the run on any error), ``generate_output`` writes. It runs after Pelican's article
and page generators, so news posts are known and can be listed on member profiles. Every
page is rendered once per item or facet value, so the work grows linearly.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from . import exports, feeds
from .diagnostics import Report, ValidationFailed
from .events import calendar
from .facets import member_facets, resource_facets
from .model import Member, Resource
from .project import Project, load_network
from .search import (
    MEMBER_GROUPS,
    RESOURCE_GROUPS,
    SITE_GROUPS,
    filter_groups,
    search_entry,
)

logger = logging.getLogger(__name__)

LETTERS = ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
SIMILAR_COUNT = 3
RELATED_COUNT = 3
NEWEST_COUNT = 6
FEEDS = {
    "resources": "feeds/resources.atom.xml",
    "members": "feeds/members.atom.xml",
}


def build_day(settings: dict) -> dt.date:
    """The day the site is built for: decides which events are upcoming.

    NETWORK_TODAY (YYYY-MM-DD) pins it, for tests and for rebuilding an old state.
    """
    pinned = settings.get("NETWORK_TODAY")
    return dt.date.fromisoformat(str(pinned)) if pinned else dt.date.today()


class NetworkGenerator(Generator):
    def generate_context(self):
        self.project = Project.from_settings(self.settings)
        self.today = build_day(self.settings)
        report = Report(self.project.root)
        network = load_network(self.project, report, self.today)
        if network is None or report.errors:
            raise ValidationFailed(report)
        for warning in report.warnings:
            logger.warning(warning.format())
        self.network = network
        self.member_facets = member_facets(network.members, network.taxonomy)
        self.resource_facets = resource_facets(network.resources, network.taxonomy)
        self.news = self.context.get("articles", [])  # Pelican's, newest first
        for article in self.news:
            slugs = getattr(article, "members", None) or []
            article.about_members = [network.member(s) for s in slugs if network.member(s)]
        events = network.events
        self.context.update(
            network=network,
            member_facets=self.member_facets,
            resource_facets=self.resource_facets,
            newest_members=sorted(network.members, key=lambda m: (m.joined, m.slug), reverse=True)[
                :NEWEST_COUNT
            ],
            newest_resources=network.resources[:NEWEST_COUNT],
            upcoming_events=[e for e in events if e.is_upcoming(self.today)],
            past_events=[e for e in reversed(events) if not e.is_upcoming(self.today)],
            news=self.news,
            feeds=FEEDS,
        )

    def generate_output(self, writer):
        self.writer = writer
        self.write_member_pages()
        self.write_library_pages()
        self.write_path_pages()
        self.write_event_pages()
        self.write_news_index()
        self.write_search_page()
        self.write_data()
        self.copy_files()

    def write(self, name: str, template: str, **variables) -> None:
        self.writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            **variables,
        )

    def write_facets(self, section: str, facets, list_template: str) -> None:
        for facet in facets:
            self.write(
                f"{section}/{facet.key}/index.html",
                "facets",
                facet=facet,
                facets=facets,
                section=section,
                active_section=section,
            )
            for value in facet.values:
                self.write(
                    f"{section}/{facet.key}/{value.key}/index.html",
                    "facet",
                    facet=facet,
                    facets=facets,
                    value=value,
                    section=section,
                    list_template=list_template,
                    active_section=section,
                )

    # -- pages ---------------------------------------------------------------------------

    def write_member_pages(self) -> None:
        network = self.network
        similar = similar_members(self.member_facets[0].values)
        news_by_member = news_about_members(self.news)
        for member in network.members:
            self.write(
                f"{member.url}index.html",
                "member",
                member=member,
                similar=similar[member.slug],
                resources=network.resources_by(member),
                events=network.events_by(member),
                member_news=news_by_member.get(member.slug, []),
                active_section="members",
            )
        self.write(
            "members/index.html",
            "members",
            members=network.members,
            letters=letter_groups(network.members),
            all_letters=LETTERS,
            facets=self.member_facets,
            groups=filter_groups(map(search_entry, network.members), MEMBER_GROUPS),
            section="members",
            active_section="members",
        )
        self.write_facets("members", self.member_facets, "partials/member_list.html")

    def write_library_pages(self) -> None:
        resources = self.network.resources
        related = related_resources(resources)
        for resource in resources:
            self.write(
                f"{resource.url}index.html",
                "resource",
                resource=resource,
                related=related[resource.slug],
                active_section="resources",
            )
        self.write(
            "resources/index.html",
            "resources",
            resources=resources,
            facets=self.resource_facets,
            groups=filter_groups(map(search_entry, resources), RESOURCE_GROUPS),
            section="resources",
            active_section="resources",
        )
        self.write_facets("resources", self.resource_facets, "partials/resource_list.html")

    def write_path_pages(self) -> None:
        for path in self.network.paths:
            self.write(f"{path.url}index.html", "path", path=path, active_section="paths")
        self.write("paths/index.html", "paths", paths=self.network.paths, active_section="paths")

    def write_event_pages(self) -> None:
        for event in self.network.events:
            self.write(
                f"{event.url}index.html",
                "event",
                event=event,
                upcoming=event.is_upcoming(self.today),
                active_section="events",
            )
        self.write("events/index.html", "events", active_section="events")
        self.write_text(
            "events.ics",
            calendar(
                self.network.events,
                self.settings["SITEURL"],
                self.settings["NETWORK_DOMAIN"],
                self.settings["SITENAME"],
            ).decode("utf-8"),
        )

    def write_news_index(self) -> None:
        self.write("news/index.html", "news", active_section="news")

    def write_search_page(self) -> None:
        network = self.network
        # Pages rendered with page.html; the home page is a listing and is not indexed.
        pages = [page for page in self.context.get("pages", []) if page.template == "page"]
        indexed = [*network.members, *network.resources, *network.paths, *network.events,
                   *self.news, *pages]  # fmt: skip
        self.write(
            "search/index.html",
            "search",
            groups=filter_groups(map(search_entry, indexed), SITE_GROUPS),
            active_section="search",
        )

    # -- data ----------------------------------------------------------------------------

    def write_data(self) -> None:
        siteurl = self.settings["SITEURL"]
        network = self.network
        members = network.members
        self.write_text("api/members.json", exports.members_json(members, siteurl))
        self.write_text("api/members.csv", exports.members_csv(members, siteurl, network.taxonomy))
        for member in members:
            self.write_text(f"api/members/{member.slug}.json", exports.member_json(member, siteurl))
        self.write_text("api/resources.json", exports.resources_json(network.resources, siteurl))
        site = {key: self.settings[key] for key in ("SITEURL", "SITENAME", "NETWORK_DOMAIN")}
        self.write_text(
            FEEDS["resources"], feeds.resources_feed(network.resources, site, FEEDS["resources"])
        )
        self.write_text(FEEDS["members"], feeds.members_feed(members, site, FEEDS["members"]))

    def write_text(self, name: str, text: str) -> None:
        path = Path(self.output_path) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def copy_files(self) -> None:
        output = Path(self.output_path)
        for member in self.network.members:
            if member.logo:
                shutil.copyfile(member.logo, output / member.logo_url)
        schema_out = output / "schema"
        schema_out.mkdir(exist_ok=True)
        for schema in sorted(self.project.schema_dir.glob("*.schema.json")):
            shutil.copyfile(schema, schema_out / schema.name)


def letter_groups(members: list[Member]) -> list[tuple[str, list[Member]]]:
    """The directory's sections in LETTERS order, members in their (sorted) order.

    Names starting with a digit sort before A and names in other scripts after Z, yet
    both belong under "#": group first, then order the groups.
    """
    groups: dict[str, list[Member]] = {}
    for member in members:
        groups.setdefault(member.letter, []).append(member)
    return sorted(groups.items(), key=lambda group: LETTERS.index(group[0]))


def similar_members(type_values) -> dict[str, list[Member]]:
    """For each member, the next few members of the same type (in directory order).

    A fixed window per member keeps this linear however large a type grows.
    """
    similar = {}
    for value in type_values:
        group = value.items
        for index, member in enumerate(group):
            others = len(group) - 1
            window = [
                group[(index + step) % len(group)]
                for step in range(1, min(SIMILAR_COUNT, others) + 1)
            ]
            similar[member.slug] = window
    return similar


def related_resources(resources: list[Resource]) -> dict[str, list[Resource]]:
    """For each resource, those sharing most topics with it (then the newest).

    Candidates come from the resources of its own topics only, so this stays close to
    linear while topics are many and each holds a small share of the library.
    """
    by_topic: dict[str, list[Resource]] = {}
    for resource in resources:
        for topic in resource.topics:
            by_topic.setdefault(topic.key, []).append(resource)
    position = {resource.slug: index for index, resource in enumerate(resources)}
    related = {}
    for resource in resources:
        shared: dict[str, int] = {}
        for topic in resource.topics:
            for other in by_topic[topic.key]:
                if other is not resource:
                    shared[other.slug] = shared.get(other.slug, 0) + 1
        best = sorted(shared, key=lambda slug: (-shared[slug], position[slug]))
        related[resource.slug] = [resources[position[slug]] for slug in best[:RELATED_COUNT]]
    return related


def news_about_members(articles) -> dict[str, list]:
    """Member slug -> the news posts naming it in ``members``, newest first."""
    about: dict[str, list] = {}
    for article in articles:
        for slug in getattr(article, "members", None) or []:
            about.setdefault(slug, []).append(article)
    return about
