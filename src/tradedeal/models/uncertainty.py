"""Monte Carlo over elasticities: the same pure solver, many draws, local processes by
default or a Dask cluster when given its scheduler address.

Every draw has its own seed (``SeedSequence(seed).spawn(n)``) and tasks get blocks of draws,
so the results depend on the seed only, not on how the draws are split or where they run.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd

from tradedeal.models import pe
from tradedeal.models.elasticities import draw

PERCENTILES = (5, 50, 95)


def _core(market: pe.Market, partner_index: int, added: np.ndarray) -> np.ndarray:
    """Headline numbers of one solved market: imports change, from-partner change, revenue
    change, consumer surplus change (USD)."""
    sol = pe.solve(market)
    v1 = sol.value1 + added
    from_partner = market.supplier == partner_index
    rev = (market.t1 * v1).sum() - (market.t0 * market.value0).sum()
    cs = pe.consumer_surplus_change(market, sol).sum()
    return np.array([(v1 - market.value0).sum(), (v1 - market.value0)[from_partner].sum(), rev, cs])


def _block(payload, seeds) -> np.ndarray:
    """Draws for one block: returns (n_draws, n_markets, 4)."""
    markets, se = payload
    out = np.zeros((len(seeds), len(markets), 4))
    for k, sd in enumerate(seeds):
        rng = np.random.default_rng(sd)
        for j, (m, partner, added) in enumerate(markets):
            eta_se, sigma_se = se[j]
            mk = pe.Market(m.product, m.supplier, m.value0, m.t0, m.t1,
                           draw(m.eta, eta_se, rng), draw(m.sigma, sigma_se, rng), m.omega)
            out[k, j] = _core(mk, partner, added)
    return out


_PAYLOAD = None


def _keep(payload) -> None:
    """Worker initializer: the markets are sent once per process, not once per task."""
    global _PAYLOAD
    _PAYLOAD = payload


def _kept_block(seeds) -> np.ndarray:
    return _block(_PAYLOAD, seeds)


def _changing(m: pe.Market, added: np.ndarray) -> tuple[pe.Market, np.ndarray, np.ndarray]:
    """The sub-market of products where a tariff or a purchase changes (others do not move)."""
    moving = (np.abs(m.t1 - m.t0) > 1e-12) | (added != 0)
    keep_products = np.unique(m.product[moving])
    sel = np.isin(m.product, keep_products)
    remap = np.full(m.n_products, -1)
    remap[keep_products] = np.arange(len(keep_products))
    sub = pe.Market(remap[m.product[sel]], m.supplier[sel], m.value0[sel], m.t0[sel], m.t1[sel],
                    m.eta[keep_products], m.sigma[keep_products], m.omega[sel])
    return sub, added[sel], keep_products


def run_draws(s, prepared, n: int, seed: int, scheduler: str | None = None,
              workers: int | None = None) -> pd.DataFrame:
    """Percentiles of the headline metrics over ``n`` elasticity draws."""
    h = s.scenario
    markets, ses, names = [], [], []
    for p in prepared:
        partner = h.partner if p.importer == h.importer else h.importer
        suppliers = np.unique(p.pairs["exporter"].to_numpy().astype(str))
        pidx = int(np.searchsorted(suppliers, partner)) if partner in suppliers else -1
        sub, added, keep = _changing(p.market, p.pairs["purchase_usd"].to_numpy())
        markets.append((sub, pidx, added))
        ses.append((p.elasticities["eta_se"].to_numpy(float)[keep], p.elasticities["sigma_se"].to_numpy(float)[keep]))
        names.append((p.importer, partner))
    workers = workers or min(os.cpu_count() or 1, 8)
    blocks = max(1, min(n, workers * 4))
    seeds = np.random.SeedSequence(seed).spawn(n)
    bounds = np.linspace(0, n, blocks + 1).astype(int)
    seed_blocks = [seeds[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    payload = (markets, ses)
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            shared = client.scatter(payload, broadcast=True)  # the markets travel once per worker
            parts = client.gather(client.map(_block, [shared] * len(seed_blocks), seed_blocks, pure=False))
    elif workers > 1 and n > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_keep, initargs=(payload,)) as pool:
            parts = list(pool.map(_kept_block, seed_blocks))
    else:
        parts = [_block(payload, sb) for sb in seed_blocks]
    arr = np.concatenate(parts, axis=0)
    rows = []
    labels = lambda partner: ["imports_change", f"imports_from_{partner}_change", "tariff_revenue_change",
                              "consumer_surplus_change"]
    for j, (market, partner) in enumerate(names):
        for k, metric in enumerate(labels(partner)):
            x = arr[:, j, k]
            p5, p50, p95 = np.percentile(x, PERCENTILES)
            rows.append((metric, market, p5, p50, p95, x.mean(), len(x)))
    welfare = arr[:, :, 2] + arr[:, :, 3]
    for j, (market, _) in enumerate(names):
        p5, p50, p95 = np.percentile(welfare[:, j], PERCENTILES)
        rows.append(("importer_welfare_change", market, p5, p50, p95, welfare[:, j].mean(), len(welfare)))
    return pd.DataFrame(rows, columns=["metric", "market", "p5", "p50", "p95", "mean", "draws"])
