"""A multi-sector economy with its labels, calibrated from input-output tables read from files
(:mod:`tradedeal.datasets.io_tables`: the documented CSV layout or the Caliendo-Parro text
files), and a counterfactual on it in the paper's terms beside ours.

>>> from tradedeal.models.gravity import io_economy
>>> cp = io_economy.load("caliendo_parro_2015")        # the shipped 31 x 40 economy, base year 1993
>>> r = io_economy.run(cp, "nafta")                     # a GEResult
>>> r.countries.set_index("country").loc[["MEX", "CAN", "USA"]]

The ICIO economy (:mod:`tradedeal.models.gravity.icio`) is the same object with its sector
elasticities' sources attached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tradedeal.datasets import io_tables
from tradedeal.datasets.io_tables import Counterfactual, IOTables
from tradedeal.errors import QueryError
from tradedeal.models.gravity import calibration, multisector, outcomes, uncertainty
from tradedeal.models.gravity.multisector import Economy
from tradedeal.results.ge import GEResult
from tradedeal.tables import Provenance

NON_TRADABLE_THETA = 1.0   # irrelevant: a non-tradable sector buys only at home (pi_nn = 1)
DECOMPOSITION = Provenance(
    "first-order welfare decomposition", "Caliendo and Parro (2015), eq. 25: the paper's welfare column",
    "welfare_first_order_pct = terms_of_trade_pct + volume_of_trade_pct is first order, evaluated at base-year flows "
    "net of tariffs; welfare_pct is the exact real-income change and can differ much for large tariff changes")


@dataclass(frozen=True)
class IOEconomy:
    """A calibrated base year with its labels, what the calibration did, and its counterfactuals."""

    economy: Economy = field(repr=False)
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    calibration: dict
    tradable: np.ndarray | None = field(default=None, repr=False)
    counterfactuals: tuple[Counterfactual, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    name: str = ""
    title: str = ""

    def counterfactual(self, name: str) -> Counterfactual:
        for c in self.counterfactuals:
            if c.name == name:
                return c
        raise QueryError(f"the economy {self.name or self.title} has no counterfactual '{name}'",
                         f"use one of: {', '.join(c.name for c in self.counterfactuals) or '(none declared)'}")


def from_tables(t: IOTables, imbalances: str | None = None) -> IOEconomy:
    """Calibrate ``t`` step by step (:mod:`calibration`); ``imbalances`` overrides the manifest's
    choice ("remove": zero trade balances, the paper's Table 2; "keep": as observed)."""
    how = imbalances or t.imbalances
    theta = np.where(t.tradable, t.theta, NON_TRADABLE_THETA)
    raw, figures = calibration.economy(t.flows, t.tariffs, t.gross_output, t.value_added_share, t.input_output, theta,
                                       raise_output=t.exports_above_output == "raise_output")
    base, more = calibration.base_year(raw, how)
    figures = {"imbalances": how, **figures, **more}
    check = f"verified against {t.checksums}" if t.checksums else "recorded, no checksum file"
    prov = (Provenance(f"{t.name}: {Path(t.manifest).name} and {len(t.files) - 1} data files (SHA-256 {check})",
                       f"{t.source}. Licence: {t.licence or 'not stated'}"),
            DECOMPOSITION)
    return IOEconomy(base, t.countries, t.sectors, figures, np.asarray(t.tradable), t.counterfactuals, prov, t.name, t.title)


def load(ref: str | Path, imbalances: str | None = None) -> IOEconomy:
    """Read an economy (a manifest, a folder holding ``economy.toml``, or a shipped name) and calibrate it."""
    return from_tables(io_tables.read(ref), imbalances)


def run(ioe: IOEconomy, counterfactual: str | np.ndarray, draws: int = 0, seed: int = 20260206,
        scheduler: str | None = None, workers: int | None = None, spread: float = 0.5) -> GEResult:
    """The counterfactual (a declared name, or tariffs (J, N, N) as fractions) from the base year."""
    e = ioe.economy
    if isinstance(counterfactual, str):
        cf = ioe.counterfactual(counterfactual)
        tau1, label, notes = cf.tariffs, cf.name, [f"{cf.title} ({cf.cells_changed} tariff cells change)",
                                                    *([cf.description] if cf.description else [])]
    else:
        tau1 = np.asarray(counterfactual, float)
        if tau1.shape != e.tau.shape:
            raise QueryError(f"counterfactual tariffs have shape {tau1.shape}; the economy needs {e.tau.shape} "
                             "(sector, importer, exporter)", "give one tariff (a fraction) per sector, importer and exporter")
        label, notes = "counterfactual", ["tariffs given as an array"]
    eq = multisector.solve(e, tau1)
    C, S = ioe.countries, ioe.sectors
    traded = ioe.tradable if ioe.tradable is not None else np.ones(len(S), bool)
    notes += [f"base year: {'zero trade imbalances' if ioe.calibration.get('imbalances') == 'remove' else 'observed imbalances held fixed'}",
              f"calibration: {ioe.calibration}"]
    diag = {"model": "multi-sector (Caliendo-Parro 2015, exact hat algebra)", "iterations": eq.iterations,
            "max_excess_demand_share": eq.max_excess, "accounting_residual": eq.accounting_residual,
            "countries": len(C), "sectors": len(S)}
    intervals = None
    if draws:
        arr = uncertainty.run(uncertainty.multi_sector_draws, (e, tau1, spread), draws, seed, scheduler, workers)
        intervals = uncertainty.percentiles(arr, C, ["welfare_pct", "real_wage_pct"])
        notes.append(f"intervals: {draws} draws of every sector's trade elasticity, uniform within +/-{100 * spread:.0f}%")
    return GEResult(f"{ioe.name or 'economy'} {label}: multi-sector GE", "multi-sector", outcomes.country_frame(e, eq, C),
                    outcomes.bilateral_frame(e, eq, C, S, sector_mask=traded), diag, ioe.provenance, tuple(notes), intervals,
                    outcomes.sector_frame(e, eq, C, S), outcomes.decomposition_frame(e, eq, C, S, traded))


def frame(ioe: IOEconomy) -> pd.DataFrame:
    """The base year by country: value added, income, tariff revenue, trade, imbalance (USD mn)."""
    e = ioe.economy
    M = e.pi * e.X[:, :, None] / (1 + e.tau)
    off = ~np.eye(len(ioe.countries), dtype=bool)[None]
    R = multisector.tariff_revenue(e.pi, e.X, e.tau)
    return pd.DataFrame({"country": list(ioe.countries), "value_added_usd_mn": e.VA, "tariff_revenue_usd_mn": R,
                         "income_usd_mn": e.VA + R + e.D, "exports_usd_mn": (M * off).sum(axis=(0, 1)),
                         "imports_usd_mn": (M * off).sum(axis=(0, 2)), "trade_deficit_usd_mn": e.D})
