"""`tradedeal simulate` end to end, and its bad-input paths."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest


def test_simulate_table_leads_with_the_deal_and_compares(cli):
    code, out, _ = cli("simulate", "feb2026_framework", "--by", "hs2", "--limit", "5")
    assert code == 0
    assert "imports_after" in out and "APPROXIMATION" in out
    assert out.index("deal") < out.index("vs_data_year")  # the deal's own effect is the headline
    assert "against its baseline no_deal_penalty_reimposed" in " ".join(out.split())
    assert "other elasticities" in out  # the sensitivity table
    code, out, _ = cli("simulate", "feb2026_framework", "--compare", "no_deal_penalty_reimposed",
                       "--relative-to", "no_deal_penalty_reimposed", "--format", "csv")
    assert code == 0
    body = pd.read_csv(io.StringIO(out))
    col = "feb2026_framework_minus_no_deal_penalty_reimposed"
    assert col in body.columns and set(body["comparison"]) == {"vs_data_year"}
    row = body[(body.metric == "imports_after") & (body.market == "USA") & (body.partner == "IND")]
    assert row[col].iloc[0] == pytest.approx(row["feb2026_framework"].iloc[0] - row["no_deal_penalty_reimposed"].iloc[0])


def test_simulate_csv_json_and_exports(cli, tmp_path):
    code, out, _ = cli("simulate", "deal_15pct", "--format", "csv", "--out", str(tmp_path / "o"),
                       "--excel", str(tmp_path / "d.xlsx"))
    assert code == 0
    body = pd.read_csv(io.StringIO(out))
    assert {"metric", "market", "value_usd"} <= set(body.columns)
    assert (tmp_path / "o" / "deal_15pct_lines.parquet").exists() and (tmp_path / "d.xlsx").exists()
    code, out, _ = cli("simulate", "deal_15pct", "--format", "json")
    doc = json.loads(out)
    assert doc["name"] == "deal_15pct" and doc["summary"]


def test_simulate_with_draws(cli):
    code, out, _ = cli("simulate", "deal_15pct", "--draws", "8", "--workers", "1", "--format", "csv")
    body = pd.read_csv(io.StringIO(out), comment="#")
    assert code == 0 and body["p95"].notna().any()


@pytest.mark.parametrize("args, needle", [
    (("simulate", "no_such_scenario"), "scenario file not found"),
    (("simulate", "deal_15pct", "--by", "chapter"), "--by"),
    (("simulate", "deal_15pct", "--draws", "-3"), "--draws"),
    (("simulate", "deal_15pct", "--compare", "aug2025_status_quo", "--relative-to", "other"), "--relative-to"),
])
def test_bad_input(cli, args, needle):
    code, out, err = cli(*args)
    assert code == 2 and needle in out + err and "Traceback" not in out + err


def test_a_repeated_question_is_answered_from_the_cache_and_a_changed_input_is_not(cli, tmp_path):
    from pathlib import Path

    from tradedeal import config
    from tradedeal.scenario import load_scenario

    text = Path(load_scenario("deal_15pct").file).read_text().replace('name = "deal_15pct"', 'name = "mine"')
    path = tmp_path / "mine.toml"
    path.write_text(text)
    code, first, _ = cli("simulate", str(path), "--format", "csv")
    answers = config.cache_home() / "answers"
    stored = set(answers.glob("*.bin"))
    code, again, _ = cli("simulate", str(path), "--format", "csv")
    assert code == 0 and again == first and set(answers.glob("*.bin")) == stored  # answered, nothing new
    path.write_text(text.replace("rate = 15.0", "rate = 12.0"))  # the deal's rate changes: a new answer
    code, changed, _ = cli("simulate", str(path), "--format", "csv")
    assert code == 0 and changed != first and len(set(answers.glob("*.bin"))) == len(stored) + 1
    code, fresh, _ = cli("simulate", str(path), "--format", "csv", "--fresh")
    assert fresh == changed  # recomputing gives the cached answer
