"""Bilateral trade by product: ``trade_table(importer, exporter, year, by)``.

The numbers come from :func:`tradedeal.statistics.trade_sources.bilateral_lines`
(user data first, then shipped data); aggregation is a pure function of those
lines, and the result carries the source and every approximation.
"""

from __future__ import annotations

import pandas as pd

from tradedeal.codes.hs import LEVELS as HS_LEVELS
from tradedeal.errors import HSCodeError, QueryError
from tradedeal.results.frames import TableResult
from tradedeal.statistics.trade_sources import Lines, bilateral_lines

LEVELS = {f"hs{n}": n for n in HS_LEVELS}
BY_CHOICES = (*LEVELS, "group")
NO_GROUP = "(none of the groups)"


def aggregate_by_level(lines: pd.DataFrame, digits: int) -> pd.DataFrame:
    """Sum ``value_usd`` by the first ``digits`` of ``hs_code``; sorted by value."""
    key = lines["hs_code"].str.slice(0, digits)
    out = lines.groupby(key, sort=False)["value_usd"].sum().rename_axis("code").reset_index()
    return out.sort_values(["value_usd", "code"], ascending=[False, True], ignore_index=True)


def aggregate_by_group(lines: pd.DataFrame) -> pd.DataFrame:
    """Sum ``value_usd`` by product group; a line may count in several groups."""
    from tradedeal.codes.groups import membership

    codes = lines["hs_code"].drop_duplicates()
    member = membership(codes)  # tidy: code, group
    merged = lines.merge(member, left_on="hs_code", right_on="code", how="left")
    merged["group"] = merged["group"].fillna(NO_GROUP)
    out = merged.groupby("group", sort=False)["value_usd"].sum().rename_axis("code").reset_index()
    return out.sort_values(["value_usd", "code"], ascending=[False, True], ignore_index=True)


def _describe(codes: pd.Series, by: str, schedules: tuple[str, ...] = ()) -> pd.Series:
    """Descriptions: group labels, national schedule texts (HS8/HS10), else WCO HS 2022."""
    if by == "group":
        from tradedeal.codes.groups import groups

        labels = {k: g.label for k, g in groups().items()}
        return codes.map(lambda c: labels.get(c, c))
    from tradedeal.codes.hs import describe
    from tradedeal.codes.national import descriptions

    national: dict[str, str] = {}
    for country in reversed(schedules):  # the first schedule wins
        national.update(descriptions(country))
    return codes.map(lambda c: _short(national.get(c)) or _safe_describe(describe, c))


def _short(text: str | None, parts: int = 3) -> str:
    """The last ``parts`` levels of a nested national description."""
    if not text:
        return ""
    return ": ".join(text.split(": ")[-parts:])


def _safe_describe(describe, code: str) -> str:
    try:
        return describe(code).text
    except HSCodeError:  # a national code unknown to the WCO nomenclature: show no text
        return ""


def trade_table(importer: str, exporter: str, year: int = 2024, by: str = "hs2",
                lines: Lines | None = None, source: str = "auto") -> TableResult:
    """Trade from ``exporter`` to ``importer`` in ``year`` aggregated ``by`` an HS level or group."""
    if by not in BY_CHOICES:
        raise QueryError(f"unknown --by '{by}'", f"use one of {', '.join(BY_CHOICES)}")
    lines = lines or bilateral_lines(importer, exporter, year, source)
    notes: list[str] = list(lines.notes)
    if by == "group":
        table = aggregate_by_group(lines.frame)
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
        table = aggregate_by_level(lines.frame, digits)
    total = float(lines.frame["value_usd"].sum())
    table["description"] = _describe(table["code"], by, (importer, exporter))
    table["share_pct"] = 100.0 * table["value_usd"] / total if total else 0.0
    table.insert(0, "rank", range(1, len(table) + 1))
    table = table[["rank", "code", "description", "value_usd", "share_pct"]]
    notes.insert(0, f"total {exporter} -> {importer} {year}: USD {total:,.0f}")
    return TableResult(
        title=f"Trade {exporter} -> {importer}, {year}, by {by}",
        _frame=table,
        units={"value_usd": "USD (current)", "share_pct": "% of the pair's total"},
        provenance=(lines.provenance,),
        notes=tuple(notes),
    )
