"""Production settings: absolute URLs under the site's public address.

SITEURL comes from the environment (the deploy workflow sets it from the repository's
Pages settings), for example SITEURL=https://network.example.org.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit("publishconf.py: set SITEURL, for example SITEURL=https://network.example.org")
RELATIVE_URLS = False
# Feed entries link to the public site.
FEED_DOMAIN = SITEURL
