"""The multi-sector model against the paper that defined it: Caliendo and Parro (2015), "Estimates
of the Trade and Welfare Effects of NAFTA", Review of Economic Studies 82(1), 1-44.

Inputs: the authors' replication files, shipped in src/tradedeal/datasets/files/caliendo_parro_2015/
(checksum-verified), calibrated as the authors do (gross output raised to exports, final-demand
shares as a residual, the consistent base year, then zero imbalances), and the NAFTA
counterfactual: the tariffs among Canada, Mexico and the USA from 1993 to 2005.

Tolerance: 0.6 of the last printed unit (0.006 for a value printed with 2 decimals, 0.06 with 1).
Half a unit is what rounding allows; several published values sit on a rounding edge (Mexico's
real wage is 1.7153 here, printed 1.72), so 0.6 leaves room for the last bits of two
independent solvers and nothing more. An independent implementation written from the paper's
equations meets the same bar.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tradedeal.models.gravity import io_economy, multisector

# Table 2, p. 20: "Welfare effects from NAFTA's tariff reductions" (percent)
TABLE2 = [  # country, column, published
    ("MEX", "welfare", 1.31), ("MEX", "tot", -0.41), ("MEX", "vot", 1.72), ("MEX", "real_wage", 1.72),
    ("CAN", "welfare", -0.06), ("CAN", "tot", -0.11), ("CAN", "vot", 0.04), ("CAN", "real_wage", 0.32),
    ("USA", "welfare", 0.08), ("USA", "tot", 0.04), ("USA", "vot", 0.04), ("USA", "real_wage", 0.11),
]
# Table 5, p. 23: growth of imports between the NAFTA members (percent); importer, exporter, published, decimals
TABLE5 = [("MEX", "CAN", 116.6, 1), ("MEX", "USA", 118.31, 2), ("CAN", "MEX", 58.57, 2),
          ("CAN", "USA", 9.49, 2), ("USA", "MEX", 109.54, 2), ("USA", "CAN", 6.57, 2)]
COLUMN = {"welfare": "welfare_first_order_pct", "tot": "terms_of_trade_pct", "vot": "volume_of_trade_pct",
          "real_wage": "real_wage_pct"}


@pytest.fixture(scope="module")
def cp():
    return io_economy.load("caliendo_parro_2015")


@pytest.fixture(scope="module")
def nafta(cp):
    return io_economy.run(cp, "nafta")


@pytest.mark.parametrize("country, column, published", TABLE2, ids=[f"{c}-{k}" for c, k, _ in TABLE2])
def test_table2(nafta, country, column, published):
    # Caliendo and Parro (2015), Table 2, p. 20; tolerance 0.006 = 0.6 of the last printed unit (module docstring).
    # welfare = terms of trade + volume of trade: the paper's first-order decomposition (eq. 25) at base-year
    # flows net of tariffs, changes as x_hat - 1; the real wage is exact.
    ours = nafta.countries.set_index("country").loc[country, COLUMN[column]]
    assert ours == pytest.approx(published, abs=0.006)


@pytest.mark.parametrize("importer, exporter, published, decimals", TABLE5, ids=[f"{a}<-{b}" for a, b, _, _ in TABLE5])
def test_table5(nafta, importer, exporter, published, decimals):
    # Caliendo and Parro (2015), Table 5, p. 23: import growth between the three, all tradable sectors, flows net
    # of tariffs, domestic flows excluded; tolerance 0.6 of the last printed unit (0.06 for 116.6, else 0.006).
    t = nafta.trade_changes([importer], [exporter]).frame
    assert len(t) == 1
    assert t["change_pct"].iloc[0] == pytest.approx(published, abs=0.6 * 10.0 ** -decimals)


def test_the_default_tolerance_converges_on_these_data(cp, nafta):
    # Issue 10: the old test (largest excess over the smallest economy) stalled at 2.4e-6. The rounded IO shares
    # leave world demand for value added 1.3e-8 above world value added; it is reported, not charged to a country.
    assert nafta.diagnostics["max_excess_demand_share"] < 1e-9
    assert nafta.diagnostics["iterations"] < 60
    assert nafta.diagnostics["accounting_residual"] == pytest.approx(1.28e-8, rel=0.05)
    same = multisector.solve(cp.economy, cp.economy.tau)
    assert np.allclose(same.w_hat, 1, atol=1e-8) and same.iterations <= 2


def test_decomposition_by_partner_and_sector_adds_up(nafta):
    total = nafta.countries.set_index("country")[["terms_of_trade_pct", "volume_of_trade_pct"]]
    for by in ("partner", "sector", "partner_sector"):
        f = nafta.decomposition_table(by).frame.groupby("country")[["terms_of_trade_pct", "volume_of_trade_pct"]].sum()
        assert np.allclose(f.loc[total.index], total, atol=1e-12), by
    mex = nafta.decomposition_table("partner", ["MEX"]).frame.set_index("partner")
    assert mex["volume_of_trade_pct"].idxmax() == "USA"          # Mexico's gain comes from its US imports
    assert len(nafta.decomposition_table("sector", ["MEX"]).frame) == 20   # tradable sectors only


def test_first_order_welfare_against_the_exact_change(cp, nafta):
    # The paper's welfare column is first order. Summed over a path of small tariff steps it converges to the
    # exact real-income change (welfare_pct), which for Mexico is far below the first-order 1.31: the volume-of-
    # trade term values the whole increase in imports at the 1993 tariffs, which fall on the way.
    steps = {}
    for K in (8, 16):
        e, acc = cp.economy, np.zeros(len(cp.countries))
        tau1 = cp.counterfactual("nafta").tariffs
        for k in range(1, K + 1):
            t = cp.economy.tau + (tau1 - cp.economy.tau) * k / K
            eq = multisector.solve(e, t)
            acc += sum(multisector.decomposition(e, eq).total())
            e = dataclasses.replace(e, pi=eq.pi, X=eq.X, VA=eq.w_hat * e.VA, tau=t)
        steps[K] = 100 * acc
    extrapolated = 2 * steps[16] - steps[8]                       # the error of a K-step sum is ~ 1/K
    exact = 100 * np.log1p(nafta.countries["welfare_pct"].to_numpy() / 100)
    k = [cp.countries.index(c) for c in ("MEX", "CAN", "USA")]
    assert np.abs(extrapolated[k] - exact[k]).max() < 0.01
    c = nafta.countries.set_index("country")
    assert c.loc["MEX", "welfare_pct"] < 0.1 < 1.3 < c.loc["MEX", "welfare_first_order_pct"]


def test_trade_changes_and_export_shares(nafta):
    t = nafta.trade_changes().frame
    assert len(t) == 31 * 30 and (t["importer"] != t["exporter"]).all()      # domestic flows excluded
    s = nafta.sector_table(["MEX"]).frame
    assert s["export_share_before_pct"].sum() == pytest.approx(100) and s["export_share_after_pct"].sum() == pytest.approx(100)
    services = s[~s["sector"].isin(nafta.decomposition["sector"].unique())]
    assert len(services) == 20 and not services["exports_before_usd_mn"].any()


def test_every_pair_to_2005_and_the_variant_that_keeps_imbalances(cp, nafta):
    world = io_economy.run(cp, "all_2005")
    assert world.diagnostics["max_excess_demand_share"] < 1e-9
    assert not np.allclose(world.countries["real_wage_pct"], nafta.countries["real_wage_pct"])
    keep = io_economy.load("caliendo_parro_2015", imbalances="keep")
    assert keep.economy.D.any() and keep.calibration["imbalances"] == "keep"
    r = io_economy.run(keep, "nafta").countries.set_index("country")
    # Table A4's setting; its values are not checked here, but the sign pattern of Table 2 holds
    assert r.loc["MEX", "real_wage_pct"] > r.loc["CAN", "real_wage_pct"] > r.loc["USA", "real_wage_pct"] > 0


def test_provenance_and_approximation_travel_with_the_result(nafta):
    text = nafta.table().to_csv(comments=True)
    assert "Caliendo and F. Parro" in text and "SHA-256 verified against SHA256SUMS" in text
    assert "APPROXIMATION: welfare_first_order_pct" in text and "no licence stated" in text
