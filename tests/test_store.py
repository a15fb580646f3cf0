"""The DuckDB store: shipped datasets as views, and all-or-nothing, idempotent imports of
UN Comtrade and WITS/TRAINS files (fixtures re-express real Census 2024 figures in each
download layout: see tests/fixtures/make_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradedeal import config, datasets
from tradedeal.errors import InputFileError, QueryError, StoreError
from tradedeal.store import Store
from tradedeal.store.formats import parse_file
from tradedeal.store.importer import import_file, remove_import

FIX = Path(__file__).parent / "fixtures"
PLUS = FIX / "comtrade_plus_usa_imports_ind_2024.csv"
LEGACY = FIX / "comtrade_legacy_usa_imports_ind_2024.tsv.gz"
WITS_TRADE = FIX / "wits_trade_usa_imports_ind_2024.csv"
WITS_PROFILE = FIX / "wits_trade_profile_usa_imports_ind_2024.csv"
WITS_TARIFF = FIX / "wits_tariff_ind_mfn_2024.csv"


@pytest.fixture
def store():
    with Store.open() as s:
        yield s


@pytest.fixture(scope="module")
def census_india() -> "dict[str, float]":
    u = datasets.load("us_imports_2024", filters=[("exporter", "==", "IND")])
    return {"hs6": u.groupby(u["hs10"].str[:6])["value_usd"].sum(),
            "hs4": u.groupby(u["hs10"].str[:4])["value_usd"].sum()}


def test_store_is_created_under_tradedeal_home(_isolated_home):
    with Store.open() as s:
        assert s.path == (_isolated_home / "tradedeal.duckdb").resolve()
    assert config.store_path().exists()


def test_shipped_datasets_are_queryable_as_tables(store):
    got = store.query("SELECT SUM(value_usd) AS v FROM us_imports_2024 WHERE exporter = 'IND'")
    assert got["v"].iloc[0] == pytest.approx(86.30e9, abs=0.005e9)
    assert "mfn_rates_2025" in store.datasets()


def test_bad_sql_is_a_store_error(store):
    with pytest.raises(StoreError, match="query failed"):
        store.query("SELECT nope FROM us_imports_2024")


@pytest.mark.parametrize("path, fmt, rows, level", [
    (PLUS, "comtrade", 8, "hs6"), (LEGACY, "comtrade", 6, "hs4"),
    (WITS_TRADE, "wits", 6, "hs6"), (WITS_PROFILE, "wits", 3, "hs6"),
])
def test_each_layout_imports_the_census_figures(store, census_india, path, fmt, rows, level):
    report = import_file(store, path, fmt)
    assert report.rows_inserted == rows and report.rows_skipped >= 1  # World / total rows left out
    got = store.user_trade(importer="USA", exporter="IND", year=2024)
    assert len(got) == rows and set(got["flow"]) == {"import"}
    for code, value in zip(got["hs_code"], got["value_usd"]):
        # WITS values are in thousands of USD with 3 decimals: exact to the dollar.
        assert value == pytest.approx(census_india[level][code], abs=1.0)


def test_wits_codes_that_lost_their_zero_are_restored(store):
    import_file(store, WITS_TRADE, "wits")
    assert "030617" in set(store.user_trade()["hs_code"])  # written 30617 in the file


def test_same_file_twice_does_not_duplicate(store):
    first = import_file(store, PLUS, "comtrade")
    second = import_file(store, PLUS, "comtrade")
    assert not first.already_imported and second.already_imported
    assert store.counts()["user_trade"] == 8
    assert len(store.imports()) == 1


def test_overlapping_file_replaces_rows_and_says_so(store):
    import_file(store, PLUS, "comtrade")
    report = import_file(store, WITS_PROFILE, "wits")  # same top-3 HS6 keys
    assert report.rows_replaced == 3 and report.replaced_imports == (import_file(store, PLUS, "comtrade").import_id,)
    assert store.counts()["user_trade"] == 8


def test_tariff_file_goes_to_user_tariff(store):
    report = import_file(store, WITS_TARIFF, "wits")
    assert report.kind == "tariff" and report.rows_inserted == 3
    rates = store.user_tariff(importer="IND").set_index("hs_code")["simple_avg_pct"]
    assert rates.to_dict() == {"080810": 50.0, "220830": 150.0, "871120": 50.0}
    assert store.user_tariff()["exporter"].isna().all()  # partner World: applies to all


@pytest.mark.parametrize("name, line, field", [
    ("bad_hs_code.csv", 3, "cmdCode"),
    ("bad_negative_value.csv", 3, "primaryValue"),
    ("bad_unknown_country.csv", 4, "partnerCode"),
    ("bad_non_numeric_value.csv", 2, "primaryValue"),
])
def test_bad_row_is_reported_with_line_and_store_is_untouched(store, name, line, field):
    import_file(store, LEGACY, "comtrade")
    before = store.query("SELECT * FROM user_trade ORDER BY hs_code")
    with pytest.raises(InputFileError) as exc:
        import_file(store, FIX / name, "comtrade")
    problems = exc.value.problems
    assert any(p.line == line and p.field == field for p in problems), problems
    assert f"line {line}" in str(exc.value) and "nothing was imported" in str(exc.value)
    after = store.query("SELECT * FROM user_trade ORDER BY hs_code")
    assert after.equals(before) and len(store.imports()) == 1


def test_every_bad_row_is_listed_not_only_the_first():
    result = parse_file(FIX / "bad_many_rows.csv", "comtrade")
    where = {(p.line, p.field) for p in result.problems}
    assert {(2, "cmdCode"), (2, "refYear"), (3, "primaryValue"), (3, "flowCode"), (4, "reporterCode")} <= where


@pytest.mark.parametrize("name, fmt, needle", [
    ("bad_missing_column.csv", "comtrade", "missing required column 'primaryValue'"),
    ("empty.csv", "comtrade", "empty"),
    ("wrong_format_census_codes.csv", "comtrade", "not a UN Comtrade file"),
    ("wrong_format_census_codes.csv", "wits", "WITS"),
    ("comtrade_plus_usa_imports_ind_2024.csv", "xml", "unknown format"),
    ("no_such_file.csv", "comtrade", "no_such_file.csv"),
])
def test_unreadable_files_are_refused_with_the_file_named(store, name, fmt, needle):
    with pytest.raises(InputFileError) as exc:
        import_file(store, FIX / name, fmt)
    assert needle in str(exc.value) and name in str(exc.value)
    assert store.counts()["user_trade"] == 0


def test_failed_transaction_rolls_back(store):
    import_file(store, PLUS, "comtrade")
    with pytest.raises(RuntimeError):
        with store.transaction() as con:
            con.execute("DELETE FROM user_trade")
            raise RuntimeError("power cut")
    assert store.counts()["user_trade"] == 8


def test_read_only_store_refuses_imports(_isolated_home):
    with Store.open(read_only=True) as ro:
        with pytest.raises(StoreError, match="read-only"):
            import_file(ro, PLUS, "comtrade")


def test_remove_import_by_prefix(store):
    report = import_file(store, PLUS, "comtrade")
    assert remove_import(store, report.import_id[:5]) == 8
    assert store.counts()["user_trade"] == 0
    with pytest.raises(QueryError, match="no import"):
        remove_import(store, report.import_id)


def test_partial_imported_data_gives_way_to_the_shipped_data_with_a_warning(store):
    """Issue 9: three rows of Comtrade data must not stand for the whole pair under --source auto;
    --source user uses them alone, saying how partial they are."""
    from tradedeal.statistics.trade import trade_table

    import_file(store, PLUS, "comtrade")
    store.close()
    auto = trade_table("USA", "IND", 2024, "hs6")
    assert auto.provenance[0].dataset == "us_imports_2024"
    assert any("looks partial, so the shipped data is used" in n and "%" in n for n in auto.notes)
    mine = trade_table("USA", "IND", 2024, "hs6", source="user")
    assert mine.provenance[0].dataset.startswith("user_trade")
    assert any("looks partial" in n for n in mine.notes)
    assert mine.frame["value_usd"].sum() < 0.9 * auto.frame["value_usd"].sum()


def test_cli_import_bad_file_exits_2_listing_lines(cli):
    code, out, err = cli("data", "import", "--format", "comtrade", str(FIX / "bad_many_rows.csv"))
    assert code == 2 and "Traceback" not in out + err
    assert "line 2" in err and "line 4" in err and "nothing was imported" in err


def test_cli_import_then_list_then_remove(cli):
    code, out, _ = cli("data", "import", "--format", "wits", str(WITS_TARIFF))
    assert code == 0 and "imported 3 tariff rows" in out
    code, out, _ = cli("data", "imports")
    assert code == 0 and "wits-tariff" in out
    code, out, _ = cli("data", "import", "--format", "wits", str(WITS_TARIFF))
    assert "already imported" in out
    import_id = out.split("import id ")[1][:12]
    code, out, _ = cli("data", "remove", import_id)
    assert code == 0 and "3 rows deleted" in out


def test_import_docs_are_current():
    """docs/import-formats.md carries the tables generated from the declarations."""
    from tradedeal.store import docs

    path = Path(__file__).parents[1] / "docs" / "import-formats.md"
    text = path.read_text(encoding="utf-8")
    assert docs.render(text) == text, "run: python -m tradedeal.store.docs docs/import-formats.md"


def test_docs_block_writer_refuses_a_page_without_its_markers():
    """A page missing the end marker (or both) is refused, not truncated or appended to."""
    from tradedeal import docblock

    start = docblock.begin("tradedeal.store.docs")
    for page in ("hand-written text only\n", f"intro\n{start}\nold block with no end marker\nmore text\n"):
        with pytest.raises(InputFileError, match="markers once each"):
            docblock.render(page, "tradedeal.store.docs", "new block\n")
    ok = f"intro\n{start}\nold\n{docblock.END}\noutro\n"
    assert docblock.render(ok, "tradedeal.store.docs", "new\n") == f"intro\n{start}\nnew\n{docblock.END}\noutro\n"
