"""Long lists split into numbered pages with server-rendered navigation.

A list at ``members/`` continues at ``members/page/2/``, ``members/page/3/``...; every page
links to every other page under a label saying where it starts and ends ("Abb–Ald"), so
that without JavaScript any item is two clicks from the list's first page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A page's own items are passed to its template on their own; in the navigation only the
# labels and addresses of the other pages count (see fingerprint.py).
NOT_SHOWN = {"digest": False}


@dataclass
class ListPage:
    number: int  # from 1
    url: str  # "members/", "members/page/2/"
    label: str  # where it starts and ends, for the navigation: "Abb–Ald"
    first: int  # the position of its first item in the whole list, from 0
    items: list = field(default_factory=list, metadata=NOT_SHOWN)

    @property
    def output(self) -> str:
        return f"{self.url}index.html"


@dataclass
class Pagination:
    """The pages of one list, and which of them is being written."""

    pages: list[ListPage]
    number: int  # the current page's number
    total: int  # items in the whole list

    @property
    def current(self) -> ListPage:
        return self.pages[self.number - 1]

    @property
    def previous(self) -> ListPage | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> ListPage | None:
        return self.pages[self.number] if self.number < len(self.pages) else None

    @property
    def is_split(self) -> bool:
        return len(self.pages) > 1


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def span(items: list, describe, between: str = "–") -> str:
    """A page's label: how its first and last items read ("Abb–Ald"), or one of them when
    both read the same."""
    first, last = describe(items[0]), describe(items[-1])
    return first if first == last else f"{first}{between}{last}"


def split(items: list, base: str, per_page: int | None, label=None) -> list[ListPage]:
    """``items`` in pages of at most ``per_page`` (all on one page when None); ``label``
    (page items -> text) names each page for the navigation."""
    size = per_page or max(len(items), 1)
    chunks = [items[start : start + size] for start in range(0, len(items), size)] or [[]]
    return [
        ListPage(
            number,
            page_url(base, number),
            label(chunk) if label and chunk else f"Page {number}",
            (number - 1) * size,
            chunk,
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def paginations(pages: list[ListPage], total: int) -> list[Pagination]:
    """One Pagination per page, each naming itself the current one."""
    return [Pagination(pages, page.number, total) for page in pages]
