"""One-sector GE counterfactuals from a gravity cross-section: a thin orchestration of
:mod:`onesector` (or the book's procedure in :mod:`agtpa`) returning a :class:`GEResult`."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd

from tradedeal.errors import QueryError
from tradedeal.models.gravity import agtpa, onesector
from tradedeal.models.gravity.data import square
from tradedeal.options import OneSectorMethod, check, choices
from tradedeal.results.ge import GEResult
from tradedeal.tables import Provenance

METHODS = choices(OneSectorMethod)


def cost_matrix(sq, coefficients: dict[str, float], frame: pd.DataFrame | None = None) -> np.ndarray:
    """ln t^(1-sigma) = sum_k beta_k x_k as an exporter x importer matrix; rows are placed by
    their own exporter/importer positions (an experiment may reorder or filter them)."""
    f = sq.frame if frame is None else frame
    missing = [k for k in ("_i", "_j", *coefficients) if k not in f.columns]
    if missing:
        raise QueryError(f"the cross-section lacks the column(s) {', '.join(missing)}",
                         "an experiment must return the frame it was given, with cost variables changed")
    m = np.zeros((sq.n, sq.n))
    m[f["_i"].to_numpy(), f["_j"].to_numpy()] = sum(b * f[k].to_numpy(float) for k, b in coefficients.items())
    return m


def one_sector_counterfactual(data: pd.DataFrame, coefficients: dict[str, float], sigma: float, reference: str,
                              experiment: Callable[[pd.DataFrame], pd.DataFrame], trade: str = "trade_usd_mn",
                              output: str | None = None, expenditure: str | None = None, method: str = "full",
                              title: str = "", tol: float = onesector.TOL,
                              provenance: tuple[Provenance, ...] = ()) -> GEResult:
    """Counterfactual of ``experiment`` (a function returning the cross-section with changed cost
    variables) in the one-sector model; outputs/expenditures from columns or trade sums.
    ``provenance``: where the data and coefficients come from (carried into the result)."""
    check(method, OneSectorMethod, "method")
    if sigma <= 1:
        raise QueryError(f"sigma = {sigma} must exceed 1", "the elasticity of substitution of the model")
    if trade not in data.columns:
        raise QueryError(f"no trade column '{trade}' in the cross-section", f"columns: {', '.join(map(str, data.columns))}")
    sq = square(data)
    ref = sq.index(reference)
    ln_t0 = cost_matrix(sq, coefficients)
    changed = experiment(sq.frame.copy())
    ln_t1 = cost_matrix(sq, coefficients, changed)
    X = sq.matrix(sq.frame[trade])
    Y = sq.by_exporter(output) if output else X.sum(1)
    E = sq.by_importer(expenditure) if expenditure else X.sum(0)
    off = ~np.eye(sq.n, dtype=bool)
    notes = [f"sigma = {sigma}; reference importer {reference} (its inward multilateral resistance is 1)"]
    if method == "agtpa":
        if output or expenditure:
            raise QueryError("the Advanced Guide's procedure takes outputs and expenditures from the trade sums",
                             "leave out output= and expenditure=, or use method='full'")
        book = agtpa.trade_without_borders(X, ln_t0, ln_t1, sigma, ref, tol=tol)
        countries = pd.DataFrame({"country": sq.countries,
                                  "exports_change_conditional_pct": book.exports_conditional,
                                  "exports_change_pct": book.exports_full,
                                  "factory_gate_price_change_pct": book.price_full,
                                  "imr_change_pct": book.imr_full, "omr_change_pct": book.omr_full,
                                  "real_gdp_change_pct": book.real_gdp_full})
        diag = {"method": "the Advanced Guide's iterative procedure", "iterations": book.iterations, "tolerance": tol}
        book_prov = Provenance("method agtpa", "Yotov et al. (2016), ch. 2 procedure",
                               f"the book's fixed point (stopping rule {tol} on factory-gate prices) and its closing "
                               "step for full-GE trade, not the exact equilibrium (method='full')")
        return GEResult(title or "One-sector GE (Advanced Guide procedure)", "one-sector", countries,
                        pd.DataFrame(), diag, (*provenance, book_prov), tuple(notes))
    base = onesector.baseline_from_costs(ln_t0, Y, E, sigma, ref)
    ln_hat = ln_t1 - ln_t0
    cond = onesector.conditional(base, ln_hat, tol)
    sol = onesector.full(base, ln_hat, tol) if method == "full" else onesector.first_order(base, ln_hat, tol, cond=cond)
    countries = pd.DataFrame({
        "country": sq.countries,
        "exports_change_conditional_pct": cond.exports_change_pct(base),
        "exports_change_pct": sol.exports_change_pct(base),
        "imports_change_pct": 100 * ((sol.X * off).sum(0) / (base.X * off).sum(0) - 1),
        "intranational_trade_change_pct": 100 * (np.diag(sol.X) / np.diag(base.X) - 1),
        "factory_gate_price_change_pct": 100 * (sol.p_hat - 1),
        "imr_change_pct": 100 * (sol.P_hat - 1), "omr_change_pct": 100 * (sol.Pi_hat - 1),
        "real_gdp_change_pct": sol.real_gdp_change_pct(),
        "welfare_acr_pct": onesector.acr_welfare_change_pct(base, sol),
        "output_before": base.Y, "output_after": sol.X.sum(1),
    })
    i, j = np.nonzero(np.ones((sq.n, sq.n), bool))
    bilateral = pd.DataFrame({"exporter": np.array(sq.countries)[i], "importer": np.array(sq.countries)[j],
                              "before": base.X[i, j], "after": sol.X[i, j]})
    bilateral["change_pct"] = 100 * (bilateral["after"] / bilateral["before"] - 1)
    diag = {"method": {"full": "full endowment equilibrium (markets clear)",
                       "first_order": "first-order GEPPML solution (as gegravity)"}[method],
            "iterations": sol.iterations, "max_excess_demand_share": sol.max_excess_demand,
            "conditional_iterations": cond.iterations}
    if abs(Y.sum() - E.sum()) > 1e-9 * Y.sum():
        notes.append(f"world expenditure in the data differs from world output by "
                     f"{100 * (E.sum() / Y.sum() - 1):.2f}%: expenditure shares are applied to world output")
    if method == "first_order":
        provenance = (*provenance, Provenance(
            "method first_order", "Larch and Yotov (2016) GEPPML, as gegravity",
            f"first-order solution: markets do not clear (largest excess demand {sol.max_excess_demand:.2%} of "
            "output); method='full' solves the equilibrium"))
    return GEResult(title or "One-sector GE", "one-sector", countries, bilateral, diag, provenance, tuple(notes))
