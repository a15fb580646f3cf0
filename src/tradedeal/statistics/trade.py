"""Bilateral trade by product: ``trade_table(importer, exporter, year, by)``.

The numbers come from :func:`tradedeal.statistics.trade_sources.bilateral_lines` (user data
first, then shipped data); aggregation is a pure function of those lines (NumPy, no pandas),
and the result carries the source, every approximation and the total as a figure.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from tradedeal.codes.groups import groups, members
from tradedeal.codes.hs import LEVELS as HS_LEVELS
from tradedeal.codes.hs import describe
from tradedeal.codes.national import descriptions
from tradedeal.errors import HSCodeError, QueryError
from tradedeal.options import Source, TradeBy, check
from tradedeal.statistics.trade_sources import Lines, bilateral_lines
from tradedeal.tables import Figure, Records, TableResult

LEVELS = {f"hs{n}": n for n in HS_LEVELS}
NO_GROUP = "(none of the groups)"


def _ranked(keys: list[str], values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Sums by key, sorted by value (largest first), then key."""
    uniq, inv = np.unique(np.array(keys, dtype=object).astype(str), return_inverse=True)
    sums = np.bincount(inv, weights=values, minlength=len(uniq))
    order = sorted(range(len(uniq)), key=lambda i: (-sums[i], uniq[i]))
    return [str(uniq[i]) for i in order], sums[order]


def aggregate_by_level(codes: np.ndarray, values: np.ndarray, digits: int) -> tuple[list[str], np.ndarray]:
    """Sum ``values`` by the first ``digits`` of ``codes``; sorted by value."""
    return _ranked([str(c)[:digits] for c in codes], values)


def aggregate_by_group(codes: np.ndarray, values: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Sum ``values`` by product group; a line may count in several groups."""
    of: dict[str, list[str]] = {}
    for code, group in members(dict.fromkeys(codes.tolist())):
        of.setdefault(code, []).append(group)
    keys, vals = [], []
    for c, v in zip(codes.tolist(), values.tolist()):
        for g in of.get(c, [NO_GROUP]):
            keys.append(g)
            vals.append(v)
    return _ranked(keys, np.array(vals, float))


def describe_codes(codes: Iterable[str], by: str, schedules: tuple[str, ...] = ()) -> list[str]:
    """Descriptions: group labels, national schedule texts (HS8/HS10), else WCO HS 2022."""
    codes = list(codes)
    if by == "group":
        labels = {k: g.label for k, g in groups().items()}
        return [labels.get(c, c) for c in codes]
    national: dict[str, str] = {}
    if any(len(c) >= 4 for c in codes):  # national schedules have no chapter (HS2) rows
        for country in reversed(schedules):  # the first schedule wins
            national.update(descriptions(country))
    return [_short(national.get(c)) or _safe_describe(c) for c in codes]


def _describe(codes, by: str, schedules: tuple[str, ...] = ()):
    """:func:`describe_codes` over a pandas Series, as a Series with its index."""
    return codes.__class__(describe_codes(codes.astype(str), by, schedules), index=codes.index)


def _short(text: str | None, parts: int = 3) -> str:
    """The last ``parts`` levels of a nested national description."""
    if not text:
        return ""
    return ": ".join(text.split(": ")[-parts:])


def _safe_describe(code: str) -> str:
    try:
        return describe(code).text
    except HSCodeError:  # a national code unknown to the WCO nomenclature: show no text
        return ""


def trade_table(importer: str, exporter: str, year: int = 2024, by: TradeBy = "hs2",
                lines: Lines | None = None, source: Source = "auto") -> TableResult:
    """Trade from ``exporter`` to ``importer`` in ``year`` aggregated ``by`` an HS level or group."""
    check(by, TradeBy, "--by")
    lines = lines or bilateral_lines(importer, exporter, year, source)
    notes: list[str] = list(lines.notes)
    if by == "group":
        keys, values = aggregate_by_group(lines.codes, lines.values)
        notes.append("product groups overlap (a line can count in several), so group rows do not add up "
                     "to the total; group scopes and their sources: tradedeal/codes/data/product_groups.toml")
        if lines.level < 10:
            notes.append(f"group membership judged at HS{lines.level}, the finest level of the data")
    else:
        digits = LEVELS[by]
        if digits > lines.level:
            raise QueryError(
                f"the data for {exporter} -> {importer} ({lines.provenance.dataset}) goes down to "
                f"HS{lines.level} only, not {by}",
                f"use --by hs{lines.level} or coarser, or import finer data with `tradedeal data import`",
            )
        keys, values = aggregate_by_level(lines.codes, lines.values, digits)
    total = lines.total
    texts = describe_codes(keys, by, (importer, exporter))
    rows = tuple((i + 1, k, t, float(v), 100.0 * float(v) / total if total else 0.0)
                 for i, (k, t, v) in enumerate(zip(keys, texts, values)))
    notes.insert(0, f"total {exporter} -> {importer} {year}: USD {total:,.0f}")
    return TableResult(
        title=f"Trade {exporter} -> {importer}, {year}, by {by}",
        _frame=Records(("rank", "code", "description", "value_usd", "share_pct"), rows),
        units={"value_usd": "USD (current)", "share_pct": "% of the pair's total"},
        provenance=(lines.provenance,),
        notes=tuple(notes),
        figures=(Figure("total_usd", total, "USD (current)", about=f"{exporter} -> {importer} {year}"),),
    )
