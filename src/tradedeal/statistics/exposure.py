"""How much trade is exposed to each duty rate on a date: ``exposure(importer, exporter, on)``.

Weights are the pair's trade in the data year (2024 by default); the duty is the one the
regime charges on the date. Nothing here models a response of trade to the duty: the
"duty at 2024 trade" figure is a static exposure measure, not a revenue forecast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal.codes.groups import membership
from tradedeal.options import ExposureBy, Source, check, choices
from tradedeal.regime.api import as_date, compiled, covered, verified_note
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.statistics.tariffed_trade import rate_lines, tariffed, unrated_note
from tradedeal.statistics.trade import _describe
from tradedeal.statistics.trade_sources import bilateral_lines
from tradedeal.tables import Figure, Provenance, TableResult

BY_CHOICES = choices(ExposureBy)
# additional duty (on top of MFN) bands: label, lower bound (exclusive unless 0), upper (inclusive)
BANDS = (("0% (base tariff only)", -np.inf, 0.0), ("up to 10%", 0.0, 10.0), ("10% to 25%", 10.0, 25.0),
         ("25% to 50%", 25.0, 49.999), ("50% or more", 49.999, np.inf))


def band_of(additional: pd.Series) -> pd.Series:
    """The band label of each additional-duty rate (percentage points over MFN)."""
    a = additional.fillna(0).round(6)
    conds = [(a > lo) & (a <= hi) if np.isfinite(lo) else a <= hi for _, lo, hi in BANDS]
    return pd.Series(np.select(conds, [b[0] for b in BANDS], default=BANDS[-1][0]), index=additional.index)


def _weighted(frame: pd.DataFrame, col: str) -> float:
    w = frame["value_usd"]
    return float((frame[col] * w).sum() / w.sum()) if w.sum() else float("nan")


def summarize(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Trade value, share, lines and trade-weighted duties by ``key`` (pure)."""
    total = frame["value_usd"].sum()
    g = frame.assign(_k=key.to_numpy(), _d=frame["duty_pct"] * frame["value_usd"],
                     _a=frame["additional_pct"] * frame["value_usd"])
    out = g.groupby("_k", sort=False).agg(lines=("hs_code", "size"), value_usd=("value_usd", "sum"),
                                          _d=("_d", "sum"), _a=("_a", "sum"))
    out["share_pct"] = 100 * out["value_usd"] / total if total else 0.0
    out["avg_duty_pct"] = out["_d"] / out["value_usd"]
    out["avg_additional_pct"] = out["_a"] / out["value_usd"]
    out["duty_usd_at_trade"] = out["_d"] / 100
    return out.drop(columns=["_d", "_a"]).rename_axis("code").reset_index()


@dataclass(frozen=True)
class Exposure:
    """The summary table and the top lines."""

    summary: TableResult
    top_lines: TableResult


