"""General-equilibrium results: per-country and bilateral changes, with the solver's
diagnostics and, after Monte Carlo, intervals."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.results.compare_models import GENERAL_EQUILIBRIUM, PRODUCT_LEVEL, compare_models
from tradedeal.tables import Provenance, TableResult


@dataclass(frozen=True)
class GEResult:
    """A scenario (or an economy's counterfactual) in general equilibrium."""

    family = GENERAL_EQUILIBRIUM  # which kind of model made it (see ScenarioResult.family)
    title: str
    model: str                      # "one-sector" or "multi-sector"
    countries: pd.DataFrame = field(repr=False)   # one row per country (percent changes, levels)
    bilateral: pd.DataFrame = field(repr=False)   # exporter, importer[, sector], before, after, change_pct
    diagnostics: dict = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()
    notes: tuple[str, ...] = ()
    intervals: pd.DataFrame | None = field(default=None, repr=False)  # country, metric, p5, p50, p95
    sectors: pd.DataFrame | None = field(default=None, repr=False)    # country, sector, exports/imports before, after
    decomposition: pd.DataFrame | None = field(default=None, repr=False)  # country, partner, sector, terms/volume of trade

    def table(self, countries: list[str] | None = None) -> TableResult:
        """Per-country results (all, or ``countries``) with the interval bounds after Monte Carlo,
        the solver's diagnostics among the notes."""
        notes = list(self.notes) + [f"{k}: {v}" for k, v in self.diagnostics.items()]
        frame = self.countries
        if self.intervals is not None:
            wide = self.intervals.pivot_table(index="country", columns="metric", values=["p5", "p95"])
            wide.columns = [f"{m}_{p}" for p, m in wide.columns]
            frame = frame.merge(wide.reset_index(), on="country", how="left")
        if countries is not None:
            frame = frame[frame["country"].isin(countries)].reset_index(drop=True)
        return TableResult(self.title, frame, _units(frame), self.provenance, tuple(notes))

    def bilateral_table(self) -> TableResult:
        """Bilateral flows before and after (for a deal: the pair, by sector), USD mn."""
        return TableResult(f"{self.title}: bilateral flows", self.bilateral.reset_index(drop=True),
                           _units(self.bilateral), self.provenance, self.notes)

    def sector_table(self, countries: list[str] | None = None) -> TableResult:
        """Each country's exports and imports by sector, before and after (multi-sector model)."""
        if self.sectors is None:
            raise QueryError(f"{self.model} results have no sectors", "run the multi-sector model")
        f = self.sectors if countries is None else self.sectors[self.sectors["country"].isin(countries)]
        return TableResult(f"{self.title}: trade by sector", f.reset_index(drop=True), _units(f),
                           self.provenance, self.notes)

    def decomposition_table(self, by: str = "partner", countries: list[str] | None = None) -> TableResult:
        """Caliendo and Parro's first-order welfare decomposition (percent of base-year income)
        summed ``by`` "country", "partner", "sector" or "partner_sector" (multi-sector model)."""
        keys = {"country": ["country"], "partner": ["country", "partner"], "sector": ["country", "sector"],
                "partner_sector": ["country", "partner", "sector"]}
        if self.decomposition is None:
            raise QueryError(f"{self.model} results have no welfare decomposition", "run the multi-sector model")
        if by not in keys:
            raise QueryError(f"unknown by '{by}'", f"use one of {', '.join(keys)}")
        f = self.decomposition if countries is None else self.decomposition[self.decomposition["country"].isin(countries)]
        f = f.groupby(keys[by], sort=False)[["terms_of_trade_pct", "volume_of_trade_pct"]].sum().reset_index()
        f["welfare_first_order_pct"] = f["terms_of_trade_pct"] + f["volume_of_trade_pct"]
        return TableResult(f"{self.title}: welfare decomposition by {by.replace('_', ' and ')}", f, _units(f),
                           self.provenance, (*self.notes, "first order (Caliendo and Parro 2015, eq. 25) at base-year "
                                             "flows net of tariffs, percent of the country's base-year income"))

    def trade_changes(self, importers: list[str] | None = None, exporters: list[str] | None = None) -> TableResult:
        """Bilateral flows between countries summed over sectors, before and after (USD mn), and
        their change (percent); domestic flows excluded."""
        f = self.bilateral
        if importers is not None:
            f = f[f["importer"].isin(importers)]
        if exporters is not None:
            f = f[f["exporter"].isin(exporters)]
        f = f.groupby(["importer", "exporter"], sort=False)[["before_usd_mn", "after_usd_mn"]].sum().reset_index()
        f["change_pct"] = 100 * (f["after_usd_mn"] / f["before_usd_mn"] - 1)
        return TableResult(f"{self.title}: bilateral trade", f, _units(f), self.provenance, self.notes)

    @property
    def label(self) -> str:
        """The scenario's name and the model, as a column heading (title up to its first colon)."""
        return f"{self.title.split(':')[0]} ({self.model})"

    def metrics(self) -> pd.DataFrame:
        """Tidy (metric, market, value, unit) rows, one per country result."""
        rows = []
        for c, unit in _units(self.countries).items():
            for country, v in zip(self.countries["country"], self.countries[c]):
                rows.append((c, country, float(v), unit))
        return pd.DataFrame(rows, columns=["metric", "market", "value", "unit"])

    def compare(self, *others, relative_to: str | None = None) -> TableResult:
        """This result beside others: GE results of other scenarios or of the other GE model
        (every shared metric, one column each; ``relative_to`` a label, to add differences),
        or a product-level :class:`ScenarioResult` of the same scenario (the headline figures
        of both models, see :func:`tradedeal.results.compare_models.compare_models`)."""
        if len(others) == 1 and getattr(others[0], "family", "") == PRODUCT_LEVEL:
            return compare_models(others[0], self)
        if any(not isinstance(o, GEResult) for o in others):
            raise TypeError("GEResult.compare takes GE results, or one product-level result of the same scenario")
        return compare_ge(self, *others, relative_to=relative_to)


def _units(frame: pd.DataFrame) -> dict[str, str]:
    """Units of the result columns, from their names (``*_pct``, ``*_usd_mn``)."""
    return {c: "percent" if c.endswith("_pct") else "USD mn" for c in frame.columns if c.endswith(("_pct", "_usd_mn"))}


def compare_ge(*results: GEResult, relative_to: str | None = None) -> TableResult:
    """Country results of several GE runs side by side (metrics they share), one column each."""
    labels = [r.label for r in results]
    if len(set(labels)) != len(labels):
        labels = [f"{lab} #{k + 1}" for k, lab in enumerate(labels)]
    frames = []
    for r, lab in zip(results, labels):
        frames.append(r.metrics().set_index(["metric", "market", "unit"])["value"].rename(lab))
    out = pd.concat(frames, axis=1, join="inner").reset_index()
    if relative_to is not None:
        if relative_to not in labels:
            raise QueryError(f"relative_to '{relative_to}' is not one of the results compared",
                             f"use one of: {', '.join(labels)}")
        model = results[labels.index(relative_to)].model
        for r, lab in zip(results, labels):
            if lab != relative_to and r.model == model:  # differences within one model only
                out[f"{lab} minus {relative_to}"] = out[lab] - out[relative_to]
    prov = tuple(dict.fromkeys(p for r in results for p in r.provenance))
    return TableResult("General-equilibrium results compared", out, {lab: "see unit" for lab in labels}, prov,
                       tuple(f"{lab}: {r.title}" for r, lab in zip(results, labels)))
