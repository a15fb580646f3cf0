"""The inputs of a market: who sells what to the importer (data year), at which tariffs
before and after, with which elasticities. Orchestration over data; the numbers are in
:mod:`tradedeal.models.pe`."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.models.partner_market import sized_market, totals_for
from tradedeal.options import Source, check
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import day_signature, exporter_classes, stack
from tradedeal.regime.lines import as_date, covered
from tradedeal.statistics.compete import importer_lines
from tradedeal.statistics.tariffed_trade import rate_lines
from tradedeal.statistics.trade_sources import COVERAGE, bilateral_lines
from tradedeal.tables import Provenance


@dataclass(frozen=True)
class MarketData:
    importer: str
    pairs: pd.DataFrame            # code, exporter, value_usd
    provenance: tuple[Provenance, ...]
    approximations: tuple[str, ...]
    notes: tuple[str, ...] = ()
    fit: dict | None = None        # how a market sized from the ICIO fits the importer's totals


def market_data(importer: str, partner: str, year: int, source: Source = "auto") -> MarketData:
    """Every supplier's sales.

    From a table of the importer's imports by line and supplier where one covers the year: the
    shipped table first, else the user's (under ``auto`` a user's table that covers less than
    :data:`COVERAGE` of the importer's total imports gives way to the sized market, with a warning;
    under ``user`` it is used as asked and said partial). Without such a table the market is sized
    from the ICIO with the pair's own statistics for the partner (see
    :mod:`tradedeal.models.partner_market`). ``source='user'`` takes the partner's sales from the
    user's data: their whole table if imported, else their data for the pair in the shipped table
    or the sized market; ``'shipped'`` uses shipped data only."""
    check(source, Source, "--source")
    if source == "user" and not _user_has(importer, partner, year):
        got = market_data(importer, partner, year, "shipped")
        return replace(got, notes=(f"you imported no data of {importer}'s imports from {partner} in {year}: the "
                                   f"shipped data stands for this market", *got.notes))
    warned: tuple[str, ...] = ()
    table = None
    try:
        table = importer_lines(importer, year, "shipped" if source == "user" else source)
        if table[1].dataset.startswith("user_trade"):
            table, warned = usable_user_table(importer, year, table, source)
    except QueryError:
        pass
    if table is None and source == "user":
        try:
            table = usable_user_table(importer, year, importer_lines(importer, year, "user"), "user")[0]
        except QueryError:
            pass
    if table is not None:
        trade, prov = table
        pairs = trade.rename(columns={"hs_code": "code"})
        notes, provs = (), (prov,)
        if source == "user" and not prov.dataset.startswith("user_trade"):
            lines = bilateral_lines(importer, partner, year, "user")  # raises when the user has none
            own = lines.frame.rename(columns={"hs_code": "code"}).assign(exporter=partner)
            pairs = pd.concat([pairs[pairs["exporter"] != partner], own[["code", "exporter", "value_usd"]]],
                              ignore_index=True)
            notes, provs = (f"{partner}'s sales from your data ({lines.provenance.dataset}), the other suppliers' "
                            f"from {prov.dataset}", *lines.notes), (lines.provenance, prov)
        elif prov.dataset.startswith("user_trade"):
            notes = _coverage(importer, year, pairs, prov)[1:]
        return MarketData(importer, pairs[pairs["value_usd"] > 0].reset_index(drop=True), provs, (), notes)
    try:
        lines = bilateral_lines(importer, partner, year, source)
        own, own_prov = lines.frame.rename(columns={"hs_code": "code"}), lines.provenance
        approx = (lines.provenance.approximation,) if lines.provenance.approximation else ()
        notes = tuple(lines.notes)
    except QueryError:
        if source == "user":
            raise  # asked for the user's data, and there is none for the pair
        own, own_prov, approx, notes = None, None, (), (
            f"no dataset gives {importer}'s imports from {partner}: the ICIO figures stand for them",)
    sized = sized_market(importer, partner, year, own, own_prov)
    prov = ((own_prov,) if own_prov else ()) + sized.provenance
    return MarketData(importer, sized.pairs, prov, (*approx, *sized.approximations),
                      (*warned, *notes, *sized.notes), sized.fit)


def _user_has(importer: str, partner: str, year: int) -> bool:
    """Whether the user imported the importer's table or its imports from the partner for the year."""
    try:
        importer_lines(importer, year, "user")
        return True
    except QueryError:
        pass
    try:
        bilateral_lines(importer, partner, year, "user")
        return True
    except QueryError:
        return False


def _coverage(importer: str, year: int, pairs: pd.DataFrame, prov: Provenance) -> tuple[float, str]:
    """(share of the importer's total imports, the sentence that says it) of a user's table."""
    total, total_source = totals_for(importer, year)
    got = float(pairs["value_usd"].sum())
    if not total:
        return 1.0, (f"your table of {importer}'s imports ({prov.dataset}) sums to USD {got / 1e9:,.1f} bn; no "
                     f"shipped total of {importer}'s imports to check its coverage against")
    share = got / total
    return share, (f"your table of {importer}'s imports ({prov.dataset}) sums to USD {got / 1e9:,.1f} bn, "
                   f"{100 * share:.0f}% of its total merchandise imports ({total_source})"
                   + ("; warning: it looks partial: the products and suppliers it lacks count as no trade"
                      if share < COVERAGE else ""))


def usable_user_table(importer: str, year: int, table, source: str):
    """The user's import table, or None with a warning when ``auto`` finds it partial."""
    share, said = _coverage(importer, year, table[0].rename(columns={"hs_code": "code"}), table[1])
    if source == "auto" and share < COVERAGE:
        return None, (said.split("; warning")[0] + ": warning: it looks partial, so the market is sized from "
                      "the ICIO instead; --source user uses your table alone",)
    return table, ()


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
    d = day(covered(c, as_date(on)))
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
    # the engine's float32 percentages carry 7 significant digits: rounded to 5 decimals so that
    # 8.4% is 0.084, not 0.08399999618530273
    return np.round(out, 5) / 100.0
