"""The search index: which pages it holds and what it knows about them, from a real build.

Expectations come from the fixture files read with plain PyYAML, never from the plugin.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from healthnet import cli
from healthnet.indexing import (
    Indexer,
    _fragment_url,
    folders_in_order,
    in_order,
    on_one_core,
    search_copy,
)
from tests.support import FIXTURE_SITE, REPO, page, project_with
from tests.test_build import fixture_members
from tests.test_library import EVENTS, NEWS, PATHS, RESOURCES, front_matter

MEMBERS = fixture_members()
# Pages rendered with page.html; home.md is the home page, a listing.
PAGES = {
    path.stem: front_matter(path)
    for path in sorted((FIXTURE_SITE / "content" / "pages").glob("*.md"))
    if path.stem != "home"
}
CONTENT_PAGES = {
    **{f"members/{slug}/": ("member", data) for slug, data in MEMBERS.items()},
    **{f"resources/{slug}/": ("resource", data) for slug, data in RESOURCES.items()},
    **{f"paths/{slug}/": ("path", data) for slug, data in PATHS.items()},
    **{f"events/{slug}/": ("event", data) for slug, data in EVENTS.items()},
    **{f"news/{slug}/": ("news", data) for slug, data in NEWS.items()},
    **{f"{slug}/": ("page", data) for slug, data in PAGES.items()},
}


def expected_filters(kind: str, data: dict) -> dict[str, set[str]]:
    """The filter values a page should carry, by the rules the search page documents."""
    filters = {"kind": {kind}}
    if kind == "member":
        location = data["location"]
        filters |= {
            "type": {data["type"]},
            "tier": {data.get("tier", "member")},
            "country": {location["country"].lower()},
            "platform": set(data.get("social", {})),
            "topic": set(data.get("topics", [])),
        }
        if location.get("region"):
            filters["region"] = {f"{location['country']}-{location['region']}".lower()}
    elif kind == "resource":
        filters |= {
            "type": {data["type"]},
            "topic": set(data["topics"]),
            "audience": set(data.get("audience", [])),
            "platform": set(data.get("platforms", [])),
        }
    elif kind == "path":
        filters["audience"] = set(data.get("audience", []))
    elif kind == "event":
        filters |= {"topic": set(data.get("topics", [])), "audience": set(data.get("audience", []))}
    return {group: values for group, values in filters.items() if values}


def page_filters(soup) -> dict[str, set[str]]:
    filters: dict[str, set[str]] = {}
    for tag in soup.select("[data-pagefind-filter]"):
        group = tag["data-pagefind-filter"].removesuffix("[data-value]")
        filters.setdefault(group, set()).add(tag["data-value"])
    return filters


def marked_pages(site: Path) -> dict[str, int]:
    """URL path -> how many elements of the page are marked for search."""
    marked = {}
    for file in site.rglob("*.html"):
        count = len(re.findall(r"<[a-z]+ [^>]*data-pagefind-body", file.read_text("utf-8")))
        folder = file.relative_to(site).parent.as_posix()
        if count:
            marked["" if folder == "." else f"{folder}/"] = count
    return marked


def test_every_content_page_is_marked_for_search_once_and_nothing_else(built_site):
    marked = marked_pages(built_site)
    assert marked == {url: 1 for url in CONTENT_PAGES}
    # Listings, the home page and the search page are what people browse, not results.
    for listing in ["/", "/members/", "/members/platform/x/", "/resources/", "/paths/",
                    "/events/", "/news/", "/search/"]:  # fmt: skip
        assert page(built_site, listing).select("[data-pagefind-body]") == [], listing


def test_navigation_and_lists_inside_content_are_left_out_of_the_index(built_site):
    profile = page(built_site, "/members/alpha-health/")
    body = profile.select_one("[data-pagefind-body]")
    assert body.find_parent("main") and not body.select("nav.site-nav, footer")
    ignored = [
        (section.h2 or section.summary).get_text(" ", strip=True)
        for section in body.select("section[data-pagefind-ignore], details[data-pagefind-ignore]")
    ]
    assert ignored and all(
        text.startswith(("Website", "Resources contributed", "Events hosted", "In the news",
                         "Show your membership"))
        for text in ignored
    )  # fmt: skip
    # Headings and labels every profile repeats are no words of the member's own.
    indexed = {
        label.get_text(strip=True)
        for label in body.select("h2, dt")
        if not label.find_parent(attrs={"data-pagefind-ignore": True})
        and not label.has_attr("data-pagefind-ignore")
    }
    assert indexed == {"Member since"}  # read with its date: "member since 2017"
    assert not body.select("dd[data-pagefind-ignore]")


def test_the_index_holds_every_marked_page(built_site):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["version"] == "1.5.2"
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(
        CONTENT_PAGES
    )


@pytest.mark.parametrize("url", sorted(CONTENT_PAGES))
def test_each_page_carries_its_filters(built_site, url):
    kind, data = CONTENT_PAGES[url]
    assert page_filters(page(built_site, f"/{url}")) == expected_filters(kind, data)


def sort_values(soup) -> dict[str, str]:
    tag = soup.select_one("[data-sort-name]")
    return {"name": tag["data-sort-name"], "date": tag["data-sort-date"]}


def meta(soup) -> dict[str, str]:
    tag = soup.select_one("[data-pagefind-meta^=kind]")
    return {key: tag[f"data-{key}"] for key in ("kind", "image", "initials")}


def test_members_sort_by_name_without_the_and_by_joining_date(built_site):
    delta = page(built_site, "/members/the-delta-hospital/")
    assert sort_values(delta) == {
        "name": "delta hospital",
        "date": MEMBERS["the-delta-hospital"]["joined"].isoformat(),
    }
    news = page(built_site, "/news/fixture-news-one/")
    assert sort_values(news)["date"] == NEWS["fixture-news-one"]["date"].isoformat()
    # Every indexed page has both sort values: the order files (indexing.py) list them all.
    for url in CONTENT_PAGES:
        values = sort_values(page(built_site, f"/{url}"))
        assert values["name"] and re.fullmatch(r"\d{4}-\d\d-\d\d", values["date"]), url


def test_results_show_a_member_logo_or_initials_and_nothing_for_other_pages(built_site):
    assert meta(page(built_site, "/members/alpha-health/")) == {
        "kind": "Member",
        "image": "members/alpha-health/logo-112.png",
        "initials": "",
    }
    assert meta(page(built_site, "/members/beta-clinic/")) == {
        "kind": "Member",
        "image": "",
        "initials": "BC",
    }
    # A resource page shows contributor logos; none of them may become its result image.
    assert meta(page(built_site, "/resources/alpha-crisis-guide/")) == {
        "kind": "Resource",
        "image": "",
        "initials": "",
    }


def test_names_titles_and_aliases_weigh_more_than_text(built_site):
    profile = page(built_site, "/members/alpha-health/")
    assert profile.h1["data-pagefind-weight"] == "10"
    alias = profile.find("dt", string="Also known as").find_next_sibling("dd")
    assert alias.get_text() == ", ".join(MEMBERS["alpha-health"]["aliases"])
    assert float(alias["data-pagefind-weight"]) > 1
    for url in CONTENT_PAGES:
        assert page(built_site, f"/{url}").h1["data-pagefind-weight"] == "10", url


def test_result_summaries_come_from_the_page_description(built_site):
    profile = page(built_site, "/members/beta-clinic/")
    description = profile.select_one("meta[name=description]")
    assert description["data-pagefind-meta"] == "summary[content]"
    assert description["content"] == MEMBERS["beta-clinic"]["summary"]


# -- filter panels -----------------------------------------------------------------------


def panel_counts(soup) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for box in soup.select("[data-filter-panel] input[type=checkbox]"):
        count = int(box.find_parent("label").select_one("[data-count]").get_text())
        counts.setdefault(box["name"], {})[box["value"]] = count
    return counts


def counted(pages) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = {}
    for kind, data in pages:
        for group, values in expected_filters(kind, data).items():
            counts.setdefault(group, Counter()).update(values)
    return {group: dict(counter) for group, counter in counts.items()}


def test_the_search_page_offers_every_filter_value_with_its_count(built_site):
    soup = page(built_site, "/search/")
    assert panel_counts(soup) == counted(CONTENT_PAGES.values())
    groups = [d["data-group"] for d in soup.select("[data-filter-panel] details")]
    assert groups[0] == "kind"
    kinds = [box["value"] for box in soup.select("input[name=kind]")]
    assert kinds == ["member", "resource", "path", "event", "news", "page"]
    label = soup.select_one("input[name=platform][value=x]").find_parent("label")
    assert label.select_one(".filter-label").get_text() == "X"


def test_directory_and_library_panels_filter_their_own_kind(built_site):
    members = page(built_site, "/members/")
    panel = members.select_one("[data-filter-panel]")
    assert panel["data-scope"] == "member"
    assert panel_counts(members) == {
        group: values
        for group, values in counted(("member", data) for data in MEMBERS.values()).items()
        if group != "kind"
    }
    library = page(built_site, "/resources/")
    assert library.select_one("[data-filter-panel]")["data-scope"] == "resource"
    assert set(panel_counts(library)) == {"type", "topic", "audience", "platform"}


def test_every_page_but_search_has_the_header_search_box(built_site):
    for url in ["/", "/members/alpha-health/", "/resources/", "/about/", "/events/"]:
        form = page(built_site, url).select_one("header form[role=search]")
        assert form["action"].endswith("search/") and form["method"] == "get", url
        box = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={box['id']}]").get_text() == "Search the site"
        assert box.has_attr("data-search-shortcut")
    assert page(built_site, "/search/").select_one("header form") is None


# -- a build whose index would be empty or wrong fails -----------------------------------


def build_with_theme(tmp_path: Path, change_theme) -> tuple[int, Path]:
    """`invoke build` of the fixture site with a changed copy of the theme."""
    theme = shutil.copytree(REPO / "theme", tmp_path / "theme")
    change_theme(theme)
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\n"
        f"from pelicanconf import *\nTHEME = {str(theme)!r}\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site", encoding="utf-8")
    project = project_with(FIXTURE_SITE / "members", FIXTURE_SITE / "content")
    return cli.build(project, settings, output), output


def unmark_every_page(theme: Path) -> None:
    for template in (theme / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        template.write_text(text.replace(" data-pagefind-body", ""), encoding="utf-8")


def test_a_site_with_nothing_to_index_fails_the_build_and_keeps_the_last_site(tmp_path, capsys):
    status, output = build_with_theme(tmp_path, unmark_every_page)
    assert status == 1
    assert "build failed: no page is marked for search (data-pagefind-body); nothing to index" in (
        capsys.readouterr().out
    )
    assert (output / "index.html").read_text() == "the last good site"


def test_pagefind_failing_fails_the_build(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<main data-pagefind-body><h1>Hi</h1></main>")
    # A Python without the pagefind package: the module cannot run.
    monkeypatch.setattr(sys, "executable", shutil.which("false"))
    with pytest.raises(cli.BuildFailed, match="^Pagefind could not index the site"):
        cli.index(site)


def test_an_index_missing_marked_pages_fails_the_build(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><main data-pagefind-body><h1>Indexed</h1></main></body></html>"
    )
    # Marked, yet never indexed: a template put the content inside an ignored element.
    (site / "other.html").write_text(
        '<html><body><div data-pagefind-ignore="all">'
        "<main data-pagefind-body><h1>Lost</h1></main></div></body></html>"
    )
    with pytest.raises(cli.BuildFailed) as failure:
        cli.index(site)
    assert str(failure.value) == "the search index holds 1 pages, but 2 pages are marked for search"


def test_a_page_with_nothing_but_its_header_stays_in_the_index():
    # Pagefind leaves out a page whose marked text is all ignored: its header then stays.
    only_header = (
        "<html><head><title>T</title></head><body><main data-pagefind-body>"
        "<header><h1>Only a title</h1></header></main></body></html>"
    )
    with_text = only_header.replace("</header>", "</header><p>And its text.</p>")
    assert "data-pagefind-ignore" not in search_copy(only_header)
    assert "<header data-pagefind-ignore>" in search_copy(with_text)
    # Punctuation is no word to Pagefind (a generated text of "—" lost its page once).
    for no_word in ("<p>—</p>", "<p>&amp; …</p>"):
        only_marks = only_header.replace("</header>", f"</header>{no_word}")
        assert "data-pagefind-ignore" not in search_copy(only_marks)


def test_the_sort_orders_list_every_indexed_page_by_name_and_newest_first(built_site):
    bundle = built_site / "pagefind"
    for sort, key, newest_first in (("name", "name", False), ("date", "date", True)):
        ids = json.loads((bundle / f"order-{sort}.json").read_text(encoding="utf-8"))
        urls = [_fragment_url(bundle, page_id) for page_id in ids]
        assert sorted(urls) == sorted(f"/{url}" for url in CONTENT_PAGES)
        values = [sort_values(page(built_site, url))[key] for url in urls]
        assert values == sorted(values, reverse=newest_first), sort


def test_the_copy_pagefind_reads_leaves_out_what_it_would_ignore():
    """Of the head, the language, title and what is marked for Pagefind; of the body, the
    ignored parts that hold nothing Pagefind reads (a filter, a title, an image) are cut."""
    page = (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
        '<meta name="description" data-pagefind-meta="summary[content]" content="D">\n'
        '<script type="application/ld+json">{"name": "T"}</script>\n</head>\n<body>'
        "<main data-pagefind-body><p>Kept text.</p>"
        "<section data-pagefind-ignore><h2>Similar</h2><section><p>Nested</p></section></section>"
        '<section data-pagefind-ignore><span data-pagefind-filter="type">Clinic</span></section>'
        '<details data-pagefind-ignore><img src="badge.svg" alt=""></details>'
        "<p>After.</p></main></body></html>"
    )
    copy = search_copy(page)
    assert copy.startswith('<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">')
    assert '<title>T</title>\n<meta name="description" data-pagefind-meta' in copy
    assert "ld+json" not in copy
    assert "Similar" not in copy and "Nested" not in copy
    assert 'data-pagefind-filter="type">Clinic' in copy
    assert '<img src="badge.svg"' in copy
    assert "<p>Kept text.</p>" in copy and "<p>After.</p></main>" in copy


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="one core, or no way to choose one",
)
def test_pagefind_runs_on_one_core_and_the_build_keeps_every_core(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><main data-pagefind-body><h1>Indexed</h1></main></body></html>"
    )
    cores = os.sched_getaffinity(0)
    indexer = Indexer(site)
    pagefind_cores = os.sched_getaffinity(indexer.process.pid)  # not yet reaped
    indexer.finish(1)
    assert pagefind_cores == {max(cores)}
    assert os.sched_getaffinity(0) == cores
    # What it starts inherits the one core: Pagefind's own threads, here a child's.
    child = on_one_core(
        subprocess.run,
        [sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"],
        capture_output=True,
        text=True,
    )
    assert child.stdout == "1\n"


def test_render_workers_give_way_to_pagefind(tmp_path):
    # Pagefind starts while the workers render the last pages, and it is the longest path.
    from healthnet.parallel import batches
    from healthnet.render import MIN_PARALLEL, WORKER_NICENESS

    own = os.nice(0)
    seen = [n for batch in batches(lambda _: os.nice(0), MIN_PARALLEL, 2, 10, MIN_PARALLEL,
                                   WORKER_NICENESS) for n in batch]  # fmt: skip
    assert set(seen) == {min(own + WORKER_NICENESS, 19)} and WORKER_NICENESS > 0
    assert os.nice(0) == own
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><body><main data-pagefind-body><h1>Indexed</h1></main></body></html>"
    )
    indexer = Indexer(site)
    assert os.getpriority(os.PRIO_PROCESS, indexer.process.pid) == own
    indexer.finish(1)


def listing(folder: Path) -> list[str]:
    """The folder's files and folders as Pagefind walks them: each folder as it lists."""
    return [os.path.relpath(os.path.join(root, name), folder)
            for root, folders, files in os.walk(folder) for name in folders + files]  # fmt: skip


