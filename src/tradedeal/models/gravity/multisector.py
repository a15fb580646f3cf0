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
and wages stay positive; convergence is judged by the largest excess demand for value added
relative to the country's value added.
"""

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
    max_excess: float


def sales(pi: np.ndarray, X: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """(J, N) sales of each exporter's sector at factory prices: sum_n pi_nij X_nj / (1 + tau_nij)."""
    return np.einsum("jni,jn->ji", pi / (1 + tau), X)


def tariff_revenue(pi: np.ndarray, X: np.ndarray, tau: np.ndarray) -> np.ndarray:
    return np.einsum("jni,jn->n", pi * tau / (1 + tau), X)


def expenditure(e: Economy, pi: np.ndarray, tau: np.ndarray, w_hat: np.ndarray, X0: np.ndarray,
                tol: float = 1e-11, max_iter: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """Solve the linear expenditure system by fixed-point iteration (a contraction: input
    shares < 1): returns X' (J, N) and tariff revenue R' (N)."""
    X = X0.copy()
    share_after_tariff = pi / (1 + tau)
    rev_share = (pi * tau / (1 + tau)).sum(axis=2)  # (J, N): revenue per unit of n's spending
    for _ in range(max_iter):
        Y = np.einsum("jni,jn->ji", share_after_tariff, X)          # gross output at factory prices
        inputs = np.einsum("nkj,jn->kn", e.gamma_io, Y)              # demand for inputs k in n
        R = (rev_share * X).sum(axis=0)
        I = w_hat * e.VA + R + e.D
        new = inputs + e.alpha * I[None, :]
        step = np.abs(new - X).max() / max(np.abs(X).max(), 1.0)
        X = new
        if step < tol:
            return X, R
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
    log_kappa_hat = np.log1p(tau1) - np.log1p(e.tau)
    log_w = np.zeros(N)
    log_P = np.zeros((J, N))
    X = e.X.copy()
    excess = np.inf
    weights = e.pi * np.exp(-e.theta[:, None, None] * log_kappa_hat)
    for it in range(1, max_iter + 1):
        log_P, log_c = prices(e, weights, log_w, log_P)
        th = e.theta[:, None, None]
        pi = e.pi * np.exp(-th * (log_kappa_hat + log_c[:, None, :] - log_P[:, :, None]))
        X, R = expenditure(e, pi, tau1, np.exp(log_w), X)
        Y = sales(pi, X, tau1)
        va_demand = (e.gamma_va * Y).sum(axis=0)
        va_supply = np.exp(log_w) * e.VA
        excess = np.abs(va_demand - va_supply).max() / e.VA.min()
        if excess < tol:
            break
        log_w = log_w + step * (np.log(va_demand) - np.log(va_supply))
        log_w -= np.log(np.exp(log_w) @ e.VA / e.VA.sum())  # numeraire: world value added
    else:
        raise ConvergenceError(f"multi-sector GE did not converge in {max_iter} iterations: largest excess "
                               f"demand for value added {excess:.2e} of the smallest economy",
                               "try a smaller step, or check for countries with no value added")
    w_hat = np.exp(log_w)
    return Equilibrium(w_hat=w_hat, P_hat=np.exp(log_P), c_hat=np.exp(log_c), pi=pi, X=X,
                       income=w_hat * e.VA + R + e.D, revenue=R, tau=tau1, iterations=it, max_excess=float(excess))


def welfare(e: Economy, eq: Equilibrium) -> dict[str, np.ndarray]:
    """Real income and real wage changes (percent), and the first-order decomposition of
    Caliendo and Parro (2015, eq. 25) into terms of trade and volume of trade (percent of income)."""
    R0 = tariff_revenue(e.pi, e.X, e.tau)
    I0 = e.VA + R0 + e.D
    log_price = (e.alpha * np.log(eq.P_hat)).sum(axis=0)
    real_income = np.exp(np.log(eq.income / I0) - log_price)
    real_wage = np.exp(np.log(eq.w_hat) - log_price)
    # bilateral flows at factory prices: M[j, n, i] = n's imports from i
    M0 = e.pi * e.X[:, :, None] / (1 + e.tau)
    M1 = eq.pi * eq.X[:, :, None] / (1 + eq.tau)
    dlnc = np.log(eq.c_hat)
    exports = np.einsum("jni->ji", M0)  # what each i sells abroad and at home, by sector
    tot = (np.einsum("ji,ji->i", exports, dlnc) - np.einsum("jni,ji->n", M0, dlnc)) / I0
    with np.errstate(divide="ignore", invalid="ignore"):
        dlnM = np.where(M0 > 0, np.log(np.where(M1 > 0, M1, 1.0) / np.where(M0 > 0, M0, 1.0)), 0.0)
    vot = np.einsum("jni,jni->n", e.tau * M0, dlnM - dlnc[:, None, :]) / I0
    return {"welfare_pct": 100 * (real_income - 1), "real_wage_pct": 100 * (real_wage - 1),
            "terms_of_trade_pct": 100 * tot, "volume_of_trade_pct": 100 * vot}
