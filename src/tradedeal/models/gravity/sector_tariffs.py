"""Product-level tariffs aggregated to ICIO sectors, for the multi-sector model.

Weighting (stated): a sector's tariff on an exporter is the average of the line duties of the
lines that map to the sector (HS6 -> ISIC Rev. 4 -> ICIO, a line split equally between sectors
it maps to), weighted by the importer's imports of the line from that exporter in the data year;
where the exporter sold nothing in the sector, by the importer's imports of the line from every
partner. Importers without a shipped import table by line and partner (India) weight their
lines equally; importers without a shipped regime keep zero tariffs (their tariffs do not
change in any scenario, so only the level of their revenue is affected).

:func:`sector_weights` builds the weights once per importer (they do not depend on the date or
the regime's edits); :func:`sector_tariffs` then aggregates one date's duties with two sparse
matrix products per class of exporters that the regime treats alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

from tradedeal.codes.sectors import sector_weights as split
from tradedeal.errors import QueryError
from tradedeal.models.markets import usable_user_table
from tradedeal.options import Source, check
from tradedeal.regime.arrays import Compiled, day
from tradedeal.regime.engine import exporter_classes, stack
from tradedeal.regime.lines import as_date, covered
from tradedeal.statistics.compete import importer_lines
from tradedeal.statistics.tariffed_trade import line_index
from tradedeal.tables import Provenance


@dataclass(frozen=True)
class SectorWeights:
    """Rows are (line, sector) pairs of the lines that map to a sector."""

    lines: np.ndarray                 # (L,) regime line indexes of the lines weighed
    row_line: np.ndarray              # (R,) position in ``lines`` of each row
    to_sector: sparse.csr_matrix = field(repr=False)  # (J, R) sums rows by sector, times the line's split
    own: np.ndarray | None = field(repr=False)        # (R, E) imports of the row's line from each exporter
    world: np.ndarray = field(repr=False)             # (R,) imports from every partner (ones: equal weights)
    exporters: tuple[str, ...]
    provenance: Provenance


def sector_weights(c: Compiled, exporters: tuple[str, ...], sectors: tuple[str, ...], year: int,
                   source: Source = "auto") -> SectorWeights:
    """The weights of the regime's importer (see the module docstring); ``source`` picks the
    import table (a user's table that covers too little of the importer's imports is not used
    under ``auto``, and said so)."""
    check(source, Source, "--source")
    warned = ""
    try:
        trade, prov = importer_lines(c.importer, year, source)
        if prov.dataset.startswith("user_trade"):
            got, said = usable_user_table(c.importer, year, (trade, prov), source)
            if got is None:
                trade, prov, warned = None, None, said[0]
    except QueryError:
        if source == "user":
            raise
        trade, prov = None, None
    codes = pd.Series(c.codes)
    line_of = line_index(c)
    if trade is not None:
        codes = pd.Series(sorted(set(trade["hs_code"]) & set(c.codes)))
    rows = pd.DataFrame({"line": codes, "hs6": codes.str.slice(0, 6)}).merge(
        split(codes.str.slice(0, 6).drop_duplicates()).rename(columns={"code": "hs6"}), on="hs6")
    s_index = {s: k for k, s in enumerate(sectors)}
    rows = rows[rows["sector"].isin(s_index)].reset_index(drop=True)
    row_line = pd.Series(np.arange(len(codes)), index=codes).reindex(rows["line"]).to_numpy()
    to_sector = sparse.csr_matrix((rows["weight"].to_numpy(float), (rows["sector"].map(s_index).to_numpy(),
                                                                     np.arange(len(rows)))),
                                  shape=(len(sectors), len(rows)))
    lines = line_of.reindex(codes).to_numpy()
    if trade is None:
        return SectorWeights(lines, row_line, to_sector, None, np.ones(len(rows)), exporters,
                             Provenance(f"{c.importer} line weights", "none shipped",
                                        f"{c.importer}'s sector tariffs weight its lines equally (no "
                                        f"{c.importer} import table by line and partner is shipped)"
                                        + (f"; {warned}" if warned else "")))
    pos = pd.Series(np.arange(len(codes)), index=codes)
    col = {e: k for k, e in enumerate(exporters)}
    mine = trade[trade["exporter"].isin(col)]
    own_line = np.zeros((len(codes), len(exporters)))
    np.add.at(own_line, (pos.reindex(mine["hs_code"]).to_numpy(), mine["exporter"].map(col).to_numpy()),
              mine["value_usd"].to_numpy(float))
    world_line = trade.groupby("hs_code")["value_usd"].sum().reindex(codes).fillna(0.0).to_numpy()
    return SectorWeights(lines, row_line, to_sector, own_line[row_line], world_line[row_line], exporters,
                         Provenance(prov.dataset, prov.source, prov.approximation))


def sector_tariffs(c: Compiled, on, w: SectorWeights) -> np.ndarray:
    """(J, len(w.exporters)) tariff (fraction) of the regime's importer on each exporter, by sector,
    on date ``on``."""
    exporters = list(w.exporters)
    out = np.zeros((w.to_sector.shape[0], len(exporters)))
    d = day(covered(c, as_date(on)))
    world_den = w.to_sector @ w.world
    for members in exporter_classes(c, exporters).values():
        duty = stack(c, members[0], d, w.lines).total[w.row_line] / 100.0
        fallback = np.divide(w.to_sector @ (duty * w.world), world_den, out=np.zeros_like(world_den),
                             where=world_den > 0)
        cols = [exporters.index(e) for e in members]
        if w.own is None:
            out[:, cols] = fallback[:, None]
            continue
        own = w.own[:, cols]
        num, den = w.to_sector @ (duty[:, None] * own), w.to_sector @ own
        out[:, cols] = np.where(den > 0, num / np.where(den > 0, den, 1.0), fallback[:, None])
    return out
