"""Atom feeds of news, new resources and newly joined members.

Entry ids are tag: URIs built from the network's domain and the slug, so that a feed
reader keeps recognising an entry wherever the site is hosted; links use SITEURL, which
is absolute in production builds (publishconf.py).
"""

from __future__ import annotations

import datetime as dt

import feedgenerator

from .kinds import SiteInfo
from .model import Member, NewsPost, Resource

# Readers only show recent entries; a bounded feed stays small however large the network.
FEED_SIZE = 50
# The year the network started: tag: URIs need a date at which the domain was owned.
TAG_YEAR = 2012


def _moment(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)


def _feed(title: str, description: str, site_url: str, feed_path: str) -> feedgenerator.Atom1Feed:
    return feedgenerator.Atom1Feed(
        title=title,
        link=f"{site_url}/",
        description=description,
        language="en",
        feed_url=f"{site_url}/{feed_path}",
    )


def _text(feed: feedgenerator.Atom1Feed) -> str:
    return feed.writeString("utf-8")


def resources_feed(resources: list[Resource], site: SiteInfo, feed_path: str) -> str:
    """The newest resources (by publication, then revision)."""
    site_url, domain = site.url, site.domain
    feed = _feed(
        f"{site.name}: resources",
        "New guides, toolkits, templates and case studies in the network's library.",
        site_url,
        feed_path,
    )
    newest = sorted(resources, key=lambda r: (r.last_changed, r.slug), reverse=True)
    for resource in newest[:FEED_SIZE]:
        feed.add_item(
            title=resource.title,
            link=f"{site_url}/{resource.url}",
            description=resource.summary,
            unique_id=f"tag:{domain},{TAG_YEAR}:resources/{resource.slug}",
            pubdate=_moment(resource.date),
            updateddate=_moment(resource.last_changed),
            categories=[resource.type.label, *(t.label for t in resource.topics)],
            author_name=", ".join(m.name for m in resource.contributors) or None,
        )
    return _text(feed)


def members_feed(members: list[Member], site: SiteInfo, feed_path: str) -> str:
    """Newly joined members, newest first."""
    site_url, domain = site.url, site.domain
    feed = _feed(
        f"{site.name}: new members",
        "Organizations that joined the network.",
        site_url,
        feed_path,
    )
    newest = sorted(members, key=lambda m: (m.joined, m.slug), reverse=True)
    for member in newest[:FEED_SIZE]:
        feed.add_item(
            title=f"{member.name} joined the network",
            link=f"{site_url}/{member.url}",
            description=f"{member.type.label}, {member.location.label}. {member.summary}",
            unique_id=f"tag:{domain},{TAG_YEAR}:members/{member.slug}",
            pubdate=_moment(member.joined),
            updateddate=_moment(member.joined),
            categories=[member.type.label],
        )
    return _text(feed)


def news_feed(posts: list[NewsPost], site: SiteInfo, feed_path: str) -> str:
    """The network's news, newest first."""
    feed = _feed(f"{site.name}: news", "What is new in the network.", site.url, feed_path)
    for post in posts[:FEED_SIZE]:
        feed.add_item(
            title=post.title,
            link=f"{site.url}/{post.url}",
            description=post.summary,
            content=str(post.body_html),
            unique_id=f"tag:{site.domain},{TAG_YEAR}:news/{post.slug}",
            pubdate=_moment(post.date),
            updateddate=_moment(post.date),
        )
    return _text(feed)
