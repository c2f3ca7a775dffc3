"""A network larger than a page: the directory, facet pages and the live filter at 230
members, built by `invoke build`'s own code from the benchmark's synthetic network."""

import re
from collections import deque
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from healthnet import cli
from healthnet.project import Project
from healthnet.session import BuildSession
from healthnet.synthetic import write_synthetic_content, write_synthetic_network
from tests.conftest import serve
from tests.support import REPO, TODAY, card_names
from tests.support import page as read_page
from tests.test_build import stable_files

MEMBERS = 230
PER_PAGE = 100


def build(tmp: Path, processes: int) -> Path:
    members, content = tmp / "members", tmp / "content"
    if not members.exists():
        write_synthetic_network(members, MEMBERS)
        write_synthetic_content(content, MEMBERS)
    project = Project.at(REPO, members, content)
    output = tmp / f"output-{processes}"
    session = BuildSession(project, today=TODAY, processes=processes)
    assert cli.build(project, REPO / "pelicanconf.py", output, session=session) == 0
    return output


@pytest.fixture(scope="module")
def large_site(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("large"), processes=2)


def profile_slugs(site: Path) -> set[str]:
    return {path.stem for path in (site.parent / "members").glob("*.yaml")}


def site_path(url: str, href: str) -> str:
    """Where a relative link of the page at ``url`` leads: "members/page/2/"."""
    parts = url.strip("/").split("/") if url.strip("/") else []
    for part in href.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + "/"


def links_of(site: Path, url: str) -> list[str]:
    """The pages a page links to, as site paths ("members/page/2/")."""
    found = []
    for anchor in read_page(site, url).select("main a[href]"):
        href = anchor["href"].split("#")[0]
        if not href or "://" in href or href.startswith("mailto:") or "." in href.split("/")[-1]:
            continue  # the page itself, another site, mail, or a file
        found.append(site_path(url, href))
    return found


def test_the_directory_is_split_into_pages_of_at_most_a_hundred(large_site):
    names = []
    for number in (1, 2, 3):
        url = "/members/" if number == 1 else f"/members/page/{number}/"
        cards = card_names(read_page(large_site, url))
        assert 0 < len(cards) <= PER_PAGE
        names += cards
    assert not (large_site / "members" / "page" / "4").exists()
    assert len(names) == MEMBERS == len(set(names))
    sort_keys = [re.sub(r"^the ", "", name.casefold()) for name in names]
    assert sort_keys == sorted(sort_keys)


def test_every_page_of_a_list_links_every_other_page(large_site):
    urls = ["members/", "members/page/2/", "members/page/3/"]
    for url in urls:
        navigation = read_page(large_site, f"/{url}").select_one("nav.pagination")
        current = navigation.select_one('[aria-current="page"]')
        others = {link["href"] for link in navigation.select(".pagination-pages a")}
        assert current is not None and len(others) == len(urls) - 1


def test_every_member_is_within_three_clicks_of_the_directory(large_site):
    reached, queue = {"members/": 0}, deque(["members/"])
    while queue:
        url = queue.popleft()
        if reached[url] == 3:
            continue
        for link in links_of(large_site, f"/{url}"):
            if link not in reached and (large_site / link / "index.html").is_file():
                reached[link] = reached[url] + 1
                queue.append(link)
    profiles = {url.split("/")[1] for url in reached if re.fullmatch(r"members/[^/]+/", url)}
    assert profile_slugs(large_site) <= profiles


def test_the_jump_bar_leads_to_the_page_where_each_letter_starts(large_site):
    links = read_page(large_site, "/members/").select(".jump-bar a")
    assert len(links) > 5
    for link in links:
        target, anchor = link["href"].split("#")
        soup = read_page(large_site, site_path("members/", target) if target else "members/")
        assert soup.find(id=anchor) is not None, link["href"]


def test_facet_pages_are_split_too(large_site):
    hospitals = []
    url = "/members/type/hospital/"
    soup = read_page(large_site, url)
    hospitals += card_names(soup)
    for number in range(2, 10):
        path = large_site / "members" / "type" / "hospital" / "page" / str(number)
        if not path.exists():
            break
        hospitals += card_names(read_page(large_site, f"{url}page/{number}/"))
    expected = sum(1 for i in range(MEMBERS) if i % 6 == 0)  # the generator's first kind
    assert len(hospitals) == expected == len(set(hospitals))


def test_no_html_page_is_over_150_kb(large_site):
    largest = max((p.stat().st_size, p) for p in large_site.rglob("*.html"))
    assert largest[0] < 150_000, largest


def test_one_process_and_two_write_the_same_bytes(large_site, tmp_path):
    single = build(large_site.parent, processes=1)
    files = stable_files(large_site)
    assert stable_files(single) == files
    for relative in files:
        assert (single / relative).read_bytes() == (large_site / relative).read_bytes(), relative


@pytest.fixture(scope="module")
def large_site_url(large_site):
    yield from serve(large_site)


@pytest.mark.browser
def test_the_live_filter_finds_members_of_every_page(page, large_site, large_site_url,
                                                     console_errors):  # fmt: skip
    last = card_names(read_page(large_site, "/members/page/3/"))[-1]
    page.goto(f"{large_site_url}/members/")
    panel = page.get_by_role("search", name="Filter members")
    panel.get_by_role("searchbox", name="Filter by name or word").fill(last)
    result = page.locator("[data-search-results] .card-title").first
    expect(result).to_have_text(last)
    expect(page.locator("[data-search-status]")).to_contain_text(f"of {MEMBERS} members")
    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(last)
    assert console_errors == []


@pytest.mark.browser
def test_filtering_without_words_loads_one_small_part_of_the_word_index(
    page, large_site, large_site_url, console_errors
):
    # Asked for no word, Pagefind 1.5.2 would load every part of its word index; the
    # filters alone ask for the word every page holds (search.py, EVERY_PAGE) instead.
    parts = list((large_site / "pagefind" / "index").iterdir())
    assert len(parts) > 1  # else this test could not tell
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    types = [
        yaml.safe_load(path.read_text(encoding="utf-8"))["type"]
        for path in (large_site.parent / "members").glob("*.yaml")
    ]
    page.goto(f"{large_site_url}/members/?type=hospital")
    expect(page.locator("[data-search-status]")).to_have_text(
        f"{types.count('hospital')} of {MEMBERS} members match."
    )
    words = [url.rsplit("/", 1)[1] for url in asked if "/pagefind/index/" in url]
    assert len(words) == 1
    sizes = {part.name: part.stat().st_size for part in parts}
    assert sizes[words[0]] < min(size for name, size in sizes.items() if name != words[0]) / 4
    assert console_errors == []
