"""Multi-sector GE on the shipped OECD ICIO 2022 tables: the stated final-demand construction,
the calibrated baseline, identities, and a deal scenario through the sector mapping."""

from __future__ import annotations

import numpy as np
import pytest

from tradedeal.models.gravity import multisector
from tradedeal.models.gravity.icio import build


@pytest.fixture(scope="module")
def icio():
    return build()


def test_final_demand_construction_meets_the_sellers_totals(icio):
    # Stated assumption (models/gravity/icio.py): final buyers source like the country's
    # intermediate buyers; the sellers' final-sales totals are met up to the reported residual.
    cal = icio.calibration
    assert cal["final_sales_residual_mean_pct"] < 1.0
    assert cal["final_sales_residual_max_pct"] < 10.0
    assert abs(cal["world_deficit_usd_mn"]) < 1e-3


def test_bilateral_anchor_from_sources_md(icio):
    # SOURCES.md: India -> US intermediates 75.6 bn; with constructed final demand the total is larger.
    e, c = icio.economy, icio.countries
    us, ind = c.index("USA"), c.index("IND")
    flows = (e.pi[:, us, ind] * e.X[:, us]).sum()
    assert 75_600 < flows < 3 * 75_600


def test_zero_shock_is_the_calibrated_baseline(icio):
    e = icio.economy
    eq = multisector.solve(e, e.tau)
    assert np.allclose(eq.w_hat, 1, atol=1e-8) and np.allclose(eq.P_hat, 1, atol=1e-8)
    assert np.allclose(eq.X, e.X, rtol=1e-7)
    w = multisector.welfare(e, eq)
    assert np.abs(w["welfare_pct"]).max() < 1e-6


@pytest.fixture(scope="module")
def us_tariff(icio):
    e, c = icio.economy, icio.countries
    tau1 = e.tau.copy()
    us = c.index("USA")
    goods = np.array([s[0] in "ABC" for s in icio.sectors])
    tau1[np.ix_(goods, [us], range(len(c)))] += 0.20
    tau1[:, us, us] = 0.0
    return tau1, multisector.solve(e, tau1)


def test_adding_up_and_fixed_deficits(icio, us_tariff):
    e = icio.economy
    tau1, eq = us_tariff
    assert (eq.w_hat * e.VA).sum() == pytest.approx(e.VA.sum(), rel=1e-10)      # numeraire
    N = len(icio.countries)
    off = ~np.eye(N, dtype=bool)
    M = eq.pi * eq.X[:, :, None] / (1 + tau1)
    imports, exports = (M * off[None]).sum(axis=(0, 2)), (M * off[None]).sum(axis=(0, 1))
    assert np.allclose(imports - exports, e.D, atol=1e-3 * e.VA.max() * 1e-3)
    assert eq.max_excess < 1e-8


def test_a_us_tariff_raises_us_terms_of_trade_and_hurts_partners(icio, us_tariff):
    e, c = icio.economy, icio.countries
    w = multisector.welfare(e, us_tariff[1])
    us, mex, can = c.index("USA"), c.index("MEX"), c.index("CAN")
    assert w["terms_of_trade_pct"][us] > 0
    assert w["welfare_pct"][mex] < 0 and w["welfare_pct"][can] < 0
    assert us_tariff[1].revenue[us] > multisector.tariff_revenue(e.pi, e.X, e.tau)[us]


def test_first_order_decomposition_explains_a_small_shock(icio):
    e, c = icio.economy, icio.countries
    tau1 = e.tau.copy()
    tau1[:, c.index("USA"), c.index("IND")] += 0.01
    w = multisector.welfare(e, multisector.solve(e, tau1))
    k = [c.index("USA"), c.index("IND")]
    resid = w["welfare_pct"][k] - (w["terms_of_trade_pct"][k] + w["volume_of_trade_pct"][k])
    assert np.abs(resid).max() < 0.1 * np.abs(w["welfare_pct"][k]).max() + 1e-6


@pytest.fixture(scope="module")
def deals():
    from tradedeal.models.gravity.deal import run
    from tradedeal.scenario import load_scenario

    return run(load_scenario("deal_15pct")), run(load_scenario("no_deal_penalty_reimposed"))


