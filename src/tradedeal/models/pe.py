"""Product-level partial equilibrium: an Armington import market per product (SMART-style).

Notation (per product i and supplier j; hats are ratios new/old):

- ``value0`` = M_ij, imports at customs value (USD); landed expenditure E_ij = M_ij (1 + t_ij).
- tau_hat_ij = (1 + t1_ij) / (1 + t0_ij).
- CES price index of the product's imports: P_hat_i^(1-sigma_i) = sum_j s_ij (w_hat_ij tau_hat_ij)^(1-sigma_i),
  with s_ij the landed expenditure shares (ln P_hat = sum_j s_ij ln(w_hat tau_hat) when sigma = 1).
- Import demand for the product: E_hat_i = P_hat_i^(1 - eta_i) (eta = import-demand elasticity, > 0).
- Supplier demand: E1_ij = E0_ij (w_hat tau_hat / P_hat)^(1 - sigma_i) E_hat_i;
  M1_ij = E1_ij / (1 + t1_ij).
- Export supply with elasticity omega_j: x_hat = w_hat^omega, so
  w_hat = (tau_hat^-sigma P_hat^(sigma - eta))^(1 / (omega + sigma)); omega = inf gives w_hat = 1
  (closed form); finite omega is solved by fixed-point iteration on ln P_hat.

Decomposition of the change in a supplier's sales (exact, and diversion sums to zero over the
suppliers of each product): trade creation = the supplier's initial share of the product's total
change; trade diversion = the rest. Welfare of the importing country (money metric, USD):
consumer surplus change dCS_i = -E0_i (P_hat^(1-eta) - 1) / (1 - eta) (-E0_i ln P_hat at eta = 1),
plus the change in tariff revenue; exporters' surplus with finite supply
dPS_ij = M0_ij (w_hat^(omega+1) - 1) / (omega + 1); deadweight-loss change = -(dCS + dR + dPS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOL = 1e-12
MAX_ITER = 500


@dataclass(frozen=True)
class Market:
    """One importer's market: pairs (product, supplier) with values, tariffs and elasticities."""

    product: np.ndarray      # (n,) int: product index of each pair, 0..n_products-1
    supplier: np.ndarray     # (n,) int: supplier index of each pair
    value0: np.ndarray       # (n,) USD, customs value in the data year
    t0: np.ndarray           # (n,) ad-valorem tariff, fraction, in the base
    t1: np.ndarray           # (n,) in the scenario
    eta: np.ndarray          # (n_products,) import-demand elasticity (> 0)
    sigma: np.ndarray        # (n_products,) elasticity of substitution between suppliers (> 0)
    omega: np.ndarray        # (n,) export-supply elasticity of the pair's supplier (np.inf = flat)

    @property
    def n_products(self) -> int:
        return int(self.eta.shape[-1])


@dataclass(frozen=True)
class Solution:
    """Equilibrium ratios and levels (arrays aligned with the market's pairs or products)."""

    value1: np.ndarray       # (n,) customs value after the change
    w_hat: np.ndarray        # (n,) exporter price ratio
    p_hat: np.ndarray        # (n,) landed price ratio
    P_hat: np.ndarray        # (n_products,) import price index ratio
    E0: np.ndarray           # (n_products,) landed expenditure before
    E1: np.ndarray           # (n_products,) landed expenditure after
    iterations: int
    converged: bool


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(index, weights=values, minlength=size)


def _log_price_index(m: Market, log_p: np.ndarray, share: np.ndarray) -> np.ndarray:
    """ln P_hat per product from ln p_hat per pair (CES, sigma = 1 handled as the limit)."""
    sig = m.sigma[m.product]
    near_one = np.abs(sig - 1.0) < 1e-9
    one_minus = np.where(near_one, 1.0, 1.0 - sig)
    # log-sum-exp per product for numerical safety
    z = one_minus * log_p
    zmax = np.full(m.n_products, -np.inf)
    np.maximum.at(zmax, m.product, z)
    zmax = np.where(np.isfinite(zmax), zmax, 0.0)
    agg = _sum_by(m.product, share * np.exp(z - zmax[m.product]), m.n_products)
    with np.errstate(divide="ignore"):
        ces = (np.log(np.where(agg > 0, agg, 1.0)) + zmax) / np.where(np.abs(m.sigma - 1) < 1e-9, 1.0, 1 - m.sigma)
    cobb = _sum_by(m.product, share * log_p, m.n_products)
    return np.where(np.abs(m.sigma - 1) < 1e-9, cobb, ces)


