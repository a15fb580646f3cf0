"""`tradedeal target`: the history and its sources, the growth arithmetic, scenario paths as trend
plus a scenario's two parts, the gap and what closes it, the adapter from a scenario result, the
chart, and every bad input as a clear error with exit code 2."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest

from tradedeal import datasets
from tradedeal.models.target import ScenarioEffect, closing_rows, effect_of, scenario_path, target
from tradedeal.statistics import bilateral_history as bh
from tradedeal.statistics.growth import loglinear_trend
from tradedeal.tables import Provenance


@pytest.fixture(scope="module")
def annual(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:  # a module fixture runs before the per-test home is set
        mp.setenv("TRADEDEAL_HOME", str(tmp_path_factory.mktemp("home")))
        return bh.annual(bh.points("USA", "IND"))


def test_history_figures_name_their_source_and_dataset(annual):
    assert set(annual["kind"]) <= {"observed", "derived", "estimate"}
    for row in annual.itertuples():
        assert row.sources and all(d.strip() in datasets.manifest() for d in row.datasets.split(","))
    def value(basis, year):
        return float(annual.loc[(annual["basis"] == basis) & (annual["year"] == year), "value_usd"].iloc[0])
    assert value("goods_services_USA_cy", 2024) == pytest.approx(212.3e9)
    assert value("goods_USA_cy", 2024) == pytest.approx(41.8e9 + 87.4e9)        # exports + imports
    assert value("goods_USA_cy", 2023) == pytest.approx(40374.9e6 + 83686.1e6)  # Census file first
    assert value("goods_IND_fy", 2024) == pytest.approx(86.51e9 + 45.33e9)      # FY2024-25, India's data


def test_latest_year_is_an_estimate_from_months_and_says_so(annual):
    est = annual[annual["kind"] == "estimate"]
    assert list(est["period"]) == ["FY2025-26"]
    row = est.iloc[0]
    months = datasets.load("india_trade_with_us_monthly")
    e = months[months["series"] == "india_exports_to_usa"]["value_usd"]
    i = months[months["series"] == "india_imports_from_usa"]["value_usd"]
    assert row["value_usd"] == pytest.approx(e.sum() * 12 / len(e) + i.sum() * 12 / len(i))
    assert "ESTIMATE" in row["how"] and "11 of 12 months" in row["how"] and "7 of 12 months" in row["how"]
    # the press's April-January cumulative row is a partial period, never a year's figure
    pts = bh.points("USA", "IND")
    assert pts["partial"].sum() == 2 and set(pts.loc[pts["partial"], "period"]) == {"FY2025-26 (Apr-Jan, partial)"}


def _effect(change=10e9, purchases=((2027, 5e9), (2030, 7e9)), start=dt.date(2026, 1, 1)):
    return ScenarioEffect("fake", "a made-up deal", start, change, Provenance("test", "test"), purchases,
                          Provenance("test purchases", "test"), "product-level")


def test_scenario_path_is_trend_plus_phased_tariff_part_plus_purchases():
    years = np.arange(2024, 2031)
    tr = loglinear_trend(np.arange(2015, 2025), 100e9 * 1.07 ** np.arange(10))
    p = scenario_path(tr, years, _effect(), phase_years=2)
    mid, _, _ = tr.predict(years)
    assert p["trend_usd"].to_numpy() == pytest.approx(mid)
    assert p["tariff_effect_usd"].tolist() == pytest.approx([0, 0, 2.5e9, 7.5e9, 10e9, 10e9, 10e9])
    assert p["purchases_usd"].tolist() == [0, 0, 0, 5e9, 0, 0, 7e9]
    assert (p["total_usd"] - p["trend_usd"] - p["tariff_effect_usd"] - p["purchases_usd"]).abs().max() < 1e-3


def test_target_with_given_effects_gap_and_closing(annual):
    r = target("USA-IND", 500e9, 2030, effects=[_effect()], definition="goods_services")
    g = r.growth.frame.iloc[0]
    assert g["base_year"] == 2024 and g["required_growth_pct"] == pytest.approx(15.35, abs=0.01)
    gap = r.gap.frame.set_index("path")
    assert gap.loc["fake", "total_usd"] == pytest.approx(gap.loc["trend", "total_usd"] + 10e9 + 7e9)
    assert gap.loc["fake", "gap_usd"] == pytest.approx(500e9 - gap.loc["fake", "total_usd"])
    c = r.closing.frame
    assert set(c["buyer"]) == {"IND"} and set(c["seller"]) == {"USA"}   # the side with the surplus buys
    energy = c[(c["path"] == "fake") & (c["group"] == "energy")].iloc[0]
    assert energy["share_of_seller_exports_pct"] == pytest.approx(100 * energy["gap_usd"] / energy["seller_world_exports_usd"])
    assert energy["implausible"] == (energy["share_of_seller_exports_pct"] > 25)
    assert r.growth.figure("required_growth_pct", "goods_services_USA_cy") == pytest.approx(15.346, abs=1e-3)


def test_closing_rows_flag_against_the_threshold():
    from tradedeal.models.capacity import Supply

    supplies = [Supply("energy", "USA", "IND", 100e9, 5e9, 2022, "s", "a"),
                Supply("energy+aircraft", "USA", "IND", 400e9, 6e9, 2022, "s", "a")]
    rows = closing_rows(30e9, supplies, 0.25)
    assert rows[0]["share_of_seller_exports_pct"] == pytest.approx(30) and rows[0]["implausible"]
    assert rows[1]["share_of_seller_exports_pct"] == pytest.approx(7.5) and not rows[1]["implausible"]
    assert rows[1]["group"].startswith("all groups")


def test_effect_of_a_product_level_result_splits_tariffs_and_purchases():
    from tradedeal.models.simulate import simulate
    from tradedeal.scenario import load_scenario

    s = load_scenario("feb2026_framework")
    res = simulate(s)
    e = effect_of(res)
    change = (res.metric("bilateral_trade_after", "USA", "IND", "vs_data_year")
              - res.metric("bilateral_trade_before", "USA", "IND", "vs_data_year"))
    year = s.purchase_year
    assert e.trade_change_usd + e.purchases_in(year) == pytest.approx(change, rel=1e-9)
    assert [y for y, _ in e.purchases] == [2026, 2027, 2028, 2029, 2030] and e.start == s.scenario.date
    lines = res.lines
    tariff = lines[((lines.market == "USA") & (lines.exporter == "IND")) |
                   ((lines.market == "IND") & (lines.exporter == "USA"))]["tariff_effect_usd"].sum()
    assert e.trade_change_usd == pytest.approx(tariff, rel=1e-6)


def test_target_cli_formats_and_chart(cli, tmp_path):
    stem = tmp_path / "t"
    code, out, err = cli("target", "--pair", "USA-IND", "--goal", "500e9", "--by", "2030", "--scenario", "deal_15pct",
                         "--definition", "all", "--table", "growth", "--format", "csv", "--chart", str(stem))
    assert code == 0, err
    body = pd.read_csv(io.StringIO(out))
    assert set(body["basis"]) == {"goods_services_USA_cy", "goods_USA_cy", "goods_IND_fy"}
    gs = body.set_index("basis")
    assert gs.loc["goods_services_USA_cy", "required_growth_pct"] == pytest.approx(15.35, abs=0.01)
    assert gs.loc["goods_USA_cy", "required_growth_pct"] > 25
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "t.svg").read_text().lstrip().startswith("<?xml")
    code, out, _ = cli("target", "--pair", "USA-IND", "--goal", "500e9", "--by", "2030", "--no-chart",
                       "--table", "gap", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["rows"][0]["path"] == "trend" and doc["figures"]
    code, out, _ = cli("target", "--pair", "USA-IND", "--goal", "500e9", "--by", "2030", "--no-chart",
                       "--folder", str(tmp_path / "all"))
    assert code == 0 and "required growth and trend" in out and "the gap in 2030" in out
    assert {p.name for p in (tmp_path / "all").iterdir()} >= {"target_growth.csv", "target_closing.csv", "target.json"}


OTHER_PAIR = """
[scenario]
name = "other_pair"
title = "a scenario of another pair"
importer = "USA"
partner = "VNM"
date = 2026-02-10
source = "test"
"""


@pytest.mark.parametrize("args, needle", [
    (("--pair", "USA-XYZ"), "XYZ"),
    (("--pair", "USA-VNM"), "no bilateral series for the pair USA-VNM"),
    (("--pair", "USA"), "not two countries"),
    (("--by", "2020"), "not after the base year"),
    (("--goal", "-5e9"), "not positive"),
    (("--groups", "energy,chips"), "unknown product group"),
    (("--definition", "services"), "--definition"),
    (("--max-share", "2"), "--max-share"),
])
def test_target_bad_input_exits_2(cli, args, needle):
    base = {"--pair": "USA-IND", "--goal": "500e9", "--by": "2030"}
    given = dict(zip(args[::2], args[1::2]))
    argv = [x for k, v in {**base, **given}.items() for x in (k, v)]
    code, out, err = cli("target", *argv, "--no-chart")
    assert code == 2, (out, err)
    assert needle in err and "Traceback" not in err


def test_target_refuses_a_scenario_of_another_pair(cli, tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(OTHER_PAIR, encoding="utf-8")
    code, _, err = cli("target", "--pair", "USA-IND", "--goal", "500e9", "--by", "2030", "--scenario", str(path),
                       "--no-chart")
    assert code == 2 and "is for the pair USA-VNM, not USA-IND" in err


def test_target_page_is_current():
    from pathlib import Path

    from tradedeal.models import target_docs

    path = Path(__file__).parents[1] / "docs" / "target.md"
    text = path.read_text(encoding="utf-8")
    assert target_docs.render(text) == text, "run: python -m tradedeal.models.target_docs docs/target.md"
