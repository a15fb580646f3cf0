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
    m = pe.metrics().set_index(["metric", "market", "partner"])["value_usd"]
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
    notes = (f"product level: the importer's market only (consumer surplus + tariff revenue), {h.data_year} trade, goods; "
             "general equilibrium: every market and input-output link, ICIO 2022 flows (goods and services), "
             "real income; the two answer different questions and are not expected to agree",)
    return TableResult(f"{pe.name}: product-level and general-equilibrium results", frame,
                       {"product_level": "see unit", "general_equilibrium": "see unit"},
                       (*pe._provenance(), *ge.provenance), notes)
