"""A scenario end to end: regimes with the edits, each market's inputs, the product-level
model, purchases, and the result object. Orchestration only; numbers live in ``pe``."""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tradedeal import datasets
from tradedeal.codes.groups import groups, membership
from tradedeal.datasets import artifacts, user_index
from tradedeal.errors import QueryError
from tradedeal.models import elasticities, invariants, markets, pe
from tradedeal.models.elasticities import import_demand, substitution
from tradedeal.models.elasticities import provenance as elasticity_provenance
from tradedeal.models.markets import MarketData, PairIndex, market_data, pair_index, pair_tariffs
from tradedeal.models.uncertainty import run_draws, sensitivity_table
from tradedeal.options import Source, check
from tradedeal.regime.arrays import Compiled
from tradedeal.regime.folders import shipped_regimes
from tradedeal.regime.lines import covered
from tradedeal.results.scenario import ScenarioResult
from tradedeal.scenario.apply import base_and_edited
from tradedeal.scenario.loader import baseline_of
from tradedeal.scenario.model import Scenario
from tradedeal.statistics import compete, trade_sources


@dataclass(frozen=True)
class Prepared:
    """A market ready to solve: the model's arrays plus what is needed to report."""

    importer: str
    market: pe.Market
    codes: np.ndarray               # product codes (index = product)
    pairs: pd.DataFrame             # code, exporter, value_usd, t0, t1, purchase_usd
    elasticities: pd.DataFrame      # code, eta, eta_se, eta_rule, sigma, sigma_se, sigma_rule
    displace: np.ndarray            # (n,) bool: the pair's purchase displaces other suppliers
    data: MarketData
    notes: tuple[str, ...]
    approximations: tuple[str, ...] = ()  # of the scenario's scopes on this market's data
    groups: pd.DataFrame | None = None    # code, group: the product groups of the market's codes


def _matches(codes: pd.Series, prefixes) -> tuple[np.ndarray, np.ndarray]:
    """(hit, coarse): a trade code matches a prefix when one starts with the other; ``coarse``
    marks codes that match only because they are coarser than the prefix (a whole chapter of
    the data standing for a heading)."""
    codes = codes.astype(str)
    under = np.zeros(len(codes), bool)
    coarse = np.zeros(len(codes), bool)
    lengths = codes.str.len().to_numpy()
    for p in prefixes:
        if p == "*":
            return np.ones(len(codes), bool), np.zeros(len(codes), bool)
        under |= codes.str.slice(0, len(p)).to_numpy() == p
        coarse |= (lengths < len(p)) & (codes.to_numpy() == np.array([p[:n] for n in lengths], dtype=object))
    return under | coarse, coarse & ~under


def _scope(codes: pd.Series, include, group: str | None, what: str) -> tuple[np.ndarray, list[str]]:
    """Codes in a scope of HS prefixes and/or a product group (its excludes taken out), and the
    approximation when coarse data codes stand for finer prefixes."""
    prefixes, excluded = list(include), ()
    if group:
        g = groups()[group]  # group ids are checked when the scenario is loaded
        prefixes, excluded = prefixes + list(g.include), g.exclude
    hit, coarse = _matches(codes, prefixes)
    if excluded:
        hit &= ~codes.astype(str).str.startswith(tuple(excluded)).to_numpy()
        coarse &= hit
    approx = []
    if coarse.any():
        stand = sorted(set(codes[coarse].astype(str)))
        approx.append(f"{what}: the data has no finer codes than {', '.join(stand[:12])}"
                      f"{' ...' if len(stand) > 12 else ''}, so whole codes stand for the narrower scope")
    return hit, approx


