"""Bilateral trade tables from the shipped data (figures from ../shared/data/SOURCES.md)."""

from __future__ import annotations

import pytest

from tradedeal.errors import QueryError
from tradedeal.statistics.trade import trade_table

# Tolerance for USD bn figures: SOURCES.md quotes them to 0.01 bn, so we match to half a unit.
BN_TOL = 0.005e9


def test_us_imports_from_india_2024_by_hs2_total_and_top_chapters():
    result = trade_table("USA", "IND", 2024, "hs2")
    frame = result.frame
    assert frame["value_usd"].sum() == pytest.approx(86.30e9, abs=BN_TOL)
    # Top chapters recomputed from the Census HS10 file: 85 (13.84 bn), 30 (12.51 bn), 71 (12.07 bn).
    assert list(frame["code"].head(3)) == ["85", "30", "71"]
    assert frame.loc[0, "value_usd"] == pytest.approx(13.84e9, abs=BN_TOL)
    assert frame["share_pct"].sum() == pytest.approx(100.0)
    assert not result.approximations  # US imports for consumption are exact for what they claim
    assert result.provenance[0].dataset == "us_imports_2024"


def test_hs10_top_lines_match_sources_md():
    frame = trade_table("USA", "IND", 2024, "hs10").frame.set_index("code")
    assert frame.loc["8517130000", "value_usd"] == pytest.approx(6.82e9, abs=BN_TOL)
    assert frame.loc["7102390050", "value_usd"] == pytest.approx(5.68e9, abs=BN_TOL)
    assert frame.index.str.len().unique().tolist() == [10]


def test_levels_nest_same_total():
    totals = {by: trade_table("USA", "VNM", 2024, by).frame["value_usd"].sum() for by in ("hs2", "hs6", "hs10")}
    assert totals["hs2"] == pytest.approx(totals["hs6"]) == pytest.approx(totals["hs10"])
    assert totals["hs2"] > 100e9  # Vietnam sold the US well over USD 100 bn in 2024


def test_groups_overlap_and_contain_known_lines():
    result = trade_table("USA", "IND", 2024, "group")
    frame = result.frame.set_index("code")
    # Gems & jewellery (HS 71) from India: 12.07 bn in the Census file.
    assert frame.loc["gems_jewellery", "value_usd"] == pytest.approx(12.07e9, abs=BN_TOL)
    assert any("overlap" in n for n in result.notes)


def test_india_side_is_flagged_approximate():
    result = trade_table("IND", "USA", 2024, "hs2")
    assert result.approximations, "the India-side table must carry its approximation"
    total = result.frame["value_usd"].sum()
    # EIDB North America FY2024-25 scaled by 45,625 / 52,941 (USD mn, the EIDB region report's
    # USA and region totals); the HS2 rows sum to 52,941.29 mn, so the result is 45,625 mn to
    # within the source's rounding of the region total to whole millions (rel 1e-5).
    assert total == pytest.approx(45_625e6, rel=1e-5)


def test_finer_than_data_is_refused_with_advice():
    with pytest.raises(QueryError) as exc:
        trade_table("IND", "USA", 2024, "hs6")
    assert "HS2" in exc.value.message and "data import" in exc.value.hint


def test_year_without_data_names_what_exists():
    with pytest.raises(QueryError) as exc:
        trade_table("USA", "IND", 2019, "hs2")
    assert "2024" in exc.value.message


def test_unknown_pair_explains_how_to_load_data():
    with pytest.raises(QueryError) as exc:
        trade_table("BRA", "ARG", 2024, "hs2")
    assert "comtrade" in exc.value.hint


def test_bad_by_option():
    with pytest.raises(QueryError):
        trade_table("USA", "IND", 2024, "chapter")
