"""One-sector structural gravity in general equilibrium (Anderson and van Wincoop 2003 with
endogenous factory-gate prices; Yotov, Piermartini, Monteiro and Larch 2016, ch. 2).

Everything is solved in logs, in changes relative to a baseline that reproduces the data
(exact hat algebra):

- Baseline: trade X_ij = (Y_i E_j / Y) (t_ij / (Pi_i P_j))^(1-sigma), with the multilateral
  resistances solving Pi_i^(1-sigma) = sum_j (t_ij/P_j)^(1-sigma) E_j/Y and
  P_j^(1-sigma) = sum_i (t_ij/Pi_i)^(1-sigma) Y_i/Y, normalised by P_ref = 1.
- A trade-cost shock multiplies t_ij^(1-sigma) by t_hat_ij.
- Conditional GE: outputs and expenditures fixed; new resistances.
- Full endowment GE: factory-gate prices p_i move, Y_i' = p_i Y_i, expenditures keep their ratio
  to output (trade imbalances as in the data) up to one world factor kappa that keeps world
  expenditure equal to world output, E_i' = kappa p_i E_i; clearing
  p_i^sigma = kappa sum_j (X_ij / Y_i) t_hat_ij P_hat_j^(sigma-1) p_j, with
  P_hat_j^(1-sigma) = sum_i (X_ij / E_j) t_hat_ij p_i^(1-sigma); numeraire P_hat_ref = 1.

Because the unknowns are logs, prices stay positive by construction. Convergence is judged by
the largest excess demand relative to output, never by a message; failure raises
:class:`~tradedeal.errors.ConvergenceError` with the diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal.errors import ConvergenceError

TOL = 1e-12
MAX_ITER = 20_000


def _lse(a: np.ndarray, axis: int) -> np.ndarray:
    """log(sum(exp(a))) along ``axis``, safely."""
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(a - m), axis=axis))


class _Kernel:
    """A fixed matrix M (in logs) and its two log-sum-exp reductions against a vector:
    rows(w)_i = log sum_j exp(M_ij + w_j), cols(v)_j = log sum_i exp(M_ij + v_i).

    exp(M) is formed once, shifted by its row (column) maxima, so each reduction is one
    matrix-vector product; a result that falls below the range where that product keeps full
    precision is recomputed exactly with :func:`_lse`. Same numbers as _lse, a fraction of the calls.
    """

    FLOOR = 1e-250

    def __init__(self, M: np.ndarray):
        self.M = M
        with np.errstate(invalid="ignore"):
            self.rmax = np.where(np.isfinite(M.max(1)), M.max(1), 0.0)
            self.cmax = np.where(np.isfinite(M.max(0)), M.max(0), 0.0)
            self.Kr = np.exp(M - self.rmax[:, None])
            self.Kc = np.exp(M - self.cmax[None, :]).T.copy()

    def rows(self, w: np.ndarray) -> np.ndarray:
        top = w.max()
        s = self.Kr @ np.exp(w - top)
        if s.min() < self.FLOOR:
            return _lse(self.M + w[None, :], axis=1)
        return self.rmax + top + np.log(s)

    def cols(self, v: np.ndarray) -> np.ndarray:
        top = v.max()
        s = self.Kc @ np.exp(v - top)
        if s.min() < self.FLOOR:
            return _lse(self.M + v[:, None], axis=0)
        return self.cmax + top + np.log(s)


def _scale(M: np.ndarray, r: np.ndarray, c: np.ndarray, s: np.ndarray, d: np.ndarray, ref: int,
           tol: float, max_iter: int, what: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Sinkhorn scaling in logs: a = r + rows(c - b), b = s + cols(d - a), normalised b_ref = 0."""
    K = _Kernel(M)
    a, b = np.zeros(len(r)), np.zeros(len(s))
    step = np.inf
    for it in range(1, max_iter + 1):
        a_new = r + K.rows(c - b)
        b_new = s + K.cols(d - a_new)
        shift = b_new[ref]
        a_new, b_new = a_new + shift, b_new - shift
        step = max(np.abs(a_new - a).max(), np.abs(b_new - b).max())
        a, b = a_new, b_new
        if step < tol:
            return a, b, it
    raise ConvergenceError(f"{what} did not converge in {max_iter} iterations (last step {step:.2e})",
                           "check for countries with zero output or expenditure")


