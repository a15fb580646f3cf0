"""Is a bilateral trade target reachable, under which scenario, and what closes the gap.

Steps (each a pure function over the tables gathered first):

1. History: the pair's annual totals per basis (definition x reporter x period) from the
   datasets playing ``bilateral_series`` (:mod:`tradedeal.statistics.bilateral_history`).
2. Required growth from each basis's last observed year to the goal in the target year, and
   the log-linear trend over a window ending there, with its prediction interval
   (:mod:`tradedeal.statistics.growth`).
3. Each scenario's path: the trend plus the scenario's **effect**, in two parts shown apart:
   the modelled change in the pair's trade from tariffs, phased in from the scenario's date,
   and its purchase commitments by year. The effect is an explicit input
   (:class:`ScenarioEffect`), computed from a model's result by one small adapter
   (:func:`effect_of` for the product-level model, :func:`effect_of_ge` for GE).
4. The gap in the target year, and the purchases a year that would close it by product group,
   each checked against what the seller exports to the world (:mod:`tradedeal.models.capacity`):
   a commitment above ``max_share`` of it is flagged implausible.

The tariff part is a level change at the data year's trade and prices, added to the trend
without growing with it; purchases are added in full in their years (a purchase pledge the
trend already contains is counted twice: the trend is the no-deal path only as far as the
past is a guide).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal.codes.countries import name as country_name
from tradedeal.codes.countries import to_iso3
from tradedeal.errors import QueryError
from tradedeal.models import capacity
from tradedeal.models.gravity.deal import run as run_ge
from tradedeal.models.markets import market_data
from tradedeal.models.simulate import _scope as purchase_scope  # the scenario model's own scope rule
from tradedeal.models.simulate import simulate
from tradedeal.options import TargetDefinition, TargetModel, check
from tradedeal.results.ge import GEResult
from tradedeal.results.scenario import ScenarioResult
from tradedeal.results.target import TargetResult
from tradedeal.scenario.model import Purchase, Scenario
from tradedeal.statistics import bilateral_history as bh
from tradedeal.statistics.growth import Trend, loglinear_trend, phase_in, required_growth
from tradedeal.tables import Figure, Provenance, TableResult

CLOSING_GROUPS = ("energy", "aircraft", "defence", "technology", "agriculture")
TREND = "trend"


@dataclass(frozen=True)
class ScenarioEffect:
    """What a scenario adds to the pair's bilateral trade (USD a year), in two parts."""

    name: str
    title: str
    start: dt.date                            # the parts apply from this date (the scenario's date)
    trade_change_usd: float                   # modelled change from tariffs, at the data year's trade and prices
    trade_change_source: Provenance
    purchases: tuple[tuple[int, float], ...]  # (year, USD added to the pair's trade that year)
    purchases_source: Provenance
    model: str                                # 'product-level' or 'general-equilibrium'
    notes: tuple[str, ...] = ()

    def purchases_in(self, year: int) -> float:
        return float(dict(self.purchases).get(int(year), 0.0))


def _pair_purchases(s: Scenario, lines: pd.DataFrame) -> tuple[tuple[tuple[int, float], ...], list[str]]:
    """USD a year the scenario's [[purchase]] entries between the pair add, by year. ``lines``
    (market, code, exporter, value_usd): the data year's trade of the scenario's markets, for
    the purchases that name a target level (the addition is what is missing)."""
    h = s.scenario
    pair = {h.importer, h.partner}
    by_year: dict[int, float] = {}
    notes = []
    for p in s.purchase:
        if {p.importer, p.exporter} != pair:
            notes.append(f"purchase '{p.label}' is between {p.exporter} and {p.importer}, not the pair: left out")
            continue
        base = 0.0
        if p.kind == "target":
            sel = lines[(lines["market"] == p.importer) & (lines["exporter"] == p.exporter)]
            hit, _ = purchase_scope(sel["code"].astype(str).reset_index(drop=True), p.include, p.group, p.label)
            base = float(sel["value_usd"].to_numpy()[hit].sum())
        for year in _years_of(p):
            add = p.amount(year) if p.kind == "additional" else max(0.0, p.amount(year) - base)
            by_year[year] = by_year.get(year, 0.0) + add
        if p.kind == "target":
            notes.append(f"purchase '{p.label}': a target level; data-year purchases of its lines USD {base:,.0f} "
                         "are subtracted")
    return tuple(sorted(by_year.items())), notes


