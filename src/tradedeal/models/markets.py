"""The inputs of a market: who sells what to the importer (data year), at which tariffs
before and after, with which elasticities. Orchestration over data; the numbers are in
:mod:`tradedeal.models.pe`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import stack
from tradedeal.results.frames import Provenance

ROW = "ROW"  # the rest of the world, as one supplier, where only bilateral data exists


@dataclass(frozen=True)
class MarketData:
    importer: str
    pairs: pd.DataFrame            # code, exporter, value_usd
    provenance: tuple[Provenance, ...]
    approximations: tuple[str, ...]


def market_data(importer: str, partner: str, year: int) -> MarketData:
    """Every supplier's sales where a full import table exists; else the partner's sales plus
    the rest of the world sized from the ICIO share of the partner in the importer's imports."""
    from tradedeal.statistics.compete import importer_lines
    from tradedeal.statistics.trade_sources import bilateral_lines

    try:
        trade, prov = importer_lines(importer, year)
        pairs = trade.rename(columns={"hs_code": "code"})
        return MarketData(importer, pairs[pairs["value_usd"] > 0].reset_index(drop=True), (prov,), ())
    except QueryError:
        pass
    lines = bilateral_lines(importer, partner, year)
    own = lines.frame.rename(columns={"hs_code": "code"}).groupby("code", as_index=False)["value_usd"].sum()
    own = own[own["value_usd"] > 0]
    share = partner_share_icio(importer, partner, own["code"])
    row = own.assign(value_usd=own["value_usd"] * (1 - share) / share, exporter=ROW)
    own = own.assign(exporter=partner)
    note = (f"{importer}'s imports from suppliers other than {partner} are not in the shipped data: the rest of "
            f"the world is one supplier ({ROW}) sized so that {partner} has its share of {importer}'s "
            f"intermediate imports of the product's ICIO sectors (OECD ICIO 2022; codes mapping to no sector "
            f"take the share over all sectors; shares bounded to {SHARE_BOUNDS[0]:.0%}-{SHARE_BOUNDS[1]:.0%}), "
            f"and pays the MFN rate")
    approx = tuple(a for a in (lines.provenance.approximation, note) if a)
    pairs = pd.concat([own, row], ignore_index=True)[["code", "exporter", "value_usd"]]
    prov = Provenance("icio_intermediate_flows", "OECD ICIO 2022 (sanction-simulator packaging)", note)
    return MarketData(importer, pairs, (lines.provenance, prov), approx)


SHARE_BOUNDS = (0.01, 0.99)   # a supplier share of 0 or 1 would leave no room for substitution
SHARE_IF_NO_FLOWS = 0.05      # the importer buys nothing abroad in the ICIO (never for the shipped pairs)


def partner_share_icio(importer: str, partner: str, codes: pd.Series) -> np.ndarray:
    """The partner's share of the importer's intermediate imports, by code (via ICIO sectors)."""
    from tradedeal import datasets
    from tradedeal.codes.sectors import sector_weights

    flows = datasets.load("icio_intermediate_flows")
    flows = flows[(flows["buyer_country"] == importer) & (flows["seller_country"] != importer)]
    total = flows.groupby("seller_sector")["value_usd_mn"].sum()
    mine = flows[flows["seller_country"] == partner].groupby("seller_sector")["value_usd_mn"].sum()
    sector_share = (mine / total).reindex(total.index).fillna(0.0)
    w = sector_weights(codes)
    w["s"] = w["sector"].map(sector_share).fillna(0.0) * w["weight"]
    by_code = w.groupby("code")["s"].sum()
    overall = float(mine.sum() / total.sum()) if total.sum() else SHARE_IF_NO_FLOWS
    s = codes.map(by_code).fillna(overall).to_numpy(dtype=float)
    return np.clip(s, *SHARE_BOUNDS)


def pair_tariffs(c: Compiled, pairs: pd.DataFrame, on) -> np.ndarray:
    """Ad-valorem duty (fraction) of each pair on entry date ``on``; exporters sharing the
    same measures are computed once; trade codes coarser than the regime's lines get the
    simple average of the lines under them."""
    from tradedeal.regime.panel import exporter_classes
    from tradedeal.statistics.tariffed_trade import rate_lines

    mapping, _ = rate_lines(c, pairs["code"])
    idx = np.unique(mapping["idx"].to_numpy().astype(int))
    d = day(on)
    out = np.full(len(pairs), np.nan)
    exp_codes, exp_names = pd.factorize(pairs["exporter"].astype(str))
    codes = pairs["code"].astype(str)
    exact = mapping.groupby("code")["idx"].agg(["size", "first"])
    one = exact.index[exact["size"] == 1]
    exact_idx = codes.map(exact.loc[one, "first"]).to_numpy()      # line index where 1:1, else NaN
    coarse = np.isnan(exact_idx.astype(float))
    pos = np.full(c.n, -1)
    pos[idx] = np.arange(len(idx))
    name_pos = {n: i for i, n in enumerate(exp_names)}
    for members in exporter_classes(c, sorted(exp_names)).values():
        st = stack(c, members[0], d, idx)
        in_class = np.zeros(len(exp_names), bool)
        in_class[[name_pos[m] for m in members]] = True
        sel = in_class[exp_codes]
        fine = sel & ~coarse
        out[fine] = st.total[pos[exact_idx[fine].astype(int)]]
        if (sel & coarse).any():
            per_line = pd.Series(st.total, index=idx)
            per_code = mapping.assign(r=mapping["idx"].map(per_line)).groupby("code")["r"].mean()
            out[sel & coarse] = codes[sel & coarse].map(per_code).to_numpy(dtype=float)
    return np.nan_to_num(out) / 100.0
