"""The back-test: its arithmetic on a hand-made series, the month segments, the user's series
file (good and bad), and the command end to end on the shipped series."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradedeal.datasets.series import monthly_sales, product_sales, read_series_csv
from tradedeal.errors import InputFileError, QueryError
from tradedeal.models.backtest import a_year_earlier, changes, month_bounds, segments
from tradedeal.regime.api import compiled


def test_changes_arithmetic_on_a_hand_series():
    # modelled ratios 0.9, 1.0, 1.2; observed 90 and 110 on a prior year of 100; a month without its prior
    ch = changes(["2025-01", "2025-02", "2025-03"], [0.9, 1.0, 1.2], [90.0, 110.0, 50.0], [100.0, 100.0, np.nan])
    assert ch.modelled_pct == pytest.approx([-10.0, 0.0, 20.0])
    assert ch.observed_pct[:2] == pytest.approx([-10.0, 10.0]) and np.isnan(ch.observed_pct[2])
    assert ch.gap_points[:2] == pytest.approx([0.0, 10.0])
    assert ch.compared == 2 and ch.mean_abs_gap_points == pytest.approx(5.0)
    assert ch.direction_hits == 1  # -10 against -10 agrees; 0 against +10 does not


def test_months_and_segments():
    assert month_bounds("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert a_year_earlier("2026-01") == "2025-01"
    with pytest.raises(QueryError, match="not a month"):
        month_bounds("2025-13")
    c = compiled("USA")
    segs = segments(c, "2025-08")
    assert sum(n for _, n in segs) == 31 and segs[0][0] == date(2025, 8, 1)
    # the reciprocal rate of EO 14326 from 2025-08-07 and the Russian-oil penalty from 2025-08-27
    starts = {d for d, _ in segs}
    assert {date(2025, 8, 7), date(2025, 8, 27)} <= starts


def test_shipped_series_and_products():
    obs, prov = monthly_sales("IND", "USA")
    assert obs["month"].iloc[0] == "2025-04" and obs["value_usd"].iloc[0] == pytest.approx(8.42e9)
    april = obs.set_index("month").loc["2025-04"]
    assert april["prior_year_usd"] == pytest.approx(6.61e9)  # read from the report ("6.61 in 2024-04")
    may = obs.set_index("month").loc["2025-05"]
    assert may["prior_year_usd"] == pytest.approx(8.83e9 / 1.1693, rel=1e-9)  # from the reported +16.93% y/y
    assert "derived" in prov.approximation
    prod, _ = product_sales("IND", "USA")
    assert set(prod["product"]) >= {"smartphones", "pharmaceuticals", "gems_and_jewellery"}
    with pytest.raises(QueryError, match="--series"):
        monthly_sales("BRA", "USA")


def test_user_series_good_and_bad(tmp_path):
    good = tmp_path / "s.csv"
    good.write_text("month,value_usd,yoy_pct,source\n2025-04,110,10,mine\n2025-05,90,,mine\n")
    frame, prov = read_series_csv(good)
    assert frame["prior_year_usd"].iloc[0] == pytest.approx(100.0) and np.isnan(frame["prior_year_usd"].iloc[1])
    bad = tmp_path / "bad.csv"
    bad.write_text("month,value_usd\n2025-4,1\n2025-05,abc\n2025-05,2\n")
    with pytest.raises(InputFileError) as e:
        read_series_csv(bad)
    lines = {p.line for p in e.value.problems}
    assert lines == {2, 3, 4} and "nothing was read" in str(e.value)
    with pytest.raises(InputFileError, match="value_usd"):
        (tmp_path / "h.csv").write_text("month,amount\n2025-04,1\n")
        read_series_csv(tmp_path / "h.csv")


def test_backtest_command_on_a_user_series(cli, tmp_path):
    series = tmp_path / "mine.csv"
    series.write_text("month,value_usd,prior_year_usd\n2025-08,6.9e9,6.9e9\n2025-09,5.5e9,6.2e9\n")
    code, out, err = cli("backtest", "--importer", "USA", "--exporter", "IND", "--series", str(series),
                         "--from", "2025-08", "--format", "csv", "--no-chart")
    assert code == 0, err
    body = pd.read_csv(io.StringIO(out))
    assert list(body["month"]) == ["2025-08", "2025-09"]
    sep = body.set_index("month").loc["2025-09"]
    assert sep["observed_change_pct"] == pytest.approx(100 * (5.5 / 6.2 - 1))
    assert sep["gap_points"] == pytest.approx(sep["observed_change_pct"] - sep["modelled_change_pct"])
    # the 50% duties of September cut India's modelled sales on a year earlier (tariffs of 2025-01-01)
    assert sep["modelled_change_pct"] < -20 and sep["modelled_tariff_pct"] > 30


def test_backtest_command_end_to_end(cli, tmp_path):
    code, out, err = cli("backtest", "--importer", "USA", "--exporter", "IND", "--chart", str(tmp_path / "bt"))
    assert code == 0, err
    text = " ".join(out.split())
    assert "2025-04" in text and "2026-02" in text and "smartphones" in text
    assert "does not capture timing" in text and "not tuned to the series" in text
    assert (tmp_path / "bt.png").stat().st_size > 10_000


def test_backtest_refuses_bad_input(cli, tmp_path):
    code, out, err = cli("backtest", "--importer", "USA", "--exporter", "IND", "--from", "2024-06", "--no-chart")
    assert code == 2 and "first entry date" in err and "Traceback" not in out + err
    (tmp_path / "b.csv").write_text("month,value_usd\nMay,1\n")
    code, out, err = cli("backtest", "--importer", "USA", "--exporter", "IND", "--series", str(tmp_path / "b.csv"))
    assert code == 2 and "line 2" in err