def _years_of(p: Purchase) -> list[int]:
    if p.by_year:
        return sorted(int(y) for y in p.by_year)
    first, last = p.years
    return list(range(first, last + 1))


def _purchase_provenance(s: Scenario) -> Provenance:
    sources = "; ".join(dict.fromkeys(p.source for p in s.purchase)) or "no purchase commitments"
    return Provenance(f"scenario {s.scenario.name} [[purchase]]", sources,
                      "purchases are added in full to the pair's trade in their years (no displacement of other "
                      "trade of the pair)" if s.purchase else "")


def effect_of(result: ScenarioResult) -> ScenarioEffect:
    """The effect of a scenario from its product-level result: the pair's trade at the scenario's
    tariffs against the data year's (the trend continues the history before them, so the path
    carries every tariff change up to the scenario's date), less the purchases the result added,
    is the tariff part; purchases by year come from the scenario's entries. The deal's own share
    (the scenario against its baseline) is said in the notes."""
    s = result.scenario
    h = s.scenario
    a, b = h.importer, h.partner
    lines = result.lines
    market, exporter = lines["market"].to_numpy(), lines["exporter"].to_numpy()
    pair = ((market == a) & (exporter == b)) | ((market == b) & (exporter == a))
    # the pair's lines: their change is the result's bilateral_trade_after - bilateral_trade_before
    change = float(lines["change_usd"].to_numpy()[pair].sum())
    bought = float(lines["purchases_usd"].to_numpy()[pair].sum())
    base = lines.loc[pair, ["market", "code", "exporter", "value0_usd"]].rename(columns={"value0_usd": "value_usd"})
    purchases, notes = _pair_purchases(s, base)
    approx = (f"the product-level model's {len(result.approximations)} approximations of this scenario apply "
              f"(listed by `tradedeal simulate {h.name}`)") if result.approximations else ""
    prov = Provenance(f"tradedeal simulate {h.name} (product-level model)",
                      f"{h.title}; pair's trade {h.data_year} at the tariffs of {h.base_date} against {h.date}",
                      approx)
    deal = []
    if result.baseline is not None and not result.changes_nothing:
        bl = result.baseline.lines
        bm, be = bl["market"].to_numpy(), bl["exporter"].to_numpy()
        bpair = ((bm == a) & (be == b)) | ((bm == b) & (be == a))
        against = float(lines["value1_usd"].to_numpy()[pair].sum()) - float(bl["value1_usd"].to_numpy()[bpair].sum())
        deal.append(f"{h.name}: of the change, the deal against its baseline {result.baseline.name} is "
                    f"{against:+,.0f} USD a year (purchases included); the rest is the tariffs in force without it")
    return ScenarioEffect(h.name, h.title, h.date, change - bought, prov, purchases, _purchase_provenance(s),
                          "product-level", (f"{h.name}: bilateral trade {change:+,.0f} USD a year in the model, of "
                                            f"which purchases {bought:,.0f} ({s.purchase_year})", *deal, *notes))


