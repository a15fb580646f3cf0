"""Coverage and sanity figures of any shipped dataset, derived from its columns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradedeal import datasets
from tradedeal.datasets._registry import DatasetInfo

MONEY_SUFFIXES = ("_usd", "_usd_mn", "_usd_bn")


@dataclass(frozen=True)
class DatasetSummary:
    info: DatasetInfo
    columns: pd.DataFrame  # column, meaning, dtype, distinct, coverage
    figures: tuple[tuple[str, str], ...]


def _coverage(s: pd.Series) -> str:
    s = s.dropna()
    if s.empty:
        return "all missing"
    if s.dtype.kind in "iuf":
        return f"{s.min():,.6g} .. {s.max():,.6g}"
    values = s.astype(str)
    uniq = values.unique()
    if len(uniq) <= 6:
        return ", ".join(sorted(uniq))
    lengths = values.str.len()
    width = f"; widths {lengths.min()}-{lengths.max()}" if lengths.min() != lengths.max() else f"; width {lengths.min()}"
    return f"{min(uniq)} .. {max(uniq)}{width}"


def column_table(frame: pd.DataFrame, meanings: dict[str, str]) -> pd.DataFrame:
    rows = [
        {"column": c, "meaning": meanings.get(c, ""), "dtype": str(frame[c].dtype),
         "distinct": int(frame[c].nunique()), "coverage": _coverage(frame[c])}
        for c in frame.columns
    ]
    return pd.DataFrame(rows, columns=["column", "meaning", "dtype", "distinct", "coverage"])


def sanity_figures(frame: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """Totals of money columns, overall and by year when there is a year column."""
    figures: list[tuple[str, str]] = []
    money = [c for c in frame.columns if c.endswith(MONEY_SUFFIXES) and frame[c].dtype.kind in "iuf"]
    period = next((c for c in ("year", "fiscal_year") if c in frame.columns), None)
    for col in money:
        unit = {"_usd": 1e9, "_usd_mn": 1e3, "_usd_bn": 1.0}[next(s for s in MONEY_SUFFIXES[::-1] if col.endswith(s))]
        if period and frame[period].nunique() > 1:
            by = frame.groupby(period)[col].sum()
            for p, v in by.tail(5).items():
                figures.append((f"sum of {col}, {period} {p}", f"USD {v / unit:,.3f} bn"))
        else:
            figures.append((f"sum of {col}", f"USD {frame[col].sum() / unit:,.3f} bn"))
    return tuple(figures)


def summarize(name: str) -> DatasetSummary:
    info = datasets.info(name)
    frame = datasets.load(name)
    if not isinstance(frame, pd.DataFrame):  # e.g. a parsed parameter file
        frame = pd.DataFrame()
    return DatasetSummary(info=info, columns=column_table(frame, info.columns),
                          figures=sanity_figures(frame))
