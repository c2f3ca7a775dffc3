"""News posts and pages: Pelican's own content, with the same YAML front matter as resources.

Validation (``check_articles``) runs with everything else, so that `invoke validate` reports
their mistakes by line; ``FrontMatterReader`` is how Pelican then reads them, rendering the
Markdown through the sanitizer like every other text of the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import escape
from pelican.readers import BaseReader

from .diagnostics import Report
from .frontmatter import load_checked, load_markdown
from .markup import render_page_markdown
from .resources import MEMBER_SLUG_ALLOWED
from .validation import DocumentChecker
from .yamlsource import SourceDocument


class NewsChecker(DocumentChecker):
    kind = "a news post"
    file_suffix = ".md"
    past_dates = (("date",),)

    def __init__(self, schema: dict, today: dt.date, member_slugs: set[str]):
        super().__init__(schema, today)
        self.member_slugs = member_slugs

    def check_rules(self, document: SourceDocument, report: Report) -> None:
        self.check_references(
            document, ("members",), self.member_slugs, "a member", MEMBER_SLUG_ALLOWED, report
        )
        self.check_summary_length(document, report)


class PageChecker(DocumentChecker):
    kind = "a page"
    file_suffix = ".md"


def check_articles(folder: Path, checker: DocumentChecker, kind: str, report: Report) -> None:
    """Validate every file of content/news or content/pages; Pelican renders them."""
    load_checked(folder, kind, checker, report, build=lambda source: None)


class FrontMatterReader(BaseReader):
    """Markdown with YAML front matter, for Pelican's pages and articles."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str):
        path = Path(source_path)
        # Validation has reported any problem by line already; here only the values count.
        source = load_markdown(path, Report(path.parent), "page")
        if source is None:
            raise ValueError(f"{path}: cannot be read; run `invoke validate`")
        data = source.document.data if isinstance(source.document.data, dict) else {}
        metadata = {}
        for key, value in data.items():
            if key == "summary":
                # Pelican treats a summary as HTML; ours is plain text.
                metadata[key] = escape(value)
            else:
                metadata[key] = self.process_metadata(key, value)
        return render_page_markdown(source.body), metadata


def use_front_matter_reader(readers) -> None:
    """signals.readers_init: every .md file of Pelican's is read by FrontMatterReader."""
    readers.reader_classes["md"] = FrontMatterReader
