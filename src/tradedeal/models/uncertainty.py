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


HEADLINES = (("imports_change", "world"), ("imports_change", "partner"), ("tariff_revenue_change", "world"),
             ("consumer_surplus_change", "world"))


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


class _Fixed:
    """What a market's draws share: everything that does not depend on the elasticities (landed
    expenditure and shares before, each side's tariff change), computed once per market."""

    def __init__(self, m: pe.Market, tb: np.ndarray, partner: int, added, displace, added_b, displace_b):
        self.m = m
        self.E0_pair = m.value0 * (1 + m.t0)
        self.E0 = np.bincount(m.product, weights=self.E0_pair, minlength=m.n_products)
        self.share = np.divide(self.E0_pair, self.E0[m.product], out=np.zeros_like(self.E0_pair),
                               where=self.E0[m.product] > 0)
        self.sides = []
        for t1, add, disp in ((m.t1, added, displace), (tb, added_b, displace_b)):
            self.sides.append((np.log1p(t1) - np.log1p(m.t0), t1, 1 / (1 + t1), add, disp,
                               bool((disp & (add > 0)).any())))
        self.partner = m.supplier == partner
        self.V0 = float(m.value0.sum())
        self.V0_partner = float(m.value0[self.partner].sum())
        self.R0 = float((m.t0 * m.value0).sum())
        self.flat = bool(np.isinf(m.omega).all())


def _fast_core(f: _Fixed, eta: np.ndarray, sigma: np.ndarray, side: int) -> np.ndarray | None:
    """:func:`_core` for a flat export supply, reusing the draw-independent parts (the same
    closed form as :func:`pe.solve`); None where it does not apply (then :func:`_core` runs)."""
    m = f.m
    if not f.flat or (np.abs(sigma - 1.0) < 1e-6).any():
        return None
    log_tau, t1, inv, added, displace, displacing = f.sides[side]
    one_minus = 1.0 - sigma
    z = one_minus[m.product] * log_tau
    if np.abs(z).max(initial=0.0) > 600:
        return None
    ez = np.exp(z)
    agg = np.bincount(m.product, weights=f.share * ez, minlength=m.n_products)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_P = np.where(agg > 0, np.log(np.where(agg > 0, agg, 1.0)) / one_minus, 0.0)
    factor = np.exp((1 - eta) * log_P - one_minus * log_P)  # E_hat times the price-index term, per product
    v1 = f.E0_pair * ez * factor[m.product] * inv
    if displacing:
        v1 = v1 + added - pe.displacement(m, v1, added, displace)
    elif added.any():
        v1 = v1 + added
    P_hat = np.exp(log_P)
    near = np.abs(1 - eta) < 1e-9
    cs = np.where(near, -f.E0 * log_P,
                  -f.E0 * (np.power(P_hat, np.where(near, 1.0, 1 - eta)) - 1) / np.where(near, 1.0, 1 - eta)).sum()
    return np.array([v1.sum() - f.V0, v1[f.partner].sum() - f.V0_partner, float(t1 @ v1) - f.R0, cs])


def _block(payload, seeds) -> np.ndarray:
    """Draws for one block: (n_draws, n_markets, 2, 4): the scenario and its baseline, each
    against the data year, solved with the same draw of the elasticities."""
    markets, se = payload
    fixed = [_Fixed(*mk) for mk in markets]
    out = np.zeros((len(seeds), len(markets), 2, 4))
    for k, sd in enumerate(seeds):
        rng = np.random.default_rng(sd)
        for j, (m, tb, partner, added, displace, added_b, displace_b) in enumerate(markets):
            eta_se, sigma_se = se[j]
            eta, sigma = draw(m.eta, eta_se, rng), draw(m.sigma, sigma_se, rng)
            for side, (t1, add, disp) in enumerate(((m.t1, added, displace), (tb, added_b, displace_b))):
                got = _fast_core(fixed[j], eta, sigma, side)
                if got is None:
                    got = _core(pe.Market(m.product, m.supplier, m.value0, m.t0, t1, eta, sigma, m.omega),
                                partner, add, disp)
                out[k, j, side] = got
    return out


def _changing(m: pe.Market, moving: np.ndarray):
    """The sub-market of the products where something moves (the others do not change)."""
    keep_products = np.unique(m.product[moving])
    sel = np.isin(m.product, keep_products)
    remap = np.full(m.n_products, -1)
    remap[keep_products] = np.arange(len(keep_products))
    sub = pe.Market(remap[m.product[sel]], m.supplier[sel], m.value0[sel], m.t0[sel], m.t1[sel],
                    m.eta[keep_products], m.sigma[keep_products], m.omega[sel])
    return sub, sel, keep_products


