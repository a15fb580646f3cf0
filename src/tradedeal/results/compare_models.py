"""One table across the product-level and general-equilibrium models of the same scenario."""

from __future__ import annotations

import pandas as pd

from tradedeal.tables import TableResult

GOODS = ("A", "B", "C")  # ISIC sections of the ICIO sectors that are goods
PRODUCT_LEVEL, GENERAL_EQUILIBRIUM = "product_level", "general_equilibrium"  # the ``family`` of a result


def compare_models(pe, ge) -> TableResult:
    """Headline figures of a :class:`ScenarioResult` and a :class:`GEResult` side by side:
    imports of each side from the other, tariff revenue and welfare, with units."""
    h = pe.scenario.scenario
    own = pe.metrics()
    own = own[own["comparison"] == "vs_data_year"]  # GE solves the scenario against the base date's tariffs
    m = own.set_index(["metric", "market", "partner"])["value_usd"]
    g = ge.countries.set_index("country")
    rows = []
    for imp, exp in ((h.importer, h.partner), (h.partner, h.importer)):
        before = m.get(("imports_before", imp, exp))
        after = m.get(("imports_after", imp, exp))
        pe_pct = 100 * (after / before - 1) if before else float("nan")
        ge_goods = ge_all = float("nan")
        if not ge.bilateral.empty:
            b = ge.bilateral[(ge.bilateral.importer == imp) & (ge.bilateral.exporter == exp)]
            if len(b):
                goods = b[b["sector"].str[0].isin(GOODS)] if "sector" in b.columns else b
                ge_goods = 100 * (goods["after_usd_mn"].sum() / goods["before_usd_mn"].sum() - 1)
                ge_all = 100 * (b["after_usd_mn"].sum() / b["before_usd_mn"].sum() - 1)
        rows.append((f"{imp} imports of goods from {exp}", pe_pct, ge_goods,
                     "percent change (GE: ICIO sectors A-C, agriculture, mining, manufacturing)"))
        rows.append((f"{imp} imports of goods and services from {exp}", float("nan"), ge_all,
                     "percent change (the product-level model covers goods only)"))
        if imp in g.index:
            ge_rev = (g.loc[imp, "tariff_revenue_after_usd_mn"] - g.loc[imp, "tariff_revenue_before_usd_mn"]) * 1e6 \
                if "tariff_revenue_after_usd_mn" in g.columns else float("nan")
            rows.append((f"{imp} tariff revenue change", m.get(("tariff_revenue_change", imp, "world")), ge_rev, "USD per year"))
            ge_w = (g.loc[imp, "welfare_pct"] / 100 * g.loc[imp, "income_before_usd_mn"] * 1e6
                    if "income_before_usd_mn" in g.columns else float("nan"))  # one sector: no income measure
            rows.append((f"{imp} welfare change", m.get(("importer_welfare_change", imp, "world")), ge_w,
                         "USD per year (GE: real income change x base income)"))
    frame = pd.DataFrame(rows, columns=["figure", "product_level", "general_equilibrium", "unit"])
    notes = (*disagreement(pe, frame),
             f"both against the tariffs of {h.base_date} (the product-level 'vs_data_year' figures); product level: the "
             f"importer's market only (consumer surplus + tariff revenue), {h.data_year} trade, goods; "
             "general equilibrium: every market and input-output link, ICIO 2022 flows (goods and services), "
             "real income; the two answer different questions and are not expected to agree")
    return TableResult(f"{pe.name}: product-level and general-equilibrium results", frame,
                       {"product_level": "see unit", "general_equilibrium": "see unit"},
                       (*pe._provenance(), *ge.provenance), notes)


DISAGREE = 2.0  # the models disagree when one's percent change of the pair's goods trade is this many times the other's


def disagreement(pe, frame: pd.DataFrame) -> list[str]:
    """A warning per direction of the pair where the two models' percent changes of goods imports
    differ by more than :data:`DISAGREE` times (or in sign, beyond 1 point), naming the main cause:
    purchases (in the product-level model only), the elasticities, the data's coverage, or the GE
    income and input-output effects."""
    h = pe.scenario.scenario
    out = []
    for imp, exp in ((h.importer, h.partner), (h.partner, h.importer)):
        row = frame[frame["figure"] == f"{imp} imports of goods from {exp}"]
        if row.empty:
            continue
        a, b = float(row["product_level"].iloc[0]), float(row["general_equilibrium"].iloc[0])
        if not (a == a and b == b) or max(abs(a), abs(b)) < 1.0 or abs(a - b) < 1.0:
            continue
        ratio = abs(a) / max(abs(b), 1e-9)
        if a * b >= 0 and 1 / DISAGREE <= ratio <= DISAGREE:
            continue
        cause = (f"GE income and input-output effects: the tariffs of {imp}'s market on these goods do not move, so "
                 f"the product-level model (that market alone) changes nothing, while in GE {imp}'s income, its "
                 "producers' costs and its exports move with the other side's tariffs" if abs(a) < 1.0
                 else _cause(pe, imp, exp, a))
        out.append(f"warning: the models disagree on {imp}'s imports from {exp}: {a:+.1f}% (product level) "
                   f"against {b:+.1f}% (general equilibrium); main cause: {cause}")
    return out


def _cause(pe, imp: str, exp: str, pe_pct: float) -> str:
    l = pe.lines[(pe.lines["market"] == imp) & (pe.lines["exporter"] == exp)]
    before = float(l["value0_usd"].sum())
    purchases = float(l["purchases_usd"].sum())
    change = float(l["change_usd"].sum())
    if before > 0 and abs(purchases) > 0.5 * abs(change):
        return (f"purchases: USD {purchases / 1e9:,.1f} bn of the product-level change of USD {change / 1e9:,.1f} bn "
                "are purchase commitments, which the GE model does not represent (tariffs only); without them the "
                f"product-level change is {100 * (change - purchases) / before:+.1f}%")
    prod = pe.products[pe.products["market"] == imp].set_index("code")["sigma"]
    w = l.groupby("code")["value0_usd"].sum()
    sigma = float((prod.reindex(w.index) * w).sum() / w.sum()) if w.sum() else float("nan")
    return (f"elasticities: the product-level model substitutes between suppliers of each product with a trade-"
            f"weighted sigma of {sigma:.2f} on these goods, the GE model across whole ICIO sectors with sigma - 1 = "
            "the sector's trade elasticity, and adds income and input-output effects the product-level model lacks; "
            "see the sensitivity table for how the product-level figure moves with its elasticities")
