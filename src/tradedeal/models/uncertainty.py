"""Monte Carlo over elasticities in the product-level model: the same pure solver, many
draws (run by :func:`tradedeal.models.parallel.run_blocks`: local processes, or a Dask cluster
when given its scheduler address)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradedeal.models import pe
from tradedeal.models.elasticities import draw
from tradedeal.models.parallel import run_blocks

PERCENTILES = (5, 50, 95)


def _core(market: pe.Market, partner_index: int, added: np.ndarray, displace: np.ndarray) -> np.ndarray:
    """Headline numbers of one solved market, as the point estimate computes them (purchases
    added, displaced sales taken off): imports change, from-partner change, revenue change,
    consumer surplus change (USD); NaN when the draw's market does not converge."""
    sol = pe.solve(market)
    if not sol.converged:
        return np.full(4, np.nan)
    v1 = sol.value1 + added - pe.displacement(market, sol.value1, added, displace)
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
        for j, (m, partner, added, displace) in enumerate(markets):
            eta_se, sigma_se = se[j]
            mk = pe.Market(m.product, m.supplier, m.value0, m.t0, m.t1,
                           draw(m.eta, eta_se, rng), draw(m.sigma, sigma_se, rng), m.omega)
            out[k, j] = _core(mk, partner, added, displace)
    return out


def _changing(m: pe.Market, added: np.ndarray) -> tuple[pe.Market, np.ndarray, np.ndarray, np.ndarray]:
    """The sub-market of products where a tariff or a purchase changes (others do not move)."""
    moving = (np.abs(m.t1 - m.t0) > 1e-12) | (added != 0)
    keep_products = np.unique(m.product[moving])
    sel = np.isin(m.product, keep_products)
    remap = np.full(m.n_products, -1)
    remap[keep_products] = np.arange(len(keep_products))
    sub = pe.Market(remap[m.product[sel]], m.supplier[sel], m.value0[sel], m.t0[sel], m.t1[sel],
                    m.eta[keep_products], m.sigma[keep_products], m.omega[sel])
    return sub, sel, added[sel], keep_products


def run_draws(s, prepared, n: int, seed: int, scheduler: str | None = None,
              workers: int | None = None) -> pd.DataFrame:
    """Percentiles of the headline metrics over ``n`` elasticity draws."""
    markets, ses, names = [], [], []
    for p in prepared:
        partner = s.partner_of(p.importer)
        suppliers = np.unique(p.pairs["exporter"].to_numpy().astype(str))
        pidx = int(np.searchsorted(suppliers, partner)) if partner in suppliers else -1
        sub, sel, added, keep = _changing(p.market, p.pairs["purchase_usd"].to_numpy())
        markets.append((sub, pidx, added, p.displace[sel]))
        ses.append((p.elasticities["eta_se"].to_numpy(float)[keep], p.elasticities["sigma_se"].to_numpy(float)[keep]))
        names.append((p.importer, partner))
    arr = run_blocks(_block, (markets, ses), n, seed, scheduler, workers)
    rows = []
    for j, (market, partner) in enumerate(names):
        for k, (metric, who) in enumerate((("imports_change", "world"), ("imports_change", partner),
                                           ("tariff_revenue_change", "world"), ("consumer_surplus_change", "world"))):
            rows.append(_row(metric, market, who, arr[:, j, k]))
        rows.append(_row("importer_welfare_change", market, "world", arr[:, j, 2] + arr[:, j, 3]))
    return pd.DataFrame(rows, columns=["metric", "market", "partner", "p5", "p50", "p95", "mean", "draws"])


def _row(metric: str, market: str, partner: str, x: np.ndarray) -> tuple:
    """Percentiles and mean of the draws that converged; ``draws`` counts them."""
    x = x[~np.isnan(x)]
    if not len(x):
        return (metric, market, partner, np.nan, np.nan, np.nan, np.nan, 0)
    p5, p50, p95 = np.percentile(x, PERCENTILES)
    return (metric, market, partner, p5, p50, p95, x.mean(), len(x))
