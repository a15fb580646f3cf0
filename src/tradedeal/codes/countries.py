"""Countries: resolve codes and names to ISO 3166-1 alpha-3, names, groups.

:func:`to_iso3` accepts ISO3, ISO2, ISO numeric and names. Names are matched
ignoring case, accents, punctuation, spaces and the word "the" ("St" reads as
"Saint"), against, in this order of precedence:

1. ``data/country_aliases.csv`` -- trade-data spellings ("Korea, Rep.", "UAE",
   "Turkey") and former codes ("ROM", "ZAR");
2. the aliases of the country groups in ``data/country_groups.toml``;
3. ISO 3166 names, official names and common names (``data/iso3166.csv``, written from pycountry
   by ``scripts/build_data.py``, so resolving a code needs no import of pycountry);
4. US Census country names (``data/census_countries.csv``).

Groups: a customs union that acts as one party (the EU) resolves to the code
that WITS / UN TRAINS use for it as a reporter ("EUN"), not to its members;
:func:`group_members` expands it. Two non-ISO codes are known: ``EUN`` (a
group) and ``XKX`` (Kosovo, user-assigned, as used by the European
Commission, IMF and World Bank).
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from tradedeal.codes.census import (  # re-exported: the Census half of the country API
    DATA_DIR,
    _missing,
    census_codes,
    census_table,
    census_to_iso3,
    iso3_to_census,
    read_table,
)
from tradedeal.codes.census import (
    _table as _census,
)
from tradedeal.errors import CountryCodeError

__all__ = [
    "EU27", "EU27_SINCE", "CountryGroup", "census_codes", "census_table", "census_to_iso3",
    "country_groups", "group_members", "iso3_to_census", "name", "to_iso3", "to_iso3_series",
]

NON_ISO_NAMES: dict[str, str] = {"XKX": "Kosovo"}
"""Country codes outside ISO 3166 that tradedeal accepts (groups are added from data)."""

_FORMS = "an ISO3 code ('DEU'), ISO2 ('DE'), ISO numeric (276) or an English name ('Germany')"


@dataclass(frozen=True)
class CountryGroup:
    """A group of countries acting as one trade-policy party, e.g. the EU customs union."""

    code: str
    name: str
    members: tuple[str, ...]
    members_since: date
    aliases: tuple[str, ...]
    source: str
    source_url: str | None = None


@cache
def country_groups() -> dict[str, CountryGroup]:
    """The groups of ``data/country_groups.toml`` by code."""
    with open(DATA_DIR / "country_groups.toml", "rb") as f:
        raw = tomllib.load(f)
    return {code: CountryGroup(code=code, name=g["name"], members=tuple(g["members"]),
                               members_since=g["members_since"], aliases=tuple(g.get("aliases", ())),
                               source=g["source"], source_url=g.get("source_url"))
            for code, g in raw.items()}


def group_members(code: str) -> tuple[str, ...]:
    """ISO3 members of a country group (e.g. ``'EUN'``), as listed since its ``members_since``."""
    iso = to_iso3(code)
    groups = country_groups()
    if iso not in groups:
        raise CountryCodeError(f"{code!r} ({iso}) is not a country group",
                               hint=f"known groups: {', '.join(sorted(groups))}")
    return groups[iso].members


EU27: tuple[str, ...] = country_groups()["EUN"].members
"""The 27 EU member states (ISO3), valid from :data:`EU27_SINCE`."""
EU27_SINCE: date = country_groups()["EUN"].members_since


@cache
def _iso() -> tuple[dict[str, str], ...]:
    return tuple(read_table(DATA_DIR / "iso3166.csv"))


@cache
def _by(field: str) -> dict[str, dict[str, str]]:
    return {r[field]: r for r in _iso()}


def _key(text: str) -> str:
    """Matching key: accents, case, punctuation, spaces and 'the' removed; 'st' -> 'saint'."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold().replace("&", " and ")
    words = [("saint" if w == "st" else w) for w in re.findall(r"[a-z0-9]+", t) if w != "the"]
    return "".join(words)


