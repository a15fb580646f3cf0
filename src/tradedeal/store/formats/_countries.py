"""Country codes and names of trade files -> ISO3, or a reason they are not a country.

Numeric codes are ISO 3166 numeric (via pycountry) except for the numbers each
source assigns itself, mapped explicitly below. Alphabetic codes are checked
against ISO 3166 alpha-3; names go through :func:`tradedeal.codes.countries.to_iso3`.

A value resolves to one of these statuses:

``country``      an ISO3 code;
``union``        the European Union as one customs territory, coded ``EUN`` (the WITS code);
``world``        the all-partner total (Comtrade 0 / ``W00``, WITS ``000`` / ``WLD``);
``unallocated``  trade not allocated to a country ("Areas, nes", bunkers, free zones,
                 special categories, any "... nes" area);
``unknown``      nothing matched (a row problem).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pycountry

from tradedeal.codes.countries import to_iso3
from tradedeal.errors import CountryCodeError

EU_CODE = "EUN"

# Numbers UN Comtrade uses instead of the ISO numeric code. 490 ("Other Asia,
# nes") is Taiwan in practice, as in CEPII BACI and most users of Comtrade.
COMTRADE_NUMERIC = {842: "USA", 699: "IND", 251: "FRA", 579: "NOR", 757: "CHE", 490: "TWN"}
COMTRADE_UNION = {97}
WITS_NUMERIC: dict[int, str] = {}
WITS_UNION = {918}
WORLD_NUMERIC = {0}
UNALLOCATED_NUMERIC = {837, 838, 839, 899}  # bunkers, free zones, special categories, areas nes
WORLD_ALPHA = {"W00", "WLD"}
UNION_ALPHA = {"EUN", "EU", "EUR", "EU27", "EU28"}
_UNALLOCATED_NAME = re.compile(
    r"\bn\.?e\.?s\b|not elsewhere specified|bunkers|free zones?|special categories|neutral zone"
    r"|areas?,? n\.?e\.?s|unspecified", re.IGNORECASE)


@dataclass(frozen=True)
class Resolved:
    iso3: str | None
    status: str  # country | union | world | unallocated | unknown
    reason: str | None = None


def _numeric(n: int, scheme: str) -> Resolved | None:
    if n in WORLD_NUMERIC:
        return Resolved(None, "world")
    if n in UNALLOCATED_NUMERIC:
        return Resolved(None, "unallocated")
    if scheme == "comtrade":
        if n in COMTRADE_UNION:
            return Resolved(EU_CODE, "union")
        if n in COMTRADE_NUMERIC:
            return Resolved(COMTRADE_NUMERIC[n], "country")
    if scheme == "wits":
        if n in WITS_UNION:
            return Resolved(EU_CODE, "union")
        if n in WITS_NUMERIC:
            return Resolved(WITS_NUMERIC[n], "country")

    c = pycountry.countries.get(numeric=f"{n:03d}")
    return Resolved(c.alpha_3, "country") if c is not None else None


def _alpha3(code: str) -> Resolved | None:
    up = code.upper()
    if up in WORLD_ALPHA:
        return Resolved(None, "world")
    if up in UNION_ALPHA:
        return Resolved(EU_CODE, "union")
    if len(up) == 3 and up.isalpha():  # ISO 3166, and the codes outside it tradedeal knows (XKX Kosovo)
        try:
            return Resolved(to_iso3(up), "country")
        except CountryCodeError:
            return None
    return None


def _name(name: str) -> Resolved | None:
    if name.strip().lower() in {"world", "all countries", "all partners"}:
        return Resolved(None, "world")
    if _UNALLOCATED_NAME.search(name):
        return Resolved(None, "unallocated")
    if name.strip().lower() in {"european union", "eu", "eu27", "eu-27", "eu28", "eu-28"}:
        return Resolved(EU_CODE, "union")
    try:
        iso3 = to_iso3(name)
    except CountryCodeError:
        return None
    return Resolved(iso3, "country") if iso3 else None


def resolve(code: str | None, name: str | None, scheme: str) -> Resolved:
    """Resolve one (code, name) pair; the code wins when both are given.

    ``scheme`` is ``'comtrade'``, ``'wits'`` or ``'iso'`` and selects the
    source's own numeric codes.
    """
    code = None if code is None or (isinstance(code, float) and np.isnan(code)) else str(code).strip()
    name = None if name is None or (isinstance(name, float) and np.isnan(name)) else str(name).strip()
    if code:
        num = code[:-2] if re.fullmatch(r"\d+\.0", code) else code
        if num.isdigit():
            hit = _numeric(int(num), scheme)
        else:
            hit = _alpha3(code)
            if hit is None and len(code) > 3:
                hit = _name(code)
        if hit is not None:
            return hit
        if name and _UNALLOCATED_NAME.search(name):
            return Resolved(None, "unallocated")
        label = f"'{code}'" + (f" ({name})" if name else "")
        return Resolved(None, "unknown", f"unknown country code {label}")
    if name:
        hit = _name(name)
        if hit is not None:
            return hit
        return Resolved(None, "unknown", f"unknown country name '{name}'")
    return Resolved(None, "unknown", "missing country")


def resolve_series(codes: pd.Series | None, names: pd.Series | None, scheme: str,
                   index: pd.Index) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Vectorised :func:`resolve` over a file's column(s), each distinct pair once.

    Returns (iso3, status, reason) aligned on ``index``.
    """
    c = codes if codes is not None else pd.Series(np.nan, index=index, dtype=object)
    n = names if names is not None else pd.Series(np.nan, index=index, dtype=object)
    joined = c.astype(object).fillna("\0").astype(str) + "\x1f" + n.astype(object).fillna("\0").astype(str)
    codes_idx, uniques = pd.factorize(joined, sort=False)
    hits = []
    for u in uniques:
        cv, nv = u.split("\x1f", 1)
        hits.append(resolve(None if cv == "\0" else cv, None if nv == "\0" else nv, scheme))
    iso3 = pd.Series(np.array([h.iso3 for h in hits], dtype=object)[codes_idx], index=index, dtype=object)
    status = pd.Series(np.array([h.status for h in hits], dtype=object)[codes_idx], index=index, dtype=object)
    reason = pd.Series(np.array([h.reason for h in hits], dtype=object)[codes_idx], index=index, dtype=object)
    return iso3, status, reason
