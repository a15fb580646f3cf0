"""Checks a sceptical reader would make of a scenario's numbers, run on every result: each
finding is a warning sentence that names the lines and the reason, never a silent pass.

- shares: every supplier's sales stay >= 0 and its share of a product's landed expenditure in [0, 1];
- collapse: a supplier whose sales of a line fall to near zero (below :data:`COLLAPSE` of what it
  sold, from at least :data:`MATERIAL` USD) is listed with its tariff change and elasticity;
- revenue: a tariff cut on a supplier that raises the revenue collected on its goods in a line is
  listed with the cause (purchases added, or the volume response outgrowing the rate cut);
- growth: the pair's trade more than doubling is said, with what drives it.

Pure: frames in, sentences out (the results keep them in ``warnings``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLLAPSE = 0.01        # sales below 1% of the reference count as collapsed
MATERIAL = 1e6         # USD: smaller lines are not reported one by one
SHARE_TOL = 1e-9
SHOWN = 5              # lines named per finding


def check(result) -> list[str]:
    """Every finding on a :class:`~tradedeal.results.scenario.ScenarioResult` (and its baseline)."""
    out = shares(result.lines)
    out += collapse(result.lines, "value0_usd", "against the data year")
    out += revenue_on_cuts(result.lines, "t0_pct", "revenue0_usd", "value0_usd", "against the data year")
    if result.baseline is not None and not result.changes_nothing:
        deal = paired(result.lines, result.baseline.lines)
        out += collapse(deal, "base_value1_usd", "against the baseline (the deal)")
        out += revenue_on_cuts(deal, "base_t1_pct", "base_revenue1_usd", "base_value1_usd",
                               "against the baseline (the deal)")
    out += growth(result)
    return out


def paired(lines: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The scenario's lines with the baseline's after-values beside them (``base_*`` columns)."""
    key = ["market", "code", "exporter"]
    if len(lines) == len(base) and all(np.array_equal(lines[k].to_numpy(), base[k].to_numpy()) for k in key):
        return lines.assign(base_value1_usd=base["value1_usd"].to_numpy(), base_t1_pct=base["t1_pct"].to_numpy(),
                            base_revenue1_usd=base["revenue1_usd"].to_numpy())  # the same market: aligned rows
    keep = base[["market", "code", "exporter", "value1_usd", "t1_pct", "revenue1_usd"]].rename(
        columns={"value1_usd": "base_value1_usd", "t1_pct": "base_t1_pct", "revenue1_usd": "base_revenue1_usd"})
    return lines.merge(keep, on=["market", "code", "exporter"], how="inner")


def shares(lines: pd.DataFrame) -> list[str]:
    """Negative sales or a share outside [0, 1] (a model or data error, never expected)."""
    out = []
    v1 = lines["value1_usd"].to_numpy(float)
    bad_value = v1 < -SHARE_TOL * np.maximum(1.0, np.abs(lines["value0_usd"].to_numpy(float)))
    if bad_value.any():
        neg = lines[bad_value]
        out.append(f"warning: {len(neg)} lines end with negative sales (model error; please report): "
                   + _names(neg.nsmallest(SHOWN, "value1_usd"), "value1_usd"))
    if not bad_value.any() and (lines["t1_pct"].to_numpy(float) > -100).all() and np.isfinite(v1).all():
        return out  # non-negative landed values: every share of a product's total lies in [0, 1]
    landed = lines["value1_usd"] * (1 + lines["t1_pct"] / 100)
    total = landed.groupby([lines["market"], lines["code"]]).transform("sum")
    share = np.where(total > 0, landed / total.where(total > 0, 1.0), 0.0)
    bad = (share < -SHARE_TOL) | (share > 1 + SHARE_TOL)
    if bad.any():
        out.append(f"warning: {int(bad.sum())} supplier shares fall outside [0, 1] (model error; please report): "
                   + _names(lines[bad].head(SHOWN), "value1_usd"))
    return out


