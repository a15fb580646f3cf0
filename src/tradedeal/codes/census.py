"""US Census Bureau country codes <-> ISO3, from the shipped ``census_countries.csv``.

The table merges the Budget Lab at Yale's Census code list and its ISO3
mapping (MIT licence); where their mapping is blank tradedeal fills in the
ISO3 (column ``iso3_from`` says which). Two Census codes share one ISO3
(Gaza Strip 5082 and West Bank 5083 are both PSE), so ISO3 -> Census is not
always unique: :func:`iso3_to_census` refuses those and :func:`census_codes`
lists them.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Any

from tradedeal import lazy
from tradedeal.errors import CountryCodeError

DATA_DIR = Path(__file__).resolve().parent / "data"
CENSUS_FILE = DATA_DIR / "census_countries.csv"
COLUMNS = ("census_code", "census_name", "iso3", "iso3_from")


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of one of the codes layer's CSV files ('#' lines are comments), as text."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@cache
def _table() -> tuple[dict[str, str], ...]:
    return tuple(read_table(CENSUS_FILE))


def census_table():
    """The shipped table as a DataFrame: ``census_code, census_name, iso3, iso3_from``."""
    return lazy.pandas().DataFrame(list(_table()), columns=list(COLUMNS))


@cache
def _to_iso3() -> dict[str, str]:
    return {r["census_code"]: r["iso3"] for r in _table()}


@cache
def _to_census() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in _table():
        out.setdefault(r["iso3"], []).append(r["census_code"])
    return {iso: tuple(sorted(v)) for iso, v in out.items()}


def _missing(code: Any) -> bool:
    return (code is None or isinstance(code, bool) or type(code).__name__ in ("NAType", "NaTType")
            or (isinstance(code, float) and code != code))


def _census_text(code: Any) -> str:
    if _missing(code):
        raise CountryCodeError(f"Census country code {code!r} is missing or not a code",
                               hint="give the 4-digit Census code as text, e.g. '1220'")
    text = str(int(code)) if isinstance(code, int | float) and float(code).is_integer() else str(code).strip()
    return re.sub(r"^(\d+)\.0$", r"\1", text)


def _is_series(x: Any) -> bool:
    return hasattr(x, "map") and hasattr(x, "dtype") and hasattr(x, "index")


def _series_text(values):
    if values.dtype.kind in "iuf":
        whole = values.where(values % 1 == 0)
        return whole.astype("Int64").astype("string")
    return values.astype("string").str.strip().str.replace(r"^(\d+)\.0$", r"\1", regex=True)


def _unknown(values, what: str, hint: str) -> CountryCodeError:
    bad = list(dict.fromkeys(values.dropna().astype(str)))
    shown = ", ".join(repr(b) for b in bad[:10])
    more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
    return CountryCodeError(f"{len(bad)} {what}: {shown}{more}", hint=hint)


def census_to_iso3(code: Any, *, strict: bool = True):
    """ISO3 of a US Census country code (``5330`` or ``'5330'``), or of a Series of them.

    For a Series, unknown codes raise (``strict``) or become ``<NA>``.
    """
    table = _to_iso3()
    hint = "Census codes are the 4-digit codes of census_table(); check the source column"
    if _is_series(code):
        out = _series_text(code).map(table).astype("string")
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


def iso3_to_census(iso3, *, strict: bool = True):
    """The Census code of an ISO3 code, or of a Series of them.

    Raises where the ISO3 code has no Census code or several (use
    :func:`census_codes`); for a Series with ``strict=False`` those become ``<NA>``.
    """
    if _is_series(iso3):
        unique = {k: v[0] for k, v in _to_census().items() if len(v) == 1}
        out = iso3.astype("string").str.strip().str.upper().map(unique).astype("string")
        if strict and (out.isna() & iso3.notna()).any():
            raise _unknown(iso3[out.isna() & iso3.notna()], "ISO3 code(s) without a single Census code",
                           "convert names with to_iso3() first; PSE has two Census codes (census_codes('PSE'))")
        return out.rename(iso3.name)
    found = census_codes(iso3)
    if len(found) > 1:
        raise CountryCodeError(f"{iso3!r} has several Census codes: {', '.join(found)}",
                               hint="pick one, or use census_codes() to get them all")
    return found[0]
