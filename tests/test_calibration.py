"""The calibration steps on their own (tradedeal.models.gravity.calibration), on the shipped
Caliendo-Parro 1993 tables: totals preserved, shares summing to one, the consistent base year
an equilibrium, the imbalance removal leaving every country balanced, the variant that keeps them."""

from __future__ import annotations

import numpy as np
import pytest

from tradedeal.datasets import io_tables
from tradedeal.errors import QueryError
from tradedeal.models.gravity import calibration, multisector


@pytest.fixture(scope="module")
def t():
    return io_tables.read("caliendo_parro_2015")


@pytest.fixture(scope="module")
def raw(t):
    theta = np.where(t.tradable, t.theta, 1.0)
    return calibration.economy(t.flows, t.tariffs, t.gross_output, t.value_added_share, t.input_output, theta)


def test_domestic_sales_preserve_output(t):
    ds = calibration.domestic_sales(t.gross_output, t.flows)
    assert np.allclose(ds.domestic + ds.exports, ds.gross_output, rtol=1e-12, atol=0)
    assert (ds.domestic >= 0).all()
    # the authors' convention: gross output raised to exports where it is smaller (26 cells in 1993)
    assert ds.raised.sum() == 26
    assert np.array_equal(ds.gross_output[~ds.raised], t.gross_output[~ds.raised])
    assert np.array_equal(ds.gross_output[ds.raised], ds.exports[ds.raised]) and not ds.domestic[ds.raised].any()
    with pytest.raises(QueryError, match="exports exceed gross output in 26"):
        calibration.domestic_sales(t.gross_output, t.flows, raise_output=False)


def test_flows_with_domestic_sales_add_up_to_output_and_shares_to_one(t):
    ds = calibration.domestic_sales(t.gross_output, t.flows)
    M = calibration.with_domestic_flows(t.flows, ds.domestic)
    assert np.allclose(M.sum(axis=1), ds.gross_output, rtol=1e-12)           # every seller's sales = its output
    assert np.allclose(M.sum(), t.flows.sum() + ds.domestic.sum(), rtol=1e-12)
    pi, X = calibration.expenditure_shares(M, t.tariffs)
    assert np.allclose(pi.sum(axis=2), 1.0, atol=1e-12)
    assert np.allclose(X, (M * (1 + t.tariffs)).sum(axis=2), rtol=1e-12)
    assert abs(calibration.trade_surpluses(M).sum()) < 1e-9 * X.sum()       # the world is balanced


def test_materials_and_value_added_shares_cover_costs(t):
    g = calibration.materials_shares(t.input_output, t.value_added_share)
    total = t.value_added_share + g.sum(axis=1).T
    assert np.abs(total - 1).max() < 5e-7                                     # the IO shares carry 7 decimals


def test_final_demand_shares_are_a_residual_summing_to_one(raw):
    e, figures = raw
    assert (e.alpha >= 0).all() and np.allclose(e.alpha.sum(axis=0), 1.0, atol=1e-12)
    assert figures["negative_final_demand_shares_set_to_zero"] == 185       # the authors' data: negatives set to 0
    fd = calibration.final_demand_shares(np.array([[10.0], [2.0]]), np.array([[[0.0, 0.0], [0.5, 0.0]]]),
                                         np.array([[10.0], [4.0]]), np.array([4.0]))
    # sector 1: 2 of spending, 5 used by sector 0 as inputs -> negative residual, set to 0
    assert fd.clipped.tolist() == [[False], [True]] and fd.alpha[:, 0].tolist() == [1.0, 0.0]


def test_consistent_base_year_is_an_equilibrium(raw):
    e, _ = raw
    base = calibration.consistent_base_year(e)
    assert base.equilibrium.max_excess < 1e-9
    again = multisector.solve(base.economy, base.economy.tau)
    assert np.allclose(again.w_hat, 1, atol=1e-8) and np.allclose(again.X, base.economy.X, rtol=1e-7)
    assert np.array_equal(base.economy.D, e.D)                                # observed imbalances kept
    assert base.economy.VA.sum() == pytest.approx(e.VA.sum(), rel=1e-12)     # numeraire: world value added


def test_removing_imbalances_leaves_every_country_balanced(raw):
    e, _ = raw
    first = calibration.consistent_base_year(e).economy
    zero = calibration.remove_imbalances(first).economy
    M = zero.pi * zero.X[:, :, None] / (1 + zero.tau)
    off = ~np.eye(M.shape[1], dtype=bool)[None]
    balance = (M * off).sum(axis=(0, 1)) - (M * off).sum(axis=(0, 2))      # exports - imports
    assert not zero.D.any()
    # balanced up to the accounting residual of the rounded IO shares (world demand for value added 1.3e-8 above
    # world value added: value added clears country by country, trade balances then hold to ~1e-7 of value added)
    assert np.abs(balance / zero.VA).max() < 1e-6
    assert np.abs(first.D / first.VA).max() > 0.1                             # there were imbalances to remove
    assert zero.VA.sum() == pytest.approx(first.VA.sum(), rel=1e-12)


def test_base_year_variants(raw):
    e, _ = raw
    keep, f_keep = calibration.base_year(e, "keep")
    remove, f_remove = calibration.base_year(e, "remove")
    assert np.array_equal(keep.D, e.D) and not remove.D.any()
    assert "remove_imbalances_iterations" in f_remove and "remove_imbalances_iterations" not in f_keep
    assert f_keep["accounting_residual"] == pytest.approx(1.28e-8, rel=0.05)  # rounded IO shares, reported
    with pytest.raises(QueryError, match="unknown imbalances"):
        calibration.base_year(e, "balance")