def effect_of_ge(result: GEResult, s: Scenario) -> ScenarioEffect:
    """The effect of a scenario from its multi-sector GE result: the change of the pair's flows
    (every sector, both directions) is the tariff part; purchases as in :func:`effect_of` (GE
    does not model them)."""
    h = s.scenario
    pair = {h.importer, h.partner}
    f = result.bilateral
    sel = f[f["exporter"].isin(pair) & f["importer"].isin(pair) & (f["exporter"] != f["importer"])]
    change = float((sel["after_usd_mn"] - sel["before_usd_mn"]).sum()) * 1e6
    lines = []
    for market in s.markets:
        d = market_data(market, s.partner_of(market), h.data_year)
        lines.append(d.pairs.assign(market=market))
    purchases, notes = _pair_purchases(s, pd.concat(lines, ignore_index=True))
    prov = Provenance(f"tradedeal ge {h.name} ({result.model})", f"{result.title}; OECD ICIO 2022 flows",
                      "goods and services of the ICIO sectors at basic prices, 2022")
    return ScenarioEffect(h.name, h.title, h.date, change, prov, purchases, _purchase_provenance(s),
                          "general-equilibrium", (f"{h.name}: the pair's flows {change:+,.0f} USD a year in GE", *notes))


def scenario_effects(scenarios: list[Scenario], model: str = "product-level") -> list[ScenarioEffect]:
    """Run each scenario in ``model`` and take its effect."""
    check(model, TargetModel, "--model")
    if model == "product-level":
        return [effect_of(simulate(s, sensitivity=False)) for s in scenarios]
    return [effect_of_ge(run_ge(s, "multi-sector"), s) for s in scenarios]


# ------------------------------------------------------------------------------------------ pure steps
def scenario_path(trend: Trend, years: np.ndarray, effect: ScenarioEffect | None, phase_years: float) -> pd.DataFrame:
    """One path by year: the trend (central, lower, upper) plus the effect's two parts."""
    mid, lo, hi = trend.predict(years)
    tariff = np.zeros(len(years)) if effect is None else effect.trade_change_usd * phase_in(years, effect.start,
                                                                                             phase_years)
    bought = np.zeros(len(years)) if effect is None else np.array([effect.purchases_in(y) for y in years])
    return pd.DataFrame({"year": years.astype(int), "trend_usd": mid, "tariff_effect_usd": tariff,
                         "purchases_usd": bought, "total_usd": mid + tariff + bought,
                         "lower_usd": lo + tariff + bought, "upper_usd": hi + tariff + bought})


def closing_rows(gap: float, supplies: list[capacity.Supply], max_share: float) -> list[dict]:
    """Purchases a year that would close ``gap`` by the target year: each group alone, then all
    groups in proportion to the seller's world exports of each (the same share of each)."""
    rows = []
    together = supplies[-1] if len(supplies) > 1 and "+" in supplies[-1].group else None
    for sp in supplies:
        alone = sp is not together
        share = gap / sp.world_exports_usd if sp.world_exports_usd > 0 else float("inf")
        rows.append({"group": sp.group if alone else "all groups, in proportion to the seller's exports",
                     "purchases_needed_usd": gap, "seller_world_exports_usd": sp.world_exports_usd,
                     "share_of_seller_exports_pct": 100 * share, "buyer_current_usd": sp.to_buyer_usd,
                     "buyer_current_share_pct": 100 * sp.buyer_share,
                     "implausible": bool(share > max_share), "supply_source": sp.source,
                     "supply_year": sp.year, "supply_approximation": sp.approximation})
    return rows


# ------------------------------------------------------------------------------------------ orchestration
def parse_pair(pair: str | tuple[str, str]) -> tuple[str, str]:
    parts = pair.replace(",", "-").split("-") if isinstance(pair, str) else list(pair)
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) != 2:
        raise QueryError(f"--pair {pair!r} is not two countries", "write it as A-B, e.g. --pair USA-IND")
    a, b = (to_iso3(p) for p in parts)
    if a == b:
        raise QueryError(f"--pair {pair!r} names one country twice", "give two different countries")
    return a, b


