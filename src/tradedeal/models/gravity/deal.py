"""A deal scenario in general equilibrium: the scenario's tariffs (both directions, every
partner of the regimes' importers) mapped to ICIO sectors, the multi-sector model solved, and
the results for the pair and the rest of the world. The one-sector variant aggregates the same
economy and tariffs to one sector."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.errors import QueryError
from tradedeal.models.gravity import multisector, onesector, outcomes, uncertainty
from tradedeal.models.gravity.icio import IcioEconomy, build
from tradedeal.models.gravity.io_economy import DECOMPOSITION
from tradedeal.models.gravity.sector_tariffs import SectorWeights, sector_tariffs, sector_weights
from tradedeal.options import GEModel, Source, check, choices
from tradedeal.regime.api import compiled
from tradedeal.regime.arrays import Options
from tradedeal.regime.loader import shipped_regimes
from tradedeal.results.ge import GEResult
from tradedeal.scenario.apply import base_and_edited
from tradedeal.scenario.model import Scenario
from tradedeal.tables import Provenance

MODELS = choices(GEModel)
ICIO_PROVENANCE = (
    Provenance("icio_node_totals, icio_intermediate_flows, icio_input_output", "OECD ICIO 2022 (sanction-simulator packaging)",
               "final demand by destination constructed; tariffs of other importers set to zero"),
    Provenance("broda_weinstein_sigma", "Broda and Weinstein (2006)",
               "sector trade elasticities = median sigma - 1 of the sector's HS3 codes; services 4 (assumed)"))


@dataclass(frozen=True)
class GEInputs:
    """A scenario ready for the GE models: tariffs [sector, importer, exporter] on the base and
    scenario dates, the calibrated economy, and what the numbers rest on."""

    tau0: np.ndarray = field(repr=False)
    tau1: np.ndarray = field(repr=False)
    icio: IcioEconomy = field(repr=False)
    notes: tuple[str, ...]
    provenance: tuple[Provenance, ...]

    @property
    def countries(self) -> tuple[str, ...]:
        return self.icio.countries


@lru_cache(maxsize=1)
def _axes() -> tuple[tuple[str, ...], tuple[str, ...]]:

    return (tuple(sorted(datasets.load("icio_node_totals")["country"].unique())),
            tuple(datasets.load("icio_sectors")["sector"]))


@lru_cache(maxsize=16)
def _base_side(importer: str, include_unconfirmed: bool, base_date, year: int,
               source: str = "auto") -> tuple[SectorWeights, np.ndarray]:
    """An importer's sector weights and its base-date sector tariffs (no edits enter either)."""

    countries, sectors = _axes()
    base = compiled(importer, options=Options(include_status=Options.statuses(include_unconfirmed)))
    w = sector_weights(base, countries, sectors, year, source)
    t0 = sector_tariffs(base, base_date, w)
    t0[:, countries.index(importer)] = 0.0  # no tariff on domestic sales
    t0.setflags(write=False)
    return w, t0


