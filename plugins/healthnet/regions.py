"""Countries (ISO 3166-1 alpha-2) and their subdivisions (ISO 3166-2), with their names.

Region keys, as used in facet URLs, are the lowercased ISO codes: ``us`` for a country and
``us-mn`` for one of its subdivisions, so that codes never collide across countries.
"""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


@cache
def subdivision_name(country: str, region: str) -> str | None:
    subdivision = pycountry.subdivisions.get(code=f"{country}-{region}")
    return subdivision.name if subdivision else None


@cache
def subdivision_examples(country: str, count: int = 4) -> list[str]:
    """A few valid region codes of a country, for error messages."""
    codes = sorted(
        s.code.split("-", 1)[1]
        for s in pycountry.subdivisions.get(country_code=country) or []
        if s.parent_code is None
    )
    return codes[:count]


def region_key(country: str, region: str | None = None) -> str:
    return f"{country}-{region}".lower() if region else country.lower()
