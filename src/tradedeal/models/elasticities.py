"""Elasticities for the product-level model: which estimate each line gets, and why.

Rules (each line reports the rule that gave its value):

- Import demand (eta > 0), for a market with Hauk tables (the datasets playing the role
  ``elasticities`` for it; shipped for the USA): Hauk (2012) HS10 estimate (implied elasticity
  1 - demand-price coefficient) where it has the expected sign and is significant at 5%; else
  the HS6 estimate under the same test; else the median of the valid HS10 estimates in the same
  HS4, then HS2; else the median of all valid estimates. Other importers have no shipped
  estimate: eta = 1 (unit-elastic), unless the scenario gives its own.
- Substitution between suppliers (sigma > 0): for the USA, Hauk's HS6 elasticity of
  substitution where it exceeds 1 and is significant at 5%; else Broda-Weinstein (HS3, the
  importer's own estimates, for every importer in their table); else the median of the
  importer's Broda-Weinstein estimates in the HS2; else 1.5 (the WITS/SMART default).
- Export supply: infinite (the WITS/SMART default 99 stands for it) unless given.

Uncertainty: Hauk estimates carry standard errors (normal draws, truncated at 0.05); Broda-
Weinstein and defaults have none: draws are uniform within +/-50% (a stated range).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.tables import Provenance

SMART_SIGMA = 1.5
DEFAULT_ETA = 1.0
FLOOR = 0.05
RANGE = 0.5  # +/- share for draws of estimates without a standard error


def _valid_hauk(frame: pd.DataFrame, code: str) -> pd.Series:
    ok = (frame["positive"] == 1) & (frame["sigat5per"] == 1) & (frame["impliedelasticity"] > 0)
    f = frame.loc[ok, [code, "impliedelasticity", "sedemandprice"]]
    return f.drop_duplicates(code).set_index(code)


def _valid_hauk_sigma(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    t = (frame["demandprice"] / frame["sedemandprice"]).abs()
    return frame[(frame["impliedsigma"] > 1) & (t >= 1.96)].drop_duplicates(code).set_index(code)


@lru_cache(maxsize=8)
def _hauk(market: str, kind: str) -> tuple[tuple[int, str, pd.DataFrame], ...]:
    """(level, dataset, valid estimates by code) of every Hauk table for the market, finest first
    (the datasets playing the role ``elasticities`` for it)."""
    out = []
    for m in datasets.shipped("elasticities", market=market, kind=kind):
        if m.get("estimator") != "hauk":
            continue
        code, frame = m.get("code_column"), datasets.load(m.dataset)
        valid = _valid_hauk(frame, code) if kind == "import_demand" else _valid_hauk_sigma(frame, code)
        out.append((int(m.get("level")), m.dataset, valid))
    return tuple(sorted(out, key=lambda x: -x[0]))


@lru_cache(maxsize=8)
def _bw(iso3: str) -> pd.Series:
    """Broda-Weinstein sigmas of the market (the dataset playing that role, with its own
    estimates for each country it covers)."""
    for m in datasets.shipped("elasticities", market=iso3, kind="substitution"):
        if m.get("estimator") != "broda_weinstein":
            continue
        frame = datasets.load(m.dataset)
        col, code = m.get("market_column"), m.get("code_column")
        return frame[frame[col] == iso3].drop_duplicates(code).set_index(code)["sigma"]
    return pd.Series(dtype=float)


def import_demand(importer: str, codes: pd.Series) -> pd.DataFrame:
    """eta, its standard error and the rule, per code (pure over the shipped tables)."""
    codes = pd.Series(codes.unique(), dtype=object)
    out = pd.DataFrame({"code": codes, "eta": np.nan, "eta_se": np.nan, "eta_rule": ""})
    tables = _hauk(importer, "import_demand")
    if not tables:
        out["eta"], out["eta_rule"] = DEFAULT_ETA, f"no shipped estimate for {importer}: unit-elastic default"
        return out
    for width, _, table in tables:
        rule = f"Hauk HS{width}"
        need = out["eta"].isna() & (out["code"].str.len() >= width)
        key = out.loc[need, "code"].str.slice(0, width)
        out.loc[need, "eta"] = key.map(table["impliedelasticity"]).to_numpy()
        out.loc[need, "eta_se"] = key.map(table["sedemandprice"]).to_numpy()
        out.loc[need & out["eta"].notna(), "eta_rule"] = rule
    valid = tables[0][2]["impliedelasticity"]
    finest = tables[0][0]
    for width in (4, 2):
        need = out["eta"].isna()
        med = valid.groupby(valid.index.str.slice(0, width)).median()
        out.loc[need, "eta"] = out.loc[need, "code"].str.slice(0, width).map(med).to_numpy()
        out.loc[need & out["eta"].notna(), "eta_rule"] = f"median of valid Hauk HS{finest} estimates in the HS{width}"
    need = out["eta"].isna()
    out.loc[need, "eta"] = float(valid.median())
    out.loc[need, "eta_rule"] = f"median of all valid Hauk HS{finest} estimates"
    return out


def substitution(importer: str, codes: pd.Series) -> pd.DataFrame:
    """sigma, its standard error and the rule, per code."""
    codes = pd.Series(codes.unique(), dtype=object)
    out = pd.DataFrame({"code": codes, "sigma": np.nan, "sigma_se": np.nan, "sigma_rule": ""})
    for width, _, sub in _hauk(importer, "substitution"):
        need = out["sigma"].isna() & (out["code"].str.len() >= width)
        key = out.loc[need, "code"].str.slice(0, width)
        out.loc[need, "sigma"] = key.map(sub["impliedsigma"]).to_numpy()
        out.loc[need, "sigma_se"] = key.map(sub["sedemandprice"]).to_numpy()
        out.loc[out["sigma"].notna() & (out["sigma_rule"] == ""), "sigma_rule"] = f"Hauk HS{width} elasticity of substitution"
    bw = _bw(importer)
    if len(bw):
        need = out["sigma"].isna() & (out["code"].str.len() >= 3)
        out.loc[need, "sigma"] = out.loc[need, "code"].str.slice(0, 3).map(bw).to_numpy()
        out.loc[need & out["sigma"].notna(), "sigma_rule"] = f"Broda-Weinstein HS3 ({importer})"
        need = out["sigma"].isna()
        med = bw.groupby(bw.index.str.slice(0, 2)).median()
        out.loc[need, "sigma"] = out.loc[need, "code"].str.slice(0, 2).map(med).to_numpy()
        out.loc[need & out["sigma"].notna(), "sigma_rule"] = f"median Broda-Weinstein HS3 in the HS2 ({importer})"
    need = out["sigma"].isna()
    out.loc[need, "sigma"] = SMART_SIGMA
    out.loc[need, "sigma_rule"] = "WITS/SMART default 1.5"
    return out


@lru_cache(maxsize=256)
def _is_default(rule: str) -> bool:
    return "default" in rule


def provenance(el: pd.DataFrame, market: str) -> list:
    """Where a market's elasticities come from (one entry per source used), with the share of
    products resting on defaults rather than an estimate as the approximation."""
    rules = pd.Series(pd.unique(pd.concat([el["eta_rule"], el["sigma_rule"]])))
    out = []
    if rules.str.contains("Hauk").any():
        out.append(Provenance("hauk_imports_hs10, hauk_imports_hs6, hauk_imports_hs6_substitution",
                              "Hauk (2012), US import elasticities"))
    if rules.str.contains("Broda-Weinstein").any():
        out.append(Provenance("broda_weinstein_sigma", "Broda and Weinstein (2006)"))
    eta_default = el["eta_rule"].map(_is_default).mean()
    sigma_default = el["sigma_rule"].map(_is_default).mean()
    if eta_default or sigma_default:
        out.append(Provenance(f"elasticity defaults ({market})", "tradedeal rules (docs/scenario-schema.md)",
                              f"{market}: {100 * eta_default:.0f}% of products use the default import-demand "
                              f"elasticity ({DEFAULT_ETA}) and {100 * sigma_default:.0f}% the default substitution "
                              f"elasticity ({SMART_SIGMA}), for want of an estimate"))
    return out


def draw(value: np.ndarray, se: np.ndarray, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
    """Draws around ``value``: normal with ``se`` where known, else uniform +/-50%; floor 0.05."""
    shape = value.shape if size is None else (size, *value.shape)
    has_se = np.isfinite(se) & (se > 0)
    normal = value + rng.standard_normal(shape) * np.where(has_se, se, 0.0)
    uniform = value * (1 + rng.uniform(-RANGE, RANGE, shape))
    return np.maximum(np.where(has_se, normal, uniform), FLOOR)
