"""Calibration of the multi-sector model from input-output tables, one named pure function per
step, as Caliendo and Parro (2015) calibrate it (section 4 and their calibration scripts).
j = sector, n = importer, i = exporter; flows M[j, n, i] are net of tariffs.

1. :func:`domestic_sales` — gross output less exports (gross output first raised to exports
   where it is smaller, when asked: the authors' convention);
2. :func:`with_domestic_flows` — the flows with domestic sales on the diagonal;
3. :func:`expenditure_shares` — spending gross of tariffs X_nj = sum_i M_nij (1 + tau_nij) and
   trade shares pi_nij (a country that buys none of a sector buys it at home);
4. :func:`materials_shares` — gamma_nkj = IO_n[k, j] (1 - gamma_nj);
5. :func:`trade_surpluses` — S_n = exports - imports, net of tariffs;
6. :func:`final_demand_shares` — a residual: (X_nj - sum_k gamma_njk Y_nk) / I_n with
   I_n = VA_n + R_n - S_n; negative values set to 0 and the shares renormalised;
7. :func:`economy` — steps 1-6: the data as an :class:`Economy` (not yet an equilibrium);
8. :func:`consistent_base_year` — the model solved once with no tariff change and the observed
   imbalances, so that the base year satisfies every equation of the model;
9. :func:`remove_imbalances` — solved again with zero imbalances (the paper's Table 2 base);
   :func:`base_year` chains 8 and, unless the imbalances are kept, 9.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from tradedeal.errors import QueryError
from tradedeal.models.gravity.multisector import Economy, Equilibrium, solve


@dataclass(frozen=True)
class DomesticSales:
    domestic: np.ndarray       # (J, N) gross output less exports
    gross_output: np.ndarray   # (J, N) after raising it to exports where it was smaller
    exports: np.ndarray        # (J, N) sales to other countries
    raised: np.ndarray         # (J, N) bool: where gross output was raised


@dataclass(frozen=True)
class FinalDemandShares:
    alpha: np.ndarray          # (J, N) the shares, non-negative, summing to 1 per country
    residual: np.ndarray       # (J, N) the residual shares before negatives were set to 0
    clipped: np.ndarray        # (J, N) bool: where the residual was negative


@dataclass(frozen=True)
class BaseYear:
    economy: Economy           # the economy re-based on the equilibrium
    equilibrium: Equilibrium   # the solution that produced it


def _off(flows: np.ndarray) -> np.ndarray:
    N = flows.shape[1]
    return flows * ~np.eye(N, dtype=bool)[None]


def domestic_sales(gross_output: np.ndarray, flows: np.ndarray, raise_output: bool = True) -> DomesticSales:
    """Domestic sales (J, N) = gross output less exports; ``flows`` (J, N, N) between countries."""
    exports = _off(flows).sum(axis=1)
    raised = exports > gross_output
    if raised.any() and not raise_output:
        raise QueryError(f"exports exceed gross output in {int(raised.sum())} country-sector cells",
                         "fix the data, or raise gross output to exports (raise_output=True, Caliendo and Parro's convention)")
    go = np.maximum(gross_output, exports)
    return DomesticSales(go - exports, go, exports, raised)


def with_domestic_flows(flows: np.ndarray, domestic: np.ndarray) -> np.ndarray:
    """(J, N, N) flows with domestic sales on the diagonal."""
    M = _off(flows).copy()
    N = M.shape[1]
    M[:, np.arange(N), np.arange(N)] = domestic
    return M


def expenditure_shares(M: np.ndarray, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(pi (J, N, N), X (J, N)): shares of spending gross of tariffs, and that spending."""
    spend = M * (1 + tau)
    X = spend.sum(axis=2)
    pi = np.divide(spend, X[:, :, None], out=np.zeros_like(spend), where=X[:, :, None] > 0)
    jj, nn = np.nonzero(X <= 0)                        # no spending on the sector: buy at home
    pi[jj, nn, nn] = 1.0
    return pi, X


def materials_shares(io: np.ndarray, va_share: np.ndarray) -> np.ndarray:
    """gamma_nkj (N, K, J): IO shares of materials cost (N, K, J) times 1 - the value-added share (J, N)."""
    return io * (1 - va_share.T)[:, None, :]


def trade_surpluses(M: np.ndarray) -> np.ndarray:
    """S_n (N,): sales to every buyer less purchases from every seller, net of tariffs."""
    return M.sum(axis=(0, 1)) - M.sum(axis=(0, 2))


