"""Vectorised field checks shared by every parser.

Each check takes a column of strings and returns the cleaned column plus a
column of reasons (``None`` where the value is good), so a parser can report
every bad row of a file at once, each with its line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradedeal.errors import RowProblem

YEAR_MIN, YEAR_MAX = 1988, 2100
HS_MAX_DIGITS = 12


class Problems:
    """Collects :class:`RowProblem` items; :meth:`sorted` orders them by line."""

    def __init__(self) -> None:
        self._items: list[RowProblem] = []

    def add(self, lines: Iterable[int], field: str, reasons: Iterable[str]) -> None:
        for line, reason in zip(lines, reasons):
            self._items.append(RowProblem(int(line), field, str(reason)))

    def add_masked(self, lines: np.ndarray, field: str, reasons: pd.Series,
                   within: np.ndarray | None = None) -> None:
        """Add the rows whose reason is not None (optionally only rows in ``within``)."""
        bad = reasons.notna().to_numpy()
        if within is not None:
            bad &= within
        if bad.any():
            self.add(lines[bad], field, reasons.to_numpy()[bad])

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[RowProblem]:
        return sorted(self._items, key=lambda p: (p.line, p.field))


def _reasons(index: pd.Index, mask: np.ndarray, make) -> pd.Series:
    out = pd.Series(None, index=index, dtype=object)
    if mask.any():
        out[mask] = [make(i) for i in np.flatnonzero(mask)]
    return out


_FLOAT_ARTEFACT = re.compile(r"^\d+\.0$")


def hs_codes(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Normalise HS codes: strip spaces and dots, restore a lost leading zero.

    ``'8711.50'`` -> ``'871150'``; ``'80810'`` -> ``'080810'`` (padded to an
    even length); ``'80810.0'`` (a code that went through a float) ->
    ``'080810'``. Good codes have 2 to 12 digits and a chapter 01 to 99.
    """
    values = raw.astype(object)
    present = values.notna().to_numpy()
    text = values.where(present, "").astype(str)
    text = text.where(~text.str.match(_FLOAT_ARTEFACT), text.str[:-2])
    digits = text.str.replace(r"[\s.]", "", regex=True)
    is_digits = digits.str.fullmatch(r"\d+").fillna(False).to_numpy()
    padded = digits.where(digits.str.len() % 2 == 0, "0" + digits)
    length = padded.str.len().to_numpy()
    chapter = pd.to_numeric(padded.str[:2].where(is_digits, None), errors="coerce").to_numpy()
    ok_len = (length >= 2) & (length <= HS_MAX_DIGITS)
    ok_chapter = (chapter >= 1) & (chapter <= 99)
    good = present & is_digits & ok_len & ok_chapter
    raw_values = values.to_numpy()

    def reason(i: int) -> str:
        v = raw_values[i]
        if not present[i]:
            return "missing HS code"
        if not is_digits[i]:
            return f"HS code '{v}' has characters other than digits, dots and spaces"
        if not ok_len[i]:
            return (f"HS code '{v}' has {len(digits.iat[i])} digits; "
                    f"expected 2 to {HS_MAX_DIGITS} (HS2, HS4, HS6 or a national 8/10-digit line)")
        return f"HS code '{v}' has no HS chapter {padded.iat[i][:2]} (chapters are 01 to 99)"

    cleaned = padded.where(good, None)
    return cleaned, _reasons(raw.index, ~good, reason)


def years(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Integer years between 1988 and 2100 (``'2024'``, ``'2024.0'``)."""
    present = raw.notna().to_numpy()
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    integral = np.isfinite(num) & (np.mod(num, 1) == 0)
    good = present & integral & (num >= YEAR_MIN) & (num <= YEAR_MAX)
    raw_values = raw.to_numpy()

    def reason(i: int) -> str:
        if not present[i]:
            return "missing year"
        if not integral[i]:
            return f"year '{raw_values[i]}' is not a whole number"
        return f"year {int(num[i])} is outside {YEAR_MIN}-{YEAR_MAX}"

    out = pd.Series(np.where(good, num, np.nan), index=raw.index).astype("Int64")
    return out, _reasons(raw.index, ~good, reason)


def amounts(raw: pd.Series, what: str, *, required: bool = True) -> tuple[pd.Series, pd.Series]:
    """Non-negative finite numbers. ``what`` names the quantity in messages.

    A missing value is a problem when ``required``, else NaN.
    """
    present = raw.notna().to_numpy()
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    numeric = ~np.isnan(num)
    finite = np.isfinite(num)
    good = (present & finite & (num >= 0)) | (~present & (not required))
    raw_values = raw.to_numpy()

    def reason(i: int) -> str:
        if not present[i]:
            return f"missing {what}"
        if not numeric[i]:
            return f"{what} '{raw_values[i]}' is not a number"
        if not finite[i]:
            return f"{what} '{raw_values[i]}' is not a finite number"
        return f"{what} {raw_values[i]} is negative"

    out = pd.Series(np.where(good & present, num, np.nan), index=raw.index)
    return out, _reasons(raw.index, ~good, reason)


def optional_number(raw: pd.Series | None, index: pd.Index) -> pd.Series:
    """A lenient numeric column for optional fields: bad or missing -> NaN."""
    if raw is None:
        return pd.Series(np.nan, index=index)
    num = pd.to_numeric(raw, errors="coerce")
    return num.where(np.isfinite(num.to_numpy(dtype=float)))


def duplicate_keys(frame: pd.DataFrame, key: list[str], lines: np.ndarray,
                   rows: np.ndarray) -> pd.Series:
    """Reason for each row (among ``rows``) whose key repeats an earlier row's."""
    reasons = pd.Series(None, index=frame.index, dtype=object)
    sub = frame.loc[rows, key]
    if sub.empty:
        return reasons
    keyed = sub.astype(str).agg("|".join, axis=1)
    dup = keyed.duplicated(keep="first")
    if dup.any():
        first_line = dict(zip(keyed[~dup], lines[rows][~dup.to_numpy()]))
        names = ", ".join(key)
        for idx in keyed.index[dup.to_numpy()]:
            reasons.at[idx] = f"same {names} as line {first_line[keyed.at[idx]]}"
    return reasons


def text(raw: pd.Series | None, index: pd.Index) -> pd.Series:
    """A string column (NaN for missing), or all-NaN when the column is absent."""
    if raw is None:
        return pd.Series(np.nan, index=index, dtype=object)
    return raw.astype(object)


def country_problems(problems: "Problems", lines: np.ndarray, live: np.ndarray,
                     reporter: tuple[str, pd.Series, pd.Series], partner: tuple[str, pd.Series, pd.Series]) -> None:
    """Flag unknown reporters and partners, and reporters that are not a country (World,
    unallocated); each side is (header, status, reason) from ``_countries.resolve_series``."""
    (rep_field, rep_status, rep_reason), (par_field, par_status, par_reason) = reporter, partner
    rep_bad = pd.Series(np.where(rep_status == "unknown", rep_reason,
                                 np.where(rep_status.isin(["world", "unallocated"]),
                                          "the reporter is not a country", None)), index=rep_status.index)
    problems.add_masked(lines, rep_field, rep_bad, live)
    par_bad = pd.Series(np.where(par_status == "unknown", par_reason, None), index=par_status.index)
    problems.add_masked(lines, par_field, par_bad, live)
