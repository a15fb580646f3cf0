"""Elasticities for the product-level model: which estimate each line gets, and why.

Rules (each line reports the rule that gave its value; the bounds are data in :data:`BOUNDS`):

- Import demand (eta > 0), for a market with Hauk tables (the datasets playing the role
  ``elasticities`` for it; shipped for the USA): Hauk (2012) HS10 estimate (implied elasticity
  1 - demand-price coefficient) where it has the expected sign and is significant at 5%; else
  the HS6 estimate under the same test; else the median of the valid HS10 estimates in the same
  HS4, then HS2; else the median of all valid estimates. A market without its own estimates
  borrows them: the median of the valid Hauk estimates of the same HS2 chapter (estimated on US
  imports; said so beside every figure). Then bounded to [0.2, 4] (the US estimates' 0.3rd to
  99th percentiles: the tails are noise of a panel estimator, not behaviour).
- Substitution between suppliers (sigma > 0): for a market with Hauk tables, Hauk's HS6
  elasticity of substitution where it exceeds 1 and is significant at 5%; else the market's own
  Broda-Weinstein HS3 estimate (for a code coarser than HS3: the median of its HS3 estimates),
  shrunk halfway, in logs, toward the median over the 73 countries of their estimates for the
  same codes (Broda-Weinstein's estimates per country are noisy, with a long upper tail: Soderbery
  2015 shows their estimator's small-sample bias inflates large values); else 1.5 (the WITS/SMART
  default). Then bounded to [1.1, 10] (10 is near the 97th percentile of the US estimates); for
  a product coarser than HS6 (an HS2 chapter or HS4 heading of a market sized from the ICIO) the
  upper bound is 5: suppliers of a chapter sell different mixes of its goods, so they substitute
  less than sellers of one HS6 good (Feenstra, Luck, Obstfeld and Russ 2018 find elasticities
  between foreign suppliers of a few units; a chapter-level value of 10 turns a 10% tariff gap into
  a near-doubling of a supplier's sales).
- Export supply: infinite (the WITS/SMART default 99 stands for it) unless given.

Uncertainty: Hauk estimates carry standard errors (normal draws, truncated at 0.05); Broda-
Weinstein and defaults have none: draws are uniform within +/-50% (a stated range). Every
scenario also reports its headline figures at half and one and a half times the elasticities.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.tables import Provenance

SMART_SIGMA = 1.5
DEFAULT_ETA = 1.0
FLOOR = 0.05
RANGE = 0.5  # +/- share for draws of estimates without a standard error
BOUNDS = {"eta": (0.2, 4.0), "sigma": (1.1, 10.0)}
COARSE_SIGMA_MAX = 5.0  # upper bound of sigma for a product coarser than HS6
SHRINK = 0.5  # weight of a market's own Broda-Weinstein estimate against the 73-country median (in logs)


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
        return _bounded(_borrowed_eta(importer, out), "eta")
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
    return _bounded(out, "eta")


def _borrowed_eta(importer: str, out: pd.DataFrame) -> pd.DataFrame:
    """A market without its own import-demand estimates: the chapter medians of a market that has
    them (the first with Hauk tables), said so in the rule; unit-elastic where none exists."""
    donors = sorted({m.get("market") for m in datasets.shipped("elasticities", kind="import_demand")
                     if m.get("estimator") == "hauk" and m.get("market") not in ("*", importer)})
    if not donors:
        out["eta"], out["eta_rule"] = DEFAULT_ETA, f"no shipped estimate for {importer}: unit-elastic default"
        return out
    tables = _hauk(donors[0], "import_demand")
    valid = tables[0][2]["impliedelasticity"]
    med = valid.groupby(valid.index.str.slice(0, 2)).median()
    out["eta"] = out["code"].str.slice(0, 2).map(med).to_numpy()
    out["eta_rule"] = (f"borrowed: median of {donors[0]}'s valid Hauk HS{tables[0][0]} estimates in the HS2 "
                       f"(none shipped for {importer})")
    need = out["eta"].isna()
    out.loc[need, "eta"] = float(valid.median())
    out.loc[need, "eta_rule"] = f"borrowed: median of all {donors[0]}'s valid Hauk estimates (none shipped for {importer})"
    return out


def _bounded(out: pd.DataFrame, col: str) -> pd.DataFrame:
    """The column clipped to its bounds; the rule says where a bound bit."""
    lo, top = BOUNDS[col]
    hi = np.full(len(out), top)
    if col == "sigma":
        hi = np.where(out["code"].str.len().to_numpy() < 6, COARSE_SIGMA_MAX, top)
    rule = f"{col}_rule"
    low, high = out[col] < lo, out[col] > hi
    out.loc[low, rule] = out.loc[low, rule] + f"; raised to the lower bound {lo}"
    for h in np.unique(hi[high.to_numpy()]):
        at = high & (hi == h)
        what = " (of a product coarser than HS6)" if h != top else ""
        out.loc[at, rule] = out.loc[at, rule] + f"; capped at the upper bound {h:g}{what}"
    out[col] = np.clip(out[col].to_numpy(float), lo, hi)
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
    bw, pool = _bw(importer), _bw_pool()
    if len(bw):
        shrink = f", shrunk halfway toward the {pool.countries}-country median"
        need = out["sigma"].isna() & (out["code"].str.len() >= 3)
        key = out.loc[need, "code"].str.slice(0, 3)
        out.loc[need, "sigma"] = _shrunk(key.map(bw), key.map(pool.hs3)).to_numpy()
        out.loc[need & out["sigma"].notna(), "sigma_rule"] = f"Broda-Weinstein HS3 ({importer}){shrink}"
        need = out["sigma"].isna()
        med = bw.groupby(bw.index.str.slice(0, 2)).median()
        key = out.loc[need, "code"].str.slice(0, 2)
        out.loc[need, "sigma"] = _shrunk(key.map(med), key.map(pool.hs2)).to_numpy()
        out.loc[need & out["sigma"].notna(), "sigma_rule"] = f"median Broda-Weinstein HS3 in the HS2 ({importer}){shrink}"
    need = out["sigma"].isna()
    out.loc[need, "sigma"] = SMART_SIGMA
    out.loc[need, "sigma_rule"] = "WITS/SMART default 1.5"
    return _bounded(out, "sigma")


def _shrunk(own: pd.Series, pooled: pd.Series) -> pd.Series:
    """exp(SHRINK ln own + (1 - SHRINK) ln pooled); the own value where no pooled one exists."""
    both = own.notna() & pooled.notna()
    out = own.copy()
    out[both] = np.exp(SHRINK * np.log(own[both]) + (1 - SHRINK) * np.log(pooled[both]))
    return out


@dataclass(frozen=True)
class Pool:
    """The median over every country of the Broda-Weinstein estimates: by HS3, and by HS2 (the
    median of a chapter's HS3 estimates per country, then over countries)."""

    hs3: pd.Series
    hs2: pd.Series
    countries: int


@lru_cache(maxsize=1)
def _bw_pool() -> Pool:
    for m in datasets.shipped("elasticities", market="*", kind="substitution"):
        if m.get("estimator") != "broda_weinstein":
            continue
        frame = datasets.load(m.dataset)
        col, code = m.get("market_column"), m.get("code_column")
        per_country = frame.assign(hs2=frame[code].str.slice(0, 2)).groupby([col, "hs2"])["sigma"].median()
        return Pool(frame.groupby(code)["sigma"].median(), per_country.groupby(level="hs2").median(),
                    int(frame[col].nunique()))
    return Pool(pd.Series(dtype=float), pd.Series(dtype=float), 0)


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
    borrowed = el["eta_rule"].str.startswith("borrowed").mean()
    if borrowed:
        out.append(Provenance(f"borrowed import-demand elasticities ({market})", "Hauk (2012), estimated on US imports",
                              f"{market}: {100 * borrowed:.0f}% of products use import-demand elasticities borrowed from "
                              "another market's estimates (chapter medians), for want of the market's own"))
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
