"""Monte Carlo for the GE models: the same pure solvers over draws of the elasticities (and
of the gravity cost coefficients, from their standard errors), on local processes or a Dask
cluster. Each draw has its own seed, so results depend on the seed only."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from tradedeal.models.gravity import multisector, onesector

PCT = (5, 50, 95)


def _one_sector_draws(payload, seeds):
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


def _one_sector_deal_draws(payload, seeds):
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


def _multi_sector_draws(payload, seeds):
    e, tau1, spread = payload
    out = []
    for sd in seeds:
        rng = np.random.default_rng(sd)
        theta = e.theta * (1 + rng.uniform(-spread, spread, len(e.theta)))
        ed = multisector.Economy(e.pi, e.X, e.gamma_va, e.gamma_io, e.alpha, e.tau, theta, e.VA, e.D)
        w = multisector.welfare(ed, multisector.solve(ed, tau1))
        out.append(np.stack([w["welfare_pct"], w["real_wage_pct"]]))
    return np.array(out)


_PAYLOAD = None


def _keep(payload, fn_name):
    global _PAYLOAD
    _PAYLOAD = (payload, fn_name)


def _kept(seeds):
    payload, fn_name = _PAYLOAD
    return globals()[fn_name](payload, seeds)


def run(fn_name: str, payload, n: int, seed: int, scheduler: str | None = None,
        workers: int | None = None) -> np.ndarray:
    """(n, metrics, countries) draws of ``fn_name`` over ``payload``."""
    workers = workers or min(os.cpu_count() or 1, 8)
    seeds = np.random.SeedSequence(seed).spawn(n)
    bounds = np.linspace(0, n, max(1, min(n, workers * 4)) + 1).astype(int)
    blocks = [seeds[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    fn = globals()[fn_name]
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            shared = client.scatter(payload, broadcast=True)
            parts = client.gather(client.map(fn, [shared] * len(blocks), blocks, pure=False))
    elif workers > 1 and n > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_keep, initargs=(payload, fn_name)) as pool:
            parts = list(pool.map(_kept, blocks))
    else:
        parts = [fn(payload, b) for b in blocks]
    return np.concatenate(parts, axis=0)


def percentiles(draws: np.ndarray, countries, metrics) -> pd.DataFrame:
    rows = []
    for m, name in enumerate(metrics):
        p5, p50, p95 = np.percentile(draws[:, m, :], PCT, axis=0)
        for k, c in enumerate(countries):
            rows.append((c, name, p5[k], p50[k], p95[k], draws.shape[0]))
    return pd.DataFrame(rows, columns=["country", "metric", "p5", "p50", "p95", "draws"])