def exposure(importer: str, exporter: str, on, by: str = "band", year: int = 2024, top: int = 20,
             source: str = "auto", c: Compiled | None = None) -> Exposure:
    check(by, ExposureBy, "--by")
    check(source, Source, "--source")
    c = c or compiled(importer)
    d = covered(c, as_date(on))
    lines = bilateral_lines(importer, exporter, year, source)
    pairs, coarse_note = rate_lines(c, lines.frame["hs_code"])
    frame = tariffed(c, exporter, d, lines.frame, pairs)
    unrated = frame["duty_pct"].isna()
    notes: list[str] = list(lines.notes)
    if unrated.any():
        notes.append(unrated_note(frame[unrated], importer))
    rated = frame[~unrated]
    if by == "band":
        key = band_of(rated["additional_pct"])
        table = summarize(rated, key)
        table["code"] = pd.Categorical(table["code"], [b[0] for b in BANDS], ordered=True)
        table = table.sort_values("code").reset_index(drop=True)
        table["code"] = table["code"].astype(str)
        table = table.rename(columns={"code": "additional_duty_band"})
    elif by == "group":
        member = membership(rated["hs_code"])
        joined = rated.merge(member, left_on="hs_code", right_on="code", how="left")
        joined["group"] = joined["group"].fillna("(none of the groups)")
        table = summarize(joined, joined["group"]).sort_values("value_usd", ascending=False)
        table.insert(1, "description", _describe(table["code"], "group"))
        notes.append("product groups overlap: group rows do not add up to the total")
    else:
        digits = int(by[2:])
        key = rated["hs_code"].str.slice(0, digits)
        table = summarize(rated, key).sort_values("value_usd", ascending=False)
        table.insert(1, "description", _describe(table["code"], by, (importer, exporter)))
    total_value = float(rated["value_usd"].sum())
    avg, base, extra = (_weighted(rated, c) for c in ("duty_pct", "base_pct", "additional_pct"))
    notes.insert(0, f"{exporter} -> {importer}, {year} trade USD {total_value:,.0f}: trade-weighted "
                    f"average duty {avg:.2f}% (base tariff {base:.2f}%, additional {extra:.2f} points) on {d}")
    about = f"{exporter} -> {importer}, {year} trade, duties on {d}"
    figures = (Figure("trade_usd", total_value, "USD", about=about),
               Figure("avg_duty_pct", avg, "% ad valorem, weighted by trade", about=about),
               Figure("avg_base_pct", base, "% ad valorem, weighted by trade", about=about),
               Figure("avg_additional_pct", extra, "percentage points over the base tariff", about=about),
               Figure("duty_usd_at_trade", float((rated["duty_pct"] * rated["value_usd"]).sum() / 100), "USD",
                      about=about + " (rate x data-year trade: an exposure measure, not a revenue forecast)"))
    notes.append("duty_usd_at_trade = rate x trade value of the data year, with no change in trade: "
                 "an exposure measure, not a revenue forecast")
    warn = verified_note(c, d)
    if warn:
        notes.insert(0, warn)
    used = _measures_used(c, exporter, d, pairs)
    approx = "; ".join(([coarse_note] if coarse_note else []) + c.approximations_for(used))
    prov = (lines.provenance, Provenance(f"regime {c.header.id}", c.header.source, approx))
    units = {"value_usd": "USD", "share_pct": "% of the pair's trade", "avg_duty_pct": "% ad valorem (trade-weighted)",
             "avg_additional_pct": "percentage points over the base tariff", "duty_usd_at_trade": "USD"}
    summary = TableResult(title=f"Exposure of {exporter} -> {importer} trade ({year}) to duties on {d}, by {by}",
                          _frame=table.reset_index(drop=True), units=units, provenance=prov, notes=tuple(notes),
                          figures=figures)
    topf = rated.sort_values("value_usd", ascending=False).head(top).copy()
    topf["description"] = _describe(topf["hs_code"], "hs10", (importer, exporter))
    topf["band"] = band_of(topf["additional_pct"])
    topf = topf[["hs_code", "description", "value_usd", "duty_pct", "base_pct", "additional_pct", "band"]]
    top_lines = TableResult(title=f"Top {top} lines of {exporter} -> {importer} ({year}) and their duty on {d}",
                            _frame=topf.rename(columns={"hs_code": "code"}).reset_index(drop=True),
                            units={"value_usd": "USD", "duty_pct": "% ad valorem", "base_pct": "% ad valorem (MFN or applied base tariff)",
                                   "additional_pct": "percentage points"}, provenance=prov)
    return Exposure(summary, top_lines)


def _measures_used(c: Compiled, exporter: str, d, pairs: pd.DataFrame) -> list[str]:
    st = stack(c, exporter, day(d), np.unique(pairs["idx"].to_numpy().astype(int)))
    ids = np.unique(st.applied[st.applied >= 0])
    ex = np.unique(st.exempt[st.exempt >= 0])
    return [c.measures[int(i)].id for i in np.union1d(ids, ex)]
