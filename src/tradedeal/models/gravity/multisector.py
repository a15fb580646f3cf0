"""Multi-sector general equilibrium with input-output links and tariff revenue, in exact hat
algebra (Caliendo and Parro 2015). Pure functions over arrays; j = sector, n = importer,
i = exporter.

Equilibrium in changes, given tariff changes (1 + tau'_nij) / (1 + tau_nij):

- input bundle cost: c_hat_nj = w_hat_n^gamma_nj * prod_k P_hat_nk^gamma_nkj
- price index: P_hat_nj^(-theta_j) = sum_i pi_nij (kappa_hat_nij c_hat_ij)^(-theta_j)
- trade shares: pi'_nij = pi_nij (kappa_hat_nij c_hat_ij / P_hat_nj)^(-theta_j)
- expenditure: X'_nj = sum_k gamma_njk sum_i pi'_ink X'_ik / (1 + tau'_ink) + alpha_nj I'_n,
  I'_n = w_hat_n VA_n + R'_n + D_n, R'_n = sum_j sum_i tau'_nij pi'_nij X'_nj / (1 + tau'_nij)
- value added clears: w_hat_n VA_n = sum_j gamma_nj sum_i pi'_inj X'_ij / (1 + tau'_inj)

Deficits D_n are held fixed in units of world value added (the numeraire: sum_n w_hat_n VA_n
= sum_n VA_n). Everything is solved in logs or with positive multiplicative updates, so prices
and wages stay positive.

Convergence: every country's demand for its value added, relative to its own value added, equal
to the world's (max_n |demand_n / VA'_n - world demand / world VA'| below ``tol``). The world
ratio is 1 when each sector's cost shares sum to one; published tables round them (the
Caliendo-Parro input-output shares carry 7 decimals and sum to 1 +/- 4e-7), world demand for
value added then differs from world value added by a fixed residual that no wage can remove,
and it is reported (``Equilibrium.accounting_residual``) instead of being charged to one
country. The inner solvers (prices, expenditure) are solved each iteration to a tolerance
tied to the current excess, relative to each country's own totals, so they never limit it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal.errors import ConvergenceError


@dataclass(frozen=True)
class Economy:
    """A baseline (all arrays in USD mn where levels)."""

    pi: np.ndarray        # (J, N, N) pi[j, n, i]: share of n's sector-j spending bought from i
    X: np.ndarray         # (J, N) expenditure of n on sector-j goods (tariff-inclusive)
    gamma_va: np.ndarray  # (J, N) value-added share of sector j in country n
    gamma_io: np.ndarray  # (N, K, J) share of input k in the costs of sector j in n
    alpha: np.ndarray     # (J, N) final-demand shares
    tau: np.ndarray       # (J, N, N) tariff (fraction) on n's imports from i
    theta: np.ndarray     # (J,) trade elasticities
    VA: np.ndarray        # (N,) value added
    D: np.ndarray         # (N,) trade deficit (imports - exports)

    @property
    def shape(self) -> tuple[int, int]:
        return self.X.shape


@dataclass(frozen=True)
class Equilibrium:
    w_hat: np.ndarray     # (N,)
    P_hat: np.ndarray     # (J, N)
    c_hat: np.ndarray     # (J, N)
    pi: np.ndarray        # (J, N, N) new shares
    X: np.ndarray         # (J, N) new expenditure
    income: np.ndarray    # (N,) new income I'
    revenue: np.ndarray   # (N,) new tariff revenue
    tau: np.ndarray       # (J, N, N) the counterfactual tariffs
    iterations: int
    max_excess: float            # largest excess demand for a country's value added, share of it
    accounting_residual: float = 0.0  # world demand for value added / world value added - 1 (see above)


def sales(pi: np.ndarray, X: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """(J, N) sales of each exporter's sector at factory prices: sum_n pi_nij X_nj / (1 + tau_nij)."""
    return np.einsum("jni,jn->ji", pi / (1 + tau), X)


def tariff_revenue(pi: np.ndarray, X: np.ndarray, tau: np.ndarray) -> np.ndarray:
    return np.einsum("jni,jn->n", pi * tau / (1 + tau), X)


