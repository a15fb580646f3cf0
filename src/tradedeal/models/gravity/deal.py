"""A deal scenario in general equilibrium: the scenario's tariffs (both directions, every
partner of the regimes' importers) mapped to ICIO sectors, the multi-sector model solved, and
the results for the pair and the rest of the world. The one-sector variant aggregates the same
economy and tariffs to one sector."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.models.gravity import multisector, onesector
from tradedeal.models.gravity.icio import build
from tradedeal.models.gravity.sector_tariffs import has_line_weights, sector_tariffs
from tradedeal.results.frames import Provenance
from tradedeal.results.ge import GEResult
from tradedeal.scenario.model import Scenario

MODELS = ("multi-sector", "one-sector")


def scenario_tariffs(s: Scenario, countries: tuple[str, ...], sectors: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(tau0, tau1) as (J, N, N) arrays [sector, importer, exporter] and notes."""
    from tradedeal.regime.api import compiled
    from tradedeal.regime.compile import Options, compile_regime
    from tradedeal.regime.loader import load_regime
    from tradedeal.regime.loader import shipped_regimes
    from tradedeal.scenario.apply import apply_edits

    J, N = len(sectors), len(countries)
    tau0, tau1 = np.zeros((J, N, N)), np.zeros((J, N, N))
    notes = []
    exporters = list(countries)
    for importer in s.markets:
        if importer not in shipped_regimes() or importer not in countries:
            notes.append(f"{importer}: no shipped regime or not an ICIO country; its tariffs stay zero")
            continue
        base = compiled(importer)
        edited = compile_regime(apply_edits(load_regime(importer=importer), s), Options(), reuse=base)
        n = countries.index(importer)
        t0 = sector_tariffs(base, s.scenario.base_date, exporters, sectors, s.scenario.data_year)
        t1 = sector_tariffs(edited, s.scenario.date, exporters, sectors, s.scenario.data_year)
        t0[:, n], t1[:, n] = 0.0, 0.0  # no tariff on domestic sales
        tau0[:, n, :], tau1[:, n, :] = t0, t1
        if not has_line_weights(importer, s.scenario.data_year):
            notes.append(f"APPROXIMATION: {importer}'s sector tariffs weight its lines equally "
                         f"(no {importer} import table by line and partner is shipped)")
        texts = [t for t in dict.fromkeys(edited.approximations.values()) if t]
        if len(texts) <= 6:
            notes += [f"APPROXIMATION ({importer} regime): {t}" for t in texts]
        else:
            notes.append(f"APPROXIMATION ({importer} regime): {len(texts)} measure-level approximations enter the "
                         f"sector averages (content shares, list scopes, dates); `tradedeal duty LINE --origin ISO3` "
                         f"shows those that touch a line")
    return tau0, tau1, notes


