"""The Advanced Guide's own GE procedure (Yotov, Piermartini, Monteiro and Larch 2016, ch. 2),
reproduced step by step so its published results can be checked line for line.

The book solves the full-endowment counterfactual by re-estimating a PPML regression with
exporter and importer fixed effects and an offset at every iteration. A PPML fit with two
sets of fixed effects and an offset is the offset matrix scaled to the row and column sums of
the dependent variable (iterative proportional fitting), so each regression is replaced here by
that exact scaling, in logs; the importer effect of the reference country is 0, as in the book.

The book's fixed point differs slightly from the structural equilibrium of
:func:`tradedeal.models.gravity.onesector.full`: expenditures enter as phi_j Y_j in the
multilateral resistances while the fitted trade matrix keeps its own column sums. The two
agree to a few tenths of a percentage point on "trade without borders"; this module exists to
reproduce the book, ``onesector.full`` is the model the rest of tradedeal uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal.errors import ConvergenceError
from tradedeal.models.gravity.onesector import _lse, _scale


@dataclass(frozen=True)
class BookResults:
    """Per country, percent changes as the book reports them."""

    exports_conditional: np.ndarray
    exports_full: np.ndarray
    price_full: np.ndarray
    imr_full: np.ndarray          # inward multilateral resistance P
    omr_full: np.ndarray          # outward multilateral resistance Pi
    real_gdp_full: np.ndarray
    iterations: int


def fit_two_way(ln_y_rows: np.ndarray, ln_y_cols: np.ndarray, ln_offset: np.ndarray, ref: int,
                tol: float = 1e-14, max_iter: int = 100_000) -> tuple[np.ndarray, np.ndarray]:
    """ln A_i, ln B_j with A_i B_j exp(offset_ij) matching the row and column sums (B_ref = 1):
    the fixed effects of a PPML regression on exporter and importer dummies with that offset
    (the Sinkhorn scaling of :func:`onesector._scale`, with a = -ln A, b = -ln B)."""
    a, b, _ = _scale(ln_offset, -ln_y_rows, np.zeros(len(ln_y_cols)), -ln_y_cols, np.zeros(len(ln_y_rows)),
                     ref, tol, max_iter, "the two-way fixed-effect fit")
    return -a, -b


def trade_without_borders(X: np.ndarray, ln_t_bln: np.ndarray, ln_t_cfl: np.ndarray, sigma: float,
                          ref: int, tol: float = 1e-12, max_iter: int = 10_000) -> BookResults:
    """Run the book's conditional and full-endowment procedure on trade ``X`` (exporter x
    importer, domestic flows on the diagonal), baseline and counterfactual ln t^(1-sigma)."""
    s = 1 - sigma
    off = ~np.eye(len(X), dtype=bool)
    Y, E = X.sum(1), X.sum(0)
    phi = E / Y
    e_r = E[ref]
    # baseline: the PPML fit with the estimated costs
    la_b, lb_b = fit_two_way(np.log(Y), np.log(E), ln_t_bln, ref)
    X_bln = np.exp(la_b[:, None] + lb_b[None, :] + ln_t_bln)
    xi_bln = (X_bln * off).sum(1)
    imr_bln = E / (np.exp(lb_b) * e_r)
    omr_bln = Y * e_r / np.exp(la_b)
    # conditional: the data refitted with counterfactual costs
    la_c, lb_c = fit_two_way(np.log(Y), np.log(E), ln_t_cfl, ref)
    X_cdl = np.exp(la_c[:, None] + lb_c[None, :] + ln_t_cfl)
    xi_cdl = (X_cdl * off).sum(1)
    # full endowment: the book's loop
    ln_p = (la_c - la_b) / s                      # first-order change in prices
    la0, er0 = la_c, e_r
    omr0, imr0 = Y * e_r / np.exp(la_c), E / (np.exp(lb_c) * e_r)
    d_omr = np.ones(len(X))
    d_imr = np.ones(len(X))
    ln_trade0 = np.log(X_cdl)
    old = np.zeros(len(X))
    for it in range(1, max_iter + 1):
        ln_dep = ln_trade0 + ln_p[:, None] + ln_p[None, :] - np.log(d_omr)[:, None] - np.log(d_imr)[None, :]
        la1, lb1 = fit_two_way(_lse(ln_dep, axis=1), _lse(ln_dep, axis=0), ln_t_cfl, ref)
        ln_trade1 = la1[:, None] + lb1[None, :] + ln_t_cfl
        y1 = np.exp(_lse(ln_trade1, axis=1))
        e1 = phi * y1
        er1 = e1[ref]
        ln_p1 = ((la1 - np.log(er1)) - (la0 - np.log(er0))) / s
        p_now = np.exp(ln_p)
        step_max, step_sd = abs((p_now - old).max()), np.std(p_now - old, ddof=1)  # as the book: |max(diff)|
        old = p_now
        omr1, imr1 = y1 * er1 / np.exp(la1), e1 / (np.exp(lb1) * er1)
        d_omr, d_imr = omr1 / omr0, imr1 / imr0
        omr0, imr0 = omr1, imr1
        ln_p, la0, er0, ln_trade0 = ln_p1, la1, er1, ln_trade1
        if step_max < tol and step_sd < tol:
            break
    else:
        raise ConvergenceError(f"the book's full-endowment loop did not converge in {max_iter} iterations",
                               "the book's procedure has no damping; method='full' solves the same equilibrium in logs")
    p_full = np.exp(((la0 - np.log(er0)) - (la_b - np.log(e_r))) / s)
    # the book's closing step: output and expenditure at the new factory-gate prices, the last
    # iteration's multilateral resistances, and trade rebuilt from them as
    # X_ij = y_i E_j t_ij / (IMR_j OMR_i) with the exporter's output y_i as the last iteration's
    # fitted sales (y1, not p_i Y_i) and the importer's expenditure at the new prices (p_j E_j):
    # that mix is what reproduces the published exports column (to 1e-4); with p_i Y_i in place of
    # y1 every exporter's full-GE exports come out about 1/1.2 of the published ones.
    y_full, e_full = p_full * Y, p_full * E
    omr_full, imr_full = omr0, imr0
    X_full = y1[:, None] * e_full[None, :] * np.exp(ln_t_cfl) / (imr_full[None, :] * omr_full[:, None])
    xi_full = (X_full * off).sum(1)
    P = lambda v: v ** (1 / s)
    return BookResults(
        exports_conditional=100 * (xi_cdl / xi_bln - 1), exports_full=100 * (xi_full / xi_bln - 1),
        price_full=100 * (p_full - 1), imr_full=100 * (P(imr_full) / P(imr_bln) - 1),
        omr_full=100 * (P(omr_full) / P(omr_bln) - 1),
        real_gdp_full=100 * ((y_full / P(imr_full)) / (Y / P(imr_bln)) - 1), iterations=it)
