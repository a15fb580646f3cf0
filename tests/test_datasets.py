"""Shipped datasets: manifest, checksums, canonical columns and the sanity figures of
../shared/data/SOURCES.md (each test names the figure it pins and its tolerance)."""

from __future__ import annotations

import shutil

import pandas as pd
import pycountry
import pytest

from tradedeal import config, datasets
from tradedeal.datasets import catalogue
from tradedeal.errors import DataIntegrityError, DatasetNotFoundError

BN = 1e9
HALF_CENT_BN = 0.005e9  # SOURCES.md quotes USD bn to 2 decimals: match to half a unit


@pytest.fixture(scope="module")
def us_imports() -> pd.DataFrame:
    return datasets.load("us_imports_2024")


def test_every_dataset_matches_its_manifest_entry():
    """The manifest is the one record of each dataset: provenance complete, the file's rows and
    columns (in order) as declared."""
    for name in datasets.names():
        ds = datasets.info(name)
        assert ds.source and ds.licence and ds.vintage and ds.unit and len(ds.sha256) == 64, name
        if ds.kind == "folder":  # read by its own reader (tests/test_io_tables.py)
            continue
        assert all(meaning for _, meaning in ds.columns), name
        frame = datasets.load(name)
        assert len(frame) == ds.rows, name
        assert list(frame.columns) == ds.column_names, name


@pytest.mark.parametrize("column, width", [("hs10", 10), ("hs8", 8), ("hs6", 6), ("hs4", 4), ("hs2", 2)])
def test_hs_columns_are_zero_padded_digit_strings(column, width):
    for name in datasets.names():
        ds = datasets.info(name)
        if column not in ds.column_names:
            continue
        values = datasets.load(name, columns=[column])[column].dropna()
        assert values.map(type).eq(str).all(), f"{name}.{column} is not text"
        assert values.str.fullmatch(rf"\d{{{width}}}").all(), f"{name}.{column} not {width} digits"


def test_country_columns_are_iso3():
    iso3 = {c.alpha_3 for c in pycountry.countries}
    for name, column in [("us_imports_2024", "exporter"), ("us_imports_2024", "importer"),
                         ("india_exports_hs8_by_country", "partner"), ("broda_weinstein_sigma", "iso3")]:
        values = set(datasets.load(name, columns=[column])[column].dropna().unique())
        assert values <= iso3, f"{name}.{column}: {sorted(values - iso3)[:5]}"


def test_us_imports_2024_totals_match_sources_md(us_imports):
    # SOURCES.md: 334,728 rows, 18,626 HS10 lines, 233 partners; all partners 3.124 tn;
    # India 86.30 bn (imports for consumption).
    assert len(us_imports) == 334_728
    assert us_imports["hs10"].nunique() == 18_626
    assert us_imports["cty_code"].nunique() == 233
    assert us_imports["value_usd"].sum() == pytest.approx(3.124e12, abs=0.0005e12)
    india = us_imports[us_imports["exporter"] == "IND"]
    assert india["value_usd"].sum() == pytest.approx(86.30 * BN, abs=HALF_CENT_BN)
    lines = india.set_index("hs10")["value_usd"]
    assert lines["8517130000"] == pytest.approx(6.82 * BN, abs=HALF_CENT_BN)  # smartphones
    assert lines["7102390050"] == pytest.approx(5.68 * BN, abs=HALF_CENT_BN)  # diamonds


def test_trade_weighted_mfn_and_exempt_share_on_imports_from_india(us_imports):
    india = us_imports[us_imports["exporter"] == "IND"].assign(hs8=lambda d: d["hs10"].str[:8])
    mfn = datasets.load("mfn_rates_2025")
    merged = india.merge(mfn[["hs8", "mfn_rate"]], on="hs8", how="left")
    weighted = (merged["mfn_rate"].fillna(0) * merged["value_usd"]).sum() / merged["value_usd"].sum()
    assert weighted == pytest.approx(0.023, abs=0.0005)  # SOURCES.md: ~2.3% (ad-valorem part)
    exempt = set(datasets.load("ieepa_exempt_products")["hs10"])
    share = india.loc[india["hs10"].isin(exempt), "value_usd"].sum() / india["value_usd"].sum()
    assert share == pytest.approx(0.472, abs=0.0005)  # SOURCES.md: 47.2%


def test_india_totals_and_region_share():
    totals = datasets.load("india_total_trade").set_index("fiscal_year")
    # SOURCES.md: India's FY2024-25 exports to the world 437.7 bn (DGCI&S totals table).
    assert totals.loc["2024-25", "exports_usd"] == pytest.approx(437.7 * BN, abs=0.05 * BN)
    region = datasets.load("india_imports_north_america_hs2")
    fy25 = region.loc[region["fiscal_year"] == "2024-25", "value_usd"].sum()
    # SOURCES.md: the North America region total FY2024-25 is 52,941 mn (USA 45,625 mn, 86.2%).
    assert fy25 == pytest.approx(52_941e6, abs=0.5e6)


