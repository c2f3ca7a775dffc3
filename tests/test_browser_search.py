"""Search and live filtering in real Chromium, against the fixture site's real Pagefind index."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from playwright.sync_api import expect

from tests.conftest import watch_csp
from tests.test_build import fixture_members
from tests.test_library import RESOURCES
from tests.test_search_index import CONTENT_PAGES, counted

pytestmark = pytest.mark.browser

MEMBERS = fixture_members()


def name_order(name: str) -> str:
    return name.casefold().removeprefix("the ")


def members_where(test) -> list[str]:
    """Names of the fixture members a test accepts, in directory order."""
    return sorted((m["name"] for m in MEMBERS.values() if test(m)), key=name_order)


def on(*platforms):
    return lambda member: any(p in member.get("social", {}) for p in platforms)


def result_titles(page):
    return page.locator("[data-search-results] .card-title")


def status(page):
    return page.get_by_role("status")


def search_url(site_url: str, query: str) -> str:
    return f"{site_url}/search/?{query}"


# -- finding -----------------------------------------------------------------------------


def test_the_slash_key_and_the_header_box_find_a_member_by_name(page, site_url, console_errors):
    page.goto(f"{site_url}/resources/alpha-crisis-guide/")
    page.keyboard.press("/")
    box = page.get_by_role("searchbox", name="Search the site")
    expect(box).to_be_focused()
    box.fill("Beta Clinic")
    box.press("Enter")
    expect(page).to_have_url(search_url(site_url, "q=Beta+Clinic"))
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("Beta Clinic")
    expect(result_titles(page).first).to_have_text("Beta Clinic")
    first = page.locator(".search-result").first
    expect(first.locator(".kind-badge")).to_have_text("Member")
    # The name is the result's title: the excerpt is of the profile's text, marked all the same.
    expect(first.locator("mark").first).to_have_text(re.compile("beta|clinic", re.I))
    expect(status(page)).to_have_text(re.compile(r"^\d+ results? for “Beta Clinic”\.$"))
    result_titles(page).first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beta Clinic")
    assert console_errors == []


def test_a_member_is_found_by_a_former_name(page, site_url, console_errors):
    alias = MEMBERS["alpha-health"]["aliases"][0]
    page.goto(search_url(site_url, f"q={alias}"))
    expect(result_titles(page).first).to_have_text("Alpha Health")
    logo = page.locator(".search-result").first.locator("img.result-logo")
    expect(logo).to_have_attribute("src", re.compile("/members/alpha-health/logo-112.png$"))
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert console_errors == []


def test_a_member_is_found_by_a_word_of_its_description(page, site_url, console_errors):
    # "Alpha runs **weekly** live videos." is in the description only, not in the summary.
    assert "weekly" in MEMBERS["alpha-health"]["description"]
    assert "weekly" not in MEMBERS["alpha-health"]["summary"]
    page.goto(search_url(site_url, "q=weekly&kind=member"))
    expect(result_titles(page)).to_have_text(["Alpha Health"])
    expect(page.locator(".search-result mark")).to_have_text(["weekly"])
    assert console_errors == []


def test_a_search_that_finds_nothing_says_so(page, site_url, console_errors):
    page.goto(search_url(site_url, "q=zzyzxnothing"))
    expect(status(page)).to_have_text(
        "No results for “zzyzxnothing”. Try other words or clear some filters."
    )
    expect(result_titles(page)).to_have_count(0)
    assert console_errors == []


def test_excerpts_begin_at_the_text_not_the_title_or_run_headings_together(
    page, site_url, console_errors
):
    page.goto(search_url(site_url, "q=crisis"))
    results = page.locator(".search-result")
    expect(results.first.locator("mark").first).to_be_visible()
    seen = 0
    for result in results.all():
        title = result.locator(".card-title").inner_text().strip()
        excerpt = result.locator(".card-summary").inner_text().strip()
        assert not excerpt.startswith(title), f"{title}: {excerpt}"
        # The page's headings: in an excerpt each ends its own sentence ("About. Text"),
        # none runs into another or into a label before it ("Payer About.").
        url = result.locator(".card-title a").get_attribute("href")
        html = page.request.get(urljoin(page.url, url)).text()
        main = html[html.index("<main") : html.index("</main>")]
        headings = [re.sub(r"<[^>]+>|\s+", " ", h).strip()
                    for h in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", main, re.S)]  # fmt: skip
        for heading in filter(None, headings):
            at = excerpt.find(heading + ".")
            if at > 0:
                before = excerpt[:at].rstrip()
                assert before[-1] in ".!?:…", f"{title}: a heading runs on from {before!r}"
        seen += 1
    assert seen >= 3
    assert console_errors == []


# -- what the words mean (words.js) ----------------------------------------------------


def notes(page):
    return page.locator("[data-search-notes]")


def test_a_typo_is_corrected_and_the_words_as_typed_are_a_click_away(
    page, site_url, console_errors
):
    page.goto(search_url(site_url, "q=Alpah+Helth"))
    expect(result_titles(page).first).to_have_text("Alpha Health")
    expect(notes(page)).to_have_text(
        "Showing results for alpha health. Search for “Alpah Helth” instead"
    )
    expect(status(page)).to_have_text(re.compile("^\\d+ results? for “alpha health”\\.$"))
    notes(page).get_by_role("link").click()
    expect(page).to_have_url(search_url(site_url, "q=Alpah+Helth&typed=1"))
    expect(status(page)).to_have_text(re.compile("results? for “Alpah Helth”"))
    expect(notes(page)).to_be_hidden()
    assert console_errors == []


def test_words_that_name_filters_become_chips_that_can_be_taken_away(
    page, site_url, console_errors
):
    page.goto(search_url(site_url, "q=clinics+in+Texas"))
    chips = notes(page).get_by_role("button")
    expect(chips).to_have_text(["Clinic or practice ×", "Texas ×"])
    expect(result_titles(page)).to_have_text(["Beta Clinic"])
    chips.last.click()  # "Texas" is searched as a word again: Beta Clinic is in Texas
    expect(chips).to_have_text(["Clinic or practice ×"])
    expect(result_titles(page)).to_have_text(["Beta Clinic"])
    chips.first.click()
    expect(chips).to_have_count(0)
    expect(result_titles(page).first).to_be_visible()
    assert console_errors == []


def test_a_state_code_finds_its_members_without_showing_in_excerpts(page, site_url, console_errors):
    minnesota = members_where(lambda m: m["location"].get("region") == "MN")
    page.goto(search_url(site_url, "q=MN&kind=member&sort=name"))
    expect(result_titles(page)).to_have_text(minnesota)
    # The code is hidden metadata (search.py: SearchEntry.words), never excerpt text.
    for mark in page.locator(".search-result mark").all_inner_texts():
        assert mark.lower() != "mn"
    assert console_errors == []


def test_the_directory_lists_the_best_match_first_while_words_are_typed(
    page, site_url, console_errors
):
    page.goto(f"{site_url}/members/")
    panel = page.get_by_role("search", name="Filter members")
    panel.get_by_role("searchbox", name="Filter by name or word").fill("Delta Hospital")
    expect(directory_cards(page).first).to_have_text("The Delta Hospital")
    assert console_errors == []


# -- filters, sorts, the URL -------------------------------------------------------------


def test_a_platform_filter_narrows_and_a_second_platform_widens(page, site_url, console_errors):
    page.goto(f"{site_url}/search/")
    panel = page.get_by_role("search", name="Search the site")
    panel.get_by_role("checkbox", name=re.compile("^Members")).check()
    expect(result_titles(page)).to_have_text(members_where(lambda m: True))
    page.locator("summary", has_text="Platform").click()
    panel.get_by_role("checkbox", name=re.compile("^X ")).check()
    expect(page).to_have_url(search_url(site_url, "kind=member&platform=x"))
    expect(result_titles(page)).to_have_text(members_where(on("x")))
    expect(status(page)).to_have_text(
        f"{len(members_where(on('x')))} results with the chosen filters."
    )
    # Within a group the counts say what each further value would add.
    tiktok = panel.get_by_role("checkbox", name=re.compile("^TikTok "))
    expect(tiktok).to_have_accessible_name(f"TikTok {len(members_where(on('tiktok')))}")
    tiktok.check()
    expect(result_titles(page)).to_have_text(members_where(on("x", "tiktok")))
    # Groups narrow each other: health systems among them.
    page.locator("summary", has_text="Type").click()
    panel.get_by_role("checkbox", name=re.compile("^Health system ")).check()
    expect(result_titles(page)).to_have_text(
        members_where(lambda m: on("x", "tiktok")(m) and m["type"] == "health-system")
    )
    assert console_errors == []


def test_a_shared_url_restores_query_filters_and_sort(page, site_url, console_errors):
    # Every profile says "Member since", so the words keep all members in.
    page.goto(search_url(site_url, "q=since&kind=member&platform=x&platform=facebook&sort=name"))
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("since")
    expect(page.get_by_role("checkbox", name=re.compile("^Members"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^X "))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^Facebook "))).to_be_checked()
    expect(page.get_by_role("combobox", name="Sort by")).to_have_value("name")
    names = members_where(on("x", "facebook"))
    expect(result_titles(page)).to_have_text(names)
    page.get_by_role("combobox", name="Sort by").select_option("date")
    expect(page).to_have_url(re.compile("sort=date$"))
    newest = sorted(
        (m for m in MEMBERS.values() if on("x", "facebook")(m)),
        key=lambda m: m["joined"],
        reverse=True,
    )
    expect(result_titles(page)).to_have_text([m["name"] for m in newest])
    assert console_errors == []


def test_the_back_button_restores_the_previous_state(page, site_url, console_errors):
    page.goto(f"{site_url}/search/")
    page.get_by_role("searchbox", name="Search for").fill("clinic")
    expect(page).to_have_url(search_url(site_url, "q=clinic"))
    before = result_titles(page)
    expect(before.first).to_be_visible()
    titles = before.all_inner_texts()
    page.get_by_role("checkbox", name=re.compile("^Members")).check()
    expect(page).to_have_url(search_url(site_url, "q=clinic&kind=member"))
    page.go_back()
    expect(page).to_have_url(search_url(site_url, "q=clinic"))
    expect(page.get_by_role("checkbox", name=re.compile("^Members"))).not_to_be_checked()
    expect(result_titles(page)).to_have_text(titles)
    page.go_back()
    expect(page).to_have_url(f"{site_url}/search/")
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("")
    expect(result_titles(page)).to_have_count(0)
    page.go_forward()
    page.go_forward()
    expect(page.get_by_role("checkbox", name=re.compile("^Members"))).to_be_checked()
    assert console_errors == []


def test_clear_all_empties_the_search_and_the_url(page, site_url, console_errors):
    page.goto(search_url(site_url, "q=crisis&kind=resource"))
    expect(result_titles(page).first).to_be_visible()
    page.get_by_role("button", name="Clear all").click()
    expect(page).to_have_url(f"{site_url}/search/")
    expect(page.get_by_role("searchbox", name="Search for")).to_have_value("")
    expect(page.get_by_role("searchbox", name="Search for")).to_be_focused()
    expect(page.get_by_role("checkbox", name=re.compile("^Resources"))).not_to_be_checked()
    expect(result_titles(page)).to_have_count(0)
    expect(status(page)).to_have_text("Type a word, or choose a filter to browse.")
    expect(page.get_by_role("button", name="Clear all")).to_be_disabled()
    assert console_errors == []


def test_show_more_loads_the_rest_of_a_long_result(page, site_url, console_errors):
    kinds = "&".join(f"kind={k}" for k in ["member", "resource", "path", "event", "news", "page"])
    page.goto(search_url(site_url, f"{kinds}&sort=name"))
    expect(status(page)).to_have_text(f"{len(CONTENT_PAGES)} results with the chosen filters.")
    expect(result_titles(page)).to_have_count(10)  # ten at first: a first search stays light
    page.get_by_role("button", name="Show more results").click()
    expect(result_titles(page)).to_have_count(20)
    expect(result_titles(page).nth(10).get_by_role("link")).to_be_focused()
    page.get_by_role("button", name="Show more results").click()
    expect(result_titles(page)).to_have_count(len(CONTENT_PAGES))
    expect(page.get_by_role("button", name="Show more results")).to_be_hidden()
    assert console_errors == []


def test_the_index_counts_every_filter_value_the_pages_carry(page, site_url, console_errors):
    page.goto(f"{site_url}/search/")
    filters = page.evaluate(
        """async () => {
            const pagefind = await import("/pagefind/pagefind.js");
            return await pagefind.filters();
        }"""
    )
    assert filters == counted(CONTENT_PAGES.values())
    assert console_errors == []


# -- keyboard and accessibility ----------------------------------------------------------


def test_filters_work_from_the_keyboard_with_visible_focus(page, site_url, console_errors):
    page.goto(f"{site_url}/search/")
    page.get_by_role("searchbox", name="Search for").focus()
    page.keyboard.press("Tab")  # the Search button
    page.keyboard.press("Tab")  # the sort control
    expect(page.get_by_role("combobox", name="Sort by")).to_be_focused()
    page.keyboard.press("Tab")  # the first group's summary, open
    page.keyboard.press("Tab")
    members = page.get_by_role("checkbox", name=re.compile("^Members"))
    expect(members).to_be_focused()
    assert members.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    page.keyboard.press("Space")
    expect(members).to_be_checked()
    expect(status(page)).to_have_text(f"{len(MEMBERS)} results with the chosen filters.")
    assert console_errors == []


# -- the directory and the library -------------------------------------------------------


def directory_cards(page):
    return page.locator(".member-card:visible .card-title")


def test_the_directory_filters_live_by_text_and_facets(page, site_url, console_errors):
    page.goto(f"{site_url}/members/")
    expect(page.get_by_role("navigation", name="Browse members by facet")).to_be_hidden()
    panel = page.get_by_role("search", name="Filter members")
    panel.get_by_role("searchbox", name="Filter by name or word").fill("Beta")
    expect(page).to_have_url(f"{site_url}/members/?q=Beta")
    expect(directory_cards(page)).to_have_text(["Beta Clinic"])
    expect(status(page)).to_have_text(f"1 of {len(MEMBERS)} members match.")
    panel.get_by_role("button", name="Clear all").click()
    expect(page).to_have_url(f"{site_url}/members/")
    expect(directory_cards(page)).to_have_count(len(MEMBERS))
    expect(status(page)).to_have_text(f"Showing all {len(MEMBERS)} members.")

    panel.locator("summary", has_text="Platform").click()
    panel.get_by_role("checkbox", name=re.compile("^Facebook ")).check()
    expect(directory_cards(page)).to_have_text(members_where(on("facebook")))
    page.reload()
    expect(panel.get_by_role("checkbox", name=re.compile("^Facebook "))).to_be_checked()
    expect(directory_cards(page)).to_have_text(members_where(on("facebook")))
    directory_cards(page).first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(members_where(on("facebook"))[0])
    page.go_back()
    expect(directory_cards(page)).to_have_text(members_where(on("facebook")))
    assert console_errors == []


def test_the_library_filters_live_and_sorts_by_title(page, site_url, console_errors):
    page.goto(f"{site_url}/resources/")
    panel = page.get_by_role("search", name="Filter resources")
    panel.get_by_role("checkbox", name=re.compile("^Guide ")).check()
    guides = [r["title"] for r in RESOURCES.values() if r["type"] == "guide"]
    cards = page.locator(".resource-card:visible .card-title")
    expect(cards).to_have_text(guides)
    panel.get_by_role("checkbox", name=re.compile("^Guide ")).uncheck()
    panel.get_by_role("combobox", name="Sort by").select_option("name")
    titles = sorted((r["title"] for r in RESOURCES.values()), key=name_order)
    expect(cards).to_have_text(titles)
    expect(page).to_have_url(f"{site_url}/resources/?sort=name")
    assert console_errors == []


# Sums the page's layout shifts as Lighthouse's Cumulative Layout Shift does (shifts right
# after input excepted). An init script comes through DevTools, not as an inline script
# element, so the Content-Security-Policy neither blocks nor reports it.
LAYOUT_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("path", ["/members/", "/resources/", "/search/?q=crisis"])
@pytest.mark.parametrize("width, height", [(412, 823), (1350, 940)])  # Lighthouse's two
def test_the_live_filter_and_search_start_without_moving_the_page(browser, csp_violations, site_url,
                                                         path, width, height):  # fmt: skip
    context = browser.new_context(viewport={"width": width, "height": height})
    watch_csp(context, csp_violations)
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()

    # The script arrives late, as on a slow network: the page has been painted by then, so
    # whatever the script changes would move what is already shown.
    def late(route):
        page.wait_for_timeout(400)
        route.continue_()

    page.route("**/theme/js/*.js", late)  # live-filter.js, search-page.js
    page.goto(f"{site_url}{path}")
    expect(page.locator("[data-filter-panel][data-live]")).to_be_visible()
    page.wait_for_timeout(300)  # shifts are reported a frame after they happen
    shift = page.evaluate("window.__layoutShift")
    context.close()
    assert shift < 0.05  # Lighthouse's "good" is under 0.1


# -- light: nothing of Pagefind until someone searches -----------------------------------


def test_pagefind_loads_from_the_site_only_once_someone_searches(page, site_url, console_errors):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ["/", "/members/", "/resources/", "/members/alpha-health/", "/search/"]:
        page.goto(f"{site_url}{path}")
        page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "/pagefind/" in url]
    page.get_by_role("searchbox", name="Search for").fill("crisis")
    expect(result_titles(page).first).to_be_visible()
    loaded = [url for url in requested if "/pagefind/" in url]
    assert f"{site_url}/pagefind/pagefind.js" in loaded
    site = urlparse(site_url).netloc
    assert {urlparse(url).netloc for url in requested} == {site}
    assert console_errors == []


def test_results_fit_a_small_screen(small_screen_page, site_url):
    page = small_screen_page
    for path, shown in [
        ("/search/?q=consent", result_titles),
        ("/members/?platform=x", directory_cards),
    ]:
        page.goto(f"{site_url}{path}")
        expect(shown(page).first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        # The filter groups start closed, so that the results are close to the top.
        assert (
            page.locator("details[open]").count() == page.locator("details:has(:checked)").count()
        )


def test_hostile_titles_and_summaries_show_as_text_in_results(page, site_url, console_errors):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = RESOURCES["hostile-resource"]
    page.goto(search_url(site_url, "kind=resource&sort=name"))
    result = page.locator(".search-result", has_text="quotes")
    expect(result.locator(".card-title")).to_have_text(hostile["title"])
    expect(result.locator(".card-summary")).to_have_text(hostile["summary"])
    expect(result.locator(".card-summary b")).to_have_count(0)
    # A word of its (sanitized) description: the summary is the card's, not the excerpt's.
    page.goto(search_url(site_url, "q=handler&kind=member"))
    expect(
        page.locator(".search-result", has_text="3D Health Lab").locator("mark").first
    ).to_be_visible()
    assert page.locator(".search-result script, .search-result b").count() == 0
    assert dialogs == [] and console_errors == []
