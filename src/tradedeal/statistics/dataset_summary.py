"""Coverage and sanity figures of any shipped dataset, derived from its columns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradedeal import datasets
from tradedeal.datasets.catalogue import DatasetInfo

MONEY_SUFFIXES = ("_usd", "_usd_mn", "_usd_bn")
PERIOD_COLUMNS = ("year", "fiscal_year")
KIND_COLUMNS = ("series", "source_id", "flow_view", "flow", "destination", "hs_level")  # what a row measures


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


def sanity_figures(frame: pd.DataFrame, shown: int = 6) -> tuple[tuple[str, str], ...]:
    """Totals of money columns by period and by what a row measures (series, flow, source,
    HS level...), so that no figure adds rows of different kinds; a column that repeats one
    value on every row of a group (a total copied onto each row) is shown, not summed."""
    figures: list[tuple[str, str]] = []
    money = [c for c in frame.columns if c.endswith(MONEY_SUFFIXES) and frame[c].dtype.kind in "iuf"]
    keys = [c for c in (*PERIOD_COLUMNS, *KIND_COLUMNS) if c in frame.columns]
    for col in money:
        unit = {"_usd": 1e9, "_usd_mn": 1e3, "_usd_bn": 1.0}[next(s for s in MONEY_SUFFIXES[::-1] if col.endswith(s))]
        g = frame.groupby(keys, dropna=False)[col] if keys else None
        if g is None or g.ngroups == 1:  # one kind of row in one period: the plain total
            figures.append((f"sum of {col}", f"USD {frame[col].sum() / unit:,.3f} bn"))
            continue
        repeated = bool((g.nunique() <= 1).all()) and len(frame) > g.ngroups
        values = g.first() if repeated else g.sum()
        for key, v in values.tail(shown).items():
            where = ", ".join(f"{k} {_label(x)}" for k, x in zip(keys, key if isinstance(key, tuple) else (key,))
                              if not pd.isna(x))
            figures.append((f"{'value' if repeated else 'sum'} of {col}, {where}", f"USD {v / unit:,.3f} bn"))
    return tuple(figures)


def _label(x) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def summarize(name: str) -> DatasetSummary:
    info = datasets.info(name)
    frame = datasets.load(name)
    if not isinstance(frame, pd.DataFrame):  # e.g. a parsed parameter file
        frame = pd.DataFrame()
    return DatasetSummary(info=info, columns=column_table(frame, dict(info.columns)),
                          figures=sanity_figures(frame))
