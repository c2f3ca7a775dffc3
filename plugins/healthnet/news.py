"""The news kind: content/news/<slug>.md, posts at /news/<slug>/, newest first, with a feed."""

from __future__ import annotations

from . import feeds, search, structured
from .diagnostics import Report
from .frontmatter import MarkdownSource
from .kinds import Feed, Form, Kind, Listing, Reference, Resolver
from .markup import PAGES
from .model import NewsPost
from .pagination import span
from .schema import news_schema
from .validation import DocumentChecker, parse_date
from .yamlsource import SourceDocument


class NewsChecker(DocumentChecker):
    kind = "a news post"
    file_suffix = ".md"
    reserved_slugs = frozenset({"index", "page"})
    reserved_for = "the list of news"
    past_dates = (("date",),)
    trust = PAGES  # may link and show images inside the site

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_summary_length(document, report)


def build_post(source: MarkdownSource, resolver: Resolver) -> NewsPost:
    data = source.document.data
    return NewsPost(
        slug=source.document.path.stem,
        title=data["title"].strip(),
        date=parse_date(data["date"]),
        summary=data["summary"].strip(),
        source=source.document.path,
        members=resolver.all("member", data.get("members", [])),
        body=source.body,
    )


def post_page_label(posts: list[NewsPost]) -> str:
    """ "2026-09-10 to 2026-01-10": the days a page of the (newest first) news spans."""
    return span(posts, lambda post: post.date.isoformat(), " to ")


KIND = Kind(
    name="news",
    label="News",
    plural="News",
    collection="news",
    folder="content/news",
    suffix=".md",
    schema=lambda taxonomy: news_schema(),
    checker=NewsChecker,
    build=build_post,
    url="news/{slug}/",
    template="article",
    order=lambda post: (post.date, post.slug),
    reverse=True,
    what="a news post",
    references=(Reference(("members",), "member", "members"),),
    listing=Listing("news", per_page=100, page_label=post_page_label),
    search=search.news_entry,
    feed=Feed("feeds/news.atom.xml", "news", feeds.news_feed),
    structured=structured.news_data,
    form=Form(),
)
