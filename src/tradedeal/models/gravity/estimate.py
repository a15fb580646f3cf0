"""PPML gravity estimation with high-dimensional fixed effects, through pyfixest.

``ppml(data, "trade_usd_mn", ["ln_DIST", "CNTG"], ["exp_year", "imp_year"], cluster="pair_id")``
returns a :class:`GravityEstimate`: the cost coefficients with standard errors and the number of
observations used (after pyfixest drops singletons and separated observations).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from tradedeal import lazy
from tradedeal.errors import QueryError
from tradedeal.tables import TableResult


@dataclass(frozen=True)
class GravityEstimate:
    """Coefficients (term, estimate, std_error, t, p) of a PPML gravity regression."""

    formula: str
    coefficients: pd.DataFrame
    n_obs: int
    fixed_effects: tuple[str, ...]
    vcov: str
    dropped_separation: int = 0

    def coef(self, term: str) -> float:
        return float(self.coefficients.set_index("term").loc[term, "estimate"])

    def se(self, term: str) -> float:
        return float(self.coefficients.set_index("term").loc[term, "std_error"])

    def table(self, title: str = "Gravity estimates (PPML)"):
        """The coefficients as a :class:`~tradedeal.tables.TableResult`."""

        notes = (f"formula: {self.formula}", f"N = {self.n_obs:,}; standard errors {self.vcov}",
                 f"observations dropped for separation: {self.dropped_separation}")
        return TableResult(title, self.coefficients.copy(), {"estimate": "log points per unit of the regressor"},
                           (), notes)


def ppml(data: pd.DataFrame, trade: str, regressors: list[str], fixed_effects: list[str],
         cluster: str | None = None) -> GravityEstimate:
    """Poisson pseudo-maximum likelihood with fixed effects (pyfixest ``fepois``)."""
    pf = lazy.pyfixest()
    missing = [c for c in (trade, *regressors, *fixed_effects, *( [cluster] if cluster else [])) if c not in data]
    if missing:
        raise QueryError(f"columns missing for the gravity regression: {', '.join(missing)}",
                         f"the data has: {', '.join(map(str, data.columns))}")
    formula = f"{trade} ~ {' + '.join(regressors)}" + (f" | {' + '.join(fixed_effects)}" if fixed_effects else "")
    vcov = {"CRV1": cluster} if cluster else "hetero"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = pf.fepois(formula, data=data, vcov=vcov)
    dropped = 0
    for w in caught:
        text = str(w.message)
        if "separation" in text:
            dropped += int(text.split()[0]) if text.split()[0].isdigit() else 0
    tidy = fit.tidy().reset_index().rename(columns={"Coefficient": "term", "Estimate": "estimate",
                                                    "Std. Error": "std_error", "t value": "t", "Pr(>|t|)": "p"})
    return GravityEstimate(formula=formula, coefficients=tidy[["term", "estimate", "std_error", "t", "p"]],
                           n_obs=int(fit._N), fixed_effects=tuple(fixed_effects),
                           vcov=f"clustered by {cluster}" if cluster else "heteroskedasticity-robust",
                           dropped_separation=dropped)
