"""Sample entry files made from the shipped trade data, in the documented layout (docs/entries.md): an
invoice of an exporter's top lines, entries spread over the IEEPA period with the liquidation states the
refund rules distinguish, and large files of mixed origins and dates for the benchmarks. Pure: they return
CSV text; the caller writes it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import numpy as np

from tradedeal import datasets
from tradedeal.codes.hs import format_hts

COLUMNS = ("entry_number", "line_number", "hts10", "country_of_origin", "entry_date", "value_usd")
REFUND_COLUMNS = (*COLUMNS, "entry_type", "liquidation_date", "liquidation_status", "reconciliation", "protest",
                  "payment_date")


def top_lines(importer: str, exporter: str, n: int, year: int = 2024) -> list[tuple[str, float]]:
    """The exporter's ``n`` largest lines in the importer's import table: (hs10, value_usd)."""
    m = datasets.require("import_table", f"{importer}'s imports by line and supplier", importer=importer)
    col, exp = m.get("code_column"), m.get("exporter_column")
    rows = datasets.query(
        f'SELECT "{col}", sum(value_usd) AS v FROM {{{m.dataset}}} WHERE "{exp}" = {datasets.lit(exporter)} '
        f'AND length("{col}") = 10 GROUP BY 1 ORDER BY v DESC LIMIT {int(n)}')
    return [(str(r[0]), float(r[1])) for r in rows]


def _csv(columns, rows) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    w.writerows(rows)
    return out.getvalue()


def invoice(importer: str, exporter: str, on: date, n: int = 25, scale: float = 1e-4,
            entry_number: str = "DMO00000001") -> str:
    """One entry of the exporter's ``n`` top lines entered on ``on``; each line's value is its 2024 imports x
    ``scale`` (USD), rounded to the dollar."""
    rows = [(entry_number, k, format_hts(code), exporter, on.isoformat(), round(value * scale))
            for k, (code, value) in enumerate(top_lines(importer, exporter, n), 1)]
    return _csv(COLUMNS, rows)


# (months after 2025-02, liquidation offset in days before the estimate or None, status, entry type, flags)
_REFUND_STATES = (
    (1, None, "", "01", {}), (5, 30, "liquidated", "01", {}), (6, 120, "liquidated", "01", {}),
    (3, 300, "liquidated", "01", {}), (4, None, "final", "01", {}), (6, None, "", "01", {"reconciliation": "yes"}),
    (7, None, "", "01", {"protest": "open"}), (8, None, "", "09", {}), (9, None, "suspended", "01", {}),
    (10, 10, "liquidated", "01", {}), (11, None, "", "01", {}), (13, None, "", "01", {}),
)


def refund_entries(importer: str, exporter: str, on: date, lines: int = 3, scale: float = 1e-5) -> str:
    """Twelve entries of the exporter's top lines over the IEEPA period (2025-03 to 2026-03), in the liquidation
    states the refund rules tell apart (unliquidated, liquidated 10, 30, 120 and 300 days before ``on``, final,
    reconciliation-flagged, under protest, a type 09, suspended); ``lines`` lines each."""
    top = top_lines(importer, exporter, 12 * lines)
    rows = []
    for k, (months, liq, status, etype, flags) in enumerate(_REFUND_STATES):
        entered = date(2025 + (1 + months) // 12, (1 + months) % 12 + 1, 15)
        number = f"DMR{k + 1:08d}"
        liq_date = (on - timedelta(days=liq)).isoformat() if liq is not None else ""
        for j in range(lines):
            code, value = top[(k * lines + j) % len(top)]
            rows.append((number, j + 1, format_hts(code), exporter, entered.isoformat(), round(value * scale),
                         etype, liq_date, status, flags.get("reconciliation", ""), flags.get("protest", ""),
                         (entered + timedelta(days=10)).isoformat()))
    return _csv(REFUND_COLUMNS, rows)


def many_entries(importer: str, n: int, first: date, last: date, origins: int = 15, lines_per_entry: int = 5,
                 seed: int = 2026) -> str:
    """``n`` entry lines of mixed origins (the ``origins`` largest suppliers) and entry dates (uniform over
    [first, last]), lines drawn in proportion to each supplier's 2024 imports, for benchmarks."""
    m = datasets.require("import_table", f"{importer}'s imports by line and supplier", importer=importer)
    col, exp = m.get("code_column"), m.get("exporter_column")
    rows = datasets.query(
        f'WITH s AS (SELECT "{exp}" AS e, sum(value_usd) AS v FROM {{{m.dataset}}} WHERE "{exp}" IS NOT NULL '
        f'GROUP BY 1 ORDER BY v DESC LIMIT {int(origins)}) '
        f'SELECT t."{col}", t."{exp}", t.value_usd FROM {{{m.dataset}}} t JOIN s ON t."{exp}" = s.e '
        f'WHERE length(t."{col}") = 10 AND t.value_usd > 0')
    codes = np.array([r[0] for r in rows], dtype=object)
    exps = np.array([r[1] for r in rows], dtype=object)
    weights = np.array([r[2] for r in rows], float)
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(rows), size=n, p=weights / weights.sum())
    span = (last - first).days
    entries = np.arange(n) // lines_per_entry
    entry_day = rng.integers(0, span + 1, size=entries[-1] + 1 if n else 0)
    values = np.round(rng.lognormal(8.5, 1.2, size=n))
    out = [(f"BEN{e:08d}", i % lines_per_entry + 1, codes[p], exps[p], (first + timedelta(days=int(entry_day[e]))).isoformat(),
            int(v)) for i, (e, p, v) in enumerate(zip(entries, pick, values))]
    return _csv(COLUMNS, out)


__all__ = ["COLUMNS", "REFUND_COLUMNS", "invoice", "many_entries", "refund_entries", "top_lines"]
