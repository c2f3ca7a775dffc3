"""The Pelican generator for the member directory: profiles, directory, facets, exports.

Follows Pelican's two phases: ``generate_context`` loads and validates everything (and
stops the run on any error), ``generate_output`` writes. Every page is rendered once per
member or facet value, so the work grows linearly with the network.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from . import exports
from .diagnostics import Report, ValidationFailed
from .facets import build_facets
from .model import Member
from .project import Project, load_network

logger = logging.getLogger(__name__)

LETTERS = ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
SIMILAR_COUNT = 3


class MemberGenerator(Generator):
    def generate_context(self):
        self.project = Project.from_settings(self.settings)
        report = Report(self.project.root)
        network = load_network(self.project, report)
        if network is None or report.errors:
            raise ValidationFailed(report)
        for warning in report.warnings:
            logger.warning(warning.format())
        self.network = network
        self.facets = build_facets(network.members, network.taxonomy)
        self.context["network"] = network
        self.context["member_facets"] = self.facets
        self.context["newest_members"] = sorted(
            network.members, key=lambda m: (m.joined, m.slug), reverse=True
        )[:6]

    def generate_output(self, writer):
        self.writer = writer
        members = self.network.members
        similar = similar_members(self.facets[0].values)
        for member in members:
            self.write(
                f"{member.url}index.html", "member", member=member, similar=similar[member.slug]
            )
        self.write(
            "members/index.html",
            "members",
            members=members,
            letters=letter_groups(members),
            all_letters=LETTERS,
        )
        for facet in self.facets:
            self.write(f"members/{facet.key}/index.html", "member_facets", facet=facet)
            for value in facet.values:
                self.write(
                    f"members/{facet.key}/{value.key}/index.html",
                    "member_facet",
                    facet=facet,
                    value=value,
                    members=value.members,
                )
        self.write_exports()
        self.copy_files()

    def write(self, name: str, template: str, **variables) -> None:
        self.writer.write_file(
            name,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            active_section="members",
            **variables,
        )

    def write_exports(self) -> None:
        siteurl = self.settings["SITEURL"]
        members = self.network.members
        self.write_text("api/members.json", exports.members_json(members, siteurl))
        self.write_text(
            "api/members.csv", exports.members_csv(members, siteurl, self.network.taxonomy)
        )
        for member in members:
            self.write_text(f"api/members/{member.slug}.json", exports.member_json(member, siteurl))

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
        group = value.members
        for index, member in enumerate(group):
            others = len(group) - 1
            window = [
                group[(index + step) % len(group)]
                for step in range(1, min(SIMILAR_COUNT, others) + 1)
            ]
            similar[member.slug] = window
    return similar