def _imposers(markets: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The markets whose tariffs the model takes from a shipped regime, and notes on the others."""

    countries, _ = _axes()
    ok = [m for m in markets if m in shipped_regimes() and m in countries]
    return ok, [f"{m}: no shipped regime or not an ICIO country; its tariffs stay zero" for m in markets if m not in ok]


@lru_cache(maxsize=8)
def _baseline(markets: tuple[str, ...], include_unconfirmed: bool, base_date, year: int,
              source: str = "auto") -> tuple[np.ndarray, IcioEconomy]:
    """Base-date tariffs of every market and the economy calibrated to them (shared by every
    scenario with the same markets, base date and data year)."""
    countries, sectors = _axes()
    tau0 = np.zeros((len(sectors), len(countries), len(countries)))
    for importer in _imposers(markets)[0]:
        tau0[:, countries.index(importer), :] = _base_side(importer, include_unconfirmed, base_date, year, source)[1]
    tau0.setflags(write=False)
    return tau0, build(tau0)


def _regime_provenance(importer: str, edited) -> Provenance:
    texts = [t for t in dict.fromkeys(edited.approximations.values()) if t]
    approx = "; ".join(texts) if len(texts) <= 6 else (
        f"{len(texts)} measure-level approximations enter the sector averages (content shares, list scopes, "
        f"dates); `tradedeal duty LINE --origin ISO3` shows those that touch a line")
    return Provenance(f"regime {edited.header.id} ({importer}), as edited by the scenario",
                      edited.header.source, approx)


def prepare(s: Scenario, source: Source = "auto") -> GEInputs:
    """The scenario's sector tariffs (base and scenario dates) and the calibrated economy;
    ``source``: the trade data that weighs the lines of each sector."""
    check(source, Source, "--source")

    h = s.scenario
    countries, sectors = _axes()
    for role, code in (("importer", h.importer), ("partner", h.partner)):
        if code not in countries:
            raise QueryError(f"the scenario's {role} {code} is not one of the {len(countries)} ICIO countries, so "
                             "the GE models cannot represent it", f"ICIO countries: {', '.join(countries)}; "
                             "`tradedeal simulate` runs the product-level model for any pair")
    markets = tuple(s.markets)
    tau0, icio = _baseline(markets, h.include_unconfirmed, h.base_date, h.data_year, source)
    tau1 = np.zeros_like(tau0)
    imposers, notes = _imposers(markets)
    prov = list(ICIO_PROVENANCE)
    for importer in imposers:
        w, _ = _base_side(importer, h.include_unconfirmed, h.base_date, h.data_year, source)
        _, edited = base_and_edited(s, importer)
        t1 = sector_tariffs(edited, h.date, w)
        t1[:, countries.index(importer)] = 0.0
        tau1[:, countries.index(importer), :] = t1
        prov += [w.provenance, _regime_provenance(importer, edited)]
    notes = [f"{h.title}: tariffs of {', '.join(markets)} on {h.base_date} (base) against {h.date} "
             f"(scenario), aggregated to ICIO sectors with trade weights", *notes,
             "final demand by destination constructed (final buyers source like the intermediate buyers of their "
             "country); deficits held fixed; other importers' tariffs are zero in the model",
             f"calibration: {icio.calibration}"]
    if h.baseline != "unedited":
        notes.append(f"GE figures are against the tariffs of {h.base_date}; the deal against its baseline: "
                     f"add --compare {h.baseline} (the two runs side by side and their difference)")
    if s.purchase:
        notes.append(f"the scenario's {len(s.purchase)} purchase commitment(s) are not modelled in GE (tariffs only); "
                     "see the product-level model (tradedeal simulate) for their effect on the balance")
    return GEInputs(tau0, tau1, icio, tuple(notes), tuple(dict.fromkeys(prov)))


def run(s: Scenario, model: str = "multi-sector", draws: int = 0, seed: int = 20260206,
        scheduler: str | None = None, workers: int | None = None, spread: float = 0.5,
        inputs: GEInputs | None = None) -> GEResult:
    """The scenario in the multi-sector or one-sector GE model (``inputs``: from :func:`prepare`,
    to run both models on one preparation)."""
    check(model, GEModel, "model")
    g = inputs or prepare(s)
    ec, e, tau0, tau1, h = g.icio, g.icio.economy, g.tau0, g.tau1, s.scenario
    countries, sectors = ec.countries, ec.sectors
    notes, prov = list(g.notes), g.provenance
    if model == "one-sector":
        return _one_sector(e, tau0, tau1, countries, notes, prov, h, draws, seed, scheduler, workers, spread)
    eq = multisector.solve(e, tau1)
    countries_frame = _with_rest_of_world(outcomes.country_frame(e, eq, countries), [h.importer, h.partner])
    pair = [countries.index(h.importer), countries.index(h.partner)]
    bilateral = outcomes.bilateral_frame(e, eq, countries, sectors, pairs=[(a, b) for a in pair for b in pair if a != b])
    diag = {"model": "multi-sector (Caliendo-Parro 2015, exact hat algebra)", "iterations": eq.iterations,
            "max_excess_demand_share": eq.max_excess, "accounting_residual": eq.accounting_residual,
            "countries": len(countries), "sectors": len(sectors)}
    intervals = None
    if draws:

        arr = uncertainty.run(uncertainty.multi_sector_draws, (e, tau1, spread), draws, seed, scheduler, workers)
        intervals = uncertainty.percentiles(arr, countries, ["welfare_pct", "real_wage_pct"])
        notes.append(f"intervals: {draws} draws of every sector's trade elasticity, uniform within "
                     f"+/-{100 * spread:.0f}% of its value (Broda-Weinstein gives no standard errors)")
    return GEResult(f"{h.name}: multi-sector GE", "multi-sector", countries_frame, bilateral, diag, (*prov, DECOMPOSITION),
                    tuple(notes), intervals, outcomes.sector_frame(e, eq, countries, sectors),
                    outcomes.decomposition_frame(e, eq, countries, sectors))


def _with_rest_of_world(f: pd.DataFrame, keep: list[str], weight: str = "income_before_usd_mn") -> pd.DataFrame:
    """Add a 'rest of world' row: percent changes weighted by ``weight``, summed levels."""
    rest = f[~f["country"].isin(keep)]
    w = rest[weight] / rest[weight].sum()
    row = {"country": "rest of world"}
    for c in f.columns[1:]:
        row[c] = float((rest[c] * w).sum()) if c.endswith("_pct") else float(rest[c].sum())
    return pd.concat([f, pd.DataFrame([row])], ignore_index=True)


def _one_sector(e, tau0, tau1, countries, notes, prov, h, draws=0, seed=0, scheduler=None, workers=None,
                spread=0.5) -> GEResult:
    """Aggregate flows to one sector; the tariff change enters as a trade-cost change with
    sigma = 1 + the trade-weighted mean theta."""
    M = e.pi * e.X[:, :, None] / (1 + e.tau)               # [j, n, i]
    flows = M.sum(axis=0).T                                  # exporter x importer
    avg0 = (M * e.tau).sum(axis=0).T / np.maximum(flows, 1e-12)
    avg1 = (M * tau1).sum(axis=0).T / np.maximum(flows, 1e-12)
    theta = float((e.theta[:, None, None] * M).sum() / M.sum())
    sigma = 1 + theta
    dln = np.log1p(avg1) - np.log1p(avg0)
    ln_hat = (1 - sigma) * dln
    ref = countries.index(h.importer)
    base = onesector.baseline_from_trade(flows, sigma, ref)
    sol = onesector.full(base, ln_hat)
    off = ~np.eye(len(countries), dtype=bool)
    f = pd.DataFrame({"country": countries, "welfare_pct": sol.real_gdp_change_pct(),
                      "factory_gate_price_change_pct": 100 * (sol.p_hat - 1), "imr_change_pct": 100 * (sol.P_hat - 1),
                      "exports_before_usd_mn": (base.X * off).sum(1), "exports_after_usd_mn": (sol.X * off).sum(1),
                      "imports_before_usd_mn": (base.X * off).sum(0), "imports_after_usd_mn": (sol.X * off).sum(0),
                      "gross_expenditure_before_usd_mn": base.E})
    f = _with_rest_of_world(f, [h.importer, h.partner], "gross_expenditure_before_usd_mn")
    notes = [*notes, f"one sector: sigma = {sigma:.2f} (1 + trade-weighted theta); no tariff revenue in the "
                     f"endowment model; numeraire: {h.importer}'s price index"]
    intervals = None
    if draws:

        arr = uncertainty.run(uncertainty.one_sector_deal_draws, (flows, dln, theta, spread, ref), draws, seed, scheduler, workers)
        intervals = uncertainty.percentiles(arr, countries, ["welfare_pct"])
        notes.append(f"intervals: {draws} draws of sigma - 1 uniform within +/-{100 * spread:.0f}% of {theta:.2f}")
    diag = {"model": "one-sector (Anderson-van Wincoop, full endowment)", "iterations": sol.iterations,
            "max_excess_demand_share": sol.max_excess_demand}
    return GEResult(f"{h.name}: one-sector GE", "one-sector", f, pd.DataFrame(), diag, prov, tuple(notes),
                    intervals)
