"""Development settings: relative URLs, so output/ works from any local server."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent

SITENAME = "Health Social Media Network"
SITE_TAGLINE = (
    "Hospitals, clinics and health organizations learning to reach patients on social media"
)
AUTHOR = "Health Social Media Network"
SITEURL = ""
RELATIVE_URLS = True

PATH = str(ROOT / "content")
THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
PLUGINS = ["healthnet"]

# The plugin's data (see plugins/healthnet/project.py).
NETWORK_ROOT = str(ROOT)
NETWORK_MEMBERS_PATH = str(ROOT / "members")
# Names the network in calendar UIDs and feed ids, which must not change with hosting.
NETWORK_DOMAIN = "network.example.org"

TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# Pages and news are Pelican content; resources, paths and events belong to the plugin.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["news"]
STATIC_PATHS = ["images", "files"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"
# The file name is the slug, as for every other file of the site.
SLUGIFY_SOURCE = "basename"

# Only the pages this site defines: no blog index, author, tag or category pages.
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = "feeds/news.atom.xml"
FEED_ALL_RSS = CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Contributed text must never become markup: escape everything unless marked safe.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
}

# Same input, same output: no caches that could carry over between builds.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

# Development builds have relative URLs on purpose; production feeds get absolute ones
# (publishconf.py), so Pelican's warning about it would only be noise here.
LOG_FILTER = [(30, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]
