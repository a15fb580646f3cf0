"""The inputs of a market: who sells what to the importer (data year), at which tariffs
before and after, with which elasticities. Orchestration over data; the numbers are in
:mod:`tradedeal.models.pe`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.sectors import sector_weights
from tradedeal.errors import QueryError
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import day_signature, exporter_classes, stack
from tradedeal.statistics.compete import importer_lines
from tradedeal.statistics.tariffed_trade import rate_lines
from tradedeal.statistics.trade_sources import bilateral_lines
from tradedeal.tables import Provenance

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


@dataclass(frozen=True)
class PairIndex:
    """Where each (code, exporter) pair of a market finds its duty in a regime's lines: the line
    of a code as fine as the regime's, or the lines under a coarser code (their simple average)."""

    lines: np.ndarray              # regime line positions used
    exact: np.ndarray              # (pairs,) position in ``lines`` of the pair's line; -1 if coarse or none
    coarse_of: np.ndarray          # (pairs,) row of ``coarse`` for a coarse code; -1 otherwise
    coarse: np.ndarray             # (codes, longest) positions in ``lines`` of the lines under each coarse code, -1 padded
    exporters: tuple[str, ...]     # distinct exporters
    exporter_of: np.ndarray        # (pairs,) position in ``exporters``


def pair_index(c: Compiled, pairs: pd.DataFrame) -> PairIndex:
    """The index of ``pairs`` (code, exporter) on the lines of ``c`` (the same for every regime
    of that universe: edited regimes share it)."""
    mapping, _ = rate_lines(c, pairs["code"])
    lines = np.unique(mapping["idx"].to_numpy().astype(np.int64))
    pos = np.full(c.n, -1, np.int64)
    pos[lines] = np.arange(len(lines))
    per_code = mapping.groupby("code", sort=False)["idx"].agg(list)
    single = {k: pos[v[0]] for k, v in per_code.items() if len(v) == 1}
    multi = [(k, pos[np.asarray(v, np.int64)]) for k, v in per_code.items() if len(v) > 1]
    row = {k: i for i, (k, _) in enumerate(multi)}
    width = max((len(v) for _, v in multi), default=0)
    coarse = np.full((len(multi), width), -1, np.int64)
    for i, (_, v) in enumerate(multi):
        coarse[i, :len(v)] = v
    codes = pairs["code"].astype(str).tolist()
    exact = np.array([single.get(x, -1) for x in codes], np.int64)
    coarse_of = np.array([row.get(x, -1) for x in codes], np.int64)
    exp_of, names = pd.factorize(pairs["exporter"].astype(str))
    return PairIndex(lines, exact, coarse_of, coarse, tuple(names), exp_of.astype(np.int64))


def _group_means(total: np.ndarray, coarse: np.ndarray) -> np.ndarray:
    """Simple average of ``total`` over each row's positions, in float32 with compensated
    (Kahan) summation in the rows' order: the arithmetic of a pandas group mean."""
    s = np.zeros(len(coarse), np.float32)
    comp = np.zeros(len(coarse), np.float32)
    for k in range(coarse.shape[1]):
        col = coarse[:, k]
        ok = col >= 0
        y = np.where(ok, total[np.maximum(col, 0)], np.float32(0)) - np.where(ok, comp, np.float32(0))
        t = s + y
        comp = np.where(ok, (t - s) - y, comp)
        s = np.where(ok, t, s)
    return s / (coarse >= 0).sum(axis=1).astype(np.float32)


def pair_tariffs(c: Compiled, pairs: pd.DataFrame, on, index: PairIndex | None = None) -> np.ndarray:
    """Ad-valorem duty (fraction) of each pair on entry date ``on``; exporters whose measures
    in force that day are the same are computed once; trade codes coarser than the regime's
    lines get the simple average of the lines under them (codes without a line: 0)."""
    index = index or pair_index(c, pairs)
    d = day(on)
    on_day: dict[bytes, list[str]] = {}
    for members in exporter_classes(c, sorted(index.exporters)).values():
        on_day.setdefault(day_signature(c, members[0], d), []).extend(members)
    name_pos = {n: i for i, n in enumerate(index.exporters)}
    sig_of = np.zeros(len(index.exporters), np.int64)
    totals = np.zeros((len(on_day), len(index.lines)), np.float32)
    means = np.zeros((len(on_day), len(index.coarse)), np.float32)
    cache: dict = {}
    for k, members in enumerate(on_day.values()):
        sig_of[[name_pos[m] for m in members]] = k
        totals[k] = stack(c, members[0], d, index.lines, _cache=cache).total
        if len(index.coarse):
            means[k] = _group_means(totals[k], index.coarse)
    row = sig_of[index.exporter_of]
    out = np.zeros(len(pairs))
    fine, coarse = index.exact >= 0, index.coarse_of >= 0
    out[fine] = totals[row[fine], index.exact[fine]]
    out[coarse] = means[row[coarse], index.coarse_of[coarse]]
    return out / 100.0