def collapse(lines: pd.DataFrame, reference: str, against: str) -> list[str]:
    """Suppliers whose sales fall to near zero from a material level, with why."""
    ref = lines[reference].to_numpy(float)
    hit = (ref >= MATERIAL) & (lines["value1_usd"].to_numpy(float) < COLLAPSE * ref)
    if not hit.any():
        return []
    sel = lines[hit].assign(_lost=ref[hit] - lines.loc[hit, "value1_usd"].to_numpy(float))
    top = sel.nlargest(SHOWN, "_lost")
    why = []
    for r in top.itertuples(index=False):
        t_ref = getattr(r, "base_t1_pct", r.t0_pct)
        cause = (f"displaced by purchases from another supplier (USD {-r.displaced_usd:,.0f})" if r.displaced_usd < 0
                 else f"its tariff {t_ref:.4g}% -> {r.t1_pct:.4g}%")
        why.append(f"{r.market} {r.code} from {r.exporter}: USD {getattr(r, reference):,.0f} -> {r.value1_usd:,.0f} "
                   f"({cause})")
    lost = float(sel["_lost"].sum())
    return [f"warning: {against}, {int(hit.sum())} lines of a supplier fall below {100 * COLLAPSE:.0f}% of their sales "
            f"(USD {lost:,.0f} in all); largest: " + "; ".join(why)
            + ". A tariff gap between suppliers times a high substitution elasticity does this: see the products "
              "table's sigma and its rule"]


def revenue_on_cuts(lines: pd.DataFrame, t_ref: str, rev_ref: str, v_ref: str, against: str) -> list[str]:
    """Lines where a supplier's tariff falls but the revenue on its goods there rises, with the cause."""
    cut = lines["t1_pct"].to_numpy(float) < lines[t_ref].to_numpy(float) - 1e-9
    up = lines["revenue1_usd"].to_numpy(float) > lines[rev_ref].to_numpy(float) + 1.0
    hit = cut & up
    if not hit.any():
        return []
    sel = lines[hit].assign(_gain=lines.loc[hit, "revenue1_usd"].to_numpy(float) - lines.loc[hit, rev_ref].to_numpy(float))
    by_purchase = sel["purchases_usd"] > 0
    gain = float(sel["_gain"].sum())
    parts = []
    if by_purchase.any():
        parts.append(f"{int(by_purchase.sum())} because purchases are added to the supplier's sales "
                     f"(USD {float(sel.loc[by_purchase, '_gain'].sum()):,.0f})")
    volume = sel[~by_purchase]
    if len(volume):
        top = volume.nlargest(SHOWN, "_gain")
        named = "; ".join(
            f"{r.market} {r.code} from {r.exporter}: {getattr(r, t_ref):.4g}% -> {r.t1_pct:.4g}%, sales x"
            f"{r.value1_usd / getattr(r, v_ref):.3g}" for r in top.itertuples(index=False) if getattr(r, v_ref) > 0)
        parts.append(f"{len(volume)} because the supplier's sales grow faster than its rate falls (the volume "
                     f"response to the cut, taking sales from other suppliers; largest: {named})")
    return [f"note: {against}, the tariff falls on {int(hit.sum())} lines where the revenue collected on that "
            f"supplier's goods rises (USD {gain:,.0f} in all): " + "; ".join(parts)]


def growth(result) -> list[str]:
    """The pair's imports of each other more than doubling, with what drives it."""
    out = []
    s = result.scenario
    lines = result.lines
    markets, exporters = lines["market"].to_numpy(), lines["exporter"].to_numpy()
    for market in s.markets:
        partner = s.partner_of(market)
        l = lines[(exporters == partner) & (markets == market)]
        before = float(l["value0_usd"].sum())
        after = float(l["value1_usd"].sum())
        if before > 0 and after > 2 * before:
            purchases = float(l["purchases_usd"].sum())
            tariffs = float(l["tariff_effect_usd"].sum())
            top = (l.assign(hs2=l["code"].str[:2]).groupby("hs2")["change_usd"].sum().nlargest(3))
            out.append(f"warning: {market}'s imports from {partner} grow x{after / before:.2f} against the data year "
                       f"(USD {before:,.0f} -> {after:,.0f}): purchases USD {purchases:,.0f}, tariff effect "
                       f"USD {tariffs:,.0f}; largest HS2: "
                       + ", ".join(f"{k} USD {v:,.0f}" for k, v in top.items())
                       + ". A change this large is outside what a static model of data-year trade supports")
    return out


def _names(frame: pd.DataFrame, col: str) -> str:
    return "; ".join(f"{r.market} {r.code} from {r.exporter} ({col} {getattr(r, col):,.0f})"
                     for r in frame.itertuples(index=False))