def run(s: Scenario, model: str = "multi-sector", draws: int = 0, seed: int = 20260206,
        scheduler: str | None = None, workers: int | None = None, spread: float = 0.5) -> GEResult:
    from tradedeal import datasets

    countries = tuple(sorted(datasets.load("icio_node_totals")["country"].unique()))
    sectors = tuple(datasets.load("icio_sectors")["sector"])
    tau0, tau1, notes = scenario_tariffs(s, countries, sectors)
    ec = build(tau0)
    e = ec.economy
    h = s.scenario
    notes = [f"{h.title}: tariffs of {', '.join(s.markets)} on {h.base_date} (base) against {h.date} "
             f"(scenario), aggregated to ICIO sectors with trade weights", *notes,
             "final demand by destination constructed (final buyers source like the intermediate buyers of their country); "
             "deficits held fixed; other importers' tariffs are zero in the model",
             f"calibration: {ec.calibration}"]
    if s.purchase:
        notes.append(f"the scenario's {len(s.purchase)} purchase commitment(s) are not modelled in GE (tariffs only); "
                     "see the product-level model (tradedeal simulate) for their effect on the balance")
    prov = (Provenance("icio_node_totals, icio_intermediate_flows, icio_input_output",
                       "OECD ICIO 2022 (sanction-simulator packaging)",
                       "final demand by destination constructed; tariffs of other importers set to zero"),
            Provenance("broda_weinstein_sigma", "Broda and Weinstein (2006)",
                       "sector trade elasticities = median sigma - 1 of the sector's HS3 codes; services 4 (assumed)"))
    if model == "one-sector":
        return _one_sector(e, tau0, tau1, countries, notes, prov, h, draws, seed, scheduler, workers, spread)
    eq = multisector.solve(e, tau1)
    w = multisector.welfare(e, eq)
    off = ~np.eye(len(countries), dtype=bool)
    M0 = e.pi * e.X[:, :, None] / (1 + e.tau)
    M1 = eq.pi * eq.X[:, :, None] / (1 + tau1)
    R0 = multisector.tariff_revenue(e.pi, e.X, e.tau)
    countries_frame = pd.DataFrame({
        "country": countries, **w,
        "wage_change_pct": 100 * (eq.w_hat - 1),
        "tariff_revenue_before_usd_mn": R0, "tariff_revenue_after_usd_mn": eq.revenue,
        "exports_before_usd_mn": (M0 * off[None]).sum(axis=(0, 1)), "exports_after_usd_mn": (M1 * off[None]).sum(axis=(0, 1)),
        "imports_before_usd_mn": (M0 * off[None]).sum(axis=(0, 2)), "imports_after_usd_mn": (M1 * off[None]).sum(axis=(0, 2)),
        "trade_deficit_usd_mn": e.D, "income_before_usd_mn": e.VA + R0 + e.D, "income_after_usd_mn": eq.income,
    })
    countries_frame = _with_rest_of_world(countries_frame, [h.importer, h.partner])
    pair = [countries.index(h.importer), countries.index(h.partner)]
    rows = []
    for a in pair:
        for b in pair:
            if a != b:
                for j, sec in enumerate(ec.sectors):
                    rows.append((countries[b], countries[a], sec, M0[j, a, b], M1[j, a, b], 100 * tau0[j, a, b], 100 * tau1[j, a, b]))
    bilateral = pd.DataFrame(rows, columns=["exporter", "importer", "sector", "before_usd_mn", "after_usd_mn",
                                            "tariff_before_pct", "tariff_after_pct"])
    bilateral["change_pct"] = 100 * (bilateral["after_usd_mn"] / bilateral["before_usd_mn"] - 1)
    diag = {"model": "multi-sector (Caliendo-Parro 2015, exact hat algebra)", "iterations": eq.iterations,
            "max_excess_demand_share": eq.max_excess, "countries": len(countries), "sectors": len(sectors)}
    intervals = None
    if draws:
        from tradedeal.models.gravity import uncertainty

        arr = uncertainty.run("_multi_sector_draws", (e, tau1, spread), draws, seed, scheduler, workers)
        intervals = uncertainty.percentiles(arr, countries, ["welfare_pct", "real_wage_pct"])
        notes.append(f"intervals: {draws} draws of every sector's trade elasticity, uniform within "
                     f"+/-{100 * spread:.0f}% of its value (Broda-Weinstein gives no standard errors)")
    return GEResult(f"{h.name}: multi-sector GE", "multi-sector", countries_frame, bilateral, diag, prov,
                    tuple(notes), intervals, _by_sector(M0, M1, countries, ec.sectors))


def _by_sector(M0: np.ndarray, M1: np.ndarray, countries, sectors) -> pd.DataFrame:
    """Exports and imports (to and from other countries) by country and sector, USD mn."""
    off = ~np.eye(len(countries), dtype=bool)[None]
    cols = {}
    for label, M in (("before", M0), ("after", M1)):
        cols[f"exports_{label}_usd_mn"] = (M * off).sum(axis=1).T.ravel()   # [i, j]
        cols[f"imports_{label}_usd_mn"] = (M * off).sum(axis=2).T.ravel()   # [n, j]
    f = pd.DataFrame({"country": np.repeat(countries, len(sectors)), "sector": np.tile(sectors, len(countries)), **cols})
    with np.errstate(divide="ignore", invalid="ignore"):
        f["exports_change_pct"] = 100 * (f["exports_after_usd_mn"] / f["exports_before_usd_mn"] - 1)
        f["imports_change_pct"] = 100 * (f["imports_after_usd_mn"] / f["imports_before_usd_mn"] - 1)
    return f


def _with_rest_of_world(f: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """Add a 'rest of world' row: income-weighted percent changes, summed levels."""
    rest = f[~f["country"].isin(keep)]
    w = rest["income_before_usd_mn"] / rest["income_before_usd_mn"].sum()
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
                      "income_before_usd_mn": base.E})
    f = _with_rest_of_world(f, [h.importer, h.partner])
    notes = [*notes, f"one sector: sigma = {sigma:.2f} (1 + trade-weighted theta); no tariff revenue in the "
                     f"endowment model; numeraire: {h.importer}'s price index"]
    intervals = None
    if draws:
        from tradedeal.models.gravity import uncertainty

        arr = uncertainty.run("_one_sector_deal_draws", (flows, dln, theta, spread, ref), draws, seed, scheduler, workers)
        intervals = uncertainty.percentiles(arr, countries, ["welfare_pct"])
        notes.append(f"intervals: {draws} draws of sigma - 1 uniform within +/-{100 * spread:.0f}% of {theta:.2f}")
    diag = {"model": "one-sector (Anderson-van Wincoop, full endowment)", "iterations": sol.iterations,
            "max_excess_demand_share": sol.max_excess_demand}
    return GEResult(f"{h.name}: one-sector GE", "one-sector", f, pd.DataFrame(), diag, prov, tuple(notes),
                    intervals)
