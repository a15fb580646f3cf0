"""US Census Bureau country codes <-> ISO3, from the shipped ``census_countries.csv``.

The table merges the Budget Lab at Yale's Census code list and its ISO3
mapping (MIT licence); where their mapping is blank tradedeal fills in the
ISO3 (column ``iso3_from`` says which). Two Census codes share one ISO3
(Gaza Strip 5082 and West Bank 5083 are both PSE), so ISO3 -> Census is not
always unique: :func:`iso3_to_census` refuses those and :func:`census_codes`
lists them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from tradedeal.codes._vector import map_distinct
from tradedeal.errors import CountryCodeError

DATA_DIR = Path(__file__).resolve().parent / "data"
CENSUS_FILE = DATA_DIR / "census_countries.csv"


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(CENSUS_FILE, comment="#", dtype=str, keep_default_na=False)


def census_table() -> pd.DataFrame:
    """The shipped table: ``census_code, census_name, iso3, iso3_from`` (a copy)."""
    return _table().copy()


@cache
def _to_iso3() -> dict[str, str]:
    t = _table()
    return dict(zip(t["census_code"], t["iso3"], strict=True))


@cache
def _to_census() -> dict[str, tuple[str, ...]]:
    t = _table()
    return {iso: tuple(sorted(g)) for iso, g in t.groupby("iso3")["census_code"]}


def _census_text(code: Any) -> str:
    if isinstance(code, bool) or code is None or code is pd.NA or (isinstance(code, float) and code != code):
        raise CountryCodeError(f"Census country code {code!r} is missing or not a code",
                               hint="give the 4-digit Census code as text, e.g. '1220'")
    text = str(int(code)) if isinstance(code, int | float) and float(code).is_integer() else str(code).strip()
    return re.sub(r"^(\d+)\.0$", r"\1", text)


def _series_text(values: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        whole = values.where(values % 1 == 0)
        return whole.astype("Int64").astype("string")
    return values.astype("string").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)


def _unknown(values: pd.Series, what: str, hint: str) -> CountryCodeError:
    bad = pd.unique(values.dropna().astype(str))
    shown = ", ".join(repr(b) for b in bad[:10])
    more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
    return CountryCodeError(f"{len(bad)} {what}: {shown}{more}", hint=hint)


def census_to_iso3(code: Any, *, strict: bool = True) -> str | pd.Series:
    """ISO3 of a US Census country code (``5330`` or ``'5330'``), or of a Series of them.

    For a Series, unknown codes raise (``strict``) or become ``<NA>``.
    """
    table = _to_iso3()
    hint = "Census codes are the 4-digit codes of census_table(); check the source column"
    if isinstance(code, pd.Series):
        out = map_distinct(code, lambda distinct: _series_text(distinct).map(table))
        if strict and (out.isna() & code.notna()).any():
            raise _unknown(code[out.isna() & code.notna()], "unknown Census country code(s)", hint)
        return out.rename(code.name)
    text = _census_text(code)
    if text not in table:
        raise CountryCodeError(f"unknown Census country code {code!r}", hint=hint)
    return table[text]


def census_codes(iso3: str) -> tuple[str, ...]:
    """All Census codes of an ISO3 code (usually one; PSE has two)."""
    key = str(iso3).strip().upper()
    found = _to_census().get(key)
    if not found:
        raise CountryCodeError(f"no Census country code for {iso3!r}",
                               hint="pass an ISO3 code (to_iso3() converts names); see census_table()")
    return found


def iso3_to_census(iso3: str | pd.Series, *, strict: bool = True) -> str | pd.Series:
    """The Census code of an ISO3 code, or of a Series of them.

    Raises where the ISO3 code has no Census code or several (use
    :func:`census_codes`); for a Series with ``strict=False`` those become ``<NA>``.
    """
    if isinstance(iso3, pd.Series):
        unique = {k: v[0] for k, v in _to_census().items() if len(v) == 1}
        out = map_distinct(iso3, lambda d: d.astype("string").str.strip().str.upper().map(unique))
        if strict and (out.isna() & iso3.notna()).any():
            raise _unknown(iso3[out.isna() & iso3.notna()], "ISO3 code(s) without a single Census code",
                           "convert names with to_iso3() first; PSE has two Census codes (census_codes('PSE'))")
        return out.rename(iso3.name)
    found = census_codes(iso3)
    if len(found) > 1:
        raise CountryCodeError(f"{iso3!r} has several Census codes: {', '.join(found)}",
                               hint="pick one, or use census_codes() to get them all")
    return found[0]