def solve(m: Market) -> Solution:
    """Equilibrium of the market after the tariff change (pure)."""
    E0_pair = m.value0 * (1 + m.t0)
    E0 = _sum_by(m.product, E0_pair, m.n_products)
    share = np.divide(E0_pair, E0[m.product], out=np.zeros_like(E0_pair), where=E0[m.product] > 0)
    log_tau = np.log1p(m.t1) - np.log1p(m.t0)
    sig = m.sigma[m.product]
    eta = m.eta[m.product]
    finite = np.isfinite(m.omega)
    log_w = np.zeros_like(log_tau)
    log_P = _log_price_index(m, log_tau, share)
    iterations, converged = 0, True
    if finite.any():
        converged = False
        omega = np.where(finite, m.omega, 0.0)
        for iterations in range(1, MAX_ITER + 1):
            new_w = np.where(finite, (-sig * log_tau + (sig - eta) * log_P[m.product]) / (omega + sig), 0.0)
            new_P = _log_price_index(m, new_w + log_tau, share)
            step = max(np.max(np.abs(new_P - log_P), initial=0.0), np.max(np.abs(new_w - log_w), initial=0.0))
            log_w, log_P = 0.5 * log_w + 0.5 * new_w, 0.5 * log_P + 0.5 * new_P
            if step < TOL:
                converged = True
                break
    log_p = log_w + log_tau
    E_hat = np.exp((1 - m.eta) * log_P)
    E1_pair = E0_pair * np.exp((1 - sig) * (log_p - log_P[m.product])) * E_hat[m.product]
    value1 = E1_pair / (1 + m.t1)
    return Solution(value1=value1, w_hat=np.exp(log_w), p_hat=np.exp(log_p), P_hat=np.exp(log_P),
                    E0=E0, E1=_sum_by(m.product, E1_pair, m.n_products), iterations=iterations,
                    converged=converged)


def decompose(m: Market, s: Solution) -> tuple[np.ndarray, np.ndarray]:
    """(trade creation, trade diversion) per pair, USD; diversion sums to zero per product."""
    change = s.value1 - m.value0
    total0 = _sum_by(m.product, m.value0, m.n_products)[m.product]
    total_change = _sum_by(m.product, change, m.n_products)[m.product]
    creation = np.divide(m.value0, total0, out=np.zeros_like(total0), where=total0 > 0) * total_change
    return creation, change - creation


def consumer_surplus_change(m: Market, s: Solution) -> np.ndarray:
    """Per product, USD: -int_{P0}^{P1} Q dP for the CES composite of the product's imports."""
    one_minus = 1 - m.eta
    near = np.abs(one_minus) < 1e-9
    general = -s.E0 * (np.power(s.P_hat, np.where(near, 1.0, one_minus)) - 1) / np.where(near, 1.0, one_minus)
    return np.where(near, -s.E0 * np.log(s.P_hat), general)


def exporter_surplus_change(m: Market, s: Solution) -> np.ndarray:
    """Per pair, USD; zero with a flat (infinitely elastic) export supply."""
    finite = np.isfinite(m.omega)
    om = np.where(finite, m.omega, 0.0)
    return np.where(finite, m.value0 * (np.power(s.w_hat, om + 1) - 1) / (om + 1), 0.0)


def smart_trade_creation(value0: np.ndarray, eta: np.ndarray, t0: np.ndarray, t1: np.ndarray,
                         omega: np.ndarray | float = np.inf) -> np.ndarray:
    """The linear trade-creation formula of WITS/SMART (Jammes and Olarreaga 2005):
    TC = M * eta * dt / ((1 + t0) (1 + eta / omega)), eta > 0 the import-demand elasticity.
    A first-order approximation of the Armington solution for the supplier whose tariff changes."""
    omega = np.asarray(omega, dtype=float)
    return -value0 * eta * (t1 - t0) / ((1 + t0) * (1 + np.where(np.isfinite(omega), eta / omega, 0.0)))


def displacement(m: Market, value1: np.ndarray, added: np.ndarray, displace: np.ndarray) -> np.ndarray:
    """What other suppliers of the same products lose to purchases that displace them."""
    out = np.zeros_like(value1)
    if not (displace & (added > 0)).any():
        return out
    n = m.n_products
    to_displace = np.bincount(m.product, weights=np.where(displace, added, 0.0), minlength=n)
    others = np.where(displace & (added > 0), 0.0, value1)
    pool = np.bincount(m.product, weights=others, minlength=n)
    frac = np.divide(to_displace, pool, out=np.zeros(n), where=pool > 0)
    return np.minimum(others, others * frac[m.product])