def _check_scenarios(scenarios: list[Scenario], a: str, b: str) -> None:
    for s in scenarios:
        h = s.scenario
        if {h.importer, h.partner} != {a, b}:
            raise QueryError(f"scenario {h.name} is for the pair {h.importer}-{h.partner}, not {a}-{b}",
                             f"give scenarios of {a} and {b}, or --pair {h.importer}-{h.partner}")


def target(pair, goal: float, by: int, scenarios: list[Scenario] | None = None,
           definition: str = "goods_services", model: str = "product-level", window: int = 10,
           base_year: int | None = None, phase_years: float = 3.0, level: float = 0.95,
           buyer: str | None = None, closing_groups: tuple[str, ...] = CLOSING_GROUPS, max_share: float = 0.25,
           effects: list[ScenarioEffect] | None = None) -> TargetResult:
    """Track the goal ``goal`` (USD) for the pair by the year ``by`` (see the module docstring).
    ``effects``: scenario effects already computed (else each scenario is run in ``model``)."""
    check(definition, TargetDefinition, "--definition")
    check(model, TargetModel, "--model")
    a, b = parse_pair(pair)
    if not goal > 0:
        raise QueryError(f"the goal {goal:,.0f} is not positive", "give the goal in USD, e.g. --goal 500e9")
    if window < 4:
        raise QueryError(f"--window {window} is too short for a trend with an interval", "give 4 years or more")
    if not 0 <= max_share <= 1:
        raise QueryError(f"--max-share {max_share} is not a share", "give e.g. 0.25 for 25%")
    pts = bh.points(a, b)
    annual = bh.annual(pts)
    chosen = [bs for bs in bh.bases(annual) if bs.definition != "services"
              and (definition == "all" or bs.definition == definition)]
    if not chosen:
        raise QueryError(f"no {definition} series for {a}-{b}", "try --definition all")
    scenarios = list(scenarios or [])
    _check_scenarios(scenarios, a, b)
    latest = int(annual.loc[annual["kind"] != "estimate", "year"].max())
    if by <= (base_year or latest):
        raise QueryError(f"the target year {by} is not after the base year {base_year or latest}",
                         "give a target year after the last observed year (--by)")
    if effects is None:
        effects = scenario_effects(scenarios, model) if scenarios else []
    growth_rows, path_frames, gap_rows, notes = [], [], [], []
    figures = []
    for bs in chosen:
        rows = annual[annual["basis"] == bs.key]
        observed = rows[rows["kind"] != "estimate"]
        y0 = base_year if base_year is not None else int(observed["year"].max())
        if y0 not in set(observed["year"]):
            raise QueryError(f"no observed {bs.label} figure for {y0}",
                             f"observed years: {', '.join(map(str, observed['year']))}")
        v0 = float(observed.loc[observed["year"] == y0, "value_usd"].iloc[0])
        need = required_growth(v0, goal, y0, by)
        fit = observed[(observed["year"] > y0 - window) & (observed["year"] <= y0)]
        trend = loglinear_trend(fit["year"], fit["value_usd"], level)
        t_mid, t_lo, t_hi = (float(x[0]) for x in trend.predict([by]))
        r_lo, r_hi = trend.rate_interval()
        est = rows[(rows["kind"] == "estimate") & (rows["year"] > y0)]
        growth_rows.append({
            "basis": bs.key, "definition": bs.definition, "label": bs.label, "base_year": y0,
            "base_period": bs.period_label(y0), "base_value_usd": v0, "target_year": by, "goal_usd": goal,
            "multiple": need.multiple, "required_growth_pct": 100 * need.rate,
            "trend_window": f"{trend.years[0]}-{trend.years[-1]} ({trend.n} years observed)",
            "trend_growth_pct": 100 * trend.rate, "trend_growth_low_pct": 100 * r_lo, "trend_growth_high_pct": 100 * r_hi,
            "trend_target_usd": t_mid, "trend_target_low_usd": t_lo, "trend_target_high_usd": t_hi,
            "trend_reaches_goal": bool(t_mid >= goal)})
        figures += [Figure("required_growth_pct", 100 * need.rate, "% a year", bs.key, f"{bs.label}, {y0}-{by}"),
                    Figure("trend_target_usd", t_mid, "USD", bs.key, f"{bs.label}: trend in {by}")]
        for _, e in est.iterrows():
            alt = required_growth(float(e["value_usd"]), goal, int(e["year"]), by)
            notes.append(f"{bs.label}: from the {bs.period_label(int(e['year']))} ESTIMATE (USD "
                         f"{e['value_usd'] / 1e9:,.1f} bn) the goal needs {100 * alt.rate:.1f}% a year")
        years = np.arange(y0, by + 1)
        for eff in [None, *effects]:
            p = scenario_path(trend, years, eff, phase_years)
            p.insert(0, "path", TREND if eff is None else eff.name)
            p.insert(0, "basis", bs.key)
            p["model"] = "" if eff is None else eff.model
            path_frames.append(p)
            last = p.iloc[-1]
            gap_rows.append({"basis": bs.key, "path": TREND if eff is None else eff.name, "year": by,
                             "total_usd": last["total_usd"], "lower_usd": last["lower_usd"],
                             "upper_usd": last["upper_usd"], "trend_usd": last["trend_usd"],
                             "tariff_effect_usd": last["tariff_effect_usd"], "purchases_usd": last["purchases_usd"],
                             "goal_usd": goal, "gap_usd": goal - last["total_usd"],
                             "gap_low_usd": goal - last["upper_usd"], "gap_high_usd": goal - last["lower_usd"],
                             "share_of_goal_pct": 100 * last["total_usd"] / goal})
            if eff is not None:
                figures.append(Figure("path_target_usd", float(last["total_usd"]), "USD", bs.key,
                                      f"{eff.name}: {bs.label} in {by}"))
    gap = pd.DataFrame(gap_rows)
    seller, buyer_ = _seller_buyer(annual, chosen[0], buyer, a, b)
    supplies = capacity.supply(list(closing_groups), seller, buyer_)
    closing = []
    for g in gap.itertuples():
        if g.gap_usd <= 0:
            continue
        for row in closing_rows(g.gap_usd, supplies, max_share):
            closing.append({"basis": g.basis, "path": g.path, "gap_usd": g.gap_usd, "seller": seller,
                            "buyer": buyer_, **row})
    return _result(a, b, goal, by, chosen, annual, pts, growth_rows, path_frames, gap, closing, effects,
                   figures, notes, max_share, phase_years, window, level, seller, buyer_)