@dataclass(frozen=True)
class Baseline:
    """A solved baseline: trade matrix (exporter i x importer j), outputs, expenditures."""

    X: np.ndarray            # (N, N)
    Y: np.ndarray            # (N,) = X.sum(1)
    E: np.ndarray            # (N,) = X.sum(0)
    sigma: float
    ref: int                 # index of the reference (numeraire) importer
    ln_P: np.ndarray         # (N,) ln P_j (inward multilateral resistance, P_ref = 1)
    ln_Pi: np.ndarray        # (N,) ln Pi_i (outward multilateral resistance)

    @property
    def n(self) -> int:
        return len(self.Y)


@dataclass(frozen=True)
class Solution:
    """Changes relative to the baseline (hats are new/old)."""

    X: np.ndarray            # (N, N) new trade
    p_hat: np.ndarray        # factory-gate prices (1 in the conditional solution)
    P_hat: np.ndarray        # inward multilateral resistance
    Pi_hat: np.ndarray       # outward multilateral resistance
    iterations: int
    max_excess_demand: float  # max over countries of |supply - demand| / output at the solution

    def exports_change_pct(self, base: Baseline) -> np.ndarray:
        off = ~np.eye(base.n, dtype=bool)
        return 100 * ((self.X * off).sum(1) / (base.X * off).sum(1) - 1)

    def real_gdp_change_pct(self) -> np.ndarray:
        return 100 * (self.p_hat / self.P_hat - 1)


def baseline_from_costs(ln_tau: np.ndarray, Y: np.ndarray, E: np.ndarray, sigma: float, ref: int,
                        tol: float = TOL, max_iter: int = MAX_ITER) -> Baseline:
    """The baseline implied by trade costs (ln t^(1-sigma)), outputs and expenditures.

    Outputs and expenditures enter as shares of their world totals; trade is scaled to world
    output, so world expenditure equals world output in the model even where the data's totals
    differ (they differ in most gravity samples: unrecorded flows, re-exports).
    """
    Yw = Y.sum()
    lnY, lnE = np.log(Y / Yw), np.log(E / E.sum())
    n = len(Y)
    # a = ln Pi^(1-sigma), b = ln P^(1-sigma)
    a, b, _ = _scale(ln_tau, np.zeros(n), lnE, np.zeros(n), lnY, ref, tol, max_iter,
                     "baseline multilateral resistances")
    ln_X = lnY[:, None] + lnE[None, :] + np.log(Yw) + ln_tau - a[:, None] - b[None, :]
    X = np.exp(ln_X)
    return Baseline(X=X, Y=X.sum(1), E=X.sum(0), sigma=sigma, ref=ref,
                    ln_P=b / (1 - sigma), ln_Pi=a / (1 - sigma))


def baseline_from_trade(X: np.ndarray, sigma: float, ref: int) -> Baseline:
    """The baseline is the data (or PPML fitted values); resistances need costs and are not
    identified here, so they are set to 1 (only changes are reported)."""
    n = X.shape[0]
    return Baseline(X=X, Y=X.sum(1), E=X.sum(0), sigma=sigma, ref=ref, ln_P=np.zeros(n), ln_Pi=np.zeros(n))


def conditional(base: Baseline, ln_t_hat: np.ndarray, tol: float = TOL, max_iter: int = MAX_ITER) -> Solution:
    """Outputs and expenditures fixed; multilateral resistances adjust (numeraire P_ref)."""
    with np.errstate(divide="ignore"):
        lnx = np.log(base.X) + ln_t_hat
    lnY, lnE = np.log(base.Y), np.log(base.E)
    z = np.zeros(base.n)
    # a = ln Pi_hat^(1-sigma), b = ln P_hat^(1-sigma)
    a, b, it = _scale(lnx, -lnY, z, -lnE, z, base.ref, tol, max_iter, "conditional GE")
    X = np.exp(lnx - a[:, None] - b[None, :])
    excess = (np.abs(X.sum(1) - base.Y) / base.Y).max()
    s = 1 - base.sigma
    return Solution(X=X, p_hat=np.ones(base.n), P_hat=np.exp(b / s), Pi_hat=np.exp(a / s),
                    iterations=it, max_excess_demand=float(excess))


