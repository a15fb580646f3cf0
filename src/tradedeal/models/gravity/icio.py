"""The multi-sector economy from the shipped OECD ICIO 2022 tables (80 countries x 50 sectors).

Stated assumptions (each tested):

- Final demand by destination: the ICIO packaging gives final-demand sales by selling node
  only. Final buyers of a country are assumed to source each sector's goods from the same
  origins, in the same shares, as the intermediate buyers of that country; each country's
  final demand by sector is then the non-negative solution of "the sellers' final sales are
  the sum over buyer countries of sourcing share x final demand" (one small linear system per
  sector, non-negative least squares). Sellers' final-sales totals are met up to a reported
  residual (about 1% on average). A country with no intermediate purchases of a sector buys
  that sector's final goods at home.
- Flows are at basic (factory) prices; tariff-inclusive spending is flow x (1 + tariff).
- Value-added shares are 1 - the IO cost shares (floored at 2%); final-demand shares are each
  country's final purchases by sector; deficits are imports less exports (goods and services).
- The data do not satisfy the model's equations exactly (capped columns, the final-demand
  construction): the baseline is the model solved at the baseline tariffs (calibration), and
  counterfactuals are changes from it; the size of that calibration step is reported.
- Trade elasticities theta_j = sigma - 1 from Broda and Weinstein (2006): the median over
  countries and HS3 codes that map to the sector (through HS6 -> ISIC Rev. 4), bounded to
  [1, 20]; sectors without goods (services, utilities, construction) get theta = 4 (an assumed
  central value, e.g. Simonovska and Waugh 2014).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets, lazy
from tradedeal.codes.sectors import hs6_to_sector
from tradedeal.models.gravity import calibration as steps
from tradedeal.models.gravity.io_economy import IOEconomy
from tradedeal.models.gravity.multisector import Economy

SERVICE_THETA = 4.0
THETA_BOUNDS = (1.0, 20.0)
VA_FLOOR = 0.02


@dataclass(frozen=True)
class IcioEconomy(IOEconomy):
    """The ICIO economy: an :class:`IOEconomy` with the sources of its sector elasticities."""

    theta_source: pd.DataFrame | None = field(default=None, repr=False)   # sector, theta, rule


@lru_cache(maxsize=1)
def sector_theta() -> pd.DataFrame:
    """theta by ICIO sector from Broda-Weinstein sigmas (see the module docstring)."""

    bw = datasets.load("broda_weinstein_sigma")
    hs6 = hs6_to_sector()
    hs6 = hs6.assign(hs3=hs6["hs6"].str.slice(0, 3))
    m = bw.merge(hs6[["hs3", "sector"]].drop_duplicates(), on="hs3")
    med = m.groupby("sector")["sigma"].median() - 1.0
    sectors = datasets.load("icio_sectors")["sector"]
    theta = sectors.map(med.clip(*THETA_BOUNDS))
    rule = np.where(theta.notna(), "Broda-Weinstein (2006) sigma - 1, median over countries and HS3 in the sector",
                    "no goods in the sector: theta = 4 (assumed)")
    return pd.DataFrame({"sector": sectors, "theta": theta.fillna(SERVICE_THETA), "rule": rule})


def final_demand_by_destination(T: np.ndarray, FS: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """F[j, i, n] (final sales of i's sector j to country n) and, per sector, the residual of the
    sellers' final-sales totals as a share of the sector's final sales (see the module docstring)."""

    J, N, _ = T.shape
    F = np.zeros_like(T)
    residual = np.zeros(J)
    for j in range(J):
        buy = T[j].sum(axis=0)                                           # n's intermediate purchases
        S = np.divide(T[j], buy[None, :], out=np.zeros((N, N)), where=buy[None, :] > 0)   # S[i, n]
        none = np.flatnonzero(buy <= 0)
        S[none, none] = 1.0
        try:
            f = np.linalg.solve(S, FS[j])
        except np.linalg.LinAlgError:
            f = -np.ones(N)
        if (f < 0).any():
            f, _ = lazy.optimize().nnls(S, FS[j], maxiter=50 * N)
        F[j] = S * f[None, :]
        total = FS[j].sum()
        residual[j] = np.abs(S @ f - FS[j]).sum() / total if total > 0 else 0.0
    return F, residual


def build(tariffs: np.ndarray | None = None) -> IcioEconomy:
    """The ICIO economy; ``tariffs`` (J, N, N) are the baseline tariffs (default 0)."""

    nodes = datasets.load("icio_node_totals")
    flows = datasets.load("icio_intermediate_flows")
    io = datasets.load("icio_input_output")
    countries = tuple(sorted(nodes["country"].unique()))
    sectors = tuple(datasets.load("icio_sectors")["sector"])
    N, J = len(countries), len(sectors)
    ci = {c: k for k, c in enumerate(countries)}
    sj = {s: k for k, s in enumerate(sectors)}
    T = np.zeros((J, N, N))  # T[j, i, n]: seller i's intermediate sales to buyer country n
    T[flows["seller_sector"].map(sj), flows["seller_country"].map(ci), flows["buyer_country"].map(ci)] = flows["value_usd_mn"]
    FS = np.zeros((J, N))
    GO = np.zeros((J, N))
    FS[nodes["sector"].map(sj), nodes["country"].map(ci)] = nodes["final_demand_sales_usd_mn"]
    GO[nodes["sector"].map(sj), nodes["country"].map(ci)] = nodes["gross_output_usd_mn"]
    F, residual = final_demand_by_destination(T, FS)
    M = np.transpose(T + F, (0, 2, 1))                 # M[j, n, i]: n buys from i, basic prices
    tau = np.zeros((J, N, N)) if tariffs is None else tariffs
    pi, X = steps.expenditure_shares(M, tau)
    gio = np.zeros((N, J, J))                          # gio[n, k, j]
    gio[io["country"].map(ci), io["input_sector"].map(sj), io["output_sector"].map(sj)] = io["cost_share"]
    colsum = gio.sum(axis=1)                           # (N, J)
    scale = np.where(colsum > 1 - VA_FLOOR, (1 - VA_FLOOR) / np.maximum(colsum, 1e-12), 1.0)
    gio = gio * scale[:, None, :]
    gva = (1 - gio.sum(axis=1)).T                      # (J, N)
    Fn = np.transpose(F.sum(axis=1))                   # F[j, i, n] summed over sellers -> (N, J)
    alpha = (Fn / Fn.sum(axis=1, keepdims=True)).T     # (J, N)
    VA = (gva * GO).sum(axis=0)
    off = ~np.eye(N, dtype=bool)
    imports = (M * off[None]).sum(axis=(0, 2))
    exports = (M * off[None]).sum(axis=(0, 1))
    D = imports - exports
    th = sector_theta()
    e = Economy(pi=pi, X=X, gamma_va=gva, gamma_io=gio, alpha=alpha, tau=tau,
                theta=th["theta"].to_numpy(float), VA=VA, D=D)
    calibration = {"world_deficit_usd_mn": float(D.sum()),
                   "final_sales_residual_mean_pct": float(100 * residual.mean()),
                   "final_sales_residual_max_pct": float(100 * residual.max())}
    # calibration: the baseline is made an equilibrium of the model at the base tariffs
    base = steps.consistent_base_year(e)
    eq = base.equilibrium
    calibration.update({"calibration_iterations": eq.iterations,
                        "largest_wage_adjustment_pct": float(100 * np.abs(eq.w_hat - 1).max()),
                        "expenditure_gap_pct": float(100 * np.abs(eq.X - X).sum() / X.sum())})
    return IcioEconomy(economy=base.economy, countries=countries, sectors=sectors, calibration=calibration,
                       name="icio_2022", title="OECD ICIO 2022, 80 countries x 50 sectors", theta_source=th)