@cache
def _name_index() -> dict[str, str]:
    """Matching key -> code, built from the sources in reverse order of precedence."""
    index: dict[str, str] = {}
    for row in _census():
        index[_key(row["census_name"])] = row["iso3"]
    for c in _iso():
        for attr in ("name", "official_name", "common_name"):
            if c[attr]:
                index[_key(c[attr])] = c["alpha_3"]
    for code, nm in NON_ISO_NAMES.items():
        index[_key(nm)] = code
    for g in country_groups().values():
        for alias in (g.name, *g.aliases):
            index[_key(alias)] = g.code
    for row in read_table(DATA_DIR / "country_aliases.csv"):
        index[_key(row["alias"])] = row["code"]
    return index


def _known_codes() -> set[str]:
    return set(_by("alpha_3")) | set(NON_ISO_NAMES) | set(country_groups())


def _suggest(text: str, n: int = 5) -> list[str]:
    """Close matches of a name as 'Name (ISO3)'."""
    key, index = _key(text), _name_index()
    hits = [k for k in index if len(key) >= 3 and k.startswith(key)]
    hits += difflib.get_close_matches(key, list(index), n=10, cutoff=0.6)
    hits += [k for k in index if len(key) >= 4 and key in k]
    codes = list(dict.fromkeys(index[k] for k in hits))
    return [f"{name(c)} ({c})" for c in codes[:n]]


def _unknown(x: Any, why: str) -> CountryCodeError:
    close = _suggest(str(x))
    hint = (f"did you mean {', '.join(close)}? " if close else "") + f"Give {_FORMS}."
    return CountryCodeError(f"{why}: {x!r}", hint=hint)


def to_iso3(x: Any) -> str:
    """ISO 3166-1 alpha-3 code of a country code or name (or a group's code, e.g. 'EUN').

    Raises :class:`CountryCodeError` with close matches when it cannot resolve ``x``.
    """
    if _missing(x):
        raise CountryCodeError(f"country is missing or not a code: {x!r}", hint=f"give {_FORMS}")
    if isinstance(x, int | float) and float(x).is_integer():
        x = str(int(x))
    text = str(x).strip()
    if text.isdigit():
        if len(text) == 4:
            raise CountryCodeError(f"{x!r} looks like a US Census country code, not an ISO code",
                                   hint="use census_to_iso3() for Census codes")
        found = _by("numeric").get(text.zfill(3)) if len(text) <= 3 else None
        if found is None:
            raise CountryCodeError(f"unknown ISO numeric country code {x!r}", hint=f"give {_FORMS}")
        return found["alpha_3"]
    up = text.upper()
    if len(up) == 3 and up.isalpha() and up in _known_codes():
        return up
    if len(up) == 2 and up.isalpha() and (found := _by("alpha_2").get(up)) is not None:
        return found["alpha_3"]
    code = _name_index().get(_key(text))
    if code is None:
        raise _unknown(x, "unknown country")
    return code


def to_iso3_series(values, *, strict: bool = True):
    """:func:`to_iso3` over a pandas Series (each distinct value resolved once).

    Unresolvable values raise (``strict``), listing them, or become ``<NA>``.
    """
    uniques = values.dropna().unique()
    table: dict[Any, str] = {}
    bad: list[Any] = []
    for u in uniques:
        try:
            table[u] = to_iso3(u)
        except CountryCodeError:
            bad.append(u)
    if strict and bad:
        shown = ", ".join(repr(b) for b in bad[:10]) + (f" and {len(bad) - 10} more" if len(bad) > 10 else "")
        first = _unknown(bad[0], "unknown country")
        raise CountryCodeError(f"{len(bad)} unknown countr{'y' if len(bad) == 1 else 'ies'}: {shown}",
                               hint=first.hint)
    return values.map(table).astype("string").rename(values.name)


def name(code: Any) -> str:
    """Short English name: the ISO common name where there is one ('South Korea'), else the ISO name."""
    iso = to_iso3(code)
    if iso in country_groups():
        return country_groups()[iso].name
    if iso in NON_ISO_NAMES:
        return NON_ISO_NAMES[iso]
    c = _by("alpha_3")[iso]
    return c["common_name"] or c["name"]
