"""The site as members share it: every page's canonical address, description, OpenGraph
and Twitter card tags and schema.org JSON-LD (plugins/healthnet/structured.py); the
sitemap and robots.txt (sitemap.py); 404.html; the members' badges (badges.py)."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from healthnet import badges, sitemap, structured
from healthnet.plan import PageSpec
from tests.support import build_site, page

# A project site on GitHub Pages: the site lives under a path of its host.
SITEURL = "https://owner.github.io/network"
DEV_ROOT = "https://network.example.org/"  # NETWORK_DOMAIN, for builds without SITEURL
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SVG_NS = "{http://www.w3.org/2000/svg}"
W3C_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OFFSET_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?[+-]\d{2}:\d{2}$")
LISTS = ("members", "resources", "paths", "events", "news", "search", "404.html")
TAGLINE = "Hospitals, clinics and health organizations learning to reach patients on social media"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A production build: absolute addresses under SITEURL."""
    output = tmp_path_factory.mktemp("published") / "output"
    return build_site(output, SITEURL=SITEURL, RELATIVE_URLS=False, NETWORK_SEARCH_INDEX=False)


@pytest.fixture(scope="module")
def development(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("development") / "output"
    return build_site(output, NETWORK_SEARCH_INDEX=False)


def html_pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        # The web editor (admin/, tests/test_editor.py) is no page to share or list.
        if path.relative_to(site).parts[0] in ("theme", "pagefind", "admin"):
            continue
        yield path.relative_to(site).as_posix(), BeautifulSoup(path.read_bytes(), "html.parser")


def meta(soup, name: str) -> str | None:
    tag = soup.head.find("meta", attrs={"property": name}) or soup.head.find(
        "meta", attrs={"name": name}
    )
    return tag["content"] if tag else None


def json_ld(soup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def of_type(soup, kind: str) -> dict:
    found = [item for item in json_ld(soup) if item["@type"] == kind]
    assert len(found) == 1, (kind, [item["@type"] for item in json_ld(soup)])
    assert found[0]["@context"] == "https://schema.org"
    return found[0]


# -- every page's head ------------------------------------------------------------------------


def test_every_page_says_what_it_is_to_the_sites_that_show_it(published):
    descriptions = {}
    for name, soup in html_pages(published):
        url = f"{SITEURL}/{name.removesuffix('index.html')}"
        canonical = soup.head.find("link", rel="canonical")
        if name == "404.html":
            assert canonical is None and meta(soup, "og:url") is None
            assert meta(soup, "robots") == "noindex"
        else:
            assert canonical["href"] == url, name
            assert meta(soup, "og:url") == url, name
        description = meta(soup, "description")
        assert description and meta(soup, "og:description") == description, name
        assert meta(soup, "twitter:description") == description, name
        descriptions[name] = description
        title = meta(soup, "og:title")
        assert title and meta(soup, "twitter:title") == title, name
        assert " · " not in title, name  # the site's name is og:site_name's
        assert meta(soup, "og:site_name") == "Health Social Media Network"
        assert meta(soup, "og:type") in ("website", "article"), name
        image = meta(soup, "og:image")
        assert image.startswith(f"{SITEURL}/") and image.endswith(".png"), name
        assert (published / image.removeprefix(f"{SITEURL}/")).is_file(), name
        assert meta(soup, "twitter:image") == image
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
        assert meta(soup, "og:image:alt") and meta(soup, "twitter:image:alt"), name
        assert meta(soup, "twitter:card") == "summary_large_image", name
    # The tagline only where the page is the site itself (or a page without a summary).
    tagline = sorted(name for name, text in descriptions.items() if text.startswith(TAGLINE))
    assert "index.html" in tagline
    assert not [name for name in tagline if name.split("/")[0] in LISTS], tagline
    for listed in ("members/type/index.html", "members/type/health-system/index.html",
                   "events/index.html", "news/index.html", "paths/index.html",
                   "search/index.html"):  # fmt: skip
        assert descriptions[listed] != TAGLINE, listed
    assert descriptions["members/type/health-system/index.html"].startswith("Health system: ")


def test_a_member_shares_its_own_image_and_other_pages_the_sites(published):
    profile = page(published, "/members/alpha-health/")
    assert meta(profile, "og:image") == f"{SITEURL}/members/alpha-health/share.png"
    assert meta(profile, "og:image:alt") == "Alpha Health"
    resource = page(published, "/resources/alpha-crisis-guide/")
    assert meta(resource, "og:image") == f"{SITEURL}/share.png"
    assert meta(resource, "og:type") == "article"
    with Image.open(published / "share.png") as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_development_build_names_the_networks_domain(development):
    profile = page(development, "/members/alpha-health/")
    canonical = profile.head.find("link", rel="canonical")["href"]
    assert canonical == f"{DEV_ROOT}members/alpha-health/"
    assert meta(profile, "og:image") == f"{DEV_ROOT}members/alpha-health/share.png"
    assert profile.head.find("link", rel="stylesheet")["href"].startswith("../../")


# -- structured data ---------------------------------------------------------------------------


def test_every_json_ld_parses_and_every_page_with_breadcrumbs_has_them(published):
    for name, soup in html_pages(published):
        items = json_ld(soup)
        for item in items:
            assert item["@context"] == "https://schema.org", name
        if soup.select_one("nav.breadcrumbs"):
            crumbs = of_type(soup, "BreadcrumbList")["itemListElement"]
            assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
            assert crumbs[0]["item"] == f"{SITEURL}/"
            assert crumbs[-1]["item"] == f"{SITEURL}/{name.removesuffix('index.html')}", name
            visible = [li.get_text(strip=True) for li in soup.select("nav.breadcrumbs li")]
            assert [c["name"] for c in crumbs][-1] == visible[-1], name


def test_a_member_is_an_organization_with_its_channels_and_address(published):
    org = of_type(page(published, "/members/alpha-health/"), "Organization")
    assert org["name"] == "Alpha Health"
    assert org["url"] == f"{SITEURL}/members/alpha-health/"
    assert org["sameAs"][0] == "https://alpha.example.org"
    assert "https://x.com/alphahealth" in org["sameAs"]
    assert org["address"] == {"@type": "PostalAddress", "addressLocality": "Rochester",
                              "addressRegion": "MN", "addressCountry": "US"}  # fmt: skip
    assert org["logo"].startswith(f"{SITEURL}/members/alpha-health/logo")
    assert org["memberOf"]["url"] == f"{SITEURL}/"


def test_resources_paths_events_and_news_carry_what_rich_results_require(published):
    resource = of_type(page(published, "/resources/alpha-crisis-guide/"), "LearningResource")
    for key in ("name", "description", "url", "datePublished", "learningResourceType"):
        assert resource[key], key
    course = of_type(page(published, "/paths/fixture-path/"), "Course")
    assert course["name"] and course["description"]
    assert course["provider"]["name"] == "Health Social Media Network"
    events = [of_type(page(published, f"/events/{path.stem}/"), "Event")
              for path in sorted((published / "events").glob("*/")) if path.is_dir()]  # fmt: skip
    assert events
    modes = set()
    for event in events:
        for key in ("name", "startDate", "endDate", "location", "eventStatus", "organizer"):
            assert event[key], key
        assert OFFSET_DATETIME.match(event["startDate"]), event["startDate"]
        assert OFFSET_DATETIME.match(event["endDate"])
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        modes.add(event["eventAttendanceMode"])
        locations = event["location"] if isinstance(event["location"], list) else [event["location"]]  # fmt: skip
        for location in locations:
            assert location["@type"] in ("Place", "VirtualLocation")
            if location["@type"] == "Place":
                assert location["name"] and location["address"]["addressCountry"]
            else:
                assert location["url"].startswith("https://")
    assert modes <= {f"https://schema.org/{m}EventAttendanceMode" for m in ("Offline", "Online", "Mixed")}  # fmt: skip
    news_dir = next(p for p in sorted((published / "news").iterdir()) if p.name != "index.html")
    article = of_type(page(published, f"/news/{news_dir.name}/"), "NewsArticle")
    assert article["headline"] and len(article["headline"]) <= 110
    assert W3C_DATE.match(article["datePublished"])
    assert article["author"]["name"] and article["publisher"]["logo"]
    assert article["image"][0].startswith(f"{SITEURL}/")


def test_the_home_page_names_the_site_and_its_search(published):
    site = of_type(page(published, "/"), "WebSite")
    assert site["url"] == f"{SITEURL}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITEURL}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


def test_contributed_text_cannot_end_the_json_ld_script(published):
    html = (published / "resources" / "hostile-resource" / "index.html").read_text("utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert blocks and all("<" not in block and ">" not in block for block in blocks)
    resource = of_type(page(published, "/resources/hostile-resource/"), "LearningResource")
    assert resource["name"] == "<script>alert('title')</script> & \"quotes\""
    assert structured.json_for_script({"a": "</script><!--"}) == (
        '{"a":"\\u003c/script\\u003e\\u003c!--"}'
    )


# -- sitemap and robots.txt --------------------------------------------------------------------


def sitemap_urls(site: Path, name: str = "sitemap.xml") -> list[ET.Element]:
    root = ET.parse(site / name).getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = root.findall(f"{SITEMAP_NS}url")
    assert 0 < len(urls) <= 50_000
    return urls


def test_the_sitemap_lists_every_page_with_content(published):
    listed = {}
    for url in sitemap_urls(published):
        loc = url.find(f"{SITEMAP_NS}loc").text
        assert loc.startswith(f"{SITEURL}/"), loc
        lastmod = url.find(f"{SITEMAP_NS}lastmod")
        listed[loc] = lastmod.text if lastmod is not None else None
        assert lastmod is None or W3C_DATE.match(lastmod.text)
        file = published / loc.removeprefix(f"{SITEURL}/")
        assert (file / "index.html" if loc.endswith("/") else file).is_file(), loc
    pages = {f"{SITEURL}/{name.removesuffix('index.html')}" for name, _ in html_pages(published)}
    assert set(listed) == pages - {f"{SITEURL}/search/", f"{SITEURL}/404.html"}
    # Dates from the data, never the build's: a member's last review, a resource's update.
    assert listed[f"{SITEURL}/members/alpha-health/"] == "2026-06-01"
    assert listed[f"{SITEURL}/resources/"] == max(
        listed[loc] for loc in listed if re.match(rf"{SITEURL}/resources/[^/]+-[^/]+/$", loc)
    )


def test_a_long_sitemap_becomes_an_index_of_parts(tmp_path):
    site = build_site(tmp_path / "output", SITEURL=SITEURL, RELATIVE_URLS=False,
                      NETWORK_SEARCH_INDEX=False, NETWORK_SITEMAP_LIMIT=10)  # fmt: skip
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    parts = [s.find(f"{SITEMAP_NS}loc").text for s in index.findall(f"{SITEMAP_NS}sitemap")]
    assert len(parts) > 2
    counts = []
    for loc in parts:
        assert loc.startswith(f"{SITEURL}/sitemap-")
        counts.append(len(sitemap_urls(site, loc.removeprefix(f"{SITEURL}/"))))
    assert max(counts) == 10
    pages = [name for name, _ in html_pages(site) if name not in ("search/index.html", "404.html")]
    assert sum(counts) == len(pages)


@pytest.mark.parametrize("pages", [0, 9, 10, 11, 25, 30])
def test_the_sitemap_files_planned_are_the_files_written(pages):
    # The build plans the names first and writes the files after the pages.
    specs = [PageSpec(f"p{n}/index.html", "page") for n in range(pages)]
    specs += [PageSpec("search/index.html", "search"), PageSpec("404.html", "404")]
    written = sitemap.site_files(specs, (), None, SITEURL + "/", "example.org", limit=10)
    assert sitemap.file_names(specs, limit=10) == list(written)
    assert len(written) == 2 + (pages > 10) * -(-pages // 10)


def test_robots_txt_names_the_sitemap(published, development):
    lines = (published / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines
    # The search page may be crawled (Lighthouse's SEO audit): its results, one page per
    # query, all give /search/ as their canonical address.
    assert [line for line in lines if line.startswith("Disallow")] == ["Disallow: /network/admin/"]
    assert f"Sitemap: {DEV_ROOT}sitemap.xml" in (development / "robots.txt").read_text("utf-8")


# -- 404.html ------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", ["published", "development"])
def test_the_404_page_helps_from_any_depth(build, request):
    site = request.getfixturevalue(build)
    root = SITEURL if build == "published" else ""
    soup = page(site, "/404.html")
    assert soup.h1.get_text() == "Page not found"
    form = soup.select_one("main form[role=search]")
    assert form["action"] == f"{root}/search/" and form.select_one("input[name=q]")
    links = {a["href"] for a in soup.find_all("a", href=True) if not a["href"].startswith("#")}
    assert {f"{root}/", f"{root}/members/", f"{root}/resources/", f"{root}/events/"} <= links
    addresses = links | {tag.get("src") or tag.get("href") for tag in soup.find_all(["script", "link", "img"]) if tag.get("src") or tag.get("href")}  # fmt: skip
    for address in addresses:
        assert address.startswith((f"{root}/", "https://", "mailto:")), address


# -- badges --------------------------------------------------------------------------------------


def parsed_svg(path: Path) -> ET.Element:
    svg = ET.parse(path).getroot()
    assert svg.tag == f"{SVG_NS}svg" and svg.get("role") == "img"
    return svg


def test_every_member_has_badges_that_name_it(published):
    for profile in sorted((published / "members").glob("*/badge.svg")):
        slug = profile.parent.name
        name = json.loads((published / "api" / "members" / f"{slug}.json").read_text())["name"]
        for file in ("badge.svg", "badge-wide.svg"):
            svg = parsed_svg(profile.parent / file)
            title = svg.find(f"{SVG_NS}title")
            assert title.text == f"{name}: member of the Health Social Media Network"
            assert svg.get("aria-labelledby") == title.get("id")
            assert not svg.findall(f".//{SVG_NS}script")
    assert (published / "members" / "cafe-sante" / "badge-wide.svg").is_file()


def test_a_badge_escapes_the_name_it_shows(tmp_path):
    member = SimpleNamespace(name='A <b>&"Clinic"</b>', url="members/a/")
    for draw in (badges.small_badge, badges.wide_badge):
        svg, width, height = draw(member, "Network & Co")
        (tmp_path / "badge.svg").write_text(svg, encoding="utf-8")
        root = parsed_svg(tmp_path / "badge.svg")
        assert root.find(f"{SVG_NS}title").text == 'A <b>&"Clinic"</b>: member of the Network & Co'
        assert (root.get("width"), root.get("height")) == (str(width), str(height))


def test_the_profile_offers_badge_snippets_linking_to_it(published):
    profile = page(published, "/members/alpha-health/")
    section = profile.select_one("details.member-badge")
    assert section.summary
    codes = [code.get_text() for code in section.select("pre > code")]
    assert len(codes) == 4  # HTML and Markdown, for each badge
    url = f"{SITEURL}/members/alpha-health/"
    snippet = BeautifulSoup(codes[0], "html.parser")
    assert snippet.a["href"] == url
    assert snippet.img["src"] == f"{url}badge.svg"
    assert snippet.img["alt"] == "Member of the Health Social Media Network"
    assert codes[1] == f"[![Member of the Health Social Media Network]({url}badge.svg)]({url})"
    assert f"{url}badge-wide.svg" in codes[2]
    for img in section.select("figure img"):
        assert (published / img["src"].removeprefix(f"{SITEURL}/")).is_file()