def expenditure(e: Economy, pi: np.ndarray, tau: np.ndarray, w_hat: np.ndarray, X0: np.ndarray,
                tol: float = 1e-12, max_iter: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear expenditure system by fixed-point iteration (a contraction: input
    shares < 1): returns X' (J, N) and tariff revenue R' (N). The step is judged relative to
    each country's total expenditure, so small economies are solved as precisely as large ones."""
    X = X0.copy()
    share_after_tariff = pi / (1 + tau)
    rev_share = (pi * tau / (1 + tau)).sum(axis=2)  # (J, N): revenue per unit of n's spending
    fixed = w_hat * e.VA + e.D
    for _ in range(max_iter):
        Y = np.einsum("jni,jn->ji", share_after_tariff, X)          # gross output at factory prices
        inputs = np.einsum("nkj,jn->kn", e.gamma_io, Y)              # demand for inputs k in n
        R = (rev_share * X).sum(axis=0)
        new = inputs + e.alpha * (fixed + R)[None, :]
        step = (np.abs(new - X).max(axis=0) / np.maximum(np.abs(new).sum(axis=0), 1e-300)).max()
        X = new
        if step < tol:
            return X, (rev_share * X).sum(axis=0)
    raise ConvergenceError("the expenditure system did not converge", "check the input-output shares (< 1)")


def prices(e: Economy, weights: np.ndarray, log_w: np.ndarray, log_P0: np.ndarray,
           tol: float = 1e-12, max_iter: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """ln P_hat (J, N) and ln c_hat (J, N) given ln w_hat, by fixed point (a contraction in logs).

    ``weights`` = pi * kappa_hat^-theta (J, N, N) depends on the tariffs only; each iteration is
    one batched matrix product per sector."""
    log_P = log_P0.copy()
    for _ in range(max_iter):
        log_c = e.gamma_va * log_w[None, :] + np.einsum("nkj,kn->jn", e.gamma_io, log_P)
        c_pow = np.exp(-e.theta[:, None] * log_c)                      # (J, N) c_hat^-theta
        agg = np.matmul(weights, c_pow[:, :, None])[:, :, 0]            # (J, N): sum_i w_nij c_ij^-theta
        new = -np.log(agg) / e.theta[:, None]
        step = np.abs(new - log_P).max()
        log_P = new
        if step < tol:
            return log_P, log_c
    raise ConvergenceError(f"sector price indexes did not converge in {max_iter} iterations",
                           "check the input-output shares: each sector's input shares must sum to less than 1")


def solve(e: Economy, tau1: np.ndarray, tol: float = 1e-9, max_iter: int = 2000, step: float = 0.5) -> Equilibrium:
    """The counterfactual equilibrium with new tariffs ``tau1`` (J, N, N)."""
    J, N = e.shape
    if (e.VA <= 0).any():
        bad = np.flatnonzero(e.VA <= 0)
        raise ConvergenceError(f"countries at positions {bad.tolist()} have no value added, so no wage clears their market",
                               "drop them or merge them into a rest-of-world region")
    log_kappa_hat = np.log1p(tau1) - np.log1p(e.tau)
    log_w = np.zeros(N)
    log_P = np.zeros((J, N))
    X = e.X.copy()
    excess = last = np.inf
    world = 1.0
    weights = e.pi * np.exp(-e.theta[:, None, None] * log_kappa_hat)
    th = e.theta[:, None, None]
    for it in range(1, max_iter + 1):
        inner = min(max(1e-2 * excess, 1e-3 * tol), 1e-4)   # inner solves: well below the current excess
        log_P, log_c = prices(e, weights, log_w, log_P, tol=inner)
        pi = e.pi * np.exp(-th * (log_kappa_hat + log_c[:, None, :] - log_P[:, :, None]))
        X, R = expenditure(e, pi, tau1, np.exp(log_w), X, tol=inner)
        Y = sales(pi, X, tau1)
        va_demand = (e.gamma_va * Y).sum(axis=0)
        va_supply = np.exp(log_w) * e.VA
        world = va_demand.sum() / va_supply.sum()
        last, excess = excess, float(np.abs(va_demand / va_supply - world).max())
        if excess < tol:
            break
        if excess > last:        # overshooting (large, elastic shocks): damp the wage update
            step = max(step / 2, 1 / 64)
        log_w = log_w + step * (np.log(va_demand) - np.log(va_supply))
        log_w -= np.log(np.exp(log_w) @ e.VA / e.VA.sum())  # numeraire: world value added
    else:
        raise ConvergenceError(f"multi-sector GE did not converge in {max_iter} iterations: largest excess demand for "
                               f"a country's value added {excess:.2e} of its value added (world residual "
                               f"{world - 1:.1e})", "try a smaller step, or check the data for countries with almost "
                               "no value added")
    w_hat = np.exp(log_w)
    return Equilibrium(w_hat=w_hat, P_hat=np.exp(log_P), c_hat=np.exp(log_c), pi=pi, X=X,
                       income=w_hat * e.VA + R + e.D, revenue=R, tau=tau1, iterations=it, max_excess=excess,
                       accounting_residual=float(world - 1))


@dataclass(frozen=True)
class Decomposition:
    """The first-order welfare decomposition of Caliendo and Parro (2015, eq. 25), as a share of
    each country's base-year income, by partner and sector ([j, n, i]: country n, partner i):

    - terms of trade: (E_nij (c_hat_nj - 1) - M_nij (c_hat_ij - 1)) / I_n
    - volume of trade: tau_nij M_nij (M_hat_nij - c_hat_ij) / I_n

    E_nij are n's exports to i, M_nij n's imports from i, both base-year flows net of tariffs;
    tau_nij the base-year tariff. The changes are x_hat - 1 (not log changes), as the authors
    compute them: this reproduces their Table 2, where log changes give about half the volume of
    trade term for Mexico. First order: for large tariff changes it can differ much from the
    exact real-income change (:func:`welfare`)."""

    terms_of_trade: np.ndarray   # (J, N, N)
    volume_of_trade: np.ndarray  # (J, N, N)

    def total(self) -> tuple[np.ndarray, np.ndarray]:
        """(terms of trade, volume of trade) per country (N,)."""
        return self.terms_of_trade.sum(axis=(0, 2)), self.volume_of_trade.sum(axis=(0, 2))


def decomposition(e: Economy, eq: Equilibrium) -> Decomposition:
    """Caliendo and Parro's (2015) welfare decomposition of the move from ``e`` to ``eq``."""
    R0 = tariff_revenue(e.pi, e.X, e.tau)
    I0 = e.VA + R0 + e.D
    M0 = e.pi * e.X[:, :, None] / (1 + e.tau)           # M0[j, n, i]: n's imports from i
    M1 = eq.pi * eq.X[:, :, None] / (1 + eq.tau)
    dc = eq.c_hat - 1                                    # (J, N)
    E0 = np.transpose(M0, (0, 2, 1))                     # E0[j, n, i] = M0[j, i, n]: n's exports to i
    tot = (E0 * dc[:, :, None] - M0 * dc[:, None, :]) / I0[None, :, None]
    M_hat = np.divide(M1, M0, out=np.ones_like(M0), where=M0 > 0)
    vot = e.tau * M0 * (M_hat - eq.c_hat[:, None, :]) / I0[None, :, None]
    return Decomposition(tot, vot)


def welfare(e: Economy, eq: Equilibrium) -> dict[str, np.ndarray]:
    """Per country, percent: the exact real-income change (``welfare_pct``: I'/I over the
    price index change, weighted by final-demand shares) and the exact real-wage change; the
    first-order decomposition of Caliendo and Parro (2015, eq. 25, see :class:`Decomposition`)
    into terms of trade and volume of trade, and their sum (``welfare_first_order_pct``, the
    paper's welfare column)."""
    R0 = tariff_revenue(e.pi, e.X, e.tau)
    I0 = e.VA + R0 + e.D
    log_price = (e.alpha * np.log(eq.P_hat)).sum(axis=0)
    real_income = np.exp(np.log(eq.income / I0) - log_price)
    real_wage = np.exp(np.log(eq.w_hat) - log_price)
    tot, vot = decomposition(e, eq).total()
    return {"welfare_pct": 100 * (real_income - 1), "real_wage_pct": 100 * (real_wage - 1),
            "welfare_first_order_pct": 100 * (tot + vot),
            "terms_of_trade_pct": 100 * tot, "volume_of_trade_pct": 100 * vot}
