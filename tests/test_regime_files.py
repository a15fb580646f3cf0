"""Measure files as input: validation at the boundary, with file, line, measure id and field
in every message, and the schema reference page generated from the schema table."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradedeal.errors import InputFileError
from tradedeal.regime import compile_regime, load_regime, schema

HEADER = """[regime]
id = "test"
importer = "USA"
description = "two measures for the tests"
verified_through = 2026-06-04
source = "tests"
"""

GOOD = """[[measure]]
id = "t.base"
authority = "mfn"
include = ["*"]
rate = 2.0
start = 2025-01-01
stacking_group = "mfn"
source = "test"

[[measure]]
id = "t.extra"
authority = "section_122"
exporters = ["IND"]
include = ["61"]
rate = 10.0
start = 2026-02-24
end = 2026-07-24
stacking_group = "s122"
source = "test"
"""


def regime_dir(tmp_path: Path, measures: str, header: str = HEADER) -> Path:
    folder = tmp_path / "regime"
    folder.mkdir(exist_ok=True)
    (folder / "regime.toml").write_text(header)
    (folder / "measures.toml").write_text(measures)
    return folder


def problem(tmp_path, text):
    with pytest.raises(InputFileError) as exc:
        compile_regime(load_regime(regime_dir(tmp_path, text)))
    return exc.value


def test_a_good_folder_loads_and_stacks(tmp_path):
    from tradedeal.regime import lookup

    c = compile_regime(load_regime(regime_dir(tmp_path, GOOD)))
    assert lookup(c, "6109100012", "IND", "2026-03-01").total_pct == pytest.approx(12.0)
    assert lookup(c, "6109100012", "VNM", "2026-03-01").total_pct == pytest.approx(2.0)


def test_unknown_field_names_file_line_measure_and_field(tmp_path):
    err = problem(tmp_path, GOOD.replace('rate = 10.0', 'rate = 10.0\nrate_percent = 10'))
    assert err.file.endswith("measures.toml")
    p = err.problems[0]
    assert p.field == "measure 't.extra'.rate_percent" and "unknown field" in p.reason
    assert p.line == 16  # the line of rate_percent in the file


def test_wrong_type_and_missing_field(tmp_path):
    err = problem(tmp_path, GOOD.replace('rate = 2.0', 'rate = "two"').replace('source = "test"\n\n', '\n', 1))
    fields = {p.field for p in err.problems}
    assert "measure 't.base'.rate" in fields and "measure 't.base'.source" in fields
    assert any("required field 'source'" in p.reason for p in err.problems)


def test_inverted_dates(tmp_path):
    err = problem(tmp_path, GOOD.replace("end = 2026-07-24", "end = 2026-01-24"))
    assert any("inverted" in p.reason and p.field.startswith("measure 't.extra'") for p in err.problems)


def test_overlapping_measures_of_one_stacking_group(tmp_path):
    clash = GOOD + GOOD.split("[[measure]]")[2].replace('id = "t.extra"', 'id = "t.extra2"').join(["[[measure]]", ""])
    err = problem(tmp_path, clash)
    assert "t.extra2" in str(err) and "t.extra" in str(err) and "precedence" in err.problems[0].field
    assert "higher precedence" in err.hint
    # a higher precedence resolves it
    ok = clash.replace('id = "t.extra2"', 'id = "t.extra2"\nprecedence = 5')
    compile_regime(load_regime(regime_dir(tmp_path, ok)))


def test_unknown_country_and_list(tmp_path):
    err = problem(tmp_path, GOOD.replace('exporters = ["IND"]', 'exporters = ["XXA"]'))
    assert "unknown country 'XXA'" in str(err) and err.problems[0].field == "measure 't.extra'.exporters"
    err = problem(tmp_path, GOOD.replace('include = ["61"]', 'include = ["61"]\nexempt_lists = ["annex_99"]'))
    assert "unknown product list 'annex_99'" in str(err)


def test_bad_prefix_and_toml_syntax(tmp_path):
    err = problem(tmp_path, GOOD.replace('include = ["61"]', 'include = ["61A"]'))
    assert "'61A' is not an HS prefix" in str(err)
    err = problem(tmp_path, GOOD.replace("rate = 2.0", "rate = = 2.0"))
    assert "not valid TOML" in str(err) and "line 5" in str(err)


def test_header_problems(tmp_path):
    with pytest.raises(InputFileError) as exc:
        load_regime(regime_dir(tmp_path, GOOD, HEADER.replace('importer = "USA"\n', "")))
    assert "regime.importer" in str(exc.value)


def test_every_shipped_measure_cites_a_source_and_loads():
    from tradedeal.regime import shipped_regimes

    for importer, folder in shipped_regimes().items():
        r = load_regime(folder)
        assert r.measures and all(m.source for m in r.measures)
        assert r.header.verified_through.isoformat() >= "2026-01-01"


def test_shipped_rates_match_the_legal_text_where_it_gives_them():
    """Every US measure whose Chapter 99 heading has an additional rate in the HTS text
    (ch99_headings, read from HTSUS 2026 rev. 6) charges that rate."""
    from tradedeal import datasets

    heads = datasets.load("ch99_headings")
    heads = heads[heads["rate_kind"].isin(["additional", "floor"])].set_index("heading")
    r = load_regime(importer="USA")
    # a heading's text gives its latest rate: compare the latest measure under each heading
    latest = {}
    for m in r.measures:
        if m.rate is not None and m.heading in heads.index:
            if m.heading not in latest or m.start > latest[m.heading].start:
                latest[m.heading] = m
    # Headings whose rate in the 2026 text is not the rate of the last measure filed under them,
    # with the reason:
    superseded = {
        "9903.01.63": "China: the text keeps the Annex I rate 34%; EO 14259 and EO 14266 raised it to 84% "
                      "and 125% in April 2025 and the Geneva truce suspended 24 points (10% via 9903.01.25)",
    }
    for heading, m in latest.items():
        if heading in superseded:
            continue
        assert m.rate == pytest.approx(heads.loc[heading, "rate_pct"]), (m.id, heading)
        assert m.rate_kind == heads.loc[heading, "rate_kind"], (m.id, heading)
    assert len(latest) >= 60


def test_schema_reference_page_is_current():
    page = Path(__file__).parents[1] / "docs" / "measure-schema.md"
    text = page.read_text(encoding="utf-8")
    assert schema.markdown() in text, "run: python -m tradedeal.regime.docs docs/measure-schema.md"
    from tradedeal.regime import docs

    assert docs.render(text) == text, "run: python -m tradedeal.regime.docs docs/measure-schema.md"
    for f in schema.MEASURE_FIELDS:
        assert f"`{f.name}`" in text