def _elasticities(s: Scenario, importer: str, codes: pd.Series,
                  estimates: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[str]]:
    e = estimates.copy() if estimates is not None else \
        import_demand(importer, codes).merge(substitution(importer, codes), on="code")
    ch = s.elasticities
    approx = []
    if not isinstance(ch.import_demand, str):
        e["eta"], e["eta_se"], e["eta_rule"] = ch.import_demand, np.nan, "scenario value"
    if not isinstance(ch.substitution, str):
        e["sigma"], e["sigma_se"], e["sigma_rule"] = ch.substitution, np.nan, "scenario value"
    for o in ch.overrides:
        hit, more = _scope(e["code"], o.include, o.group, f"elasticity override ({o.group or ', '.join(o.include)})")
        approx += more
        if o.import_demand is not None:
            e.loc[hit, ["eta", "eta_se", "eta_rule"]] = [o.import_demand, np.nan, f"scenario override ({o.source})"]
        if o.substitution is not None:
            e.loc[hit, ["sigma", "sigma_se", "sigma_rule"]] = [o.substitution, np.nan, f"scenario override ({o.source})"]
    return e, approx


def _purchases(s: Scenario, importer: str, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    added = np.zeros(len(pairs))
    displace = np.zeros(len(pairs), bool)
    notes, approx = [], []
    year = s.purchase_year
    for p in s.purchase:
        if p.importer != importer:
            continue
        amount = p.amount(year)
        if amount <= 0:
            continue
        hit, more = _scope(pairs["code"], p.include, p.group, f"purchase '{p.label}'")
        hit &= (pairs["exporter"] == p.exporter).to_numpy()
        approx += more if hit.any() else []
        base = float(pairs.loc[hit, "value_usd"].sum())
        add = max(0.0, amount - base) if p.kind == "target" else amount
        if not hit.any():
            notes.append(f"warning: purchase '{p.label}' matches no {p.exporter} -> {importer} line of the data, so its "
                         f"USD {amount:,.0f} a year is not counted; check its group or HS prefixes, or the trade data "
                         "(--source)")
            continue
        weights = pairs.loc[hit, "value_usd"].to_numpy()
        weights = weights / weights.sum() if weights.sum() > 0 else np.full(hit.sum(), 1 / hit.sum())
        added[hit] += add * weights
        displace[hit] |= p.displace_others
        notes.append(f"purchase '{p.label}' ({year}): USD {amount:,.0f} {p.kind}; data-year purchases of the "
                     f"matched lines USD {base:,.0f}; added USD {add:,.0f}"
                     + (", displacing other suppliers" if p.displace_others else ""))
    return added, displace, notes, approx


@dataclass(frozen=True)
class MarketBase:
    """What a market is before any scenario: its data, every pair's tariff on the base date and
    the elasticity estimates of its products (cached by content, see :func:`market_base`)."""

    data: MarketData
    pairs: pd.DataFrame          # code, exporter, value_usd, t0
    index: PairIndex             # where each pair finds its duty in the regime's lines
    codes: np.ndarray            # distinct product codes
    estimates: pd.DataFrame      # code, eta, eta_se, eta_rule, sigma, sigma_se, sigma_rule (in ``codes`` order)
    product: np.ndarray = None   # (pairs,) position of each pair's code in ``codes``
    supplier: np.ndarray = None  # (pairs,) position of each pair's exporter in ``suppliers``
    suppliers: np.ndarray = None
    groups: pd.DataFrame = None  # code, group: the product groups of ``codes``
    key: str = ""                # content key (of everything it depends on)


_BASES: dict[str, MarketBase] = {}
_CODE = artifacts.code_key(markets, elasticities, trade_sources, compete, sys.modules[__name__])


def market_base(importer: str, partner: str, year: int, base: Compiled, base_date,
                source: Source = "auto") -> MarketBase:
    """The market before the scenario: kept in the process and on disk, keyed by everything it
    depends on (the compiled base regime, the base date, the data year, the shipped datasets, the
    user's imported trade and the code that computes it)."""
    key = artifacts.key_of(_CODE, importer, partner, year, base.key, str(base_date), source,
                           datasets.content_key(datasets.names()), user_index.fingerprint("trade"))
    got = _BASES.get(key)
    if got is None:
        got = _unpack(artifacts.load("market-base", key))
    if not isinstance(got, MarketBase):
        data = market_data(importer, partner, year, source)
        pairs = data.pairs.copy()
        index = pair_index(base, pairs)
        pairs["t0"] = pair_tariffs(base, pairs, base_date, index)
        codes, product = np.unique(pairs["code"].to_numpy().astype(str), return_inverse=True)
        suppliers, supplier = np.unique(pairs["exporter"].to_numpy().astype(str), return_inverse=True)
        est = import_demand(importer, pd.Series(codes)).merge(substitution(importer, pd.Series(codes)), on="code")
        got = MarketBase(data, pairs, index, codes, est.set_index("code").loc[codes].reset_index(), product,
                         supplier, suppliers, membership(codes).astype(object), key)
        artifacts.save("market-base", key, _pack(got))
    _BASES[key] = got
    return got


_TEXT = ("code", "exporter")


def _pack(mb: MarketBase):
    """A compact copy for the disk (text columns as categories, positions as int32)."""
    pairs = mb.pairs.astype({c: "category" for c in _TEXT})
    ix = mb.index
    index = replace(ix, exact=ix.exact.astype(np.int32), coarse_of=ix.coarse_of.astype(np.int32),
                    exporter_of=ix.exporter_of.astype(np.int32))
    return replace(mb, pairs=pairs, index=index, product=mb.product.astype(np.int32),
                   supplier=mb.supplier.astype(np.int32))


def _unpack(got) -> MarketBase | None:
    if not isinstance(got, MarketBase):
        return None
    ix = got.index
    index = replace(ix, exact=ix.exact.astype(np.int64), coarse_of=ix.coarse_of.astype(np.int64),
                    exporter_of=ix.exporter_of.astype(np.int64))
    return replace(got, pairs=got.pairs.astype({c: object for c in _TEXT}), index=index,
                   product=got.product.astype(np.int64), supplier=got.supplier.astype(np.int64))


def scenario_tariffs(c: Compiled, mb: MarketBase, on) -> np.ndarray:
    """Every pair's tariff under the (edited) regime ``c`` on ``on``: a pure function of the
    compiled regime's content, the date and the market, cached by those."""
    key = artifacts.key_of(_CODE, c.key, str(on), mb.key)
    got = artifacts.load("pair-tariffs", key) if c.key and mb.key else None
    if isinstance(got, np.ndarray) and len(got) == len(mb.pairs):
        return got
    got = pair_tariffs(c, mb.pairs, on, mb.index)
    if c.key and mb.key:
        artifacts.save("pair-tariffs", key, got)
    return got


def _untariffed_base(importer: str, partner: str, year: int, source: str) -> MarketBase:
    """The market of an importer without a tariff regime: its data, no tariffs (flagged)."""
    key = artifacts.key_of(_CODE, "untariffed", importer, partner, year, source,
                           datasets.content_key(datasets.names()), user_index.fingerprint("trade"))
    got = _BASES.get(key)
    if got is None:
        data = market_data(importer, partner, year, source)
        pairs = data.pairs.copy()
        pairs["t0"] = 0.0
        codes, product = np.unique(pairs["code"].to_numpy().astype(str), return_inverse=True)
        suppliers, supplier = np.unique(pairs["exporter"].to_numpy().astype(str), return_inverse=True)
        est = import_demand(importer, pd.Series(codes)).merge(substitution(importer, pd.Series(codes)), on="code")
        got = MarketBase(data, pairs, None, codes, est.set_index("code").loc[codes].reset_index(), product,
                         supplier, suppliers, membership(codes).astype(object), key)
        _BASES[key] = got
    return got


def prepare(s: Scenario, importer: str, edited: bool = True, source: Source = "auto") -> Prepared:
    """One market of the scenario ready to solve. ``edited=False``: the regime in force on the
    scenario's date without its edits or purchases (the default baseline of a deal)."""
    check(source, Source, "--source")
    h = s.scenario
    partner = s.partner_of(importer)
    edit_approx = []
    if importer in shipped_regimes():
        base, edited_regime = base_and_edited(s, importer)
        covered(base, h.base_date, f"scenario {h.name}: base_date")
        covered(base, h.date, f"scenario {h.name}: date")
        mb = market_base(importer, partner, h.data_year, base, h.base_date, source)
        t1 = scenario_tariffs(edited_regime if edited else base, mb, h.date)
        if edited:
            touched = [e.measure or e.new.get("id") for e in s.edit if e.regime == importer and e.action != "remove"]
            edit_approx = [f"scenario edit of {text}" for text in edited_regime.approximations_for(touched)]
    else:
        if any(e.regime == importer for e in s.edit):
            raise QueryError(f"the scenario edits the tariffs of {importer}, which has no tariff regime",
                             f"shipped regimes: {', '.join(shipped_regimes())}; write one for {importer} "
                             "(docs/measure-schema.md) or drop its edits")
        mb = _untariffed_base(importer, partner, h.data_year, source)
        t1 = np.zeros(len(mb.pairs))
        edit_approx = [f"{importer} has no tariff regime: its tariffs are taken as zero on both dates, so its market "
                       "moves only with purchases; the levels of its imports come from the data shown"]
    data = mb.data
    pairs = mb.pairs.copy()
    pairs["t1"] = t1
    if edited:
        added, displace, notes, approx = _purchases(s, importer, pairs)
    else:
        added, displace, notes, approx = np.zeros(len(pairs)), np.zeros(len(pairs), bool), [], []
    pairs["purchase_usd"] = added
    codes, product, supplier = mb.codes, mb.product, mb.supplier
    el, more = _elasticities(s, importer, pd.Series(codes), mb.estimates)
    el = el.set_index("code").loc[codes].reset_index()
    omega = s.elasticities.export_supply
    market = pe.Market(product=product, supplier=supplier, value0=pairs["value_usd"].to_numpy(float),
                       t0=pairs["t0"].to_numpy(), t1=pairs["t1"].to_numpy(),
                       eta=el["eta"].to_numpy(float), sigma=el["sigma"].to_numpy(float),
                       omega=np.full(len(pairs), np.inf if isinstance(omega, str) else float(omega)))
    return Prepared(importer, market, codes, pairs, el, displace, data, (*data.notes, *notes),
                    tuple(approx + more + edit_approx), mb.groups)


def _solved(p: Prepared, eta: np.ndarray | None = None, sigma: np.ndarray | None = None):
    """Solve one market: (line columns, product columns, solution) as arrays."""
    m = p.market
    if eta is not None or sigma is not None:
        m = pe.Market(m.product, m.supplier, m.value0, m.t0, m.t1,
                      m.eta if eta is None else eta, m.sigma if sigma is None else sigma, m.omega)
    sol = pe.solve(m)
    creation, diversion = pe.decompose(m, sol)
    added = p.pairs["purchase_usd"].to_numpy()
    displaced = pe.displacement(m, sol.value1, added, p.displace)
    value1 = sol.value1 + added - displaced
    n = len(m.value0)
    lines = {
        "market": np.full(n, p.importer, dtype=object), "code": p.codes[m.product],
        "exporter": p.pairs["exporter"].to_numpy(),
        "value0_usd": m.value0, "value1_usd": value1, "change_usd": value1 - m.value0,
        "tariff_effect_usd": sol.value1 - m.value0, "creation_usd": creation, "diversion_usd": diversion,
        "purchases_usd": added, "displaced_usd": -displaced,
        "t0_pct": 100 * m.t0, "t1_pct": 100 * m.t1,
        "revenue0_usd": m.t0 * m.value0, "revenue1_usd": m.t1 * value1,
        "exporter_price_ratio": sol.w_hat, "landed_price_ratio": sol.p_hat,
        "exporter_surplus_change_usd": pe.exporter_surplus_change(m, sol),
    }
    products = {
        "market": np.full(len(p.codes), p.importer, dtype=object), "code": p.codes, "eta": m.eta, "sigma": m.sigma,
        "eta_rule": p.elasticities["eta_rule"].to_numpy(), "sigma_rule": p.elasticities["sigma_rule"].to_numpy(),
        "price_index_ratio": sol.P_hat, "expenditure0_usd": sol.E0, "expenditure1_usd": sol.E1,
        "consumer_surplus_change_usd": pe.consumer_surplus_change(m, sol),
    }
    return lines, products, sol


def solve_prepared(p: Prepared, eta: np.ndarray | None = None, sigma: np.ndarray | None = None):
    """Solve one market (optionally with other elasticities): (lines frame, products frame, solution)."""
    lines, products, sol = _solved(p, eta, sigma)
    return pd.DataFrame(lines), pd.DataFrame(products), sol


def _stacked(parts: list[dict]) -> pd.DataFrame:
    """One frame from the column arrays of several markets (one copy, no concat of frames)."""
    return pd.DataFrame({k: np.concatenate([p[k] for p in parts]) for k in parts[0]})


def baseline_prepared(s: Scenario, importer: str, source: Source = "auto") -> tuple[Prepared, Scenario | None]:
    """The baseline's market: the named no-deal scenario, or the regime in force on the date
    without the edits and purchases (with the scenario's elasticity choices)."""
    b = baseline_of(s)
    return (prepare(b, importer, source=source), b) if b is not None else (prepare(s, importer, edited=False,
                                                                                      source=source), None)


def _solve_all(prepared: list[Prepared]):
    lines, products, notes, prov, approx = [], [], [], [], []
    for p in prepared:
        l, pr, sol = _solved(p)
        if not sol.converged:
            raise QueryError(f"the {p.importer} market did not converge in {sol.iterations} iterations",
                             "use a larger export-supply elasticity, or 'infinite'")
        lines.append(l)
        products.append(pr)
        notes += list(p.notes)
        prov += [*p.data.provenance, *elasticity_provenance(p.elasticities, p.importer)]
        approx += [*p.data.approximations, *p.approximations]
    return _stacked(lines), _stacked(products), notes, prov, approx


def simulate(s: Scenario, draws: int = 0, seed: int = 20260206, scheduler: str | None = None,
             workers: int | None = None, source: Source = "auto", sensitivity: bool = True):
    """Run the scenario and its baseline on every market: the deal's own effect (scenario minus
    baseline) and each against the data year; with ``draws`` > 0 also the elasticity
    uncertainty of both; ``sensitivity``: the deal's headline figures at low, central and high
    elasticities."""
    check(source, Source, "--source")
    prepared = [prepare(s, imp, source=source) for imp in s.markets]
    based = [baseline_prepared(s, imp, source) for imp in s.markets]
    base_prepared, base_scenario = [b for b, _ in based], based[0][1]
    lines, products, notes, prov, approx = _solve_all(prepared)
    b_lines, b_products, b_notes, b_prov, b_approx = _solve_all(base_prepared)
    groups = pd.concat([p.groups for p in prepared], ignore_index=True).drop_duplicates(ignore_index=True)
    base_name = base_scenario.scenario.name if base_scenario else f"{s.scenario.name}:unedited"
    base_title = (base_scenario.scenario.title if base_scenario else
                  f"the regimes in force on {s.scenario.date} without the scenario's edits or purchases")
    baseline = ScenarioResult(name=base_name, title=base_title, scenario=base_scenario or s, lines=b_lines,
                              products=b_products, notes=tuple(b_notes), provenance=tuple(dict.fromkeys(b_prov)),
                              approximations=tuple(dict.fromkeys(b_approx)), groups=groups)
    intervals = run_draws(s, prepared, base_prepared, draws, seed, scheduler, workers) if draws else None
    table = sensitivity_table(s, prepared, base_prepared) if sensitivity else None
    regime_approx = _regime_approximations(s)
    result = ScenarioResult(
        name=s.scenario.name, title=s.scenario.title, scenario=s, lines=lines, products=products,
        notes=tuple(notes), provenance=tuple(dict.fromkeys(prov)),
        approximations=tuple(dict.fromkeys([*approx, *regime_approx])), intervals=intervals,
        groups=groups, baseline=baseline, sensitivity=table)
    return replace(result, warnings=tuple(invariants.check(result)))


def _regime_approximations(s: Scenario) -> list[str]:
    out = ["tariffs: ad-valorem parts only; the regime files' own approximations apply "
           "(`tradedeal duty` shows them line by line)"]
    for e in s.edit:
        if e.note:
            out.append(f"edit {e.action} {e.measure or e.new.get('id')}: {e.note}")
    return out