def _paired_markets(s, prepared, baseline):
    """Per market, the sub-market of the products where the scenario or its baseline moves
    something, with both sides' tariffs and purchases, and the standard errors of its estimates."""
    markets, ses, names = [], [], []
    for p, b in zip(prepared, baseline):
        partner = s.partner_of(p.importer)
        suppliers = np.unique(p.pairs["exporter"].to_numpy().astype(str))
        pidx = int(np.searchsorted(suppliers, partner)) if partner in suppliers else -1
        added, added_b = p.pairs["purchase_usd"].to_numpy(), b.pairs["purchase_usd"].to_numpy()
        moving = ((np.abs(p.market.t1 - p.market.t0) > 1e-12) | (np.abs(b.market.t1 - p.market.t0) > 1e-12)
                  | (added != 0) | (added_b != 0))
        sub, sel, keep = _changing(p.market, moving)
        markets.append((sub, b.market.t1[sel], pidx, added[sel], p.displace[sel], added_b[sel], b.displace[sel]))
        ses.append((p.elasticities["eta_se"].to_numpy(float)[keep], p.elasticities["sigma_se"].to_numpy(float)[keep]))
        names.append((p.importer, partner))
    return markets, ses, names


def run_draws(s, prepared, baseline, n: int, seed: int, scheduler: str | None = None,
              workers: int | None = None) -> pd.DataFrame:
    """Percentiles of the headline metrics over ``n`` elasticity draws, against the data year and
    for the deal (scenario minus baseline, both solved with the same draw)."""
    markets, ses, names = _paired_markets(s, prepared, baseline)
    arr = run_blocks(_block, (markets, ses), n, seed, scheduler, workers)
    rows = []
    for j, (market, partner) in enumerate(names):
        for comparison, x in (("vs_data_year", arr[:, j, 0]), ("deal", arr[:, j, 0] - arr[:, j, 1])):
            for k, (metric, who) in enumerate(HEADLINES):
                rows.append(_row(metric, market, partner if who == "partner" else who, comparison, x[:, k]))
            rows.append(_row("importer_welfare_change", market, "world", comparison, x[:, 2] + x[:, 3]))
    return pd.DataFrame(rows, columns=["metric", "market", "partner", "comparison", "p5", "p50", "p95", "mean", "draws"])


SENSITIVITY = (("low", 0.5), ("central", 1.0), ("high", 1.5))  # every elasticity (eta and sigma) times the factor


def sensitivity_table(s, prepared, baseline) -> pd.DataFrame:
    """The deal's headline figures (scenario minus baseline) with every import-demand and
    substitution elasticity at half, once and one and a half times its value: tidy rows
    (metric, market, partner, elasticities, factor, value_usd); NaN where a side does not converge."""
    markets, _, names = _paired_markets(s, prepared, baseline)
    rows = []
    for (m, tb, partner, added, displace, added_b, displace_b), (market, who) in zip(markets, names):
        fixed = _Fixed(m, tb, partner, added, displace, added_b, displace_b)
        for label, f in SENSITIVITY:
            eta, sigma = m.eta * f, m.sigma * f
            a = _fast_core(fixed, eta, sigma, 0)
            if a is None:
                a = _core(pe.Market(m.product, m.supplier, m.value0, m.t0, m.t1, eta, sigma, m.omega),
                          partner, added, displace)
            b = _fast_core(fixed, eta, sigma, 1)
            if b is None:
                b = _core(pe.Market(m.product, m.supplier, m.value0, m.t0, tb, eta, sigma, m.omega),
                          partner, added_b, displace_b)
            d = a - b
            for k, (metric, side) in enumerate(HEADLINES):
                rows.append((metric, market, who if side == "partner" else side, label, f, float(d[k])))
            rows.append(("importer_welfare_change", market, "world", label, f, float(d[2] + d[3])))
    return pd.DataFrame(rows, columns=["metric", "market", "partner", "elasticities", "factor", "value_usd"])


def _row(metric: str, market: str, partner: str, comparison: str, x: np.ndarray) -> tuple:
    """Percentiles and mean of the draws that converged; ``draws`` counts them."""
    x = x[~np.isnan(x)]
    if not len(x):
        return (metric, market, partner, comparison, np.nan, np.nan, np.nan, np.nan, 0)
    p5, p50, p95 = np.percentile(x, PERCENTILES)
    return (metric, market, partner, comparison, p5, p50, p95, x.mean(), len(x))
