"""The network in numbers: the aggregates /stats/ draws and the home page glances at.

Pure functions over the Network, computed once a build (``network.memo``), from the
facets (facets.py) wherever a number has a facet page, so that every number carries the
URL of the page that lists what it counts. Only aggregates: the page stays the same size
at twenty members or twenty thousand (a few dozen rows per chart at most; countries
beyond the largest few are summed up in one row that links to the region index).

Charts are drawn at build time by theme/templates/partials/bar_chart.html,
share_grid.html and tile_map.html; each has a data table under it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .regions import subdivision_name

STATS_URL = "stats/"
# Shades of the tile map and the share grid: 0 is "none", 1..SHADES darker and darker
# (classes shade-0 .. shade-4 in site.css).
SHADES = 4
# The region chart shows the countries with the most members; the rest are one row.
TOP_COUNTRIES = 10
# The home page's glance: the most used platforms, and the last years of growth.
GLANCE_PLATFORMS = 5
GLANCE_YEARS = 5

# The US tile-grid map: one equal square per state and DC, as (row, column); the usual
# layout, Alaska top left, Hawaii bottom left.
US_TILES = {
    "AK": (0, 0), "ME": (0, 11),
    "VT": (1, 10), "NH": (1, 11),
    "WA": (2, 1), "ID": (2, 2), "MT": (2, 3), "ND": (2, 4), "MN": (2, 5), "IL": (2, 6),
    "WI": (2, 7), "MI": (2, 8), "NY": (2, 9), "RI": (2, 10), "MA": (2, 11),
    "OR": (3, 1), "NV": (3, 2), "WY": (3, 3), "SD": (3, 4), "IA": (3, 5), "IN": (3, 6),
    "OH": (3, 7), "PA": (3, 8), "NJ": (3, 9), "CT": (3, 10),
    "CA": (4, 1), "UT": (4, 2), "CO": (4, 3), "NE": (4, 4), "MO": (4, 5), "KY": (4, 6),
    "WV": (4, 7), "VA": (4, 8), "MD": (4, 9), "DE": (4, 10),
    "AZ": (5, 2), "NM": (5, 3), "KS": (5, 4), "AR": (5, 5), "TN": (5, 6), "NC": (5, 7),
    "SC": (5, 8), "DC": (5, 9),
    "OK": (6, 4), "LA": (6, 5), "MS": (6, 6), "AL": (6, 7), "GA": (6, 8),
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9),
}  # fmt: skip
MAP_COUNTRY = "US"


@dataclass(frozen=True)
class Row:
    """One bar and one table row: a label, its count and the page listing what it counts."""

    label: str
    count: int
    url: str | None = None  # None: nothing lists exactly these (a year)
    base: int = 0  # drawn before the bar, lighter: the running total before a year
    share: float | None = None  # of the chart's whole, for charts of shares

    @property
    def total(self) -> int:
        return self.base + self.count

    @property
    def percent(self) -> str:
        return f"{round(100 * self.share)}%" if self.share is not None else ""


@dataclass(frozen=True)
class Chart:
    key: str  # its id on the page: "members-by-type"
    title: str
    description: str  # what the picture shows, in a sentence (the SVG's <desc>)
    label_heading: str  # the table's first column: "Type"
    count_heading: str  # "Members"
    rows: tuple[Row, ...]
    extra_heading: str = ""  # a third column: "Share of members", "Running total"

    @property
    def scale(self) -> int:
        return max((row.total for row in self.rows), default=0) or 1


@dataclass(frozen=True)
class Cell:
    count: int
    share: float
    shade: int
    url: str | None  # the search, filtered to these members

    @property
    def percent(self) -> str:
        return f"{round(100 * self.share)}%"


@dataclass(frozen=True)
class GridRow:
    label: str
    url: str
    total: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    """Shares as a grid: rows (member types) by columns (platforms)."""

    key: str
    title: str
    description: str
    row_heading: str
    columns: tuple[tuple[str, str], ...]  # (label, url)
    rows: tuple[GridRow, ...]


@dataclass(frozen=True)
class Tile:
    code: str  # "MN"
    name: str  # "Minnesota"
    row: int
    column: int
    count: int
    shade: int
    url: str | None  # the region's page; None without members


@dataclass(frozen=True)
class Shade:
    level: int
    label: str  # "1 to 3"


@dataclass(frozen=True)
class TileMap:
    key: str
    title: str
    description: str
    tiles: tuple[Tile, ...]
    legend: tuple[Shade, ...]
    rows: int
    columns: int
    elsewhere: tuple[Row, ...]  # members outside the map, by country

    @property
    def members_on_map(self) -> int:
        return sum(tile.count for tile in self.tiles)


@dataclass(frozen=True)
class Stats:
    members: int
    resources: int
    charts: dict  # key -> Chart
    platforms_by_type: Grid
    map: TileMap

    def chart(self, key: str) -> Chart:
        return self.charts[key]


def network_stats(network, search_url: str = "search/") -> Stats:
    """Every aggregate of /stats/, computed once a build."""
    return network.memo(f"stats {search_url}", lambda net: _compute(net, search_url))


def _compute(network, search_url: str) -> Stats:
    members = network.facets("member")
    resources = network.facets("resource")
    member_facet = {facet.key: facet for facet in members}
    resource_facet = {facet.key: facet for facet in resources}
    total = len(network.members)
    charts = [
        _facet_chart(
            "members-by-type", "Members by type", "Type", "Members", member_facet.get("type")
        ),
        members_by_country(network, member_facet.get("region")),
        members_by_year(network),
        platform_adoption(network, member_facet.get("platform")),
        _facet_chart(
            "resources-by-type", "Resources by type", "Type", "Resources",
            resource_facet.get("type"),
        ),
        _facet_chart(
            "resources-by-topic", "Resources by topic", "Topic", "Resources",
            resource_facet.get("topic"),
        ),
        contributions_by_type(network, member_facet.get("type")),
    ]  # fmt: skip
    return Stats(
        members=total,
        resources=len(network.resources),
        charts={chart.key: chart for chart in charts},
        platforms_by_type=platforms_by_type(
            network, member_facet.get("type"), member_facet.get("platform"), search_url
        ),
        map=members_map(member_facet.get("region")),
    )


def _facet_chart(key, title, label_heading, count_heading, facet) -> Chart:
    """A facet's values as bars, largest first (then in the taxonomy's order)."""
    values = sorted(facet.values, key=lambda v: -v.count) if facet else []
    rows = tuple(Row(value.label, value.count, value.url) for value in values)
    description = ", ".join(f"{row.label}: {row.count}" for row in rows) or "None yet."
    return Chart(key, title, description, label_heading, count_heading, rows)


def members_by_country(network, regions) -> Chart:
    countries = [value for value in regions.values if not value.parent] if regions else []
    countries.sort(key=lambda v: (-v.count, v.label))
    rows = [Row(value.label, value.count, value.url) for value in countries[:TOP_COUNTRIES]]
    rest = countries[TOP_COUNTRIES:]
    if rest:
        rows.append(Row(f"{len(rest)} other countries", sum(v.count for v in rest), regions.url))
    description = ", ".join(f"{row.label}: {row.count}" for row in rows) or "None yet."
    return Chart("members-by-country", "Members by country", description, "Country",
                 "Members", tuple(rows))  # fmt: skip


def members_by_year(network) -> Chart:
    """Members joined each year, every year from the first to the last, with the running
    total: the lighter bar is the network before the year, the darker what it added."""
    joined = Counter(member.joined.year for member in network.members)
    rows, running = [], 0
    if joined:
        for year in range(min(joined), max(joined) + 1):
            rows.append(Row(str(year), joined[year], None, base=running))
            running += joined[year]
    description = (
        f"From {rows[0].label} to {rows[-1].label} the network grew to {running} members; "
        + ", ".join(f"{row.label}: {row.count} joined" for row in rows)
        if rows
        else "None yet."
    )
    return Chart("members-by-year", "Members joined per year", description, "Year",
                 "Joined", tuple(rows), "Members at the end of the year")  # fmt: skip


def platform_adoption(network, platforms) -> Chart:
    total = len(network.members)
    values = sorted(platforms.values, key=lambda v: -v.count) if platforms else []
    rows = tuple(Row(v.label, v.count, v.url, share=v.count / total) for v in values)
    description = (
        ", ".join(f"{row.label}: {row.count} of {total} ({row.percent})" for row in rows)
        or "None yet."
    )
    return Chart("platform-adoption", "Platforms members use", description, "Platform",
                 "Members", rows, "Share of members")  # fmt: skip


def platforms_by_type(network, types, platforms, search_url: str) -> Grid:
    """Per member type, the share of its members on each platform."""
    type_values = types.values if types else []
    platform_values = sorted(platforms.values, key=lambda v: -v.count) if platforms else []
    on = {value.key: {id(member) for member in value.items} for value in platform_values}
    rows = []
    for kind in type_values:
        cells = []
        for platform in platform_values:
            count = sum(1 for member in kind.items if id(member) in on[platform.key])
            share = count / kind.count
            url = f"{search_url}?kind=member&type={kind.key}&platform={platform.key}"
            cells.append(Cell(count, share, shade_of_share(share), url if count else None))
        rows.append(GridRow(kind.label, kind.url, kind.count, tuple(cells)))
    return Grid(
        "platforms-by-type",
        "Platforms by member type",
        "For each member type, the share of its members on each platform.",
        "Member type",
        tuple((value.label, value.url) for value in platform_values),
        tuple(rows),
    )


def contributions_by_type(network, types) -> Chart:
    """Resources contributed, by the contributing members' type: a resource by a hospital
    and a clinic counts once for each, once however many hospitals wrote it."""
    counts: Counter = Counter()
    for resource in network.resources:
        for key in {member.type.key for member in resource.contributors}:
            counts[key] += 1
    values = [value for value in (types.values if types else []) if counts[value.key]]
    values.sort(key=lambda v: -counts[v.key])
    rows = tuple(Row(value.label, counts[value.key], value.url) for value in values)
    description = ", ".join(f"{row.label}: {row.count}" for row in rows) or "None yet."
    return Chart("contributions-by-type", "Resources contributed, by member type",
                 description, "Member type", "Resources contributed", rows)  # fmt: skip


def shade_of_share(share: float) -> int:
    return 0 if share <= 0 else min(SHADES, 1 + int(share * SHADES))


def shade_bounds(largest: int) -> list[tuple[int, int]]:
    """Counts 1..largest in SHADES classes of equal width (fewer when largest is small)."""
    width = max(1, math.ceil(largest / SHADES))
    return [(low, min(largest, low + width - 1)) for low in range(1, largest + 1, width)]


def members_map(regions) -> TileMap:
    values = {value.key: value for value in regions.values} if regions else {}
    keys = {code: f"{MAP_COUNTRY}-{code}".lower() for code in US_TILES}
    counts = {code: values[key].count for code, key in keys.items() if key in values}
    bounds = shade_bounds(max(counts.values(), default=0))
    tiles = []
    for code, (row, column) in US_TILES.items():
        value = values.get(keys[code])
        count = value.count if value else 0
        shade = next((n for n, (low, high) in enumerate(bounds, 1) if low <= count <= high), 0)
        name = subdivision_name(MAP_COUNTRY, code) or code
        tiles.append(Tile(code, name, row, column, count, shade, value.url if value else None))
    legend = [Shade(0, "none")] + [
        Shade(n, str(low) if low == high else f"{low} to {high}")
        for n, (low, high) in enumerate(bounds, 1)
    ]
    elsewhere = []
    for value in values.values():
        if value.parent:
            continue
        if value.key == MAP_COUNTRY.lower():
            off_map = value.count - sum(counts.values())
            if off_map:
                label = f"{value.label}, outside the states and DC"
                elsewhere.append(Row(label, off_map, value.url))
        else:
            elsewhere.append(Row(value.label, value.count, value.url))
    on_map = sum(counts.values())
    return TileMap(
        "members-map",
        "Members across the United States",
        f"{on_map} members in {len(counts)} of the states and DC, "
        f"and {sum(row.count for row in elsewhere)} elsewhere.",
        tuple(tiles),
        tuple(legend),
        rows=1 + max(row for row, _ in US_TILES.values()),
        columns=1 + max(column for _, column in US_TILES.values()),
        elsewhere=tuple(elsewhere),
    )


def glance(network) -> dict:
    """The home page's few numbers: the most used platforms and recent growth."""
    stats = network_stats(network)
    platforms = stats.chart("platform-adoption")
    years = stats.chart("members-by-year")
    return {
        "platforms": Chart(**{**vars(platforms), "rows": platforms.rows[:GLANCE_PLATFORMS],
                              "key": "glance-platforms", "title": "Most used platforms"}),
        "growth": Chart(**{**vars(years), "rows": years.rows[-GLANCE_YEARS:],
                           "key": "glance-growth", "title": "Growth"}),
    }  # fmt: skip