def test_deal_scenario_in_ge_and_compared_with_the_product_level_model(deals):
    from tradedeal.models.simulate import simulate
    from tradedeal.scenario import load_scenario

    deal, no_deal = deals
    a = deal.countries.set_index("country")
    b = no_deal.countries.set_index("country")
    assert a.loc["IND", "welfare_pct"] > b.loc["IND", "welfare_pct"]     # the deal is better for India
    assert {"USA", "IND", "rest of world"} <= set(a.index)
    pair = deal.bilateral
    assert set(pair["sector"]) and (pair["tariff_after_pct"] <= pair["tariff_before_pct"] + 60).all()
    pe = simulate(load_scenario("deal_15pct"))
    table = deal.compare(pe).frame
    assert {"product_level", "general_equilibrium"} <= set(table.columns) and len(table) >= 4
    assert table.equals(pe.compare(deal).frame)                          # the same table from either side
    # against the base date's regime (2024 trade, MFN only), a 15% deal still cuts US imports from
    # India and India's cuts raise its imports from the US: both models agree on the direction
    t = table.set_index("figure")
    us, ind = t.loc["USA imports of goods from IND"], t.loc["IND imports of goods from USA"]
    assert us["product_level"] < 0 and us["general_equilibrium"] < 0
    assert ind["product_level"] > 0 and ind["general_equilibrium"] > 0
    # services dilute the GE change: goods move more than goods and services together
    assert abs(us["general_equilibrium"]) > abs(t.loc["USA imports of goods and services from IND", "general_equilibrium"])


def test_compare_across_scenarios_and_models(deals):
    from tradedeal.models.gravity.deal import run
    from tradedeal.scenario import load_scenario

    deal, no_deal = deals
    t = deal.compare(no_deal, relative_to=no_deal.label).frame.set_index(["metric", "market"])
    diff = t.loc[("welfare_pct", "IND"), f"{deal.label} minus {no_deal.label}"]
    a = deal.countries.set_index("country").loc["IND", "welfare_pct"]
    b = no_deal.countries.set_index("country").loc["IND", "welfare_pct"]
    assert diff == pytest.approx(a - b) and diff > 0
    one = run(load_scenario("deal_15pct"), "one-sector")
    both = deal.compare(one).frame.set_index(["metric", "market"])
    assert ("welfare_pct", "IND") in both.index and both.shape[1] == 3  # unit + one column per model
    with pytest.raises(Exception, match="relative_to"):
        deal.compare(no_deal, relative_to="no such run")


def test_sector_trade_adds_up_to_the_country_totals(deals):
    deal, _ = deals
    sec = deal.sector_table().frame.groupby("country")[["exports_before_usd_mn", "exports_after_usd_mn",
                                                        "imports_after_usd_mn"]].sum()
    c = deal.countries.set_index("country").loc[sec.index]
    for col in sec.columns:
        assert np.allclose(sec[col], c[col], rtol=1e-9)
    assert len(deal.sector_table(["IND"]).frame) == 50


def test_one_sector_variant_runs_on_the_same_scenario_with_intervals():
    from tradedeal.models.gravity.deal import run
    from tradedeal.scenario import load_scenario

    r = run(load_scenario("deal_15pct"), "one-sector", draws=6, workers=1)
    assert r.diagnostics["max_excess_demand_share"] < 1e-6
    assert {"USA", "IND"} <= set(r.countries["country"])
    t = r.table().frame.set_index("country")
    point = r.countries.set_index("country")["welfare_pct"]
    for c in ("USA", "IND"):
        assert t.loc[c, "welfare_pct_p5"] <= t.loc[c, "welfare_pct_p95"]
        # the point estimate (sigma at its central value) lies inside a +/-50% sigma band
        assert t.loc[c, "welfare_pct_p5"] - 1e-9 <= point[c] <= t.loc[c, "welfare_pct_p95"] + 1e-9


def test_multi_sector_intervals(icio):
    from tradedeal.models.gravity import uncertainty

    e, c = icio.economy, icio.countries
    tau1 = e.tau.copy()
    tau1[:, c.index("USA"), c.index("IND")] += 0.25
    arr = uncertainty.run(uncertainty.multi_sector_draws, (e, tau1, 0.5), 4, seed=1, workers=1)
    tab = uncertainty.percentiles(arr, c, ["welfare_pct", "real_wage_pct"])
    row = tab[(tab.country == "IND") & (tab.metric == "welfare_pct")].iloc[0]
    assert row["p5"] <= row["p50"] <= row["p95"] < 0