def tariff_revenue(M: np.ndarray, tau: np.ndarray) -> np.ndarray:
    return (M * tau).sum(axis=(0, 2))


def final_demand_shares(X: np.ndarray, gamma_io: np.ndarray, output: np.ndarray, income: np.ndarray) -> FinalDemandShares:
    """alpha_nj: spending not used as intermediates, over income; negatives set to 0, renormalised."""
    intermediate = np.einsum("nkj,jn->kn", gamma_io, output)
    residual = (X - intermediate) / income[None, :]
    clipped = residual < 0
    alpha = np.where(clipped, 0.0, residual)
    total = alpha.sum(axis=0)
    if (total <= 0).any():
        bad = np.flatnonzero(total <= 0).tolist()
        raise QueryError(f"countries at positions {bad} have no final demand left after intermediate use",
                         "check gross output, value-added shares and input-output shares of these countries")
    return FinalDemandShares(alpha / total[None, :], residual, clipped)


def economy(flows: np.ndarray, tau: np.ndarray, gross_output: np.ndarray, va_share: np.ndarray, io: np.ndarray,
            theta: np.ndarray, raise_output: bool = True) -> tuple[Economy, dict]:
    """Steps 1-6: the economy as the data give it, and what the steps did."""
    ds = domestic_sales(gross_output, flows, raise_output)
    M = with_domestic_flows(flows, ds.domestic)
    pi, X = expenditure_shares(M, tau)
    gamma_io = materials_shares(io, va_share)
    S = trade_surpluses(M)
    VA = (ds.gross_output * va_share).sum(axis=0)
    R = tariff_revenue(M, tau)
    fd = final_demand_shares(X, gamma_io, M.sum(axis=1), VA + R - S)
    e = Economy(pi=pi, X=X, gamma_va=np.array(va_share, float), gamma_io=gamma_io, alpha=fd.alpha, tau=np.array(tau, float),
                theta=np.array(theta, float), VA=VA, D=-S)
    figures = {"gross_output_raised_to_exports_cells": int(ds.raised.sum()),
               "gross_output_raised_usd_mn": float((ds.gross_output - gross_output).sum()),
               "negative_final_demand_shares_set_to_zero": int(fd.clipped.sum()),
               "negative_final_demand_share_sum": float(fd.residual[fd.clipped].sum()),
               "negative_input_output_shares": int((io < 0).sum()),
               "largest_surplus_pct_of_value_added": float(100 * np.abs(S / VA).max())}
    return e, figures


def _rebase(e: Economy, eq: Equilibrium) -> Economy:
    return dataclasses.replace(e, pi=eq.pi, X=eq.X, VA=eq.w_hat * e.VA)


def consistent_base_year(e: Economy, tol: float = 1e-9) -> BaseYear:
    """The model solved at the economy's own tariffs and imbalances: a base year that satisfies
    every equation (the data, with clipped shares and raised output, do not quite)."""
    eq = solve(e, e.tau, tol=tol)
    return BaseYear(_rebase(e, eq), eq)


def remove_imbalances(e: Economy, tol: float = 1e-9) -> BaseYear:
    """The economy solved with zero trade imbalances (deficits D_n = 0), tariffs unchanged."""
    zero = dataclasses.replace(e, D=np.zeros_like(e.D))
    eq = solve(zero, e.tau, tol=tol)
    return BaseYear(_rebase(zero, eq), eq)


def base_year(e: Economy, imbalances: str = "remove", tol: float = 1e-9) -> tuple[Economy, dict]:
    """The base of the counterfactuals: the consistent base year, then (``imbalances="remove"``)
    the same with zero imbalances; ``"keep"`` holds the observed imbalances fixed."""
    if imbalances not in ("remove", "keep"):
        raise QueryError(f"unknown imbalances '{imbalances}'", "use 'remove' or 'keep'")
    first = consistent_base_year(e, tol)
    figures = {"consistent_base_year_iterations": first.equilibrium.iterations,
               "consistent_base_year_largest_wage_change_pct": float(100 * np.abs(first.equilibrium.w_hat - 1).max()),
               "accounting_residual": first.equilibrium.accounting_residual}
    if imbalances == "keep":
        return first.economy, figures
    second = remove_imbalances(first.economy, tol)
    figures.update({"remove_imbalances_iterations": second.equilibrium.iterations,
                    "remove_imbalances_largest_wage_change_pct": float(100 * np.abs(second.equilibrium.w_hat - 1).max())})
    return second.economy, figures