def full(base: Baseline, ln_t_hat: np.ndarray, tol: float = TOL, max_iter: int = MAX_ITER,
         damping: float = 1.0) -> Solution:
    """Full endowment GE: factory-gate prices adjust; imbalances keep their ratio to output."""
    sigma = base.sigma
    with np.errstate(divide="ignore"):
        ln_share_e = np.log(base.X) - np.log(base.E)[None, :] + ln_t_hat   # ln (X_ij/E_j) t_hat_ij
        ln_share_y = np.log(base.X) - np.log(base.Y)[:, None] + ln_t_hat   # ln (X_ij/Y_i) t_hat_ij
    Ke, Ky = _Kernel(ln_share_e), _Kernel(ln_share_y)
    lp = np.zeros(base.n)
    step = np.inf
    for it in range(1, max_iter + 1):
        lP = Ke.cols((1 - sigma) * lp) / (1 - sigma)
        ln_kappa = _world_balance(base, lp)
        new = (Ky.rows((sigma - 1) * lP + lp) + ln_kappa) / sigma
        new -= lP[base.ref]  # numeraire: P_hat_ref = 1 (the system is homogeneous of degree 1)
        step = np.abs(new - lp).max()
        lp = lp + damping * (new - lp)
        if step < tol:
            break
    else:
        raise ConvergenceError(
            f"full GE did not converge in {max_iter} iterations: last change in log prices {step:.2e}",
            "the shock may be too large for the data (a country with almost no output?); try damping < 1")
    lP = Ke.cols((1 - sigma) * lp) / (1 - sigma)
    p, P = np.exp(lp), np.exp(lP)
    ln_kappa = _world_balance(base, lp)
    with np.errstate(divide="ignore"):
        X = np.exp(np.log(base.X) + ln_t_hat + (1 - sigma) * (lp[:, None] - lP[None, :]) + lp[None, :] + ln_kappa)
    Yn = p * base.Y
    excess = float((np.abs(X.sum(1) - Yn) / Yn).max())
    if excess > 1e-6:
        raise ConvergenceError(f"full GE stopped with excess demand {excess:.2e} of output",
                               "tighten tol, or use damping < 1 for a very large shock")
    Yw_hat = Yn.sum() / base.Y.sum()
    Pi_hat = (p ** sigma / Yw_hat) ** (1 / (1 - sigma))
    return Solution(X=X, p_hat=p, P_hat=P, Pi_hat=Pi_hat, iterations=it, max_excess_demand=excess)


def _world_balance(base: Baseline, lp: np.ndarray) -> float:
    """ln kappa: expenditures E_j' = kappa p_j E_j keep each country's ratio of expenditure to
    output, scaled by one world factor so that world expenditure equals world output."""
    return float(np.log(np.exp(lp) @ base.Y) - np.log(np.exp(lp) @ base.E))


def first_order(base: Baseline, ln_t_hat: np.ndarray, tol: float = TOL, max_iter: int = MAX_ITER,
                cond: Solution | None = None) -> Solution:
    """The GEPPML first-order solution (Larch and Yotov 2016; the first step of the Advanced
    Guide's loop; what gegravity reports as its full GE): multilateral resistances at the new
    costs with output and expenditure shares held, factory-gate prices from the producer
    condition p_hat_i = 1 / Pi_hat_i, then trade with the new outputs and expenditures
    (E_j' = p_hat_j E_j). Markets do not clear exactly; :func:`full` iterates to the equilibrium.
    ``cond``: the conditional solution for the same shock, when the caller has it already."""
    cond = cond or conditional(base, ln_t_hat, tol, max_iter)
    s = 1 - base.sigma
    p = 1.0 / cond.Pi_hat
    Y_new = p * base.Y
    share_y_hat = p / (Y_new.sum() / base.Y.sum())
    X = base.X * np.exp(ln_t_hat) * (share_y_hat[:, None] * p[None, :]) / (
        cond.Pi_hat[:, None] ** s * cond.P_hat[None, :] ** s)
    excess = float((np.abs(X.sum(1) - Y_new) / Y_new).max())
    return Solution(X=X, p_hat=p, P_hat=cond.P_hat, Pi_hat=cond.Pi_hat, iterations=cond.iterations,
                    max_excess_demand=excess)


def acr_welfare_change_pct(base: Baseline, sol: Solution) -> np.ndarray:
    """Arkolakis-Costinot-Rodriguez-Clare: real income change = lambda_hat_ii^(1/(1-sigma)),
    lambda_ii = domestic expenditure share (E and Y move together: imbalances as in the data)."""
    lam0 = np.diag(base.X) / base.E
    lam1 = np.diag(sol.X) / sol.X.sum(0)
    return 100 * ((lam1 / lam0) ** (1 / (1 - base.sigma)) - 1)
