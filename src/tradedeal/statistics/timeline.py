"""Trade-weighted average duty per exporter over time, as a step series.

Weights are each exporter's trade with the importer in the data year; the duty changes
only on the regime's change dates, so the series is exact between them (interval-encoded:
``valid_from`` inclusive, ``valid_until`` exclusive).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.regime.api import as_date, compiled, covered, verified_note
from tradedeal.regime.arrays import Compiled, day, from_day
from tradedeal.regime.engine import stack
from tradedeal.statistics.tariffed_trade import line_weights, rate_lines, unrated_note
from tradedeal.statistics.trade_sources import bilateral_lines
from tradedeal.tables import Provenance, TableResult


def step_series(days: list[int], values: np.ndarray, end_exclusive: int) -> pd.DataFrame:
    """Collapse a value per change day into intervals where it is constant (pure)."""
    rows = []
    for k, d in enumerate(days):
        if rows and np.allclose(rows[-1]["_v"], values[k], atol=1e-9):
            continue
        if rows:
            rows[-1]["valid_until"] = d
        rows.append({"valid_from": d, "valid_until": end_exclusive, "_v": values[k]})
    return pd.DataFrame(rows)


def timeline(importer: str, exporters: list[str], start, end, year: int = 2024, source: str = "auto",
             c: Compiled | None = None) -> TableResult:
    s, e = as_date(start, "--from"), as_date(end, "--to")
    if e < s:
        raise QueryError(f"the date range is inverted: --from {s} is after --to {e}",
                         "give --from before --to")
    c = c or compiled(importer)
    covered(c, s, "--from")
    days = c.change_days(day(s), day(e))
    frames, provs, notes = [], [], []
    for exp in exporters:
        lines = bilateral_lines(importer, exp, year, source)
        pairs, coarse = rate_lines(c, lines.frame["hs_code"])
        idx, weights, unrated = line_weights(pairs, lines.frame)
        cache: dict = {}
        vals = np.zeros((len(days), 3))
        for k, d in enumerate(days):
            st = stack(c, exp, d, idx, _cache=cache)
            total, base = weights @ st.total, weights @ st.contribution[c.base]
            vals[k] = [total, base, total - base]
        note = unrated_note(unrated, importer)
        if note:
            notes.append(f"{exp}: {note}")
        steps = step_series(days, vals, day(e) + 1)
        v = np.vstack(steps.pop("_v").to_numpy())
        steps["avg_duty_pct"], steps["avg_base_pct"], steps["avg_additional_pct"] = v[:, 0], v[:, 1], v[:, 2]
        steps.insert(0, "exporter", exp)
        steps["trade_usd"] = float(lines.frame["value_usd"].sum())
        frames.append(steps)
        approx = "; ".join(a for a in (lines.provenance.approximation, coarse) if a)
        provs.append(Provenance(lines.provenance.dataset, lines.provenance.source, approx))
        notes += list(lines.notes)
    out = pd.concat(frames, ignore_index=True)
    out["valid_from"] = out["valid_from"].map(from_day)
    out["valid_until"] = out["valid_until"].map(from_day)
    notes.insert(0, f"weights: each exporter's {year} trade with {importer}; valid_until is exclusive "
                    f"(the last step ends with {e})")
    warn = verified_note(c, e)
    if warn:
        notes.insert(0, warn)
    provs.append(Provenance(f"regime {c.header.id} (verified through {c.header.verified_through})",
                            c.header.source,
                            "; ".join(c.approximations_for_exporters(exporters))))
    return TableResult(title=f"Trade-weighted average duty of {importer} on {', '.join(exporters)}, {s} to {e}",
                       _frame=out, units={"avg_duty_pct": "% ad valorem, weighted by trade of the data year",
                                          "avg_base_pct": "% ad valorem (MFN or applied base tariff)", "avg_additional_pct": "percentage points",
                                          "trade_usd": "USD"},
                       provenance=tuple(provs), notes=tuple(notes))
