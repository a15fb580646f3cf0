"""Elasticity uncertainty: draws, intervals, and the same numbers locally and on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest

from tradedeal.models.elasticities import draw
from tradedeal.models.simulate import simulate
from tradedeal.scenario import load_scenario


def test_draws_follow_their_rule():
    rng = np.random.default_rng(0)
    value = np.array([2.0, 2.0])
    se = np.array([0.5, np.nan])
    d = draw(value, se, rng, size=20000)
    assert d[:, 0].mean() == pytest.approx(2.0, abs=0.02) and d[:, 0].std() == pytest.approx(0.5, abs=0.02)
    assert d[:, 1].min() >= 1.0 - 1e-9 and d[:, 1].max() <= 3.0 + 1e-9  # +/-50% uniform
    assert (d > 0).all()


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("deal_15pct")


def test_intervals_bracket_the_point_estimate(scenario):
    r = simulate(scenario, draws=40, seed=7, workers=2)
    m = r.metrics()
    row = m[(m.metric == "imports_change") & (m.market == "USA") & (m.partner == "IND")].iloc[0]
    assert row["p5"] <= row["p50"] <= row["p95"] and row["draws"] == 40
    assert row["p5"] < row["value_usd"] < row["p95"]


def test_same_draws_locally_in_one_process_and_on_a_dask_cluster(scenario):
    from distributed import LocalCluster

    local = simulate(scenario, draws=12, seed=3, workers=2).intervals
    single = simulate(scenario, draws=12, seed=3, workers=1).intervals
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = simulate(scenario, draws=12, seed=3, scheduler=cluster.scheduler_address).intervals
    for other in (single, remote):
        assert np.allclose(local[["p5", "p50", "p95", "mean"]], other[["p5", "p50", "p95", "mean"]], rtol=1e-10)