def test_eidb_hs8_file_is_flagged_incomplete():
    ds = datasets.info("india_exports_hs8_by_country")
    assert "INCOMPLETE" in ds.notes and "never for totals" in ds.notes


def test_icio_intermediates_between_india_and_us():
    flows = datasets.load("icio_intermediate_flows")
    def pair(s, b):
        return flows.loc[(flows.seller_country == s) & (flows.buyer_country == b), "value_usd_mn"].sum()
    assert pair("IND", "USA") == pytest.approx(75_600, abs=50)  # SOURCES.md: 75.6 bn
    assert pair("USA", "IND") == pytest.approx(42_400, abs=50)  # SOURCES.md: 42.4 bn


def test_fred_sum_of_2024_monthly_imports():
    derived = datasets.load("us_india_trade_derived")
    row = derived[derived["series"].str.contains("FRED") & (derived["year"] == 2024)]
    assert row["value_usd"].iloc[0] == pytest.approx(87_416.4e6, abs=0.05e6)  # SOURCES.md


def test_gravity_panels_have_the_published_sizes():
    twb = datasets.load("agtpa_ch2_trade_without_borders")
    assert twb["exporter"].nunique() == 69 and len(twb) == 69 * 69
    assert "ZZZ" not in set(twb["exporter"]) and "DEU" in set(twb["exporter"])  # mapped back
    assert len(datasets.load("gegravity_sample_30")) == 30 * 30


def test_unknown_dataset_suggests_names():
    with pytest.raises(DatasetNotFoundError) as exc:
        datasets.info("us_imports")
    assert "us_imports_2024" in exc.value.hint


@pytest.fixture
def copied_files(tmp_path, monkeypatch):
    """A copy of the shipped data folder the registry reads instead of the package's."""
    target = tmp_path / "files"
    shutil.copytree(config.SHIPPED_DATA_DIR, target)
    monkeypatch.setattr(config, "SHIPPED_DATA_DIR", target)
    catalogue._verified.clear()
    yield target
    catalogue._verified.clear()


def test_corrupted_file_is_refused_with_a_fix(copied_files):
    path = copied_files / "india_total_trade.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError) as exc:
        datasets.load("india_total_trade")
    assert "corrupted" in exc.value.message and "SHA-256" in exc.value.message
    assert "reinstall" in exc.value.hint


def test_missing_file_is_refused(copied_files):
    (copied_files / "india_total_trade.parquet").unlink()
    with pytest.raises(DataIntegrityError, match="missing"):
        datasets.load("india_total_trade")


def test_2026h2_headings_and_lists_match_their_readme():
    # ../shared/data/us_tariff/2026h2/README.md: 175 heading versions (163 headings), 14,112 list rows,
    # 57 lists in 62 versions; counts checked there against the revision plans (52(b) 863, 40(c) 131 -> 149,
    # 51(b)(3) 439 -> 513); India's note 52 heading 9903.05.44 is +10% from 2026-07-24 (facts-us-2026h2 A2).
    heads = datasets.load("ch99_headings_2026h2")
    lists = datasets.load("ch99_lists_2026h2")
    assert len(heads) == 175 and heads["heading"].nunique() == 163
    assert len(lists) == 14112 and lists["list_id"].nunique() == 57
    assert len(lists.drop_duplicates(["list_id", "valid_from"])) == 62
    ind = heads.set_index("heading").loc["9903.05.44"]
    assert (ind["partner"], ind["rate_pct"], ind["rate_kind"], ind["valid_from"]) == ("IND", 10.0, "additional", "2026-07-24")
    sizes = lists.groupby(["list_id", "valid_from"]).size()
    assert sizes[("n52b", "2026-07-24")] == 863
    assert sizes[("n40c", "2026-07-31")] == 131 and sizes[("n40c", "2026-09-29")] == 149
    assert sizes[("n51b3", "2026-08-22")] == 439 and sizes[("n51b3", "2026-09-15")] == 513
    assert lists["hts"].str.fullmatch(r"\d{8}|\d{10}").all()  # the precision the note gives, never cut


def test_tracker_lists_keep_the_precision_of_the_legal_text():
    # Note 19(k) (HTSUS 2026 rev. 6) names 3004.90.9244 only: the derivative list must not hold all of 3004.90.92.
    deriv = datasets.load("s232_derivative_products")
    al = set(deriv.loc[deriv["derivative_type"] == "aluminum", "hts_prefix"])
    assert "3004909244" in al and "30049092" not in al
    assert "2710193050" in al and "27101930" not in al
    annex = datasets.load("s232_annex_products")
    one_b = set(annex.loc[annex["annex"] == "1b", "hts_prefix"])
    assert "7615102015" in one_b and "761510" not in one_b