@pytest.mark.skipif(not os.path.isdir("/dev/shm"), reason="no /dev/shm, where builds put copies")
def test_copies_written_in_any_order_list_in_the_order_of_their_paths(tmp_path):
    # In memory, folders list in the order they were made: the workers' order, unless
    # made beforehand. Pagefind numbers pages in that order.
    pages = ["members/b/index.html", "about/index.html", "members/a-b/index.html",
             "members/a/index.html", "resources/r/index.html"]  # fmt: skip
    written_late = ["resources/r/index.html", *reversed(pages[:4])]
    copy = "<html lang='en'><body><main data-pagefind-body><h1>{}</h1></main></body></html>"
    with tempfile.TemporaryDirectory(dir="/dev/shm") as memory:
        made_first, moved = Path(memory) / "made-first", Path(memory) / "moved"
        assert folders_in_order(made_first, pages) == {
            str(made_first / "members" / name) for name in ("a", "a-b", "b")
        } | {str(made_first / "about"), str(made_first / "resources" / "r")}
        for page in written_late:
            (made_first / page).write_text(copy.format(page))
            (moved / page).parent.mkdir(parents=True, exist_ok=True)
            (moved / page).write_text(copy.format(page))
        assert listing(made_first) == listing(in_order(moved))
        assert listing(made_first)[:2] == ["resources", "members"]  # made last, listed first


def test_folders_are_left_to_in_order_when_one_would_hold_two_copies(tmp_path):
    assert folders_in_order(tmp_path / "copies", ["a/index.html", "a/other.html"]) is None
    assert not (tmp_path / "copies").exists()
