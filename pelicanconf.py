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
# The network's own identity (plugins/healthnet/identity.py), shown in the footer and on
# the Join page. The repository's address gives the "Join the network" issue form
# (<repository>/issues/new?template=join.yml). NETWORK_EDITOR_URL is the web editor (an
# https:// address, or a path in the site such as "admin/"), empty until there is one.
# NETWORK_ACCOUNTS are handles, as in member files (taxonomy.yaml platforms), which the
# site turns into profile links: never URLs. The values below are fictional.
NETWORK_REPOSITORY = "https://github.com/healthsocialnetwork-example/network-site"
NETWORK_EDITOR_URL = "admin/"
# The web editor's GitHub sign-in endpoint (README, "The web editor"): empty until a
# maintainer sets one up; then its https:// address.
NETWORK_EDITOR_AUTH = ""
NETWORK_CONTACT = {
    "coordinators": "coordinators@network.example.org",
    "membership": "membership@network.example.org",
    "residency": "residency@network.example.org",
    "press": "press@network.example.org",
}
NETWORK_ACCOUNTS = {
    "linkedin": "company/healthsocialnetwork-example",
    "youtube": "@healthsocialnetwork-example",
    "bluesky": "healthsocialnetwork-example.bsky.social",
    "mastodon": "@healthsocialnetwork_example@mastodon.example",
}
# Also read by the plugin, when set: NETWORK_PROCESSES (how many processes validate and
# render; default: one per core), NETWORK_TODAY (YYYY-MM-DD: the build day, which decides
# what is upcoming), NETWORK_EXTRA_KINDS (["module:KIND"]: kinds a site adds without editing
# plugins/healthnet/registry.py), NETWORK_SEARCH_INDEX (False: no search index, for tests),
# NETWORK_EDITOR_LOCAL_BACKEND (decap-server's address for the web editor on one's own
# machine; default http://localhost:8081/api/v1).

# The network's own time zone: besides dates on pages, it decides the build day (what is
# upcoming, what is overdue), in CI as on a laptop.
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"

# Every content kind (members, resources, paths, events, news, pages) belongs to the plugin
# (plugins/healthnet/registry.py): Pelican's own readers read nothing (and are off, so that
# no HTML, reStructuredText or Markdown file is ever read by them), and Pelican copies the
# attachments and pictures as they are, once validation checked every file in these
# folders (plugins/healthnet/attachments.py: the same two folders).
ARTICLE_PATHS = []
PAGE_PATHS = []
READERS = dict.fromkeys(("html", "htm", "rst", "md", "markdown", "mkd", "mdown"))
STATIC_PATHS = ["images", "files"]

# Only the pages this site defines: no blog index, author, tag, category or feed pages.
DIRECT_TEMPLATES = []
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = None
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
