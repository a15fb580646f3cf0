"""General-equilibrium results: per-country and bilateral changes, with the solver's
diagnostics and, after Monte Carlo, intervals."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradedeal.results.frames import Provenance, TableResult


@dataclass(frozen=True)
class GEResult:
    title: str
    model: str                      # "one-sector" or "multi-sector"
    countries: pd.DataFrame = field(repr=False)   # one row per country (percent changes, levels)
    bilateral: pd.DataFrame = field(repr=False)   # exporter, importer[, sector], before, after, change_pct
    diagnostics: dict = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    intervals: pd.DataFrame | None = field(default=None, repr=False)  # country, metric, p5, p50, p95

    def table(self) -> TableResult:
        notes = list(self.notes) + [f"{k}: {v}" for k, v in self.diagnostics.items()]
        frame = self.countries
        if self.intervals is not None:
            wide = self.intervals.pivot_table(index="country", columns="metric", values=["p5", "p95"])
            wide.columns = [f"{m}_{p}" for p, m in wide.columns]
            frame = frame.merge(wide.reset_index(), on="country", how="left")
        return TableResult(self.title, frame, {c: "percent" for c in frame.columns if c.endswith("_pct")},
                           self.provenance, tuple(notes))

    def summary(self, countries: list[str] | None = None) -> TableResult:
        f = self.countries if countries is None else self.countries[self.countries["country"].isin(countries)]
        return TableResult(self.title, f.reset_index(drop=True), {c: "percent" for c in f.columns if c.endswith("_pct")},
                           self.provenance, self.notes)

    def metrics(self) -> pd.DataFrame:
        """Tidy (metric, market, value) rows comparable with the product-level model's."""
        rows = []
        cols = [c for c in self.countries.columns if c.endswith("_pct") or c.endswith("_usd") or c.endswith("_usd_mn")]
        for r in self.countries.itertuples(index=False):
            for c in cols:
                rows.append((f"{self.model}: {c}", r.country, getattr(r, c)))
        return pd.DataFrame(rows, columns=["metric", "market", "value_usd"])