def _seller_buyer(annual: pd.DataFrame, bs: bh.Basis, buyer: str | None, a: str, b: str) -> tuple[str, str]:
    """The buyer of purchases that close the gap: given, or the side with the surplus in the
    latest year whose exports and imports are both known."""
    if buyer is not None:
        if buyer not in (a, b):
            raise QueryError(f"--buyer {buyer} is not one of the pair {a}-{b}", f"give {a} or {b}")
        return (b if buyer == a else a), buyer
    rows = annual[(annual["basis"].str.startswith("goods_")) & annual["exports_usd"].notna()
                  & annual["imports_usd"].notna() & (annual["kind"] != "estimate")]
    if rows.empty:
        return a, b
    last = rows.sort_values("year").iloc[-1]
    reporter, partner = last["reporter"], last["partner"]
    # the reporter imports more than it exports: the partner has the surplus and buys
    return (reporter, partner) if last["imports_usd"] > last["exports_usd"] else (partner, reporter)


def _result(a, b, goal, by, chosen, annual, pts, growth_rows, path_frames, gap, closing, effects, figures,
            notes, max_share, phase_years, window, level, seller, buyer) -> TargetResult:
    prov = bh.provenance(pts)
    keys = {bs.key for bs in chosen}
    history = annual[annual["basis"].isin(keys | {k.replace("goods_", "services_", 1) for k in keys})]
    partial = pts[pts["partial"]]
    hist_notes = [f"partial period, not used as a year: {r.series} {r.period} USD {r.value_usd / 1e9:,.2f} bn ({r.source[:80]})"
                  for r in partial.itertuples()]
    hist_notes += ["kind: observed (read from a source), derived (computed from read figures), ESTIMATE "
                   "(annualised from months: see 'how')",
                   "fiscal years are labelled by the calendar year they start in (FY2024-25 is 2024)"]
    units = {c: "USD" for c in ("value_usd", "exports_usd", "imports_usd")}
    eff_prov = tuple(dict.fromkeys(p for e in effects for p in (e.trade_change_source, e.purchases_source)))
    assume = (f"the trend is a log-linear fit over the {window} years to the base year (prediction interval "
              f"{level:.0%}); a scenario's tariff part builds up linearly over {phase_years:g} years from its date "
              "and is a level change at the data year's trade, not grown with the trend; purchases are added in "
              "full in their years")
    a_name, b_name = country_name(a), country_name(b)
    title = f"{a_name}-{b_name} trade: USD {goal / 1e9:,.0f} bn by {by}"
    growth = TableResult(f"{title}: required growth and trend", pd.DataFrame(growth_rows),
                         {"base_value_usd": "USD", "goal_usd": "USD", "required_growth_pct": "% a year",
                          "trend_growth_pct": "% a year", "trend_growth_low_pct": "% a year",
                          "trend_growth_high_pct": "% a year", "trend_target_usd": "USD",
                          "trend_target_low_usd": "USD", "trend_target_high_usd": "USD"},
                         prov, (assume, *notes), tuple(figures))
    paths = TableResult(f"{title}: paths by year", pd.concat(path_frames, ignore_index=True),
                        {c: "USD a year" for c in ("trend_usd", "tariff_effect_usd", "purchases_usd", "total_usd",
                                                   "lower_usd", "upper_usd")},
                        (*prov, *eff_prov), (assume, *(n for e in effects for n in e.notes)))
    gap_figures = tuple(Figure("gap_usd", float(g.gap_usd), "USD a year", f"{g.basis}:{g.path}",
                               f"goal minus the {g.path} path in {by}") for g in gap.itertuples())
    gap_t = TableResult(f"{title}: the gap in {by}", gap,
                        {**{c: "USD a year" for c in gap.columns if c.endswith("_usd")}, "share_of_goal_pct": "%"},
                        (*prov, *eff_prov), (assume, "gap_usd > 0: short of the goal; low/high from the trend's "
                                             "prediction interval"), gap_figures)
    close = pd.DataFrame(closing)
    sup = tuple(dict.fromkeys(Provenance("capacity", r["supply_source"], r["supply_approximation"]) for r in closing))
    closing_t = TableResult(f"{title}: purchases a year by {by} that would close the gap ({buyer} buying from {seller})",
                            close, {"gap_usd": "USD a year", "purchases_needed_usd": "USD a year",
                                    "seller_world_exports_usd": "USD a year", "buyer_current_usd": "USD a year",
                                    "share_of_seller_exports_pct": "%", "buyer_current_share_pct": "%"},
                            sup, (f"a commitment above {max_share:.0%} of the seller's world exports of the group "
                                  "is flagged implausible (a tradedeal threshold, not a published one: for scale, "
                                  "buyer_current_share_pct is the buyer's share today)",
                                  "each group row: that group alone closes the gap; 'all groups': spread over the "
                                  "groups in proportion to the seller's exports of each (products or sectors "
                                  "counted once)", f"buyer {buyer}: the side with the goods surplus in the latest year "
                                  "(--buyer to choose)"))
    history_t = TableResult(f"{title}: history", history.reset_index(drop=True), units, prov, tuple(hist_notes))
    return TargetResult(title, (a, b), float(goal), int(by), chosen[0].key, growth, history_t, paths, gap_t, closing_t)
