"""Many lines at once (tradedeal.regime.batch): the same answer as the one-line engine for every line, with
each line's own loading date, content shares, U.S. content and declared headings."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tradedeal import datasets
from tradedeal.regime import Options, compiled, lookup
from tradedeal.regime.arrays import day, from_day
from tradedeal.regime.batch import LineInputs, price
from tradedeal.regime.lines import duty


@pytest.fixture(scope="module")
def us():
    return compiled("USA")


def _lines(c, codes, origins, days, loaded=None, shares=None, us_content=None, declared=None):
    n = len(codes)
    return LineInputs(np.array([c.index[x] for x in codes], np.int64), np.array(origins, dtype=str),
                      np.array(days, np.int64), np.array(loaded if loaded is not None else [-1] * n, np.int64),
                      shares or {}, np.array(us_content if us_content is not None else [np.nan] * n, float),
                      tuple(declared or [()] * n))


def test_batch_equals_one_line_lookups_on_a_random_sample(us):
    u = datasets.load("us_imports_2024", columns=["hs10", "exporter"]).dropna()
    u = u[u["hs10"].isin(list(us.index))]
    rng = np.random.default_rng(12)
    pick = rng.integers(0, len(u), 3000)
    codes, origins = u["hs10"].to_numpy()[pick], u["exporter"].to_numpy()[pick]
    days = rng.integers(day(date(2025, 1, 1)), day(date(2026, 12, 1)), len(pick))
    got = price(us, _lines(us, codes, origins, days))
    assert got.groups < len(pick)  # lines share engine calls
    for i in rng.integers(0, len(pick), 250):
        assert got.total[i] == pytest.approx(lookup(us, codes[i], origins[i], from_day(days[i])).total_pct, abs=1e-4)


def test_loading_dates_follow_the_in_transit_rules(us):
    d = day(date(2025, 8, 20))
    got = price(us, _lines(us, ["6109100012"] * 2, ["IND"] * 2, [d, d], loaded=[day(date(2025, 8, 1)), -1]))
    assert got.total.tolist() == pytest.approx([26.5, 41.5])  # 9903.02.26 in transit: the 10% of before


def test_a_lines_own_content_shares_replace_the_shipped_ones(us):
    # 8413.91.9096 on 2025-09-01: 50% steel derivative duty on the steel content, reciprocal + penalty on the rest;
    # with 40% steel: 50 x 0.4 + 50 x 0.6 = 50; the per-measure split changes.
    d = day(date(2025, 9, 1))
    lines = _lines(us, ["8413919096"] * 2, ["IND"] * 2, [d, d],
                   shares={"steel_content": np.array([0.4, np.nan])})
    got = price(us, lines)
    steel = us.measure_index("us.s232.steel.deriv.50")
    g = int(us.group[steel])
    assert got.contribution[g].tolist() == pytest.approx([20.0, 50 * 0.083463], abs=1e-4)
    shares = Options(content_shares={"hs10": ["8413919096"], "steel_share": [0.4]})
    assert lookup(compiled("USA", options=shares), "8413919096", "IND", "2025-09-01").total_pct == \
        pytest.approx(float(got.total[0]), abs=1e-5)


def test_us_content_spares_the_reciprocal_duty_from_20_percent(us):
    d = day(date(2025, 9, 1))
    got = price(us, _lines(us, ["6109100012"] * 3, ["IND"] * 3, [d] * 3, us_content=[0.3, 0.15, np.nan]))
    # reciprocal 25% on 70% of the value; below 20% US content it is charged on all of it; the penalty always
    assert got.total.tolist() == pytest.approx([16.5 + 25 * 0.7 + 25, 66.5, 66.5])


def test_declared_headings_count_conditional_measures_and_claimed_exceptions(us):
    d = day(date(2026, 12, 1))
    lines = _lines(us, ["3004909215", "3004909215", "6109100012", "6109100012"], ["IND"] * 4, [d] * 4,
                   declared=[("9903.04.60",), (), ("9903.05.91",), ("9903.05.44",)])
    got = price(us, lines)
    # patented medicine declared: 100% all-in (9903.04.60); generic by default; a declared donation (9903.05.91)
    # spares the note 52 duty; declaring the duty heading itself changes nothing
    assert got.total.tolist() == pytest.approx([100.0, 0.0, 16.5, 26.5])
    assert got.added[0] and not got.added[1] and got.dropped[2]
    assert duty("6109.10.0012", "IND", "2026-12-01", c=us).figures[0].value == pytest.approx(26.5)
