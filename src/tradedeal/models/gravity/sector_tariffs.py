"""Product-level tariffs aggregated to ICIO sectors, for the multi-sector model.

Weighting (stated): a sector's tariff on an exporter is the average of the line duties of the
lines that map to the sector (HS6 -> ISIC Rev. 4 -> ICIO, a line split equally between sectors
it maps to), weighted by the importer's imports of the line from that exporter in the data year;
where the exporter sold nothing in the sector, by the importer's imports of the line from every
partner. Importers without a full import table (India) weight their lines equally (no line
weights exist); importers without a shipped regime keep zero tariffs (their tariffs do not
change in any scenario, so only the level of their revenue is affected).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.regime.compile import Compiled, day
from tradedeal.regime.engine import stack


def _line_sectors(codes: pd.Series) -> pd.DataFrame:
    from tradedeal.codes.sectors import sector_weights

    return sector_weights(codes.str.slice(0, 6).drop_duplicates()).rename(columns={"code": "hs6"})


def has_line_weights(importer: str, year: int = 2024) -> bool:
    """Whether the importer's imports by line and partner exist (shipped or the user's)."""
    from tradedeal.statistics.compete import importer_lines

    try:
        importer_lines(importer, year)
    except QueryError:
        return False
    return True


def sector_tariffs(c: Compiled, on, exporters: list[str], sectors: tuple[str, ...], year: int = 2024) -> np.ndarray:
    """(J, len(exporters)) tariff (fraction) of the regime's importer on each exporter, by sector."""
    from tradedeal.regime.panel import exporter_classes
    from tradedeal.statistics.compete import importer_lines

    try:
        trade, _ = importer_lines(c.regime.importer, year)
    except QueryError:
        trade = None
    lines = pd.Series(c.codes)
    if trade is not None:
        lines = pd.Series(sorted(set(trade["hs_code"]) & set(c.codes)))
    idx = pd.Series(np.arange(c.n), index=c.codes).reindex(lines).to_numpy()
    ls = _line_sectors(lines)
    frame = pd.DataFrame({"line": lines, "hs6": lines.str.slice(0, 6)}).merge(ls, on="hs6")
    s_index = {s: k for k, s in enumerate(sectors)}
    frame = frame[frame["sector"].isin(s_index)]
    frame["j"] = frame["sector"].map(s_index)
    pos = pd.Series(np.arange(len(lines)), index=lines)
    frame["pos"] = frame["line"].map(pos)
    if trade is not None:
        w = trade.groupby("hs_code")["value_usd"].sum()
        frame["w_world"] = frame["line"].map(w).fillna(0.0) * frame["weight"]
        own = {e: g.set_index("hs_code")["value_usd"] for e, g in trade.groupby("exporter")}
    out = np.zeros((len(sectors), len(exporters)))
    from tradedeal.regime.api import as_date

    d = day(as_date(on))
    for members in exporter_classes(c, exporters).values():
        st = stack(c, members[0], d, idx)
        duty = st.total[frame["pos"].to_numpy()] / 100.0
        for e in members:
            k = exporters.index(e)
            if trade is None:
                g = pd.DataFrame({"j": frame["j"], "d": duty * frame["weight"], "w": frame["weight"]})
            else:
                mine = frame["line"].map(own[e]) if e in own else pd.Series(np.nan, index=frame.index)
                w_own = mine.fillna(0.0).to_numpy() * frame["weight"].to_numpy()
                g = pd.DataFrame({"j": frame["j"], "d": duty * w_own, "w": w_own,
                                  "dw": duty * frame["w_world"], "ww": frame["w_world"]})
            sums = g.groupby("j").sum()
            rate = sums["d"] / sums["w"].where(sums["w"] > 0)
            if trade is not None:
                rate = rate.fillna(sums["dw"] / sums["ww"].where(sums["ww"] > 0))
            out[rate.index.to_numpy(), k] = rate.fillna(0.0).to_numpy()
    return out
