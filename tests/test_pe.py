"""The product-level model: hand calculations, identities and the properties a reader relies on."""

from __future__ import annotations

import numpy as np
import pytest

from tradedeal.models import pe


def two_suppliers(t1a=0.0, eta=1.5, sigma=2.0, omega=np.inf):
    return pe.Market(product=np.array([0, 0]), supplier=np.array([0, 1]), value0=np.array([100.0, 100.0]),
                     t0=np.array([0.10, 0.10]), t1=np.array([t1a, 0.10]), eta=np.array([eta]),
                     sigma=np.array([sigma]), omega=np.array([omega, omega]))


def test_hand_calculation_two_suppliers():
    """Supplier A's 10% tariff is removed, B keeps it; sigma = 2, eta = 1.5, flat supply.
    By hand: landed shares 0.5/0.5; P_hat^-1 = 0.5 * 1.1 + 0.5 = 1.05, P_hat = 0.952381;
    E_hat = P_hat^-0.5 = 1.024695; E1_A = 110 * (0.909091/0.952381)^-1 * 1.024695 = 118.0839 (no
    tariff: M1_A = 118.0839); E1_B = 110 * 0.952381 * 1.024695 = 107.3490, M1_B = 97.5900.
    Consumer surplus: -E0 (P_hat^-0.5 - 1) / -0.5 = 220 * 2 * (1.024695 - 1) = 10.8658."""
    m = two_suppliers()
    s = pe.solve(m)
    assert s.P_hat[0] == pytest.approx(1 / 1.05, rel=1e-12)
    assert s.value1 == pytest.approx([118.0839, 97.5900], abs=1e-4)
    assert pe.consumer_surplus_change(m, s)[0] == pytest.approx(10.8658, abs=1e-4)


def test_zero_change_changes_nothing():
    m = two_suppliers(t1a=0.10)
    s = pe.solve(m)
    creation, diversion = pe.decompose(m, s)
    assert s.value1 == pytest.approx(m.value0)
    assert np.allclose(creation, 0) and np.allclose(diversion, 0)
    assert pe.consumer_surplus_change(m, s)[0] == pytest.approx(0.0)


@pytest.mark.parametrize("sigma", [0.5, 1.0, 2.0, 8.0])
@pytest.mark.parametrize("omega", [np.inf, 3.0])
def test_a_higher_duty_never_raises_that_suppliers_sales(sigma, omega):
    for t1 in (0.15, 0.25, 0.5, 1.0):
        m = two_suppliers(t1a=t1, sigma=sigma, omega=omega)
        s = pe.solve(m)
        assert s.converged
        assert s.value1[0] <= m.value0[0] + 1e-9


def test_diversion_sums_to_zero_per_product_and_creation_to_the_total():
    rng = np.random.default_rng(1)
    n, k = 400, 30
    product = rng.integers(0, k, n)
    m = pe.Market(product=product, supplier=rng.integers(0, 12, n), value0=rng.uniform(1, 100, n),
                  t0=rng.uniform(0, 0.2, n), t1=rng.uniform(0, 0.6, n), eta=rng.uniform(0.3, 3, k),
                  sigma=rng.uniform(0.5, 9, k), omega=np.full(n, np.inf))
    s = pe.solve(m)
    creation, diversion = pe.decompose(m, s)
    assert np.allclose(np.bincount(product, diversion, minlength=k), 0, atol=1e-9)
    assert np.allclose(creation + diversion, s.value1 - m.value0)
    # expenditure identity: landed expenditure after = E0 * P_hat^(1 - eta)
    assert s.E1 == pytest.approx(s.E0 * s.P_hat ** (1 - m.eta))


def test_sigma_one_is_the_limit_of_the_ces():
    a = pe.solve(two_suppliers(sigma=1.0))
    b = pe.solve(two_suppliers(sigma=1.0 + 1e-7))
    assert a.value1 == pytest.approx(b.value1, rel=1e-6)


def test_finite_supply_shares_the_tariff_with_exporters():
    flat = pe.solve(two_suppliers(t1a=0.5))
    m = two_suppliers(t1a=0.5, omega=2.0)
    s = pe.solve(m)
    assert s.converged and s.w_hat[0] < 1           # A's exporters absorb part of the duty
    assert s.value1[0] < m.value0[0]
    assert flat.value1[0] < s.value1[0] / s.w_hat[0]  # quantities fall less than with flat supply
    assert pe.exporter_surplus_change(m, s)[0] < 0


def test_smart_linear_formula_is_the_first_order_of_the_model():
    """WITS/SMART trade creation TC = M eta dt/(1+t0) for the supplier whose tariff changes:
    with one supplier per product (no diversion) and a small change, the model agrees with it
    to first order (relative gap below 1% for a 0.5-point change)."""
    m = pe.Market(product=np.array([0]), supplier=np.array([0]), value0=np.array([1000.0]),
                  t0=np.array([0.10]), t1=np.array([0.095]), eta=np.array([1.8]), sigma=np.array([3.0]),
                  omega=np.array([np.inf]))
    s = pe.solve(m)
    smart = pe.smart_trade_creation(m.value0, m.eta, m.t0, m.t1)
    # value change at exporter prices = quantity change (flat supply)
    assert (s.value1 - m.value0)[0] == pytest.approx(smart[0], rel=0.01)
    # SMART by hand: 1000 * 1.8 * 0.005 / 1.10 = 8.1818
    assert smart[0] == pytest.approx(8.181818, abs=1e-5)


def test_revenue_identity_on_a_real_market():
    from tradedeal.models.simulate import prepare, solve_prepared
    from tradedeal.scenario import load_scenario

    p = prepare(load_scenario("aug2025_status_quo"), "USA")
    lines, products, sol = solve_prepared(p)
    assert lines["revenue1_usd"].to_numpy() == pytest.approx((lines["t1_pct"] / 100 * lines["value1_usd"]).to_numpy())
    assert lines["revenue0_usd"].sum() == pytest.approx((p.pairs["t0"] * p.pairs["value_usd"]).sum())
    # every line's diversion sums to zero over its suppliers
    assert lines.groupby("code")["diversion_usd"].sum().abs().max() < 1e-3
