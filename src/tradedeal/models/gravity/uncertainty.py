"""Monte Carlo for the GE models: the same pure solvers over draws of the elasticities (and
of the gravity cost coefficients, from their standard errors), on local processes or a Dask
cluster. Each draw has its own seed, so results depend on the seed only."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from tradedeal.models.gravity import multisector, onesector
from tradedeal.models.parallel import run_blocks

PCT = (5, 50, 95)


def one_sector_draws(payload, seeds):
    """payload: (terms (K, N, N), beta, beta_se, Y, E, shock_terms (K, N, N), sigma range, ref)."""
    terms, beta, se, Y, E, terms1, (lo, hi), ref = payload
    out = []
    for sd in seeds:
        rng = np.random.default_rng(sd)
        b = beta + rng.standard_normal(len(beta)) * se
        sigma = rng.uniform(lo, hi)
        ln0 = np.tensordot(b, terms, axes=1)
        ln1 = np.tensordot(b, terms1, axes=1)
        base = onesector.baseline_from_costs(ln0, Y, E, sigma, ref)
        sol = onesector.full(base, ln1 - ln0)
        out.append(np.stack([sol.real_gdp_change_pct(), sol.exports_change_pct(base), 100 * (sol.p_hat - 1)]))
    return np.array(out)


def one_sector_deal_draws(payload, seeds):
    """payload: (flows (N, N), ln tariff factor change (N, N), theta, spread, ref): sigma - 1
    drawn uniformly within +/- spread of theta."""
    flows, dln, theta, spread, ref = payload
    out = []
    for sd in seeds:
        rng = np.random.default_rng(sd)
        sigma = 1 + theta * (1 + rng.uniform(-spread, spread))
        base = onesector.baseline_from_trade(flows, sigma, ref)
        sol = onesector.full(base, (1 - sigma) * dln)
        out.append(np.stack([sol.real_gdp_change_pct()]))
    return np.array(out)


def multi_sector_draws(payload, seeds):
    e, tau1, spread = payload
    out = []
    for sd in seeds:
        rng = np.random.default_rng(sd)
        theta = e.theta * (1 + rng.uniform(-spread, spread, len(e.theta)))
        ed = dataclasses.replace(e, theta=theta)
        w = multisector.welfare(ed, multisector.solve(ed, tau1))
        out.append(np.stack([w["welfare_pct"], w["real_wage_pct"]]))
    return np.array(out)


def run(fn, payload, n: int, seed: int, scheduler: str | None = None, workers: int | None = None) -> np.ndarray:
    """(n, metrics, countries) draws of ``fn`` (one of the ``*_draws`` functions above)."""
    return run_blocks(fn, payload, n, seed, scheduler, workers)


def percentiles(draws: np.ndarray, countries, metrics) -> pd.DataFrame:
    rows = []
    for m, name in enumerate(metrics):
        p5, p50, p95 = np.percentile(draws[:, m, :], PCT, axis=0)
        for k, c in enumerate(countries):
            rows.append((c, name, p5[k], p50[k], p95[k], draws.shape[0]))
    return pd.DataFrame(rows, columns=["country", "metric", "p5", "p50", "p95", "draws"])
