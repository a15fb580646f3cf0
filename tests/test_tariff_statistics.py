"""Exposure, timeline, competitor comparison and the interval panel: identities between them
and with single-line lookups, and the aggregate figures with a published source."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from tradedeal.regime import compiled, lookup
from tradedeal.regime.panel import build_panel
from tradedeal.statistics.compete import compete
from tradedeal.statistics.exposure import exposure
from tradedeal.statistics.timeline import timeline


@pytest.fixture(scope="module")
def us():
    return compiled("USA")


def test_exposure_bands_add_up_and_match_the_weighted_average(us):
    result = exposure("USA", "IND", "2025-09-01", "band", c=us)
    f = result.summary.frame
    assert f["share_pct"].sum() == pytest.approx(100.0)
    assert f["value_usd"].sum() == pytest.approx(86.30e9, abs=0.005e9)  # SOURCES.md total
    avg = (f["avg_duty_pct"] * f["value_usd"]).sum() / f["value_usd"].sum()
    assert f"average duty {avg:.2f}%" in result.summary.notes[0]
    assert f["duty_usd_at_trade"].sum() == pytest.approx(avg / 100 * f["value_usd"].sum())


def test_trade_weighted_mfn_on_imports_from_india_is_2_3_percent(us):
    # SOURCES.md: trade-weighted MFN on 2024 imports from India ~2.3% (ad-valorem part).
    result = exposure("USA", "IND", "2025-01-01", "band", c=us)
    assert "base tariff 2.30%" in result.summary.notes[0]


def test_headline_fifty_percent(us):
    # Fact sheet: "the widely reported 50 per cent on Indian goods from August 2025 is A4 + A5".
    top = exposure("USA", "IND", "2025-09-01", "band", top=200, c=us).top_lines.frame
    assert top["additional_pct"].round(6).mode().iloc[0] == pytest.approx(50.0)
    # Above 50 only where two Section 232 metal duties meet on one line (e.g. 7614.10 aluminium
    # cable with a steel core: chapter 76 at full value plus the steel-derivative content).
    assert top["additional_pct"].max() < 52
    summary = exposure("USA", "IND", "2025-09-01", "band", c=us).summary.frame.set_index("additional_duty_band")
    assert 40 < summary.loc["50% or more", "share_pct"] < 80


def test_exposure_by_hs2_and_group(us):
    by_hs2 = exposure("USA", "IND", "2025-09-01", "hs2", c=us).summary.frame
    assert by_hs2["value_usd"].sum() == pytest.approx(86.30e9, abs=0.005e9)
    by_group = exposure("USA", "IND", "2025-09-01", "group", c=us).summary.frame.set_index("code")
    # gems and jewellery (HS 71): 12.07 bn in 2024, mostly at 50% extra on 2025-09-01
    assert by_group.loc["gems_jewellery", "value_usd"] == pytest.approx(12.07e9, abs=0.005e9)
    assert by_group.loc["gems_jewellery", "avg_additional_pct"] > 40


def test_india_side_exposure_is_flagged(us):
    result = exposure("IND", "USA", "2025-09-01", "band")
    approx = " ".join(p.approximation for p in result.summary.provenance)
    assert "coarser than the tariff lines" in approx and "North America" in approx


def test_timeline_steps_equal_point_exposures(us):
    tl = timeline("USA", ["IND", "VNM"], "2025-01-01", "2026-11-25", c=us).frame
    for exp, on in (("IND", "2025-09-01"), ("IND", "2026-03-01"), ("VNM", "2025-10-01")):
        row = tl[(tl.exporter == exp) & (tl.valid_from <= date.fromisoformat(on)) &
                 (tl.valid_until > date.fromisoformat(on))]
        assert len(row) == 1
        note = exposure("USA", exp, on, "band", c=us).summary.notes[0]
        assert f"average duty {row['avg_duty_pct'].iloc[0]:.2f}%" in note
    # steps tile the range without gaps
    for _, g in tl.groupby("exporter"):
        assert (g["valid_from"].iloc[1:].to_numpy() == g["valid_until"].iloc[:-1].to_numpy()).all()
        assert g["valid_until"].iloc[-1] == date(2026, 11, 26)


def test_compete_line_duties_are_the_lookups(us):
    by_line, by_rival = compete("USA", "IND", "2025-09-01", top=10, c=us)
    f = by_line.frame.set_index("code")
    assert f.loc["0306170041", "ind_duty_pct"] == pytest.approx(lookup(us, "0306170041", "IND", "2025-09-01").total_pct)
    low = f.loc["0306170041"]
    assert low["lowest_rival_duty_pct"] == pytest.approx(
        lookup(us, "0306170041", low["lowest_duty_rival"], "2025-09-01").total_pct)
    assert by_rival.frame["exporter"].iloc[0] == "IND" and len(by_rival.frame) > 3


def test_compete_weighted_average_by_hand(us):
    from tradedeal import datasets

    by_line, _ = compete("USA", "IND", "2025-09-01", top=10, competitors=["VNM", "ECU"], c=us)
    row = by_line.frame.set_index("code").loc["0306170041"]
    u = datasets.load("us_imports_2024", filters=[("hs10", "==", "0306170041")]).set_index("exporter")["value_usd"]
    vn, ec = u["VNM"], u["ECU"]
    expected = (vn * 20.0 + ec * 15.0) / (vn + ec)  # 9903.02.69 Vietnam 20%, 9903.02.17 Ecuador 15%
    assert row["competitors_duty_pct"] == pytest.approx(expected)


def test_panel_intervals_agree_with_lookups(us, tmp_path):
    from tradedeal import datasets

    u = datasets.load("us_imports_2024", columns=["hs10", "exporter", "value_usd"])
    codes = u[u.exporter == "IND"].nlargest(300, "value_usd")["hs10"]
    exps = ["IND", "VNM", "CAN", "DEU", "CHN"]
    s = build_panel(us, tmp_path / "p.parquet", exps, date(2025, 1, 1), date(2026, 11, 25), codes)
    panel = pd.read_parquet(tmp_path / "p.parquet")
    assert len(panel) == s.rows and set(panel["exporter"].astype(str)) == set(exps)
    panel["exporter"] = panel["exporter"].astype(str)
    panel["hs_code"] = panel["hs_code"].astype(str)
    # intervals tile the range for every exporter x line
    for _, g in panel.groupby(["exporter", "hs_code"]):
        g = g.sort_values("valid_from")
        assert g["valid_from"].iloc[0] == date(2025, 1, 1) and g["valid_until"].iloc[-1] == date(2026, 11, 26)
        assert (g["valid_from"].iloc[1:].to_numpy() == g["valid_until"].iloc[:-1].to_numpy()).all()
    rng = np.random.default_rng(7)
    sample = panel.iloc[rng.choice(len(panel), 60, replace=False)]
    for row in sample.itertuples():
        span = (row.valid_until - row.valid_from).days
        on = row.valid_from + timedelta(days=int(rng.integers(0, span)))
        assert lookup(us, row.hs_code, row.exporter, on).total_pct == pytest.approx(row.duty_pct, abs=1e-4)
