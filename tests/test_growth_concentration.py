"""The growth arithmetic and the concentration index against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from tradedeal.errors import QueryError
from tradedeal.statistics.concentration import concentration, hhi, share_from
from tradedeal.statistics.growth import cagr, loglinear_trend, phase_in, required_growth, year_fraction


def test_required_growth_mission_500_from_2024():
    # goods and services 2024 = USD 212.3 bn (USTR) to 500 bn by 2030: (500/212.3)^(1/6) - 1
    g = required_growth(212.3e9, 500e9, 2024, 2030)
    assert g.years == 6 and g.multiple == pytest.approx(2.35516, rel=1e-5)
    assert g.rate == pytest.approx(0.153, abs=5e-4)
    assert g.rate == pytest.approx(math.exp(math.log(500 / 212.3) / 6) - 1, rel=1e-12)
    # goods only, 2024 = 41.8 + 87.4 = 129.2 bn: (500/129.2)^(1/6) - 1 = 25.3% (far steeper)
    assert required_growth(129.2e9, 500e9, 2024, 2030).rate == pytest.approx(0.2529, abs=5e-4)
    # a goal already reached needs a negative rate
    assert required_growth(600e9, 500e9, 2024, 2030).rate < 0


def test_required_growth_refuses_bad_input():
    with pytest.raises(QueryError, match="not after the base year"):
        required_growth(100, 500, 2024, 2024)
    with pytest.raises(QueryError, match="not positive"):
        required_growth(100, -5, 2024, 2030)


def test_cagr_by_hand():
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    assert cagr(50, 50, 3) == 0.0


def test_loglinear_trend_recovers_an_exact_growth_and_its_interval():
    years = np.arange(2015, 2025)
    exact = loglinear_trend(years, 100 * 1.08 ** (years - 2015))
    assert exact.rate == pytest.approx(0.08, abs=1e-12) and exact.residual_sd == pytest.approx(0, abs=1e-12)
    mid, lo, hi = exact.predict([2030])
    assert mid[0] == pytest.approx(100 * 1.08 ** 15) and lo[0] == pytest.approx(hi[0])
    # with scatter: hand-computed OLS on ln values of four points
    t, v = np.array([0, 1, 2, 3]), np.array([1.0, 2.0, 3.0, 5.0])
    tr = loglinear_trend(t, v)
    y = np.log(v)
    b = ((t - 1.5) * (y - y.mean())).sum() / 5.0                    # S_tt = 5
    assert tr.slope == pytest.approx(b) and tr.intercept == pytest.approx(y.mean() - 1.5 * b)
    s = math.sqrt(((y - tr.intercept - tr.slope * t) ** 2).sum() / 2)
    assert tr.residual_sd == pytest.approx(s) and tr.slope_se == pytest.approx(s / math.sqrt(5))
    mid, lo, hi = tr.predict([5])
    q = 4.302652729911275                                          # t(0.975, 2 df)
    se = s * math.sqrt(1 + 1 / 4 + (5 - 1.5) ** 2 / 5)
    assert math.log(hi[0] / mid[0]) == pytest.approx(q * se) and lo[0] < mid[0] < hi[0]
    lo_r, hi_r = tr.rate_interval()
    assert lo_r < tr.rate < hi_r


def test_trend_needs_enough_points():
    with pytest.raises(QueryError, match="at least 4"):
        loglinear_trend([2020, 2021, 2022], [1, 2, 3])


def test_phase_in_by_hand():
    start = dt.date(2026, 1, 1)
    # linear over 2 years from 2026-01-01: year averages 0.25, 0.75, then 1
    assert phase_in([2025, 2026, 2027, 2028], start, 2).tolist() == pytest.approx([0, 0.25, 0.75, 1.0])
    # at once from mid-year: the share of the year in force
    mid = dt.date(2026, 7, 2)
    assert phase_in([2026, 2027], mid, 0)[0] == pytest.approx(1 - (year_fraction(mid) - 2026))
    assert phase_in([2027], mid, 0)[0] == 1.0
    with pytest.raises(QueryError):
        phase_in([2026], start, -1)


def test_hhi_on_known_distributions():
    assert hhi([7.0]) == 1.0                                       # one supplier
    for n in (2, 3, 10):
        assert hhi(np.full(n, 5.0)) == pytest.approx(1 / n)        # n equal suppliers
    assert hhi([3, 1]) == pytest.approx(0.75 ** 2 + 0.25 ** 2)
    assert hhi([0, 4, 0]) == 1.0                                   # zero values are no supplier
    assert math.isnan(hhi([0, 0]))


def test_concentration_vectorised_matches_by_hand():
    # product 0: suppliers 0,1 (60/40); product 1: one supplier 2; product 2: three equal; product 3: none
    product = np.array([0, 0, 1, 2, 2, 2])
    supplier = np.array([0, 1, 2, 0, 1, 2])
    value = np.array([60.0, 40.0, 9.0, 1.0, 1.0, 1.0])
    c = concentration(product, supplier, value, 4)
    assert c.hhi[:3].tolist() == pytest.approx([0.52, 1.0, 1 / 3]) and math.isnan(c.hhi[3])
    assert c.top.tolist() == [0, 2, c.top[2], -1] and c.top_share[0] == pytest.approx(0.6)
    assert c.suppliers.tolist() == [2, 1, 3, 0] and c.total.tolist() == [100, 9, 3, 0]
    china = supplier == 1
    assert share_from(product, value, china, 4)[:3].tolist() == pytest.approx([0.4, 0.0, 1 / 3])
