"""Vectorised field checks shared by every parser.

Each check takes a column of strings and returns the cleaned column plus a
column of reasons (``None`` where the value is good), so a parser can report
every bad row of a file at once, each with its line and field.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tradedeal.codes.hs import normalize
from tradedeal.codes.hs_series import normalize_series
from tradedeal.errors import HSCodeError, RowProblem
from tradedeal.store.schema import YEAR_MAX, YEAR_MIN

FLOW_CODES = {"1": "M", "2": "X", "3": "RX", "4": "RM"}  # UN numeric trade-flow codes (Comtrade legacy, WITS)


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


def hs_codes(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """HS codes normalised by :func:`tradedeal.codes.hs_series.normalize_series` (dots and spaces
    dropped, a lost leading zero restored, a float's '.0' removed), with the reason for each
    row it refuses (the :func:`~tradedeal.codes.hs.normalize` message of that value)."""

    codes, invalid = normalize_series(raw)
    bad = invalid.to_numpy()
    why: dict = {}
    for v in pd.unique(raw[bad].astype(object)):
        try:
            normalize(v)
            why[v] = f"HS code '{v}' is not valid"
        except HSCodeError as e:
            why[v] = e.message
    reasons = pd.Series(None, index=raw.index, dtype=object)
    if bad.any():
        missing = raw.isna().to_numpy()
        reasons[bad & missing] = "missing HS code"
        reasons[bad & ~missing] = raw[bad & ~missing].astype(object).map(why).to_numpy()
    return codes.astype(object).where(~bad, None), reasons


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
    group = sub.astype(str).groupby(key, sort=False).ngroup().to_numpy()  # one id per distinct key
    dup = pd.Series(group).duplicated(keep="first").to_numpy()
    if dup.any():
        row_lines = lines[rows]
        first = np.zeros(group.max() + 1, dtype=row_lines.dtype)
        first[group[~dup]] = row_lines[~dup]
        names = ", ".join(key)
        reasons[sub.index[dup]] = [f"same {names} as line {n}" for n in first[group[dup]]]
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
