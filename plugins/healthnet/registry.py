"""The site's content kinds, each declared once in its own module, in the order they load:
a kind comes after the kinds it refers to (resources name members, paths name resources).

Adding a kind: its module (files, schema, checker, model, URL, templates, search entry,
export), one line here, its page templates in theme/templates/, and the schema file that
`invoke schema` writes. See README, "How it is built".
"""

from __future__ import annotations

from . import events, learning_paths, members, news, pages, resources

KINDS = (
    members.KIND,
    resources.KIND,
    learning_paths.KIND,
    events.KIND,
    news.KIND,
    pages.KIND,
)


def kinds_for(settings: dict | None = None) -> tuple:
    """The kinds of a site: these, and any a site adds with NETWORK_EXTRA_KINDS (a list of
    "module:attribute" names of further Kind declarations)."""
    extra = (settings or {}).get("NETWORK_EXTRA_KINDS") or ()
    return KINDS + tuple(_import(name) for name in extra)


def _import(name: str):
    import importlib

    module, _, attribute = name.partition(":")
    return getattr(importlib.import_module(module), attribute or "KIND")
