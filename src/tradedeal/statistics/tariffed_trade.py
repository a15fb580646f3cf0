"""Trade lines joined to the duty they pay: the basis of exposure, timelines and comparisons.

Trade may be finer, as fine, or coarser than the regime's lines. Coarser trade (e.g. US
exports to India by HS2 against India's HS8 tariff lines) gets the simple average of the
rates of the regime lines under it, and says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack


def line_index(c: Compiled) -> pd.Series:
    """Each line's position in the regime's arrays, by code."""
    return pd.Series(np.arange(c.n), index=c.codes)


def rate_lines(c: Compiled, codes: pd.Series) -> tuple[pd.DataFrame, str]:
    """Map trade codes to regime line indices: (frame code -> idx, one row per pair), note."""
    width = len(c.codes[0])
    codes = pd.Series(codes.unique(), dtype=object)
    lengths = codes.str.len()
    index = line_index(c)
    parts, note = [], ""
    exact = codes[lengths >= width]
    if len(exact):
        key = exact.str.slice(0, width)
        hit = key.map(index)
        parts.append(pd.DataFrame({"code": exact[hit.notna()].to_numpy(),
                                   "idx": hit.dropna().astype(int).to_numpy()}))
    coarse = codes[lengths < width]
    if len(coarse):
        all_codes = pd.Series(c.codes)
        for length in sorted(coarse.str.len().unique()):
            sub = coarse[coarse.str.len() == length]
            pref = all_codes.str.slice(0, length)
            m = pd.DataFrame({"code": pref.to_numpy(), "idx": np.arange(c.n)})
            parts.append(m[m["code"].isin(set(sub))])
        note = (f"trade is coarser than the tariff lines (HS{int(coarse.str.len().max())} against "
                f"HS{width}): each trade code gets the simple average of the duty on the tariff lines "
                f"under it")
    pairs = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["code", "idx"])
    return pairs, note


def tariffed(c: Compiled, exporter: str, d, lines: pd.DataFrame, pairs: pd.DataFrame | None = None,
             cache: dict | None = None) -> pd.DataFrame:
    """``lines`` (hs_code, value_usd) with duty_pct, base_pct, additional_pct and the group
    contributions; trade codes without any regime line keep NaN rates."""
    if pairs is None:
        pairs, _ = rate_lines(c, lines["hs_code"])
    idx = np.unique(pairs["idx"].to_numpy().astype(int))
    st = stack(c, exporter, day(d) if not isinstance(d, (int, np.integer)) else int(d), idx, _cache=cache)
    per_line = pd.DataFrame({"idx": st.products, "duty_pct": st.total})
    for g, name in enumerate(c.groups):
        per_line[f"{name}_pct"] = st.contribution[g]
    merged = pairs.merge(per_line, on="idx").drop(columns="idx")
    by_code = merged.groupby("code", sort=False).mean()
    out = lines.merge(by_code, left_on="hs_code", right_index=True, how="left")
    out["additional_pct"] = out["duty_pct"] - out[f"{c.groups[c.base]}_pct"]
    out["base_pct"] = out[f"{c.groups[c.base]}_pct"]
    return out


def line_weights(pairs: pd.DataFrame, lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """The trade-weighted average duty of ``lines`` as a linear form over regime lines:
    (idx, weights, unrated) with ``weights @ duty[idx]`` equal to the average that
    :func:`tariffed` rows give (a coarse code's value spread evenly over the lines under it);
    ``unrated`` are the trade codes with no regime line (left out of the average)."""
    value = lines.groupby("hs_code")["value_usd"].sum()
    per_code = pairs.groupby("code")["idx"].transform("size")
    w = pairs["code"].map(value).to_numpy(float) / per_code.to_numpy(float)
    idx, inverse = np.unique(pairs["idx"].to_numpy().astype(int), return_inverse=True)
    weights = np.bincount(inverse, weights=w, minlength=len(idx))
    total = weights.sum()
    unrated = lines[~lines["hs_code"].isin(set(pairs["code"]))]
    return idx, weights / total if total > 0 else weights, unrated


def unrated_note(unrated: pd.DataFrame, importer: str) -> str | None:
    """What leaving out codes that are not lines of the importer's schedule costs."""
    if unrated.empty:
        return None
    return (f"{len(unrated)} trade codes (USD {unrated['value_usd'].sum():,.0f}) are not lines of the {importer} "
            f"schedule: left out of the averages")
