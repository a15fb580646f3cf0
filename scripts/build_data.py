"""Build the package's shipped datasets from the project's shared source data.

Developer-only. Usage::

    python scripts/build_data.py [--shared ../shared/data]

Reads every source file of ``shared/data`` that tradedeal uses, canonicalises
its columns (zero-padded HS codes ``hs10``/``hs8``/``hs6``/``hs4``/``hs2``,
ISO3 country codes, money in ``value_usd`` or a column whose name carries the
unit, ``year`` as int, ``fiscal_year`` as "2024-25"), writes one compact,
deterministic Parquet file (zstd) per dataset under
``src/tradedeal/datasets/files/`` and the manifest ``files/manifest.json``
with provenance, row count and SHA-256 of every file.

Same input gives the same bytes: rows are sorted by a fixed key (or kept in
the source's order where the order carries meaning), no pandas index or
pandas metadata is written, and the Parquet writer options are fixed.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tradedeal.datasets.catalogue import role_from_dict, sha256_of  # noqa: E402
from tradedeal.datasets.roles import check_role  # noqa: E402
from tradedeal.fileio import atomic_path, write_text_atomic  # noqa: E402

OUT_DIR = ROOT / "src" / "tradedeal" / "datasets" / "files"
DEFAULT_SHARED = ROOT.parent / "shared" / "data"

# ---------------------------------------------------------------------------
# licences and sources used by several datasets
# ---------------------------------------------------------------------------
YALE_TRACKER = "Budget Lab at Yale, tariff-rate-tracker"
YALE_MIT = "MIT (Budget Lab at Yale)"
USITC_PD = "public domain (USITC, US government work)"
EIDB = "Government of India, Department of Commerce, Export Import Data Bank (EIDB), via a public scrape"
EIDB_LICENCE = "Government of India data; no licence stated in the source (check before redistribution)"
AGTPA = ("Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy "
         "Analysis: The Structural Gravity Model (WTO/UNCTAD), via the tradepolicy package")
CC_BY = "CC BY 4.0"
ICIO = ("OECD Inter-Country Input-Output tables, 2025 release, year 2022, as packed in the "
        "PyPI package sanction-simulator 0.1.4")
ICIO_LICENCE = "MIT (sanction-simulator packaging); OECD terms apply to the underlying ICIO data"
HAUK = ('Hauk, W. (2012), "U.S. import and export elasticities: a panel data approach", '
        "public replication files")
HAUK_LICENCE = "no licence stated (figures only)"
CONCORDANCE = ("concordance R package (Liao, Kim, Miyano, Zhang), from UN/WITS "
               "correspondence tables")
EIDB_INCOMPLETE = (
    "EIDB is INCOMPLETE: in FY2024-25 the HS8-by-country file covers about 68% of India's "
    "world exports and 70% of its exports to the US (smartphones 85171300 and several 2710 "
    "lines are missing). Use it for shares and diversion, never for totals; "
    "india_total_trade has the official totals."
)
HAUK_NOISY = (
    "Noisy: many estimates are insignificant or wrong-signed (see the flags), so users need a "
    "fall-back rule. Codes were stored as floats in the source (e.g. 101110010.0) and are "
    "restored to zero-padded strings here."
)


# ---------------------------------------------------------------------------
# dataset specification
# ---------------------------------------------------------------------------
@dataclass
class Spec:
    name: str
    origin: str
    description: str
    source: str
    licence: str
    vintage: str
    unit: str
    columns: dict[str, str] | Callable[[str], str]  # col -> meaning, or a function giving it
    notes: str
    build: Callable[[Path], Any]  # returns a DataFrame or (DataFrame, extra notes)
    roles: tuple[dict, ...] = ()  # what the dataset is for (tradedeal.datasets.roles.ROLES)
    kind: str = "table"           # 'table' (built to one Parquet file) or 'folder' (files copied as they are)
    entry: str = ""               # a folder's entry file (its own reader's manifest), kept in the repository


SPECS: list[Spec] = []


def dataset(name: str, origin: str, *, description: str, source: str, licence: str,
            vintage: str, unit: str, columns: dict[str, str] | Callable[[str], str],
            notes: str = "", roles: tuple[dict, ...] = ()):
    """Register the decorated build function as the recipe for dataset ``name``: the one
    declaration of a dataset (its roles say what code looks it up for)."""
    problems = [p for r in roles for p in check_role(role_from_dict(r), name)]
    if problems:
        raise ValueError("; ".join(problems))

    def deco(fn: Callable[[Path], Any]):
        SPECS.append(Spec(name, origin, description, source, licence, vintage, unit,
                          columns, notes, fn, tuple(roles)))
        return fn

    return deco


def folder_dataset(name: str, origin: str, files: tuple[str, ...], entry: str, *, description: str, source: str,
                   licence: str, vintage: str, unit: str, notes: str = "", roles: tuple[dict, ...] = ()) -> None:
    """Declare a dataset that is a folder of files copied as they are from ``origin`` (a folder of
    ../shared/data), read by its own reader through ``entry`` (a file of ours kept in the folder)."""
    problems = [p for r in roles for p in check_role(role_from_dict(r), name)]
    if problems:
        raise ValueError("; ".join(problems))

    def build(shared: Path):
        target = OUT_DIR / name
        target.mkdir(parents=True, exist_ok=True)
        for f in files:
            data = (shared / origin / f).read_bytes()
            with atomic_path(target / f) as tmp:
                tmp.write_bytes(data)
        if not (target / entry).is_file():
            raise ValueError(f"{name}: the entry file {entry} (ours) is missing from {target}")
        return None

    SPECS.append(Spec(name, origin, description, source, licence, vintage, unit, {}, notes, build, tuple(roles),
                      "folder", entry))


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def read_str_csv(path: Path, **kw) -> pd.DataFrame:
    """Read a CSV with every column as str and empty cells as ''."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kw)


def digits(s: pd.Series) -> pd.Series:
    """HTS codes like '0801.21.00' -> '08012100' ('' and 'NA' -> None)."""
    out = s.astype("string").str.replace(".", "", regex=False).str.strip()
    out = out.mask(out.isin(["", "NA"]))
    return out.astype(object).where(out.notna(), None)


def pad_float_code(s: pd.Series, width: int) -> pd.Series:
    """Codes stored as floats (101110010.0) -> zero-padded strings ('0101110010')."""
    if s.isna().any() or not (s % 1 == 0).all():
        raise ValueError(f"non-integral or missing codes in {s.name}")
    out = s.astype("int64").astype(str).str.zfill(width)
    if (out.str.len() != width).any():
        raise ValueError(f"codes wider than {width} digits in {s.name}")
    return out


def na_to_none(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Turn the literal 'NA' / '' of R exports into missing values."""
    for c in cols:
        df[c] = df[c].where(~df[c].isin(["NA", ""]), None)
    return df


def mn_to_usd(s: pd.Series) -> pd.Series:
    """USD millions -> USD, rounded to the dollar (sources have at most 4 decimals)."""
    return np.round(s.astype("float64") * 1e6)


def check_width(df: pd.DataFrame, col: str, width: int) -> None:
    vals = df[col].dropna()
    bad = vals[~vals.str.fullmatch(rf"\d{{{width}}}")]
    if len(bad):
        raise ValueError(f"{col}: {len(bad)} codes are not {width} digits, e.g. {bad.iloc[0]!r}")


def fy(label: pd.Series) -> pd.Series:
    """Fiscal-year labels like 'FY2024-25' or '2024-25 ...' -> '2024-25' (else None)."""
    got = label.astype(str).str.extract(r"(\d{4}-\d{2})", expand=False)
    return got.astype(object).where(got.notna(), None)


# ---------------------------------------------------------------------------
# country codes
# ---------------------------------------------------------------------------
# India EIDB partner names that pycountry's exact lookup does not resolve.
INDIA_MANUAL = {
    "AMERI SAMOA": "ASM", "ANTARTICA": "ATA", "ANTIGUA": "ATG", "BAHARAIN IS": "BHR",
    "BANGLADESH PR": "BGD", "BOSNIA-HRZGOVIN": "BIH", "BR VIRGN IS": "VGB",
    "BRITISH INDIAN": "IOT", "BRUNEI": "BRN", "C AFRI REP": "CAF", "CAPE VERDE IS": "CPV",
    "CAYMAN IS": "CYM", "CHINA P RP": "CHN", "CHRISTMAS IS.": "CXR", "COCOS IS": "CCK",
    "CONGO D. REP.": "COD", "CONGO P REP": "COG", "COOK IS": "COK",
    "COTE D' IVOIRE": "CIV", "CURACAO": "CUW", "DOMINIC REP": "DOM", "EGYPT A RP": "EGY",
    "EQUTL GUINEA": "GNQ", "FALKLAND IS": "FLK", "FAROE IS.": "FRO", "FIJI IS": "FJI",
    "FR GUIANA": "GUF", "FR POLYNESIA": "PYF", "GUINEA BISSAU": "GNB",
    "HEARD MACDONALD": "HMD", "KIRIBATI REP": "KIR", "KOREA DP RP": "PRK",
    "KOREA RP": "KOR", "KYRGHYZSTAN": "KGZ", "LAO PD RP": "LAO", "MACEDONIA": "MKD",
    "MARSHALL ISLAND": "MHL", "MICRONESIA": "FSM", "N. MARIANA IS.": "MNP",
    "NAURU RP": "NRU", "NETHERLAND": "NLD", "NIUE IS": "NIU", "NORFOLK IS": "NFK",
    "PAKISTAN IR": "PAK", "PANAMA REPUBLIC": "PAN", "PAPUA N GNA": "PNG",
    "PITCAIRN IS.": "PCN", "REUNION": "REU", "RUSSIA": "RUS", "SAHARWI A.DM RP": "ESH",
    "SAO TOME": "STP", "SAUDI ARAB": "SAU", "SLOVAK REP": "SVK", "SOLOMON IS": "SLB",
    "SRI LANKA DSR": "LKA", "ST HELENA": "SHN", "ST KITT N A": "KNA", "ST LUCIA": "LCA",
    "ST PIERRE": "SPM", "ST VINCENT": "VCT", "STATE OF PALEST": "PSE",
    "SVALLBARD AND J": "SJM", "SWAZILAND": "SWZ", "TANZANIA REP": "TZA",
    "TIMOR LESTE": "TLS", "TOKELAU IS": "TKL", "TRINIDAD": "TTO", "TURKEY": "TUR",
    "TURKS C IS": "TCA", "U ARAB EMTS": "ARE", "U K": "GBR", "U S A": "USA",
    "US MINOR OUTLYING ISLANDS": "UMI", "VANUATU REP": "VUT", "VATICAN CITY": "VAT",
    "VIETNAM SOC REP": "VNM", "VIRGIN IS US": "VIR", "WALLIS F IS": "WLF",
    "YEMEN REPUBLC": "YEM",
    # deliberately left without ISO3 (no current country, or not a country):
    "INSTALLATIONS IN INTERNATIONAL WATERS": None, "UNSPECIFIED": None,
    "NETHERLANDANTIL": None,  # Netherlands Antilles, dissolved 2010 (ANT withdrawn)
    "UNION OF SERBIA & MONTENEGRO": None,  # dissolved 2006 (SCG withdrawn)
    "PANAMA C Z": None,  # Panama Canal Zone, historical
}


def iso3_lookup(name: str, manual: dict[str, str | None]) -> str | None:
    """ISO3 for a country name: the manual table first, then pycountry's exact lookup."""
    if name in manual:
        code = manual[name]
    else:
        try:
            code = pycountry.countries.lookup(name).alpha_3
        except LookupError:
            return None
    if code is not None and pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"manual ISO3 {code!r} for {name!r} is not an ISO 3166 code")
    return code


def census_table(shared: Path) -> pd.DataFrame:
    names = read_str_csv(shared / "us_imports/census_codes.csv").rename(
        columns={"Code": "cty_code", "Name": "name"})
    iso = read_str_csv(shared / "us_imports/census_to_iso3.csv")
    t = names.merge(iso, on="cty_code", how="outer")
    t["iso3_source"] = np.where(t["iso3"].notna() & (t["iso3"] != ""), "census_to_iso3", None)
    missing = t["iso3_source"].isna()
    # the codes layer's maintained table fills the codes the source mapping leaves blank
    from tradedeal.codes.census import census_to_iso3

    filled = census_to_iso3(t.loc[missing, "cty_code"], strict=False)
    iso = {c.alpha_3 for c in pycountry.countries}  # ISO 3166 only: Kosovo's user-assigned XKX stays null
    t.loc[missing, "iso3"] = filled.where(filled.isin(iso)).astype(object).to_numpy()
    t.loc[missing & t["iso3"].notna(), "iso3_source"] = "tradedeal_codes"
    t["iso3"] = t["iso3"].where(t["iso3"].notna(), None)
    return t.sort_values("cty_code").reset_index(drop=True)


# ---------------------------------------------------------------------------
# US imports and Census codes
# ---------------------------------------------------------------------------
@dataset(
    "us_imports_2024", "us_imports/us_imports_hs10_country_2024.csv.gz, us_imports/census_to_iso3.csv",
    description="US imports for consumption, calendar 2024, by HTS10 line and partner country.",
    source="US Census Bureau, as compiled by the Budget Lab at Yale (Tariff-Model, "
           "resources/rate_aggregation/2024)",
    licence="public domain (US Census Bureau data)",
    vintage="calendar year 2024",
    unit="USD (customs value, imports for consumption)",
    columns={
        "hs10": "HTS 10-digit statistical line, zero-padded string",
        "exporter": "partner (country of origin) ISO3; null where no ISO3 exists (see notes)",
        "importer": "always 'USA'",
        "year": "always 2024",
        "value_usd": "imports for consumption, USD",
        "cty_code": "US Census Schedule C country code of the partner (India = 5330)",
        "gtap_code": "GTAP sector of the line, lower case as in the source",
    },
    notes=("Imports for consumption, so the India total (USD 86.30 bn) is below the Census "
           "'general imports' headline (87.4 bn)."),
    roles=(
        {"role": "import_table", "importer": "USA", "code_column": "hs10", "exporter_column": "exporter",
         "level": 10, "period": "calendar"},
        {"role": "trade", "importer": "USA", "exporter": "*", "code_column": "hs10", "level": 10,
         "exporter_column": "exporter", "period": "calendar", "reporter": "importer"},
        {"role": "universe", "importer": "USA", "code_column": "hs10", "width": 10},
    ),
)
def build_us_imports(shared: Path):
    u = read_str_csv(shared / "us_imports/us_imports_hs10_country_2024.csv.gz")
    census = census_table(shared)
    u["value_usd"] = u.pop("imports").astype("float64")
    check_width(u, "hs10", 10)
    direct = census.loc[census["iso3_source"] == "census_to_iso3"]
    u = u.merge(census[["cty_code", "iso3", "iso3_source"]], on="cty_code", how="left")
    not_in_file = ~u["cty_code"].isin(direct["cty_code"])
    filled = not_in_file & u["iso3"].notna()
    still = u["iso3"].isna()
    n_codes = u.loc[not_in_file, "cty_code"].nunique()
    note = (
        f"{n_codes} Census codes in the file have no ISO3 in census_to_iso3.csv; they carry "
        f"USD {u.loc[not_in_file, 'value_usd'].sum() / 1e9:.3f} bn "
        f"({u.loc[not_in_file, 'value_usd'].sum() / u['value_usd'].sum():.3%} of the total). "
        f"{u.loc[filled, 'cty_code'].nunique()} of them are resolved from tradedeal's Census table "
        "(src/tradedeal/codes/data/census_countries.csv; largest: "
        + ", ".join(f"{c} -> {i} (USD {v / 1e6:,.1f} mn)" for (c, i), v in
                    u.loc[filled].groupby(["cty_code", "iso3"])["value_usd"].sum().nlargest(5).items())
        + ") and marked iso3_source='tradedeal_codes' in "
        f"census_countries; {u.loc[still, 'cty_code'].nunique()} code(s) stay null"
        + (": " + ", ".join(f"{c} (USD {v / 1e6:.1f} mn)" for c, v in
                            u.loc[still].groupby("cty_code")["value_usd"].sum().items()) if still.any() else "")
        + " (4803 is Kosovo: its XKX is user-assigned, not ISO 3166). Group by cty_code to keep every partner."
    )
    u = u.rename(columns={"iso3": "exporter"})
    u["importer"] = "USA"
    u["year"] = 2024
    u = u[["hs10", "exporter", "importer", "year", "value_usd", "cty_code", "gtap_code"]]
    return u.sort_values(["hs10", "cty_code"]).reset_index(drop=True), note


@dataset(
    "census_countries", "us_imports/census_codes.csv, us_imports/census_to_iso3.csv",
    description="US Census Schedule C country codes with names and ISO3.",
    source="Budget Lab at Yale (Tariff-Model) lists of Census codes and Census-to-ISO3 mapping",
    licence=YALE_MIT,
    vintage="as used for the 2024 import data",
    unit="codes (no values)",
    columns={
        "cty_code": "Census country code, 4-digit string",
        "name": "Census country name",
        "iso3": "ISO 3166-1 alpha-3 code; null where none exists",
        "iso3_source": "'census_to_iso3' (from the source mapping file) or 'tradedeal_codes' "
                       "(from tradedeal's maintained Census table); null if none",
    },
)
def build_census(shared: Path):
    t = census_table(shared)
    none = t.loc[t["iso3"].isna(), ["cty_code", "name"]]
    note = (f"{(t['iso3_source'] == 'census_to_iso3').sum()} codes map through census_to_iso3.csv; "
            f"{(t['iso3_source'] == 'tradedeal_codes').sum()} more from tradedeal's Census table; "
            "no ISO3: " + "; ".join(f"{c} {n}" for c, n in none.values) + ".")
    return t[["cty_code", "name", "iso3", "iso3_source"]], note


# ---------------------------------------------------------------------------
# US tariff schedule
# ---------------------------------------------------------------------------
HTS_COLUMNS = {
    "hts": "HTS number exactly as in the file (e.g. '6109.10.00'); '' on unnumbered rows",
    "hts10": "digits of hts (no dots): 4, 6, 8 or 10 digits; null on unnumbered rows",
    "indent": "indent level (hierarchy depth) of the row",
    "description": "article description",
    "unit": "unit(s) of quantity, as in the file (a JSON-like list, e.g. '[\"No.\",\"kg\"]')",
    "general": "general (column 1, MFN) rate of duty, text",
    "special": "special rate(s) of duty with program codes, text",
    "column2": "column 2 rate of duty, text",
    "quota": "quota quantity, text",
    "additional": "additional duties, text",
}
HTS_RENAME = {"HTS Number": "hts", "Indent": "indent", "Description": "description",
              "Unit of Quantity": "unit", "General Rate of Duty": "general",
              "Special Rate of Duty": "special", "Column 2 Rate of Duty": "column2",
              "Quota Quantity": "quota", "Additional Duties": "additional"}


def build_hts(path: Path) -> pd.DataFrame:
    h = read_str_csv(path).rename(columns=HTS_RENAME)
    h["hts10"] = digits(h["hts"])
    h["indent"] = h["indent"].astype("int64")
    # keep the file's row order: the hierarchy (indent) depends on it
    return h[["hts", "hts10", "indent", "description", "unit", "general", "special",
              "column2", "quota", "additional"]]


@dataset(
    "hts_2025_basic", "us_tariff/hts_2025_basic_edition.csv.gz",
    description="Harmonized Tariff Schedule of the US, 2025 Basic Edition: every line with "
                "indent, description, unit and general / special / column 2 rates.",
    source="USITC, via Budget Lab at Yale Tariff-ETRs",
    licence=USITC_PD, vintage="HTSUS 2025 Basic Edition (effective 2025-01-01)",
    unit="rates as text, as printed in the schedule", columns=HTS_COLUMNS,
    notes="Rows are in schedule order (parents before children); the UTF-8 BOM of the header "
          "was stripped; a few indents were written '03'/'04' and are read as integers.",
    roles=(
        {"role": "universe", "importer": "USA", "code_column": "hts10", "width": 10},
        {"role": "descriptions", "importer": "USA", "code_column": "hts10", "text_column": "description",
         "indent_column": "indent", "label": "USITC HTSUS 2025 basic edition"},
    ),
)
def build_hts_basic(shared: Path):
    return build_hts(shared / "us_tariff/hts_2025_basic_edition.csv.gz")


@dataset(
    "hts_2025_april", "us_tariff/hts_2025_april_usitc_export.csv.gz",
    description="HTSUS 2025 around revision 9-10 (April 2025), USITC CSV export; includes "
                "headings 9903.01.25 and 9903.01.55.",
    source="USITC, via a public mirror", licence=USITC_PD,
    vintage="HTSUS 2025, about revision 9-10 (April 2025)",
    unit="rates as text, as printed in the schedule", columns=HTS_COLUMNS,
    notes="Rows are in schedule order (parents before children).",
)
def build_hts_april(shared: Path):
    return build_hts(shared / "us_tariff/hts_2025_april_usitc_export.csv.gz")


@dataset(
    "mfn_rates_2025", "us_tariff/mfn_rates_2025.csv",
    description="US MFN (column 1 general) rate by HTS8 line with a parsed ad-valorem rate.",
    source="Budget Lab at Yale (Tariff-ETRs)", licence=YALE_MIT, vintage="HTSUS 2025",
    unit="mfn_rate is a FRACTION (0.068 = 6.8%), ad-valorem part only",
    columns={
        "hs8": "HTS 8-digit line, zero-padded string",
        "mfn_rate": "parsed ad-valorem MFN rate as a fraction (0.068 = 6.8%)",
        "rate_type": "free / ad_valorem / specific / compound / other",
        "rate_raw": "the rate text as in the schedule",
    },
    notes="Specific and compound duties are coded 0 (ad-valorem part only): a known "
          "simplification that understates the MFN on those lines.",
)
def build_mfn(shared: Path):
    m = read_str_csv(shared / "us_tariff/mfn_rates_2025.csv")
    m["mfn_rate"] = m["mfn_rate"].astype("float64")
    check_width(m, "hs8", 8)
    n_spec = int(m["rate_type"].isin(["specific", "compound"]).sum())
    return m.sort_values("hs8").reset_index(drop=True), f"{n_spec} lines are specific or compound."


@dataset(
    "chapter99_notes_2026", "us_tariff/chapter99_notes_2026_rev6.txt.gz",
    description="Full text of HTS Chapter 99 (notes and headings), 2026 revision 6, one row per "
                "line (includes the 9903.01.84 note and its exclusions).",
    source="USITC, via Budget Lab at Yale tariff-rate-tracker", licence=USITC_PD,
    vintage="HTSUS 2026 revision 6", unit="text",
    columns={"line_no": "1-based line number in the text file",
             "text": "the line's text, with its leading spaces, without the newline"},
    notes="Text extracted from the PDF by the source: page headers and layout spaces remain. "
          "The source file is Latin-1 encoded (e.g. 0xA2 = the cent sign in specific rates); it "
          "is decoded as Latin-1 here, so text is proper Unicode (soft hyphens U+00AD kept).",
)
def build_ch99_notes(shared: Path):
    import gzip

    with gzip.open(shared / "us_tariff/chapter99_notes_2026_rev6.txt.gz", "rt",
                   encoding="latin-1", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return pd.DataFrame({"line_no": np.arange(1, len(lines) + 1, dtype="int64"),
                         "text": [ln.rstrip("\r") for ln in lines]})


# ---------------------------------------------------------------------------
# Chapter 99 product lists and headings, parsed from the text of the notes
# ---------------------------------------------------------------------------
CH99_FILE = "us_tariff/chapter99_notes_2026_rev6.txt.gz"
CH99_SOURCE = ("USITC, Harmonized Tariff Schedule of the United States, 2026 revision 6, Chapter 99 "
               "(text via Budget Lab at Yale tariff-rate-tracker)")
CH99_VINTAGE = "HTS 2026 revision 6"
SUBCH3 = "to subchapter III of chapter 99"

# Page furniture of the PDF text: running headers, page numbers, column heads, footers.
_CH99_PAGE = re.compile(
    r"Harmonized Tariff Schedule of the United States|Annotated for Statistical Reporting"
    r"|^\s*XXII\s*$|99 - [IVX]+ - \d+")
_CH99_CON = re.compile(r"^\s*U\.S\. Notes \(con\.\)")
# An HTS code as printed in the notes: 0201.10.05, 8505.11.0070, 8511.10.00.00 (rare), 8473.30, 8471
_CH99_CODE = re.compile(r"(?<![\d.])\d{4}(?:\.\d{2}(?:\.\d{2}(?:\.?\d{2})?)?)?(?!\d|\.\d)")
_CH99_SEP = re.compile(r"^(?:[\s;,.]|\band\b)*$")
_CH99_ITEM = re.compile(r"(?m)^\s*\(\d+\)\s")
_CH99_CLASSIFIABLE = re.compile(r"classifiable\s+in\s+subheading\s+(\d{4}\.\d{2}\.\d{2})")


def ch99_lines(shared: Path) -> list[str]:
    """The Chapter 99 text, one string per line; index 0 is line 1 (as chapter99_notes_2026)."""
    import gzip

    with gzip.open(shared / CH99_FILE, "rt", encoding="latin-1", newline="") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln.rstrip("\r") for ln in lines]


@dataclass(frozen=True)
class Ch99List:
    list_id: str
    note: str     # legal reference
    heading: str  # Chapter 99 heading(s) under which the list is claimed ("; " between several)
    mode: str     # "codes": a column or inline list of codes; "articles": numbered particular
                  # articles "(n) ... (classifiable in subheading X)"
    start: str    # regex matching the (unique) first line of the introductory sentence
    end: str      # regex the first line after the list must match (checked: a layout change fails)


_N2 = "U.S. note 2"
CH99_LISTS = [
    # IEEPA reciprocal tariffs, U.S. note 2(v) to subchapter III
    Ch99List("annex_ii", f"{_N2}(v)(iii)(a) {SUBCH3}", "9903.01.32", "codes",
             r"\(a\) As provided for in heading 9903\.01\.32,",
             r"^\(b\) As provided in heading 9903\.02\.78"),
    Ch99List("reciprocal_ag_2025_11", f"{_N2}(v)(iii)(b) {SUBCH3}", "9903.02.78", "articles",
             r"^\(b\) As provided in heading 9903\.02\.78,",
             r"^\(iv\) As provided in 9903\.01\.26"),
    Ch99List("eu_ptaap", f"{_N2}(v)(xx) {SUBCH3}", "9903.02.74", "codes",
             r"^\(xx\) As provided in heading 9903\.02\.74,",
             r"^\(xxi\) "),
    Ch99List("eu_particular_articles", f"{_N2}(v)(xxi) {SUBCH3}", "9903.02.75", "articles",
             r"^\(xxi\) As provided in heading 9903\.02\.75,",
             r"^\(xxii\) "),
    Ch99List("eu_civil_aircraft", f"{_N2}(v)(xxii) {SUBCH3}", "9903.02.76", "codes",
             r"^\(xxii\)\s+As provided in heading 9903\.02\.76,",
             r"^\(xxiii\) "),
    Ch99List("eu_pharma_nonpatented", f"{_N2}(v)(xxiii) {SUBCH3}", "9903.02.77", "codes",
             r"^\(xxiii\) As provided in heading 9903\.02\.77,",
             r"^\(xxiv\)"),
    Ch99List("korea_civil_aircraft", f"{_N2}(v)(xxiv)(b) {SUBCH3}", "9903.02.81", "codes",
             r"^\(b\) As provided in heading 9903\.02\.81,",
             r"^\(xxv\)"),
    Ch99List("swiss_ptaap", f"{_N2}(v)(xxv)(b) {SUBCH3}", "9903.02.84; 9903.02.89", "codes",
             r"^\(b\) As provided in headings 9903\.02\.84 and 9903\.02\.89,",
             r"^\(c\) As provided in headings 9903\.02\.85"),
    Ch99List("swiss_civil_aircraft",
             f"{_N2}(v)(xxv)(c) {SUBCH3}", "9903.02.85; 9903.02.90", "codes",
             r"^\(c\) As provided in headings 9903\.02\.85 and 9903\.02\.90,",
             r"^\(d\) As provided in headings 9903\.02\.86"),
    Ch99List("swiss_pharma_nonpatented",
             f"{_N2}(v)(xxv)(d) {SUBCH3}", "9903.02.86; 9903.02.91", "codes",
             r"^\(d\) As provided in headings 9903\.02\.86 and 9903\.02\.91,",
             r"^\(x\)\s*$"),
    # IEEPA Brazil duty (9903.01.77), U.S. note 2(x)
    Ch99List("brazil_exempt", f"{_N2}(x)(iii)(a) {SUBCH3}", "9903.01.81", "codes",
             r"^\(a\) As provided in heading 9903\.01\.81,",
             r"^\(b\) As provided in heading 9903\.01\.90"),
    Ch99List("brazil_particular_articles", f"{_N2}(x)(iii)(b) {SUBCH3}", "9903.01.90", "articles",
             r"^\(b\) As provided in heading 9903\.01\.90,",
             r"^\(iv\) As provided in heading 9903\.01\.82"),
    Ch99List("brazil_civil_aircraft", f"{_N2}(x)(iv) {SUBCH3}", "9903.01.82", "codes",
             r"^\(iv\) As provided in heading 9903\.01\.82,",
             r"^\(v\) The additional duties imposed by heading 9903\.01\.77"),
    # Section 122 surcharge (9903.03.01), U.S. note 2(aa)
    Ch99List("s122_exempt", f"{_N2}(aa)(ii) {SUBCH3}", "9903.03.03", "codes",
             r"^\(ii\) As provided in heading 9903\.03\.03,",
             r"^\(iii\) As provided in heading 9903\.03\.04"),
    Ch99List("s122_exempt_iii", f"{_N2}(aa)(iii) {SUBCH3}", "9903.03.04", "articles",
             r"^\(iii\) As provided in heading 9903\.03\.04,",
             r"^\(iv\) As provided in heading 9903\.03\.05"),
    Ch99List("s122_civil_aircraft", f"{_N2}(aa)(iv) {SUBCH3}", "9903.03.05", "codes",
             r"^\(iv\) As provided in heading 9903\.03\.05,",
             r"^\(v\) As provided in heading 9903\.03\.06"),
    # civil aircraft of the United Kingdom and Japan, U.S. note 35
    Ch99List("uk_civil_aircraft", f"U.S. note 35(a) {SUBCH3}", "9903.96.01", "codes",
             r"^\(a\) As provided in heading 9903\.96\.01,",
             r"^\s*\(b\) As provided in heading 9903\.96\.02"),
    Ch99List("japan_civil_aircraft", f"U.S. note 35(b) {SUBCH3}", "9903.96.02", "codes",
             r"^\s*\(b\) As provided in heading 9903\.96\.02,",
             r"^36\. \[Note deleted\.\]"),
    # Section 232 products
    Ch99List("s232_autos", f"U.S. note 33(b) {SUBCH3}", "9903.94.01", "codes",
             r"^\(b\) The rates of duty set forth in headings 9903\.94\.01,",
             r"^\(c\) Heading 9903\.94\.02 applies"),
    Ch99List("s232_auto_parts", f"U.S. note 33(g) {SUBCH3}", "9903.94.05", "codes",
             r"^\(g\) Subject to a manufacturer's import adjustment offset",
             r"^\(h\) Heading 9903\.94\.06"),
    Ch99List("s232_uk_autos", f"U.S. note 33(i) {SUBCH3}", "9903.94.31", "codes",
             r"^\(i\) Heading 9903\.94\.31 sets forth",
             r"^The aggregate annual import volume under heading 9903\.94\.31"),
    Ch99List("s232_uk_auto_parts", f"U.S. note 33(j) {SUBCH3}", "9903.94.32", "codes",
             r"^\(j\) Heading 9903\.94\.32 sets forth",
             r"^Any automotive part"),
    Ch99List("s232_timber", f"U.S. note 37(b) {SUBCH3}", "9903.76.01", "codes",
             r"^\(b\) The rates of duty set forth in heading 9903\.76\.01 apply",
             r"^\(c\) Heading 9903\.76\.02"),
    Ch99List("s232_upholstered_furniture", f"U.S. note 37(d) {SUBCH3}", "9903.76.02", "codes",
             r"^\(d\) The rates of duty set forth in headings 9903\.76\.02,",
             r"^\(e\) Except for as provided by 9903\.76\.04"),
    Ch99List("s232_kitchen_cabinets", f"U.S. note 37(f) {SUBCH3}", "9903.76.03", "codes",
             r"^\(f\) Except for as provided by 9903\.76\.04, the rates",
             r"^\(g\) Heading 9903\.76\.04"),
    Ch99List("s232_mhd_vehicles", f"U.S. note 38(b) {SUBCH3}", "9903.74.01", "codes",
             r"^\s*\(b\) The rate of duty set forth in heading 9903\.74\.01 applies",
             r"^\s*\(c\) Heading 9903\.74\.02"),
    Ch99List("s232_buses", f"U.S. note 38(c) {SUBCH3}", "9903.74.02", "codes",
             r"^\s*\(c\) Heading 9903\.74\.02 applies to buses",
             r"^\(d\) Heading 9903\.74\.03"),
    Ch99List("s232_mhd_parts", f"U.S. note 38(i) {SUBCH3}", "9903.74.08", "codes",
             r"^\(i\) The rates of duty set forth in heading 9903\.74\.08 apply",
             r"^\(j\) Heading 9903\.74\.09"),
    Ch99List("s232_semiconductors", f"U.S. note 39(b) {SUBCH3}", "9903.79.01", "codes",
             r"^\s*\(b\) For the purposes of this note, \"semiconductor articles\"",
             r"^\s*To be included within the definition"),
    Ch99List("s232_aluminum_articles", f"U.S. note 16(c)(i) {SUBCH3}", "9903.82.02", "codes",
             r"^\s*\(i\) Articles of aluminum:\s*$",
             r"^\s*\(ii\) Derivative aluminum articles:"),
    Ch99List("s232_aluminum_derivatives_ii", f"U.S. note 16(c)(ii) {SUBCH3}", "9903.82.02", "codes",
             r"^\s*\(ii\) Derivative aluminum articles:\s*$",
             r"^\s*\(iii\) Articles of steel:"),
    Ch99List("s232_aluminum_derivatives_vi", f"U.S. note 16(c)(vi) {SUBCH3}", "9903.82.09", "codes",
             r"^\(vi\) Derivative aluminum articles:\s*$",
             r"^\s*\(vii\) Derivative steel articles:"),
    Ch99List("s232_steel_derivatives_vii", f"U.S. note 16(c)(vii) {SUBCH3}", "9903.82.09", "codes",
             r"^\s*\(vii\) Derivative steel articles:",
             r"^\(viii\) Articles of copper:"),
    Ch99List("s232_copper_articles_viii", f"U.S. note 16(c)(viii) {SUBCH3}", "9903.82.09", "codes",
             r"^\(viii\) Articles of copper:\s*$",
             r"^\(ix\) Derivative aluminum articles:"),
    Ch99List("s232_aluminum_derivatives_ix",
             f"U.S. note 16(c)(ix) {SUBCH3}", "9903.82.10; 9903.82.11", "codes",
             r"^\(ix\) Derivative aluminum articles:\s*$",
             r"^\(x\) Derivative steel articles:"),
    Ch99List("s232_steel_derivatives_x",
             f"U.S. note 16(c)(x) {SUBCH3}", "9903.82.10; 9903.82.11", "codes",
             r"^\(x\) Derivative steel articles:\s*$",
             r"^\(d\) Headings 9903\.82\.04 and 9903\.82\.05"),
    Ch99List("s232_legacy_aluminum_derivatives_8507",
             f"U.S. note 19(j) {SUBCH3}", "9903.85.07", "codes",
             r"^\(j\) The rates of duty set forth in heading 9903\.85\.07 apply",
             r"^\(k\) The rates of duty in heading 9903\.85\.08"),
    Ch99List("s232_legacy_aluminum_derivatives_8508",
             f"U.S. note 19(k) {SUBCH3}", "9903.85.08", "codes",
             r"^\(k\) The rates of duty in heading 9903\.85\.08 apply",
             r"^\s*For any derivative aluminum product that is classified"),
]


def _ch99_body(lines: list[str], spec: Ch99List) -> tuple[int, list[tuple[int, str]]]:
    """(first line, [(line_no, text)]) after the introductory sentence of ``spec``: page furniture
    and compiler's notes removed, the text starting just after the sentence's colon."""
    pat = re.compile(spec.start)
    hits = [i for i, ln in enumerate(lines, 1) if pat.search(ln.replace("\f", ""))]
    if len(hits) != 1:
        raise ValueError(f"{spec.list_id}: start pattern found on lines {hits[:5]}, expected once")
    first = hits[0]
    out: list[tuple[int, str]] = []
    in_note = False
    for no in range(first, min(len(lines), first + 3000) + 1):
        text = lines[no - 1].replace("\f", "")
        if _CH99_PAGE.search(text):
            continue
        text = _CH99_CON.sub("", text)
        if in_note:  # a compiler's note running over several lines
            k = text.find("]")
            if k < 0:
                continue
            text, in_note = text[k + 1:], False
        text = re.sub(r"\[Compiler's note:[^\]]*\]", "", text)
        k = text.find("[Compiler's note:")
        if k >= 0:
            text, in_note = text[:k], True
        out.append((no, text))
    out[0] = (out[0][0], out[0][1][pat.search(out[0][1]).start():])
    for n, (no, text) in enumerate(out):  # the list starts after the sentence's colon
        k = text.find(":")
        if k >= 0:
            return first, [(no, text[k + 1:])] + out[n + 1:]
    raise ValueError(f"{spec.list_id}: no colon after the introductory sentence")


def extract_ch99_list(lines: list[str], spec: Ch99List) -> list[tuple[str, int]]:
    """The codes of one list as (dotted code, line number), in reading order."""
    first, body = _ch99_body(lines, spec)
    found: list[tuple[str, int]] = []
    stop = None
    if spec.mode == "codes":
        # a list is every line made only of codes and separators, up to the first line of prose
        for no, text in body:
            if _CH99_SEP.match(_CH99_CODE.sub("", text)):
                found += [(c, no) for c in _CH99_CODE.findall(text)]
            else:
                stop = (no, text)
                break
    else:
        # numbered particular articles, up to the next lettered/roman subdivision
        kept = []
        for n, (no, text) in enumerate(body):
            if n and re.match(r"^\s*\((?:[a-z]{1,2}|[ivxl]+)\)\s", text):
                stop = (no, text)
                break
            kept.append((no, text))
        joined, starts = "", []
        for no, text in kept:
            starts.append((len(joined), no))
            joined += text + " "
        for m in _CH99_CLASSIFIABLE.finditer(joined):
            found.append((m.group(1), [no for p, no in starts if p <= m.start(1)][-1]))
        items = len(_CH99_ITEM.findall("\n".join(t for _, t in kept)))
        if items != len(found):
            raise ValueError(f"{spec.list_id}: {items} numbered articles but {len(found)} codes")
    if stop is None or not re.search(spec.end, stop[1]):
        raise ValueError(f"{spec.list_id} (from line {first}): list ended at {stop!r}, "
                         f"expected a line matching {spec.end!r}")
    if not found:
        raise ValueError(f"{spec.list_id}: no codes")
    return found


@dataset(
    "ch99_product_lists", CH99_FILE,
    description="The product lists written in the Chapter 99 notes (HTS 2026 revision 6): "
                "exemptions from the IEEPA reciprocal, Brazil and Section 122 duties (Annex II, "
                "framework-agreement lists for the EU, Korea, Switzerland/Liechtenstein, civil "
                "aircraft, non-patented pharmaceuticals) and the Section 232 product scopes "
                "(autos and parts, medium/heavy-duty vehicles and parts, buses, timber, furniture, "
                "kitchen cabinets, semiconductors, aluminium/steel/copper articles). One row per "
                "(list_id, hts).",
    source=CH99_SOURCE, licence=USITC_PD, vintage=CH99_VINTAGE, unit="codes",
    columns={
        "list_id": "stable id of the list (see notes)",
        "hts": "HTS code as written in the list, digits only: 8 or 10 digits, or 4/6 digits where "
               "the note names a whole heading/subheading (it covers every line below it)",
        "note": "legal reference of the list, e.g. 'U.S. note 2(v)(iii)(a) to subchapter III of "
                "chapter 99'",
        "heading": "Chapter 99 heading under which the exemption or coverage is claimed; several "
                   "headings (one per country) are separated by '; '",
        "source_line": "1-based line of the source text (= chapter99_notes_2026.line_no) where the "
                       "code was read",
    },
    notes=(
        "Each list is located by its introductory sentence and runs to the next subdivision; the "
        "build fails if a list does not end where expected. Page headers, footers and compiler's "
        "notes are skipped; on some pages the PDF text puts the first column a few rows lower, so "
        "source_line is the line where the code was printed, and rows keep the text's reading "
        "order (not sorted). Duplicates within a list are dropped (first kept; none found). "
        "Lists: annex_ii = note 2(v)(iii)(a), heading 9903.01.32, products exempt from the "
        "reciprocal duties of 9903.01.25/.35/.39/.63 and 9903.02.01-.73/.79-.80/.82-.83/.87-.88 "
        "(includes the energy, pharmaceutical and November 2025 agricultural additions such as "
        "coffee 0901, tea, spices, beef 0201/0202; whole headings 8471, 8486, 8524, 8542 and "
        "subheading 8473.30 are kept at 4/6 digits); reciprocal_ag_2025_11 = note 2(v)(iii)(b), "
        "heading 9903.02.78, the 11 'particular articles' of the November 2025 order (etrogs, "
        "frozen tropical fruit, acai, coconut water, religious items: coffee, tea, spices and beef "
        "are in annex_ii, not here); eu_ptaap, eu_particular_articles, eu_civil_aircraft, "
        "eu_pharma_nonpatented = note 2(v)(xx)-(xxiii), headings 9903.02.74-.77 (EU only); "
        "korea_civil_aircraft = 2(v)(xxiv)(b), 9903.02.81; swiss_ptaap, swiss_civil_aircraft, "
        "swiss_pharma_nonpatented = 2(v)(xxv)(b)-(d), headings 9903.02.84-.86 (Switzerland) and "
        "9903.02.89-.91 (Liechtenstein); brazil_exempt, brazil_particular_articles, "
        "brazil_civil_aircraft = 2(x)(iii)(a), (iii)(b), (iv), headings 9903.01.81, .90, .82 "
        "(exemptions from the Brazil duty 9903.01.77); s122_exempt, s122_exempt_iii (the same 11 "
        "particular articles), s122_civil_aircraft = 2(aa)(ii)-(iv), headings 9903.03.03-.05 "
        "(exemptions from the Section 122 surcharge 9903.03.01; the aircraft list omits 8471, "
        "8517.13, 8528.52 and 8108.90.60, which are in s122_exempt); uk_civil_aircraft, "
        "japan_civil_aircraft = note 35(a)-(b), 9903.96.01-.02; s232_autos = note 33(b) "
        "(9903.94.01 and the country headings); s232_auto_parts = 33(g) (9903.94.05 and the "
        "Japan/EU/Korea parts headings); s232_uk_autos, s232_uk_auto_parts = 33(i)-(j), "
        "9903.94.31-.32 (UK quota); s232_timber, s232_upholstered_furniture, "
        "s232_kitchen_cabinets = note 37(b), (d), (f), 9903.76.01-.03 (and the UK/Japan/EU/Korea "
        "headings 9903.76.20-.23); s232_mhd_vehicles, s232_buses, s232_mhd_parts = note 38(b), "
        "(c), (i), 9903.74.01, .02, .08; s232_semiconductors = note 39(b), 9903.79.01 (only "
        "chips meeting the note's technical thresholds are covered); s232_aluminum_articles, "
        "s232_aluminum_derivatives_ii, _vi, _ix, s232_steel_derivatives_vii, _x, "
        "s232_copper_articles_viii = note 16(c)(i), (ii), (vi), (ix), (vii), (x), (viii) (the "
        "metals regime of headings 9903.82.02-.19: (i)-(ii) under 9903.82.02, (vi)-(viii) under "
        "9903.82.09, (ix)-(x) under 9903.82.10/.11; UK, Russia and US-metal headings in note "
        "16(d)-(f)); s232_legacy_aluminum_derivatives_8507/_8508 = note 19(j)-(k), for headings "
        "9903.85.07/.08 that are no longer in the heading table of revision 6 (kept for history). "
        "NOT extracted: note 16(c)(iii) articles of steel, (iv) derivative steel articles and (v) "
        "articles of copper (pages 99-III-64/65: the PDF text interleaves the three lists and "
        "their titles across columns, so codes cannot be assigned to a list reliably); the UK "
        "aluminium lists of note 19(q)-(s) (headings 9903.85.13-.15 no longer exist); the "
        "Section 301 (China, notes 20 and 31), Airbus (note 21) and Russia lists (out of scope: "
        "see s301_product_lists)."),
)
def build_ch99_lists(shared: Path):
    lines = ch99_lines(shared)
    frames = []
    for spec in CH99_LISTS:
        got = extract_ch99_list(lines, spec)
        d = pd.DataFrame(got, columns=["code", "source_line"])
        d["hts"] = d["code"].str.replace(".", "", regex=False)
        if not d["hts"].str.len().isin([4, 6, 8, 10]).all():
            raise ValueError(f"{spec.list_id}: code of unexpected length")
        d = d.drop_duplicates("hts", keep="first")
        d.insert(0, "list_id", spec.list_id)
        d["note"], d["heading"] = spec.note, spec.heading
        frames.append(d)
    out = pd.concat(frames, ignore_index=True)
    out["source_line"] = out["source_line"].astype("int64")
    counts = ", ".join(f"{k} {v}" for k, v in out.groupby("list_id", sort=False).size().items())
    print(f"  ch99_product_lists: {counts}", flush=True)
    return out[["list_id", "hts", "note", "heading", "source_line"]], f"Codes per list: {counts}."


# --- headings 9903.01.01-9903.03.11 and the Section 232 headings --------------------------
CH99_HEADING_GROUPS = re.compile(r"^9903\.(?:0[123]|74|76|79|82|85|94|96)\.")
_HEAD_LINE = re.compile(r"^(9903\.\d{2}\.\d{2})\s+(?:1/)?\s*(.*)$")
_HEAD_FURNITURE = re.compile(
    r"Harmonized Tariff Schedule of the United States|Annotated for Statistical Reporting"
    r"|^\s*XXII\s*$|99 - [IVX]+ - \d+|^\s*Heading/ Stat\.|^\s*Subheading Suf-|Article Description"
    r"|^\s*fix\b|^\s*General\s+Special|^\s*Quantity\b|^\s*of\s*$|^\s*1/ See chapter 99"
    r"|^\s*Note: The shaded")
_FRAGMENT = re.compile(r"\S+(?: \S+)*")  # runs of text separated by 2+ spaces = table cells
_RATE = re.compile(r"The duty provided in the applicable subheading(?:\s*\+\s*(\d+(?:\.\d+)?)%"
                   r"|\s*(\+))?|(\d+(?:\.\d+)?)%|(No change)\.?|Free", re.I)
_LEADER = re.compile(r"\.{4,}\s*(?:1/)?\s*$")
_PRODUCT_OF = [
    re.compile(r"(?:\b(?:the|a) products? of|\bthat are products of)\s+(?!any\b)(?:the )?(.+?)"
               r"(?=,? as (?:provided|specified)\b|,? that\b|,? with\b|,? which\b"
               r"|,? and determined\b|,? classified\b|,? excluding\b|,? entered\b|,? provided\b"
               r"|,? or where\b|\s*\[|:|;|\.\s|\.?$)", re.I),
    re.compile(r"\b(?:parts and components|[Ww]ood products|[Aa]utomobile parts|light trucks) of "
               r"(?!any\b)(?:the )?([A-Z][A-Za-z ]+?)(?=,| as\b| that\b| classified\b|\s*\[|\.?$)"),
]
CH99_COUNTRY_MANUAL = {"Brunei": "BRN", "Democratic Republic of the Congo": "COD",
                       "Falkland Islands": "FLK", "Myanmar (Burma)": "MMR", "Turkey": "TUR"}


def _ch99_heading_table(lines: list[str]):
    """Headings of the Chapter 99 table with their General-column rate statements and texts.

    The table is read by column position: on each page the General column starts one character
    left of the cells 'provided in the' (the second line of 'The duty / provided in the /
    applicable / subheading + NN%'). That column's cells, read top to bottom over all pages, form
    a stream of rate statements; each is given to the heading whose rows it starts in, except
    (a) one printed between a page's column heads and its first heading, which belongs to that
    heading, and (b) where a heading holds two statements and the next one none, the second
    moves down (the PDF prints some rates on the previous heading's last row)."""
    tops = [i for i, ln in enumerate(lines, 1)
            if "Harmonized Tariff Schedule of the United States" in ln]
    first_head = next(i for i, ln in enumerate(lines, 1) if ln.startswith("9903.01.01 "))
    pages = [(a, b) for a, b in zip(tops, tops[1:] + [len(lines) + 1]) if b > first_head]
    cells, heads, desc, page_starts = [], [], {}, []
    current = None
    for p0, p1 in pages:
        cols = {}
        for i in range(max(p0, first_head), p1):
            if _HEAD_FURNITURE.search(lines[i - 1]):
                continue
            for f in _FRAGMENT.finditer(lines[i - 1]):
                if f.group() == "provided in the" and f.start() > 90:
                    cols[f.start() - 1] = cols.get(f.start() - 1, 0) + 1
        if not cols:
            continue
        g = max(cols, key=cols.get)
        page_starts.append(p0)
        for i in range(max(p0, first_head), p1):
            text = lines[i - 1].replace("\f", "")
            if _HEAD_FURNITURE.search(text):
                continue
            m = _HEAD_LINE.match(text)
            if m:
                current = m.group(1)
                heads.append((i, current))
                desc[current] = []
                text = " " * m.start(2) + text[m.start(2):]
            for f in _FRAGMENT.finditer(text):
                if f.group() == "1/":
                    continue
                if g - 2 <= f.start() <= g + 4:
                    cells.append((i, f.group()))
                elif f.start() < g - 4 and current:
                    desc[current].append((f.start(), f.group()))
    # rate statements from the General-column stream
    stream, offsets = "", []
    for i, t in cells:
        offsets.append((len(stream), i))
        stream += t + " "
    starts = [o for o, _ in offsets]

    def line_at(pos: int) -> int:
        return offsets[bisect.bisect_right(starts, pos) - 1][1]

    statements, pos = [], 0
    for m in _RATE.finditer(stream):
        gap = stream[pos:m.start()]
        if gap.strip():
            statements.append((None, line_at(pos + len(gap) - len(gap.lstrip()))))
        statements.append((m, line_at(m.start())))
        pos = m.end()
    if stream[pos:].strip():
        statements.append((None, line_at(pos)))
    head_lines = [i for i, _ in heads]
    got: dict[str, list] = {h: [] for _, h in heads}
    for m, i in statements:
        k = bisect.bisect_right(head_lines, i) - 1
        if k < 0:
            continue
        if k + 1 < len(heads) and any(head_lines[k] < t <= i for t in page_starts):
            k += 1  # printed above the first heading of a page
        got[heads[k][1]].append(m)
    names = [h for _, h in heads]
    for a, b in zip(names, names[1:]):
        if len(got[a]) == 2 and all(got[a]) and not got[b]:
            got[b].append(got[a].pop())
    # article descriptions; text after a heading's dotted leader is superior text that heads
    # the next (indented) heading(s)
    texts, superior = {}, ""
    for _, h in heads:
        own, rest, done = [], [], False
        for col, t in desc[h]:
            (rest if done else own).append((col, t))
            done = done or bool(_LEADER.search(t))
        indented = bool(own) and own[0][0] > 20
        body = re.sub(r"\.{4,}\s*(?:1/)?\s*$", "", " ".join(t for _, t in own)).strip()
        if indented and superior:
            body = superior + " " + body
        texts[h] = re.sub(r"\s+", " ", body.replace("\u00ad", "-")).strip()
        if rest:
            superior = " ".join(t for _, t in rest)
        elif not indented:
            superior = ""
    return heads, got, texts


def _ch99_rate(found: list, text: str) -> tuple[float | None, str, str | None]:
    """(rate_pct, rate_kind, General-column text) of one heading; never a guess."""
    if len(found) != 1 or found[0] is None:
        seen = " | ".join(m.group(0) if m else "?" for m in found) or None
        return None, "unknown", seen
    m = found[0]
    raw = re.sub(r"\s+", " ", m.group(0))
    if m.group(1):
        return float(m.group(1)), "additional", raw
    if m.group(3):
        floor = re.search(rf"less than {re.escape(m.group(3))} percent", text)
        return (float(m.group(3)), "floor", raw) if floor else (None, "unknown", raw)
    if m.group(2) or raw.lower().startswith("free"):
        return None, "unknown", raw
    return 0.0, "none", raw  # 'The duty provided in the applicable subheading' or 'No change'


def _ch99_country(text: str) -> tuple[str | None, str | None]:
    for rx in _PRODUCT_OF:
        m = rx.search(text)
        if m:
            name = m.group(1).strip()
            if name == "European Union":
                return name, "EUN"
            if re.search(r",| or | including ", name) or name == "China and Hong Kong":
                return name, None  # several countries named: no single ISO3
            return name, iso3_lookup(name, CH99_COUNTRY_MANUAL)
    return None, None


@dataset(
    "ch99_headings", CH99_FILE,
    description="Chapter 99 headings 9903.01.01-9903.03.11 (IEEPA fentanyl/reciprocal/Brazil/India "
                "duties, Section 122 surcharge) and the Section 232 headings 9903.74, .76, .79, "
                ".82, .85, .94, .96 of HTS 2026 revision 6, with the country named, the General "
                "rate column read as an additional rate or an all-in floor, and the article text.",
    source=CH99_SOURCE, licence=USITC_PD, vintage=CH99_VINTAGE, unit="percent ad valorem",
    columns={
        "heading": "Chapter 99 heading, e.g. '9903.02.26'",
        "country": "country named in 'articles the product of X' (or 'parts ... of X'), as "
                   "written; several countries are kept as written ('Cameroon or the Democratic "
                   "Republic of the Congo'); null when none (any country, or a product scope)",
        "iso3": "ISO 3166 alpha-3 of that country ('EUN' for the European Union); null when no "
                "country or several",
        "rate_pct": "percent: the '+ NN%' added to the subheading's duty (rate_kind additional), "
                    "the all-in NN% (floor), 0 when the General column is 'The duty provided in "
                    "the applicable subheading' or 'No change' (none); null when unknown",
        "rate_kind": "additional | floor | none | unknown",
        "rate_text": "the General rate column as read ('?' marks text that is not a rate; "
                     "several statements are separated by ' | '); null when the column is empty",
        "text": "the article description (superior text prepended for indented headings), "
                "whitespace collapsed, first 600 characters",
        "source_line": "1-based line of the source text (= chapter99_notes_2026.line_no) where the "
                       "heading starts",
    },
    notes=(
        "Rates are read from the General column by position (see the build function): a rate is "
        "kept only when exactly one rate statement is found for the heading; a bare 'NN%' is a "
        "floor only when the heading text says the column 1 rate is 'less than NN percent' (the "
        "'the sum ... will be NN percent' headings); otherwise rate_kind is 'unknown' and "
        "rate_pct null (e.g. 9903.01.29, the column 2 countries, whose General column is empty; "
        "9903.74.03/9903.94.03 whose rate applies to non-U.S. content; the flat 10%/15% of "
        "9903.76.21-.23 and 9903.94.32-.33). The Special and column 2 rates are not read. "
        "Headings terminated or suspended in the text are kept (their text says so). "
        "9903.01.35-.42 do not exist in revision 6; the Section 301, Russia and Airbus headings "
        "(9903.88-9903.92, 9903.89) are not included."),
)
def build_ch99_headings(shared: Path):
    lines = ch99_lines(shared)
    heads, got, texts = _ch99_heading_table(lines)
    rows = []
    for line_no, h in heads:
        if not CH99_HEADING_GROUPS.match(h):
            continue
        rate, kind, raw = _ch99_rate(got[h], texts[h])
        country, iso3 = _ch99_country(texts[h])
        rows.append({"heading": h, "country": country, "iso3": iso3, "rate_pct": rate,
                     "rate_kind": kind, "rate_text": raw, "text": texts[h][:600],
                     "source_line": line_no})
    d = pd.DataFrame(rows)
    if d["heading"].duplicated().any():
        raise ValueError("duplicate Chapter 99 heading")
    d["rate_pct"] = d["rate_pct"].astype("float64")
    d["source_line"] = d["source_line"].astype("int64")
    for c in ("country", "iso3", "rate_text"):
        d[c] = d[c].astype(object).where(d[c].notna(), None)
    kinds = d["rate_kind"].value_counts().to_dict()
    return d, ("Rate kinds: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(kinds)) + ".")


@dataset(
    "hts_revision_dates", "us_tariff/hts_revision_dates.csv",
    description="Dated list of HTSUS revisions 2025-2026 with the policy event each carries.",
    source=YALE_TRACKER, licence=YALE_MIT, vintage="2025 basic edition to 2026 revision 7",
    unit="dates (ISO strings)",
    columns={
        "revision": "revision label (basic, rev_1 ... rev_32, 2026_basic, 2026_rev_1 ...)",
        "effective_date": "date the revision took effect, ISO string",
        "policy_effective_date": "date the policy legally took effect where it differs; null otherwise",
        "tpc_date": "date used by the Tax Policy Center comparison; null if none",
        "policy_event": "short description of the policy change; null if none",
        "tpc_policy_revision": "revision TPC attributes the policy to; null if none",
        "needs_review": "review flag of the source; null if none",
    },
    notes="Facts to check a regime against; the project writes its own measure files.",
)
def build_revision_dates(shared: Path):
    d = read_str_csv(shared / "us_tariff/hts_revision_dates.csv")
    return na_to_none(d, list(d.columns))


# ---------------------------------------------------------------------------
# minimal YAML reader for yale_policy_params.yaml (PyYAML is not a dependency)
# ---------------------------------------------------------------------------
_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")


def _strip_comment(line: str) -> str:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"" and (i == 0 or line[i - 1] in " [,:-{"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
    return line.rstrip()


def _split_outside_quotes(s: str, sep: str) -> list[str]:
    parts, quote, cur = [], None, []
    for ch in s:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == sep:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _scalar(s: str) -> Any:
    s = s.strip()
    if s.startswith("[") and s.endswith("]"):
        inner = s[1:-1].strip()
        return [_scalar(p) for p in _split_outside_quotes(inner, ",")] if inner else []
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return json.loads(s)
    if s in ("", "~", "null", "Null", "NULL"):
        return None
    if s in ("true", "True", "TRUE"):
        return True
    if s in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(s):
        return int(s)
    if _FLOAT.fullmatch(s):
        return float(s)
    return s


def _split_key(text: str) -> tuple[str, str] | None:
    """'key: rest' -> (key, rest); None if the line is not a mapping entry."""
    if text[:1] in "'\"":
        close = text.find(text[0], 1)
        if close < 0 or text[close + 1:close + 2] != ":":
            return None
        return _scalar(text[:close + 1]), text[close + 2:].strip()
    m = re.match(r"([^:\[\]{}]+?):(\s+|$)(.*)", text)
    return (m.group(1).strip(), m.group(3).strip()) if m else None


def parse_yaml(text: str) -> Any:
    """Parse the block-style YAML subset used by the policy file.

    Supports nested mappings, block sequences (of scalars or of mappings), flow
    sequences of scalars (also over several lines), quoted and plain scalars,
    comments. Anything else raises ValueError rather than guessing.
    """
    lines: list[list] = []
    pending = ""
    for raw in text.splitlines():
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ValueError("tabs in indentation are not supported")
        body = _strip_comment(raw)
        if not body.strip():
            continue
        if pending:
            pending += " " + body.strip()
        else:
            pending = body
        if pending.count("[") > pending.count("]"):
            continue
        indent = len(pending) - len(pending.lstrip(" "))
        lines.append([indent, pending.strip()])
        pending = ""
    if pending:
        raise ValueError("unclosed flow sequence")

    def block(i: int, indent: int) -> tuple[Any, int]:
        if lines[i][1] == "-" or lines[i][1].startswith("- "):
            return seq(i, indent)
        return mapping(i, indent)

    def value_after(i: int, indent: int, rest: str) -> tuple[Any, int]:
        if rest:
            return _scalar(rest), i + 1
        nxt = i + 1
        if nxt < len(lines) and (lines[nxt][0] > indent or (
                lines[nxt][0] == indent and lines[nxt][1].startswith("- "))):
            return block(nxt, lines[nxt][0])
        return None, nxt

    def mapping(i: int, indent: int) -> tuple[dict, int]:
        out: dict = {}
        while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
            kv = _split_key(lines[i][1])
            if kv is None:
                raise ValueError(f"not a mapping entry: {lines[i][1]!r}")
            key, rest = kv
            out[str(key)], i = value_after(i, indent, rest)
        if i < len(lines) and lines[i][0] > indent:
            raise ValueError(f"unexpected indentation at {lines[i][1]!r}")
        return out, i

    def seq(i: int, indent: int) -> tuple[list, int]:
        out: list = []
        while i < len(lines) and lines[i][0] == indent and (
                lines[i][1] == "-" or lines[i][1].startswith("- ")):
            rest = lines[i][1][1:].strip()
            if not rest:
                val, i = block(i + 1, lines[i + 1][0])
            elif _split_key(rest) is not None and not rest.startswith("["):
                lines[i] = [indent + len(lines[i][1]) - len(lines[i][1][1:].lstrip()), rest]
                val, i = mapping(i, lines[i][0])
            else:
                val, i = _scalar(rest), i + 1
            out.append(val)
        return out, i

    result, end = block(0, lines[0][0])
    if end != len(lines):
        raise ValueError(f"could not parse from {lines[end][1]!r}")
    return result


@dataset(
    "yale_policy_params", "us_tariff/yale_policy_params.yaml",
    description="Policy parameters of the tariff-rate-tracker: country rates, floors, "
                "stacking parameters, Section 232/301/122 settings (the YAML file itself).",
    source=YALE_TRACKER, licence=YALE_MIT, vintage="tracker state of 2026 (2026-04 revisions)",
    unit="mixed (rates as fractions, e.g. 0.15 = 15%)",
    columns={"yaml_text": "the YAML file's full text, unchanged",
             "parsed_json": "the same parsed to JSON at build time by the build script's "
                            "minimal YAML reader (mapping keys are strings)"},
    notes="One-row table. The loader returns the parsed dict; PyYAML is not needed. "
          "Census codes are quoted strings in the file and stay strings. Facts to check a "
          "regime against; the project writes its own measure files.",
)
def build_yaml(shared: Path):
    text = (shared / "us_tariff/yale_policy_params.yaml").read_text(encoding="utf-8")
    parsed = parse_yaml(text)
    # spot checks against the text
    assert parsed["section_201"]["solar_rate"] == 0.145
    assert len(parsed["floor_rates"]["floor_countries"]) == 31
    assert parsed["section_232_country_exemptions"][-1] == {
        "countries": ["4621"], "rate": 2.0, "applies_to": ["steel", "aluminum"],
        "expiry_date": None}
    assert parsed["weighted_etr"]["tpc_name_fixes"]["cote d'ivoire"] == "7480"
    return pd.DataFrame({"yaml_text": [text],
                         "parsed_json": [json.dumps(parsed, ensure_ascii=False, sort_keys=False)]})


@dataset(
    "ch99_india_2026rev20", "us_tariff/ch99_additional_duties_india_2026rev20.csv",
    description="The Chapter 99 headings naming India in HTS 2026 revision 20, with status text.",
    source="checkdutyrates/us-tariff-data", licence="CC0", vintage="HTSUS 2026 revision 20",
    unit="added_percent in percentage points",
    columns={
        "country": "country named (India)",
        "partner": "ISO3 of the country ('IND')",
        "country_slug": "slug used by the source",
        "heading": "Chapter 99 heading, e.g. '9903.01.84'",
        "added_percent": "additional duty in percent (25 = +25%); null on exclusion headings "
                         "whose rate is the subheading's duty only",
        "rate_text": "the rate text of the heading",
        "status": "status text (e.g. ended 2026-02-20 ...)",
        "description": "heading description text",
    },
)
def build_ch99_india(shared: Path):
    d = read_str_csv(shared / "us_tariff/ch99_additional_duties_india_2026rev20.csv")
    d["added_percent"] = pd.to_numeric(d["added_percent"].mask(d["added_percent"] == ""))
    d.insert(1, "partner", [iso3_lookup(c, {}) for c in d["country"]])
    return d


# ---------------------------------------------------------------------------
# product lists of the tariff-rate-tracker
# ---------------------------------------------------------------------------
LIST_CAVEAT = ("Product list of the tariff-rate-tracker; facts to check a regime against "
               "(check each block against the legal text before use).")


def tracker_list(name: str, file: str, description: str, columns: dict[str, str],
                 notes: str = LIST_CAVEAT, vintage: str = "2025-2026 (tracker state 2026-04)",
                 roles: tuple[dict, ...] = ()):
    return dataset(name, f"us_tariff/lists/{file}", description=description,
                   source=YALE_TRACKER, licence=YALE_MIT, vintage=vintage,
                   unit="codes (no values)", columns=columns, notes=notes, roles=roles)


@tracker_list(
    "ieepa_exempt_products", "ieepa_exempt_products.csv",
    "Annex II and later IEEPA-exempt HTS10 codes, cumulative over 2025 (no date windows).",
    {"hs10": "HTS 10-digit code, zero-padded string"},
    notes=("CAUTION: cumulative list with no dates; it mixes general exemptions with ones granted "
           "only to partners with framework agreements (e.g. worked diamonds 7102, civil-aircraft "
           "parts) that did not apply to India in 2025. Check each block against the Chapter 99 "
           "notes and give it dates and partners before use."),
)
def build_ieepa(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/ieepa_exempt_products.csv").rename(
        columns={"hts10": "hs10"})
    bad = d["hs10"].str.len() != 10
    fixed = ", ".join(f"{c} -> {c[:10]}" for c in d.loc[bad, "hs10"])
    if not d.loc[bad, "hs10"].str[10:].eq("00").all():
        raise ValueError("unexpected non-10-digit ieepa code")
    d.loc[bad, "hs10"] = d.loc[bad, "hs10"].str[:10]
    check_width(d, "hs10", 10)
    d = d.drop_duplicates().sort_values("hs10").reset_index(drop=True)
    return d, (f"The source has {int(bad.sum())} 12-digit code(s) with trailing '00', truncated "
               f"to 10 digits here: {fixed} (8505.11.00.70 is a valid HTS10 line).")


@tracker_list(
    "country_eo_exempt_products", "country_eo_exempt_products.csv",
    "Exemption lists of the country-specific IEEPA executive orders, with start/end dates.",
    {"ch99_code": "country EO heading (e.g. 9903.01.77 = Brazil)",
     "hs8": "exempt HTS8 subheading (all its 10-digit children are covered), zero-padded",
     "hts": "the code as written in the file (dotted, e.g. '0801.21.00'; the source column "
            "is misleadingly named hts10)",
     "effective_date_start": "ISO date the exemption began",
     "effective_date_end": "ISO date it ended; null = still active",
     "source": "EO / proclamation / CBP CSMS reference",
     "note": "short description"},
)
def build_country_eo(shared: Path):
    path = shared / "us_tariff/lists/country_eo_exempt_products.csv"
    text = path.read_text(encoding="utf-8")
    header = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")]
    header = [h for h in header if h and not set(h) <= {"="}]
    d = read_str_csv(path, comment="#").rename(columns={"hts10": "hts"})
    d.insert(1, "hs8", digits(d["hts"]))
    check_width(d, "hs8", 8)
    d = na_to_none(d, ["effective_date_end"])
    heads = sorted(d["ch99_code"].unique())
    note = (LIST_CAVEAT + " The file covers only heading(s) " + ", ".join(heads)
            + " (SOURCES.md also mentions India 9903.01.84, which is NOT in this file). "
            "File header comments: " + " | ".join(header))
    return d[["ch99_code", "hs8", "hts", "effective_date_start", "effective_date_end",
              "source", "note"]], note


@tracker_list(
    "s232_annex_products", "s232_annex_products.csv",
    "Section 232 product annexes (tiers 1a/1b/2/3) from 2026-04-06, by HTS prefix.",
    {"hts_prefix": "HTS prefix of variable length (4, 6, 8 or 10 digits) matching all lines "
                   "that start with it",
     "annex": "annex tier: 1a, 1b, 2 or 3", "metal_type": "steel / aluminum / copper",
     "source": "legal source", "effective_date": "ISO date"},
)
def build_s232_annex(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/s232_annex_products.csv")
    d["hts_prefix"] = digits(d["hts_prefix"])
    return d


@tracker_list(
    "s232_copper_products", "s232_copper_products.csv",
    "Section 232 copper products (US note 36(b)), 9903.78.01.",
    {"hs8": "HTS 8-digit line, zero-padded (the source column is named hts10 but holds 8 "
            "digits)", "ch99_code": "Chapter 99 heading"},
)
def build_s232_copper(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/s232_copper_products.csv").rename(
        columns={"hts10": "hs8"})
    check_width(d, "hs8", 8)
    return d


@tracker_list(
    "s232_derivative_products", "s232_derivative_products.csv",
    "Section 232 steel and aluminium derivative products with Chapter 99 headings and dates.",
    {"hts_prefix": "HTS prefix (8 digits in this file) matching all lines starting with it",
     "ch99_code": "Chapter 99 heading", "derivative_type": "steel / aluminum",
     "effective_date": "ISO date; null where the source gives none"},
)
def build_s232_deriv(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/s232_derivative_products.csv")
    d["hts_prefix"] = digits(d["hts_prefix"])
    return na_to_none(d, ["effective_date"])


@tracker_list(
    "s301_product_lists", "s301_product_lists.csv",
    "Section 301 (China) product lists with Chapter 99 headings.",
    {"hs8": "HTS 8-digit line, zero-padded", "list": "301 list (1, 2, 3, 4A, biden_25 ...)",
     "ch99_code": "Chapter 99 heading"},
)
def build_s301(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/s301_product_lists.csv").rename(
        columns={"hts8": "hs8"})
    check_width(d, "hs8", 8)
    return d


@tracker_list(
    "floor_exempt_products", "floor_exempt_products.csv",
    "Products exempt from the floor rates of the EU / Japan / Korea / Swiss frameworks.",
    {"hs8": "HTS 8-digit line, zero-padded", "category": "ptaap / pharma / civil_aircraft / "
     "particular", "country_group": "eu / japan / korea / swiss", "ch99_code": "Chapter 99 heading"},
)
def build_floor(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/floor_exempt_products.csv").rename(
        columns={"hts8": "hs8"})
    check_width(d, "hs8", 8)
    return d


@tracker_list(
    "fentanyl_carveout_products", "fentanyl_carveout_products.csv",
    "Carve-outs from the IEEPA fentanyl tariffs on Canada and Mexico (potash, energy).",
    {"hs8": "HTS 8-digit line, zero-padded", "ch99_code": "Chapter 99 heading",
     "category": "potash_mx / potash_ca / energy_ca"},
)
def build_fentanyl(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/fentanyl_carveout_products.csv").rename(
        columns={"hts8": "hs8"})
    check_width(d, "hs8", 8)
    return d


@tracker_list(
    "hts_concordance", "hts_concordance.csv",
    "HTS10 code changes across 2025-2026 revisions (added, dropped, split, renamed ...).",
    {"old_hs10": "HTS10 before the change, zero-padded; null for added lines",
     "new_hs10": "HTS10 after the change, zero-padded; null for dropped lines",
     "revision_from": "revision before", "revision_to": "revision after",
     "change_type": "added / dropped / split / rename / many_to_many",
     "description_old": "description before; null if none",
     "description_new": "description after; null if none",
     "similarity": "text similarity of the descriptions (0-1); null if not computed"},
    notes="The source's 'NA' strings are nulls here.",
)
def build_hts_conc(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/hts_concordance.csv").rename(
        columns={"old_hts10": "old_hs10", "new_hts10": "new_hs10"})
    d = na_to_none(d, list(d.columns))
    d["similarity"] = pd.to_numeric(d["similarity"])
    check_width(d, "old_hs10", 10)
    check_width(d, "new_hs10", 10)
    return d


@tracker_list(
    "metal_content_shares", "metal_content_shares_bea_hs10.csv.gz",
    "Steel / aluminium / copper / other-metal content share of each HTS10 line, from BEA "
    "input-output tables (for duties charged on metal content).",
    {"hs10": "HTS 10-digit line, zero-padded", "naics": "NAICS code of the line (may end in X)",
     "bea_detail_code": "BEA detail industry; null where the source has NA",
     "steel_share": "steel content share of value (0-1)",
     "aluminum_share": "aluminium content share (0-1)",
     "copper_share": "copper content share (0-1)",
     "other_metal_share": "other metal content share (0-1)",
     "metal_share": "total metal content share (0-1)"},
    notes="Lines without a BEA industry (bea_detail_code null) carry shares 0 and metal_share 1 "
          "in the source, as written there.",
    roles=({"role": "content_shares", "importer": "USA", "code_column": "hs10"},),
)
def build_metal(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/metal_content_shares_bea_hs10.csv.gz")
    d = na_to_none(d, ["bea_detail_code"])
    for c in ["steel_share", "aluminum_share", "copper_share", "other_metal_share", "metal_share"]:
        d[c] = d[c].astype("float64")
    check_width(d, "hs10", 10)
    return d


@tracker_list(
    "hs10_gtap_crosswalk", "hs10_gtap_crosswalk.csv.gz",
    "HTS10 -> GTAP sector crosswalk with HS6 and a description.",
    {"hs10": "HTS 10-digit line, zero-padded", "hs6": "HS6 of the line, zero-padded",
     "gtap_code": "GTAP sector code, lower-cased (upper case in the source) to match "
                  "us_imports_2024; null where the source has NA",
     "description": "description of the line"},
    notes="gtap_code is null for chapter 98 lines (NA in the source).",
)
def build_gtap(shared: Path):
    d = read_str_csv(shared / "us_tariff/lists/hs10_gtap_crosswalk.csv.gz").rename(
        columns={"hs6_code": "hs6"})
    d = na_to_none(d, ["gtap_code"])
    d["gtap_code"] = d["gtap_code"].str.lower()
    d["gtap_code"] = d["gtap_code"].where(d["gtap_code"].notna(), None)
    check_width(d, "hs10", 10)
    check_width(d, "hs6", 6)
    return d


# ---------------------------------------------------------------------------
# India
# ---------------------------------------------------------------------------
INDIA_EXPORTS_FILE = "india/india_exports_hs8_by_country_fy2018_2025_eidb.csv.gz"
WORLD_VS_USA_FILE = "india/india_exports_world_vs_usa_hs8_fy2022_2025_eidb.csv"


def read_india_exports(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / INDIA_EXPORTS_FILE,
                       dtype={"hs8": str, "description": str, "unit": str, "partner": str,
                              "fiscal_year": str}, keep_default_na=False,
                       na_values={"value_usd_mn": [""], "quantity": [""]})


@dataset(
    "india_exports_hs8_by_country", INDIA_EXPORTS_FILE,
    description="India's exports by HS8 line x partner country, fiscal years 2017-18 to 2024-25.",
    source=EIDB, licence=EIDB_LICENCE, vintage="fiscal years 2017-18 ... 2024-25 (April-March)",
    unit="value_usd in USD (converted from the source's USD mn, rounded to the dollar); "
         "quantity in the line's unit (see india_hs8_descriptions)",
    columns={
        "hs8": "India ITC-HS 8-digit line, zero-padded string",
        "partner": "partner ISO3 (from partner_name); null where none (see notes)",
        "partner_name": "partner name as written by EIDB (e.g. 'U S A', 'BANGLADESH PR')",
        "fiscal_year": "Indian fiscal year April-March, e.g. '2024-25'",
        "value_usd": "export value, USD (source: USD mn with 2 decimals, so 10,000 USD steps)",
        "quantity": "quantity in the unit of india_hs8_descriptions.unit; null if not reported",
    },
    roles=({"role": "trade", "importer": "*", "exporter": "IND", "code_column": "hs8", "level": 8,
            "importer_column": "partner", "period": "fiscal_apr_mar", "reporter": "exporter",
            "approximation": ("India's exports as reported by India (EIDB, f.o.b.), fiscal year April-March; the "
                              "shipped scrape is incomplete (about 70% of exports to the US in FY2024-25; "
                              "smartphones 85171300 and several 2710 lines missing): use for shares, not totals")},),
)
def build_india_exports(shared: Path):
    d = read_india_exports(shared)
    check_width(d, "hs8", 8)
    names = sorted(d["partner"].unique())
    mapping = {n: iso3_lookup(n, INDIA_MANUAL) for n in names}
    unmapped = [n for n, c in mapping.items() if c is None]
    by_iso = pd.Series(mapping).dropna()
    dup = by_iso[by_iso.duplicated(keep=False)]
    if len(dup):
        raise ValueError(f"two EIDB names map to one ISO3: {dup.to_dict()}")
    out = pd.DataFrame({
        "hs8": d["hs8"],
        "partner": d["partner"].map(mapping),
        "partner_name": d["partner"],
        "fiscal_year": d["fiscal_year"],
        "value_usd": mn_to_usd(d["value_usd_mn"]),
        "quantity": d["quantity"].astype("float64"),
    })
    out["partner"] = out["partner"].where(out["partner"].notna(), None)
    key = ["hs8", "partner_name", "fiscal_year"]
    if out.duplicated(key).any():
        raise ValueError("duplicate hs8 x partner x fiscal_year rows")
    un_val = out.loc[out["partner"].isna()].groupby("partner_name")["value_usd"].sum()
    note = (EIDB_INCOMPLETE + " Partner names were mapped to ISO3 with pycountry's exact lookup "
            f"plus {len(INDIA_MANUAL)} manual entries (scripts/build_data.py, INDIA_MANUAL). "
            f"{len(unmapped)} of {len(names)} names have no ISO3 (partner null): "
            + "; ".join(f"{n} (USD {un_val.get(n, 0) / 1e6:,.1f} mn over all years)"
                        for n in unmapped)
            + f". {int(out['value_usd'].isna().sum())} rows have no value and "
              f"{int(out['quantity'].isna().sum())} no quantity. Descriptions and units live in "
              "india_hs8_descriptions (moved out to keep the file small).")
    return out.sort_values(key).reset_index(drop=True), note


@dataset(
    "india_hs8_descriptions", f"{INDIA_EXPORTS_FILE}, {WORLD_VS_USA_FILE}",
    description="Description and quantity unit of each India ITC-HS 8-digit line in the EIDB "
                "export files.",
    source=EIDB, licence=EIDB_LICENCE, vintage="as in the EIDB files of FY2017-18 ... 2024-25",
    unit="text",
    columns={"hs8": "India ITC-HS 8-digit line, zero-padded string",
             "description": "EIDB description (upper case); null if EIDB gives none",
             "unit": "quantity unit (KGS, NOS, ...); null if EIDB gives none"},
    roles=(
        {"role": "universe", "importer": "IND", "code_column": "hs8", "width": 8},
        {"role": "descriptions", "importer": "IND", "code_column": "hs8", "text_column": "description",
         "label": "India EIDB commodity descriptions (HS8)"},
    ),
)
def build_india_desc(shared: Path):
    a = read_india_exports(shared)[["hs8", "description", "unit"]]
    b = read_str_csv(shared / WORLD_VS_USA_FILE)[["hs8", "description", "unit"]]
    both = pd.concat([a, b])
    both = both.mask(both == "").drop_duplicates()
    both = both.sort_values(["hs8", "description", "unit"], na_position="last")
    n_conf = int(both.dropna(subset=["description"]).duplicated("hs8").sum())
    out = both.drop_duplicates("hs8").reset_index(drop=True)
    check_width(out, "hs8", 8)
    out = out.astype(object).where(out.notna(), None)
    return out, (f"Union of both EIDB files; {n_conf} lines with conflicting descriptions "
                 f"(first kept). {int(out['description'].isna().sum())} lines have no description.")


@dataset(
    "india_exports_world_vs_usa", WORLD_VS_USA_FILE,
    description="India's exports by HS8 line to the world and to the USA, FY2022-23 to 2024-25 "
                "(tidy long form of the EIDB pivot).",
    source=EIDB, licence=EIDB_LICENCE, vintage="fiscal years 2022-23 ... 2024-25",
    unit="USD (converted from USD mn, rounded to the dollar)",
    columns={"hs8": "India ITC-HS 8-digit line, zero-padded string",
             "fiscal_year": "Indian fiscal year, e.g. '2024-25'",
             "destination": "'WLD' (all partners) or 'USA'",
             "value_usd": "export value, USD"},
    notes=EIDB_INCOMPLETE + " Empty cells of the pivot (no trade reported) are dropped.",
)
def build_world_vs_usa(shared: Path):
    w = pd.read_csv(shared / WORLD_VS_USA_FILE, dtype={"hs8": str})
    check_width(w, "hs8", 8)
    cols = [c for c in w.columns if re.fullmatch(r"(world|usa)_usd_mn_fy\d{4}-\d{2}", c)]
    long = w.melt(id_vars="hs8", value_vars=cols, var_name="col", value_name="v").dropna(
        subset=["v"])
    long["destination"] = np.where(long["col"].str.startswith("world"), "WLD", "USA")
    long["fiscal_year"] = fy(long["col"])
    long["value_usd"] = mn_to_usd(long["v"])
    long = long[["hs8", "fiscal_year", "destination", "value_usd"]]
    return long.sort_values(["hs8", "fiscal_year", "destination"]).reset_index(drop=True)


@dataset(
    "india_exports_file_totals_check", "india/india_exports_hs8_eidb_file_totals_check.csv.gz",
    description="Check of the EIDB HS8-by-country file: per HS8 and fiscal year, EIDB's "
                "reported commodity total vs the sum over countries, and India's total exports.",
    source=EIDB, licence=EIDB_LICENCE, vintage="fiscal years 2018-19 ... 2024-25",
    unit="USD (converted from USD mn, rounded to the dollar)",
    columns={"hs8": "India ITC-HS 8-digit line, zero-padded string",
             "fiscal_year": "Indian fiscal year, e.g. '2024-25'",
             "reported_commodity_total_usd": "EIDB's reported world total of the line, USD; "
                                             "null if not reported",
             "sum_countries_usd": "sum over partner countries in the file, USD",
             "india_total_all_commodities_usd": "India's total exports, all commodities, USD",
             "n_countries": "number of partner rows summed"},
    notes=EIDB_INCOMPLETE,
)
def build_totals_check(shared: Path):
    d = pd.read_csv(shared / "india/india_exports_hs8_eidb_file_totals_check.csv.gz",
                    dtype={"hs8": str, "fiscal_year": str})
    check_width(d, "hs8", 8)
    for c in ["reported_commodity_total", "sum_countries", "india_total_all_commodities"]:
        d[f"{c}_usd"] = mn_to_usd(d.pop(f"{c}_usd_mn"))
    d = d[["hs8", "fiscal_year", "reported_commodity_total_usd", "sum_countries_usd",
           "india_total_all_commodities_usd", "n_countries"]]
    return d.sort_values(["hs8", "fiscal_year"]).reset_index(drop=True)


@dataset(
    "india_imports_north_america_hs2",
    "india/india_imports_from_north_america_hs2_fy2021_2025_eidb.csv",
    description="India's imports (CIF) from North America = USA + Canada + Mexico, by HS2 "
                "chapter, FY2021-22 to 2024-25.",
    source="EIDB region report (DGCI&S), Government of India", licence=EIDB_LICENCE,
    vintage="fiscal years 2021-22 ... 2024-25",
    unit="USD (converted from USD mn, rounded to the dollar), CIF",
    columns={"hs2": "HS chapter, 2-digit zero-padded string",
             "description": "chapter description as in EIDB",
             "fiscal_year": "Indian fiscal year, e.g. '2024-25'",
             "value_usd": "imports from USA+CAN+MEX together, USD"},
    notes=("PARTNER IS USA + CANADA + MEXICO (EIDB 'North America' region), not the USA alone. "
           "USA = 86.2% of the FY2024-25 total (45,625 of 52,941 mn); Canada-heavy chapters "
           "(07, 31, 47, 48) overstate the US if scaled uniformly."),
    roles=({"role": "trade", "importer": "IND", "exporter": "USA", "code_column": "hs2", "level": 2,
            "period": "fiscal_apr_mar", "reporter": "importer",
            "approximation": ("India's imports from the EIDB North America region (USA+CAN+MEX) by HS2, {scale}; "
                              "chapters where Canada dominates (07, 31, 47, 48) are overstated"),
            "scale": {"dataset": "us_to_india_partial",
                      "filters": [["source_id", "==", "CHANDN0_COUNTRY_DIST"],
                                  ["flow_view", "==", "India imports from USA (DGCI&S FTSPCC)"],
                                  ["fiscal_year", "==", "2024-25"]],
                      "fiscal_year": "2024-25", "whose": "the USA's"}},),
)
def build_na(shared: Path):
    d = read_str_csv(shared / "india/india_imports_from_north_america_hs2_fy2021_2025_eidb.csv")
    check_width(d, "hs2", 2)
    d["value_usd"] = mn_to_usd(d["value_usd_mn"])
    d = d[["hs2", "description", "fiscal_year", "value_usd"]]
    return d.sort_values(["fiscal_year", "hs2"]).reset_index(drop=True)


@dataset(
    "us_to_india_partial", "india/us_to_india_partial_transcribed.csv",
    description="Partial figures of US -> India trade transcribed from public pages: top US "
                "chapters in India's FY2025-26 imports, partner totals, top HS6 lines 2023.",
    source="public pages (each row names its source_id)", licence="figures quoted from public "
           "pages; no licence stated", vintage="FY2024-25, FY2025-26, CY2023 (per row)",
    unit="USD (converted from USD mn)",
    columns={"source_id": "identifier of the page the row was read from",
             "flow_view": "whose data and which flow",
             "period": "period label as transcribed (e.g. 'FY2025-26', 'CY2023')",
             "fiscal_year": "Indian fiscal year if the period is one, else null",
             "year": "calendar year if the period is one, else null",
             "hs_level": "HS2 / HS6 / TOTAL", "code": "HS code (2 or 6 digits) or 'ALL'",
             "description": "description as transcribed", "value_usd": "value, USD",
             "note": "transcriber's note"},
    notes="Partial and transcribed: no HS-level table of US exports to India was available. "
          "HS6 codes of the WORLDTRADEFLOWS rows were inferred by the transcriber.",
)
def build_us_to_india(shared: Path):
    d = read_str_csv(shared / "india/us_to_india_partial_transcribed.csv")
    d["fiscal_year"] = fy(d["period"].where(d["period"].str.startswith("FY"), ""))
    yr = d["period"].str.extract(r"^CY(\d{4})", expand=False)
    d["year"] = pd.array(pd.to_numeric(yr), dtype="Int64")
    d["value_usd"] = mn_to_usd(d["value_usd_mn"])
    d = na_to_none(d, ["note"])
    return d[["source_id", "flow_view", "period", "fiscal_year", "year", "hs_level", "code",
              "description", "value_usd", "note"]]


@dataset(
    "india_total_trade", "india/india_total_trade_fy2010_2026_dgcis.csv",
    description="India's total merchandise exports and imports by fiscal year (official totals).",
    source="DGCI&S (Government of India)", licence=EIDB_LICENCE,
    vintage="fiscal years 2017-18 ... 2025-26", unit="USD (converted from USD mn)",
    columns={"fiscal_year": "Indian fiscal year, e.g. '2024-25'",
             "exports_usd": "total merchandise exports, USD",
             "imports_usd": "total merchandise imports, USD"},
    notes="Despite the file name (fy2010_2026) the file starts in FY2017-18. The latest year "
          "may be provisional.",
)
def build_total_trade(shared: Path):
    d = read_str_csv(shared / "india/india_total_trade_fy2010_2026_dgcis.csv")
    return pd.DataFrame({"fiscal_year": d["fiscal_year"],
                         "exports_usd": mn_to_usd(d["export_usd_mn"]),
                         "imports_usd": mn_to_usd(d["import_usd_mn"])})


@dataset(
    "india_mfn_tariff_summary", "india/india_mfn_tariff_summary_fallback.csv",
    description="India's applied and bound MFN tariff averages: total / agricultural / "
                "non-agricultural (2023, 2021, 2020) and 14 of 22 WTO product groups (2021).",
    source="USTR 2025 National Trade Estimate (as reported in the press); WTO/ITC/UNCTAD World "
           "Tariff Profiles 2022", licence="figures quoted from published reports",
    vintage="2020-2023 (per row)", unit="percent (17.0 = 17%)",
    columns={"indicator": "simple_avg_mfn_applied / simple_avg_final_bound / "
                          "trade_weighted_avg_mfn",
             "scope": "Total, Agricultural, Non-agricultural or a WTO product group ('PG ...')",
             "year": "year of the figure (int)",
             "year_label": "year as written in the source (e.g. '2022 WTP' = World Tariff "
                           "Profiles 2022)",
             "value_pct": "the average, percent", "duty_free_lines_pct": "duty-free tariff "
             "lines, percent", "max_pct": "maximum rate, percent",
             "bound_avg_pct": "bound average, percent", "binding_coverage_pct": "binding "
             "coverage, percent", "import_share_pct": "share in imports, percent",
             "source": "where the row comes from", "confidence": "transcriber's confidence"},
    notes="Fallback only: no HS-level table of India's applied tariffs was found; some product "
          "group rows were read from flattened PDF text (see confidence).",
)
def build_india_mfn(shared: Path):
    d = pd.read_csv(shared / "india/india_mfn_tariff_summary_fallback.csv", dtype={"year": str})
    label = d.pop("year")
    d.insert(2, "year", label.str.extract(r"(\d{4})", expand=False).astype("int64"))
    d.insert(3, "year_label", label)
    return d


# ---------------------------------------------------------------------------
# gravity
# ---------------------------------------------------------------------------
GRAVITY_COLUMNS = {
    "exporter": "exporter ISO3", "importer": "importer ISO3", "year": "year",
    "pair_id": "country-pair identifier of the source (int)",
    "trade_usd_mn": "nominal manufacturing trade exporter -> importer, USD mn (the book's "
                    "'trade'; exporter = importer rows are domestic sales)",
    "DIST": "bilateral distance, km", "CNTG": "1 if contiguous",
    "LANG": "1 if common official language", "CLNY": "1 if ever in a colonial relationship",
    "RTA": "1 if a regional trade agreement is in force",
}
AGTPA_PUBLISHED = (
    "Published results (Advanced Guide ch. 1 application 1, PPML with exporter-year and "
    "importer-year fixed effects, 4-year intervals 1986-2006): ln DIST -0.841, CNTG 0.437, "
    "LANG 0.247, CLNY -0.222, N = 28,152; OLS ln DIST -1.002. RTA with pair fixed effects: "
    "0.557, N = 28,482."
)


def agtpa(name: str, file: str, description: str, extra: dict[str, str], notes: str = "",
          vintage: str = "1986-2006"):
    return dataset(name, f"gravity/{file}", description=description, source=AGTPA,
                   licence=CC_BY, vintage=vintage,
                   unit="trade, output and expenditure in USD mn (current)",
                   columns={**GRAVITY_COLUMNS, **extra}.__getitem__, notes=notes)


def read_gravity(path: Path) -> pd.DataFrame:
    d = pd.read_csv(path).rename(columns={"trade": "trade_usd_mn"})
    if "pair_id" in d:
        d["pair_id"] = as_int(d["pair_id"])
    return d


def as_int(s: pd.Series) -> pd.Series:
    if s.isna().any() or not (s % 1 == 0).all():
        raise ValueError(f"{s.name} is not integral")
    return s.astype("int64")


def only(d: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    return d[cols].sort_values(["exporter", "importer", "year"]).reset_index(drop=True)


@agtpa("agtpa_ch1_traditional_gravity", "agtpa_ch1_traditional_gravity_1986_2006.csv.gz",
       "69 countries, 1986-2006: manufacturing trade (incl. domestic), distance, contiguity, "
       "language, colony (Advanced Guide ch. 1).", {}, notes=AGTPA_PUBLISHED)
def build_agtpa1(shared: Path):
    d = read_gravity(shared / "gravity/agtpa_ch1_traditional_gravity_1986_2006.csv.gz")
    return only(d, ["exporter", "importer", "pair_id", "year", "trade_usd_mn", "DIST", "CNTG",
                    "LANG", "CLNY"])


@agtpa("agtpa_ch2_rta_panel", "agtpa_ch2_rta_panel_1986_2006.csv.gz",
       "The ch. 1 panel with a regional-trade-agreement indicator (Advanced Guide ch. 2).", {},
       notes=AGTPA_PUBLISHED)
def build_agtpa2(shared: Path):
    d = read_gravity(shared / "gravity/agtpa_ch2_rta_panel_1986_2006.csv.gz")
    return only(d, ["exporter", "importer", "pair_id", "year", "trade_usd_mn", "DIST", "CNTG",
                    "LANG", "CLNY", "RTA"])


@agtpa("agtpa_ch1_rta_mfn_tariff_panel", "agtpa_ch1_rta_mfn_tariff_panel.csv.gz",
       "Panel with RTA leads/lags and importers' MFN tariffs (Advanced Guide, non-discriminatory "
       "trade policy application).",
       {**{f"RTA_LAG{k}": f"RTA indicator lagged {k} years" for k in (3, 4, 6, 8, 9, 12)},
        "RTA_LEAD4": "RTA indicator led 4 years",
        "MFN_TARIFF": "importer's MFN tariff as a fraction as in the source (the book's ln_MFN "
                      "= ln(1 + MFN_TARIFF)); null on domestic rows"},
       notes="Published: RTA 0.392, RTA_LAG3 0.248, ln MFN -7.604, N = 18,886 (see "
             "agtpa_ch1_mfn_rta_estimates).", vintage="1986-2006 (3-year steps from 1988)")
def build_agtpa_mfn(shared: Path):
    d = read_gravity(shared / "gravity/agtpa_ch1_rta_mfn_tariff_panel.csv.gz")
    dom = d["exporter"] == d["importer"]
    assert d.loc[~dom, "MFN_TARIFF"].notna().all() and d.loc[dom, "MFN_TARIFF"].isna().all()
    return only(d, ["exporter", "importer", "year", "trade_usd_mn", "RTA_LAG3", "RTA_LAG4",
                    "RTA_LAG6", "RTA_LAG8", "RTA_LAG9", "RTA_LAG12", "RTA_LEAD4", "RTA",
                    "MFN_TARIFF"])


@agtpa("agtpa_ch2_trade_without_borders", "agtpa_ch2_trade_without_borders_2006.csv.gz",
       "69 countries, 2006, with an international-border dummy, output Y and expenditure E "
       "(Advanced Guide ch. 2, application 1: removing international borders).",
       {"ln_DIST": "log distance", "INTL_BRDR": "1 if exporter != importer",
        "Y": "exporter's output (value of production), USD mn",
        "E": "importer's expenditure, USD mn",
        "E_R_BLN": "reference country's expenditure as given on its rows in the source; null "
                   "elsewhere", "E_R": "reference country's (Germany's) expenditure, USD mn"},
       notes="Germany is coded 'ZZZ' in the source (the book's trick to make it the reference "
             "country in alphabetical fixed effects); it is mapped back to DEU here. Published "
             "first stage: ln DIST -0.7913, CNTG 0.6736, INTL_BRDR -2.4745.", vintage="2006")
def build_twb(shared: Path):
    d = read_gravity(shared / "gravity/agtpa_ch2_trade_without_borders_2006.csv.gz")
    assert "DEU" not in set(d["exporter"]) | set(d["importer"])
    for c in ("exporter", "importer"):
        d[c] = d[c].replace("ZZZ", "DEU")
    return only(d, ["exporter", "importer", "pair_id", "year", "trade_usd_mn", "DIST", "CNTG",
                    "LANG", "CLNY", "ln_DIST", "INTL_BRDR", "Y", "E", "E_R_BLN", "E_R"])


@dataset(
    "gegravity_sample_30", "gravity/gegravity_sample_30_countries_2006.csv",
    description="30 countries, 2006: trade, output, expenditure, PTA, contiguity, language, "
                "log distance, international (the gegravity package's example data).",
    source="USITC gegravity examples", licence="MIT (USITC gegravity)", vintage="2006",
    unit="trade, Y, E in USD mn",
    columns={"exporter": "exporter ISO3", "importer": "importer ISO3", "year": "2006",
             "trade_usd_mn": "trade exporter -> importer incl. domestic, USD mn",
             "Y": "exporter's output, USD mn", "E": "importer's expenditure, USD mn",
             "pta": "1 if a preferential trade agreement", "contiguity": "1 if contiguous",
             "common_language": "1 if common language", "lndist": "log distance",
             "international": "1 if exporter != importer"},
)
def build_gegravity(shared: Path):
    d = read_gravity(shared / "gravity/gegravity_sample_30_countries_2006.csv")
    return only(d, ["exporter", "importer", "year", "trade_usd_mn", "Y", "E", "pta",
                    "contiguity", "common_language", "lndist", "international"])


# ---------------------------------------------------------------------------
# elasticities
# ---------------------------------------------------------------------------
HAUK_TERMS = {
    "price": "own price", "exportprice": "exporter's price", "importprice": "import price",
    "otherexportprice": "other exporters' price", "otherprice": "other varieties' price",
    "uspop": "US population", "usgdp": "US GDP", "population": "foreign population",
    "gdp": "GDP", "deflator": "price deflator", "exchange": "exchange rate",
    "cons": "constant", "value": "value", "tariff": "tariff", "share": "market share",
    "usdeflator": "US deflator", "usinterest": "US interest rate", "uswages": "US wages",
    "pricediff": "price difference",
}
HAUK_FIXED = {
    "hs10": "HTS 10-digit line (US import classification of the sample years), zero-padded",
    "hs6": "HS 6-digit code, zero-padded",
    "variety": "variety indicator as in the replication file",
    "demandsargan": "Sargan over-identification statistic, demand equation",
    "supplysargan": "Sargan over-identification statistic, supply equation",
    "obs": "observations", "groups": "panel groups (partner countries)",
    "varreg": "as in the replication file (variety regression indicator)",
    "sargan50": "flag from the replication file: Sargan test passes at 50%",
    "sargan75": "flag: Sargan test passes at 75%", "sargan90": "flag: Sargan test passes at 90%",
    "impliedelasticity": "implied import-demand elasticity = 1 - demandprice (checked at build)",
    "impliedsigma": "implied elasticity of substitution = 1 - demandprice (checked at build)",
    "positive": "flag from the replication file: implied elasticity has the expected sign",
    "sigat1per": "flag: significant at 1%", "sigat5per": "flag: significant at 5%",
    "sigat10per": "flag: significant at 10%",
    "year_min": "first year of the estimation sample", "year_max": "last year of the sample",
    "time": "number of years in the sample, as in the replication file",
}


def hauk_meaning(col: str) -> str:
    if col in HAUK_FIXED:
        return HAUK_FIXED[col]
    se = col.startswith("se")
    base = col[2:] if se else col
    for eq in ("demand", "supply", "variety"):
        if base.startswith(eq) and base[len(eq):] in HAUK_TERMS:
            txt = f"{eq} equation: coefficient on {HAUK_TERMS[base[len(eq):]]}"
            return f"standard error of ({txt})" if se else txt
    raise KeyError(f"no meaning for Hauk column {col!r}")


def build_hauk(path: Path, code_col: str, width: int, implied: str | None) -> pd.DataFrame:
    d = pd.read_csv(path)
    d = d.loc[:, [c for c in d.columns if not c.startswith("Unnamed")]]
    d[code_col] = pad_float_code(d[code_col], width)
    for c in ("yearmin", "yearmax"):
        if c in d:
            d[f"year_{c[4:]}"] = pd.to_datetime(d.pop(c)).dt.year.astype("int64")
    if implied:
        ok = d[implied].isna() | np.isclose(d[implied], 1 - d["demandprice"], atol=1e-5)
        assert ok.all(), f"{implied} != 1 - demandprice"
    assert not d.duplicated(code_col).any()
    return d.sort_values(code_col).reset_index(drop=True)


def hauk(name: str, file: str, description: str, code_col: str, width: int,
         implied: str | None, kind: str | None = None):
    roles = ({"role": "elasticities", "market": "USA", "kind": kind, "estimator": "hauk",
              "code_column": code_col, "level": width},) if kind else ()
    spec = dataset(name, f"elasticities/{file}", description=description, source=HAUK,
                   licence=HAUK_LICENCE, vintage="estimates on 1989-2001 / 1978-2001 data",
                   unit="elasticities (unitless)", columns=hauk_meaning, notes=HAUK_NOISY,
                   roles=roles)
    return spec(lambda shared: build_hauk(shared / f"elasticities/{file}", code_col, width,
                                          implied))


hauk("hauk_imports_hs10", "hauk_us_imports_hs10elasticities.csv.gz",
     "US import-demand elasticities by HTS10 line (Hauk 2012).", "hs10", 10, "impliedelasticity",
     "import_demand")
hauk("hauk_imports_hs6", "hauk_us_imports_hs6elasticities.csv.gz",
     "US import-demand elasticities by HS6 (Hauk 2012).", "hs6", 6, "impliedelasticity",
     "import_demand")
hauk("hauk_imports_hs6_substitution", "hauk_us_imports_hs6substitution2.csv.gz",
     "Elasticities of substitution among import varieties by HS6, 1989-2001 data (Hauk 2012).",
     "hs6", 6, "impliedsigma", "substitution")
hauk("hauk_exports_hs6", "hauk_us_exports_hs6elasticities.csv.gz",
     "Demand elasticities for US exports by HS6 (Hauk 2012).", "hs6", 6, None)


@dataset(
    "broda_weinstein_sigma", "elasticities/broda_weinstein_sigma_hs3_73countries.csv",
    description="Elasticities of substitution by HS 3-digit group for 73 importing countries, "
                "incl. India and the USA.",
    source="Broda & Weinstein (2006) / Broda, Greenfield & Weinstein, via the concordance R "
           "package", licence="MIT (concordance package)", vintage="Broda-Weinstein estimates "
           "(1990s data, HS 1988/92 = HS0)", unit="sigma (unitless)",
    columns={"iso3": "importing country ISO3", "hs3": "HS0 3-digit group, zero-padded string",
             "hs2": "HS0 chapter, zero-padded string", "sigma": "elasticity of substitution"},
    roles=({"role": "elasticities", "market": "*", "market_column": "iso3", "kind": "substitution",
            "estimator": "broda_weinstein", "code_column": "hs3", "level": 3},),
)
def build_bw(shared: Path):
    d = read_str_csv(shared / "elasticities/broda_weinstein_sigma_hs3_73countries.csv").rename(
        columns={"iso3c": "iso3", "HS0_3d": "hs3", "HS0_2d": "hs2"})
    d["sigma"] = d["sigma"].astype("float64")
    check_width(d, "hs3", 3)
    check_width(d, "hs2", 2)
    return d.sort_values(["iso3", "hs3"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# ICIO
# ---------------------------------------------------------------------------
ICIO_NOTE = ("Final demand is known by selling node only, not by destination country: a model "
             "must construct destination final demand under a stated assumption. Two columns of "
             "the packaging are capped (e.g. intermediate_cost_share at 0.98).")


def icio(name: str, file: str, description: str, columns: dict[str, str],
         unit: str = "USD mn (current, 2022)", notes: str = ICIO_NOTE):
    table = name.removeprefix("icio_")
    return dataset(name, f"icio/{file}", description=description, source=ICIO,
                   licence=ICIO_LICENCE, vintage="OECD ICIO 2025 release, year 2022", unit=unit,
                   columns=columns, notes=notes,
                   roles=({"role": "input_output", "source": "icio2022", "table": table},))


@icio("icio_node_totals", "icio2022_node_totals.csv",
      "80 countries x 50 sectors: gross output, final-demand sales and intermediate cost share.",
      {"sector": "ICIO sector code (see icio_sectors)", "country": "ICIO country code (ISO3 or "
       "ROW/MX1/MX2/CN1/CN2, see icio_countries)",
       "gross_output_usd_mn": "gross output, USD mn",
       "final_demand_sales_usd_mn": "sales to final demand (all destinations), USD mn",
       "intermediate_cost_share": "intermediate inputs / gross output (capped at 0.98)"})
def build_icio_nodes(shared: Path):
    d = pd.read_csv(shared / "icio/icio2022_node_totals.csv")
    return d.sort_values(["country", "sector"]).reset_index(drop=True)


@icio("icio_intermediate_flows", "icio2022_intermediate_flows_sector_x_country_pair.csv.gz",
      "Intermediate sales by seller sector x seller country x buyer country.",
      {"seller_sector": "ICIO sector of the seller", "seller_country": "seller country code",
       "buyer_country": "buyer country code",
       "value_usd_mn": "intermediate sales, USD mn (source column interm_usd_mn)"},
      notes=ICIO_NOTE + " Sanity: India -> US intermediates 75.6 bn, US -> India 42.4 bn.")
def build_icio_flows(shared: Path):
    d = pd.read_csv(shared / "icio/icio2022_intermediate_flows_sector_x_country_pair.csv.gz")
    d = d.rename(columns={"interm_usd_mn": "value_usd_mn"})
    return d.sort_values(["seller_country", "seller_sector", "buyer_country"]).reset_index(
        drop=True)


@icio("icio_input_output", "icio2022_input_output_by_country.csv.gz",
      "Input-output cost shares by country x output sector x input sector.",
      {"country": "country code", "output_sector": "using (output) sector",
       "input_sector": "input sector",
       "value_usd_mn": "inputs of input_sector used by output_sector, USD mn (source column "
                       "input_usd_mn)",
       "cost_share": "value_usd_mn / gross output of the output sector"})
def build_icio_io(shared: Path):
    d = pd.read_csv(shared / "icio/icio2022_input_output_by_country.csv.gz")
    d = d.rename(columns={"input_usd_mn": "value_usd_mn"})
    return d.sort_values(["country", "output_sector", "input_sector"]).reset_index(drop=True)


@icio("icio_countries", "OECD_ICIO_2025_country_code_mapping.csv",
      "ICIO country and region codes with names.",
      {"country": "ICIO code (ISO3, or ROW, MX1/MX2, CN1/CN2)", "name": "country or region"},
      unit="codes", notes="MX1/MX2 and CN1/CN2 split Mexico and China by global-manufacturing / "
                          "processing activity; ROW = rest of the world. The header's UTF-8 BOM "
                          "was stripped.")
def build_icio_countries(shared: Path):
    d = read_str_csv(shared / "icio/OECD_ICIO_2025_country_code_mapping.csv")
    return d.rename(columns={"code": "country", "country_or_region": "name"})


@icio("icio_sectors", "OECD_ICIO_2025_sector_code_mapping.csv",
      "ICIO sector codes (ISIC Rev. 4 divisions and groups) with descriptions.",
      {"sector": "ICIO sector code", "description": "economic activity"},
      unit="codes", notes="The header's UTF-8 BOM was stripped.")
def build_icio_sectors(shared: Path):
    d = read_str_csv(shared / "icio/OECD_ICIO_2025_sector_code_mapping.csv")
    return d.rename(columns={"code": "sector", "economic_activity": "description"})


# ---------------------------------------------------------------------------
# concordances
# ---------------------------------------------------------------------------
@dataset(
    "hs6_isic4", "concordance/hs6_to_isic4_all_hs_versions.csv",
    description="HS6 (all HS versions) -> ISIC Rev. 4 (4/3/2/1-digit); many-to-many.",
    source=CONCORDANCE, licence="MIT (concordance package)", vintage="HS 1988/92 ... HS 2022",
    unit="codes",
    columns={"hs6": "HS6, zero-padded", "hs4": "HS4", "hs2": "HS2",
             "isic4_4d": "ISIC Rev. 4 class (4-digit); null where unmapped",
             "isic4_3d": "ISIC Rev. 4 group", "isic4_2d": "ISIC Rev. 4 division",
             "isic4_1d": "ISIC Rev. 4 section letter"},
    notes="Many-to-many: a line that maps to several ISIC classes needs a stated split rule. "
          "Rows with empty ISIC codes are kept (nulls).",
)
def build_hs6_isic(shared: Path):
    d = pd.read_csv(shared / "concordance/hs6_to_isic4_all_hs_versions.csv", dtype=str)
    d.columns = ["hs6", "hs4", "hs2", "isic4_4d", "isic4_3d", "isic4_2d", "isic4_1d"]
    for c, w in (("hs6", 6), ("hs4", 4), ("hs2", 2)):
        check_width(d, c, w)
    return d.astype(object).where(d.notna(), None)


@dataset(
    "hs6_naics", "concordance/hs2022_hs6_to_naics.csv",
    description="HS 2022 HS6 -> NAICS (6 to 2 digits).",
    source=CONCORDANCE, licence="MIT (concordance package)", vintage="HS 2022", unit="codes",
    columns={"hs6": "HS 2022 HS6, zero-padded", "hs4": "HS4", "hs2": "HS2",
             "naics_6d": "NAICS 6-digit; null where unmapped", "naics_5d": "NAICS 5-digit",
             "naics_4d": "NAICS 4-digit", "naics_3d": "NAICS 3-digit",
             "naics_2d": "NAICS sector (2-digit, or a range such as '31-33')"},
)
def build_hs6_naics(shared: Path):
    d = pd.read_csv(shared / "concordance/hs2022_hs6_to_naics.csv", dtype=str)
    d.columns = ["hs6", "hs4", "hs2", "naics_6d", "naics_5d", "naics_4d", "naics_3d", "naics_2d"]
    for c, w in (("hs6", 6), ("hs4", 4), ("hs2", 2)):
        check_width(d, c, w)
    return d.astype(object).where(d.notna(), None)


@dataset(
    "hs10_naics", "concordance/us_hs10_to_naics.csv",
    description="US HTS10 -> NAICS.", source="Budget Lab at Yale (Tariff-ETRs)",
    licence=YALE_MIT, vintage="HTSUS 2025", unit="codes",
    columns={"hs10": "HTS10, zero-padded", "naics": "NAICS code (may end in X)"},
)
def build_hs10_naics(shared: Path):
    d = read_str_csv(shared / "concordance/us_hs10_to_naics.csv")
    check_width(d, "hs10", 10)
    return d


# ---------------------------------------------------------------------------
# bilateral series
# ---------------------------------------------------------------------------
SERIES_COLUMNS = {"series": "what the figure is (e.g. us_goods_imports_from_india)",
                  "value_usd": "the figure, USD (converted from USD mn)",
                  "source": "where the figure was read", "note": "definition and caveats"}


@dataset(
    "us_india_trade_annual", "bilateral_series/us_india_trade_annual.csv",
    description="One row per figure read from a source: US goods exports to / imports from "
                "India 1985-2023 (Census), 2024 press/USTR figures, services and goods-and-"
                "services totals, India's fiscal-year trade with the USA.",
    source="each row names its source (US Census Bureau country.xlsx, USTR, press, DGCI&S)",
    licence="public domain (Census) / figures quoted (others)", vintage="1985-2025",
    unit="USD (converted from USD mn)",
    columns={**SERIES_COLUMNS,
             "period": "period as written in the source file ('2023', 'FY2024-25', ...)",
             "year": "calendar year; null for fiscal-year rows",
             "fiscal_year": "Indian fiscal year ('2024-25'); null for calendar-year rows"},
    notes="Show the definition (goods vs goods and services; US calendar-year vs Indian "
          "fiscal-year data) beside every figure. Gaps: no precise full-year 2024 Census export "
          "figure (press 41.8 bn, USTR 41.5 bn), no 2025 split (deficit 58.2 bn only).",
    roles=({"role": "bilateral_series", "reporter": "USA", "partner": "IND", "period": "calendar",
            "period_column": "period",
            "series": {"us_goods_exports_to_india": ["exports", "goods"],
                       "us_goods_imports_from_india": ["imports", "goods"],
                       "us_goods_total_trade_with_india": ["total", "goods"],
                       "us_goods_balance_with_india": ["balance", "goods"],
                       "us_services_exports_to_india": ["exports", "services"],
                       "us_services_imports_from_india": ["imports", "services"],
                       "us_services_total_trade_with_india": ["total", "services"],
                       "us_services_balance_with_india": ["balance", "services"],
                       "us_goods_services_exports_to_india": ["exports", "goods_services"],
                       "us_goods_services_imports_from_india": ["imports", "goods_services"],
                       "us_goods_services_total_trade_with_india": ["total", "goods_services"],
                       "us_goods_services_balance_with_india": ["balance", "goods_services"]}},
           {"role": "bilateral_series", "reporter": "IND", "partner": "USA", "period": "fiscal_apr_mar",
            "period_column": "period",
            "series": {"india_exports_to_usa": ["exports", "goods"],
                       "india_imports_from_usa": ["imports", "goods"],
                       "india_total_trade_with_usa": ["total", "goods"],
                       "india_trade_surplus_with_usa": ["balance", "goods"]}}),
)
def build_series_annual(shared: Path):
    d = read_str_csv(shared / "bilateral_series/us_india_trade_annual.csv")
    d["period"] = d.pop("year")
    is_year = d["period"].str.fullmatch(r"\d{4}")
    d["year"] = pd.array(pd.to_numeric(d["period"].where(is_year)), dtype="Int64")
    d["fiscal_year"] = fy(d["period"].where(~is_year, ""))
    d["value_usd"] = mn_to_usd(d["value_usd_mn"])
    d = na_to_none(d, ["note"])
    return d[["series", "period", "year", "fiscal_year", "value_usd", "source", "note"]]


@dataset(
    "us_india_trade_derived", "bilateral_series/us_india_trade_derived.csv",
    description="Figures computed, not read: US-India goods balances 1985-2023 and US imports "
                "from India as the sum of 12 monthly FRED IMP5330 values.",
    source="computed from the sources named per row", licence="derived from public-domain data",
    vintage="1985-2024", unit="USD (converted from USD mn)",
    columns={**SERIES_COLUMNS, "year": "calendar year"},
    notes="DERIVED figures (series names end in _DERIVED). 2024 US imports from India = "
          "87,416.4 mn as the sum of the FRED monthly series.",
    roles=({"role": "bilateral_series", "reporter": "USA", "partner": "IND", "period": "calendar", "kind": "derived",
            "series": {"us_goods_imports_from_india_FRED_IMP5330_sum_DERIVED": ["imports", "goods"],
                       "us_goods_balance_with_india_DERIVED": ["balance", "goods"]}},),
)
def build_series_derived(shared: Path):
    d = read_str_csv(shared / "bilateral_series/us_india_trade_derived.csv")
    d["year"] = d["year"].astype("int64")
    d["value_usd"] = mn_to_usd(d["value_usd_mn"])
    d = na_to_none(d, ["note"])
    return d[["series", "year", "value_usd", "source", "note"]]


@dataset(
    "india_trade_with_us_monthly", "bilateral_series/india_trade_with_us_monthly_fy2025_26.csv",
    description="India's merchandise exports to and imports from the USA by month, April 2025 to "
                "February 2026, as released by India's Ministry of Commerce and Industry and reported "
                "by the press (one row per month and flow).",
    source="India Ministry of Commerce and Industry monthly releases as reported by the press (each row "
           "names its report)", licence="figures quoted from public reports",
    vintage="2025-04 ... 2026-02 (India fiscal year 2025-26, eleven months)", unit="USD (converted from USD bn)",
    columns={"series": "india_exports_to_usa or india_imports_from_usa",
             "month": "calendar month, 'YYYY-MM'", "fiscal_year": "Indian fiscal year of the month ('2025-26')",
             "value_usd": "the month's figure, USD", "kind": "'reported' or 'derived' (July 2025 exports: "
             "from cumulative totals)", "source": "where the figure was read (and how it was derived)"},
    notes="Imports are missing for April, July, August and December 2025 (not in the reports found); "
          "the June 2025 import figure is approximate. March 2026 was not found.",
    roles=({"role": "bilateral_series", "reporter": "IND", "partner": "USA", "period": "month",
            "period_column": "month",
            "series": {"india_exports_to_usa": ["exports", "goods"], "india_imports_from_usa": ["imports", "goods"]}},),
)
def build_monthly_series(shared: Path):
    d = read_str_csv(shared / "bilateral_series/india_trade_with_us_monthly_fy2025_26.csv")
    rows = []
    for col, series in (("exports_to_usa_usd_bn", "india_exports_to_usa"), ("imports_from_usa_usd_bn", "india_imports_from_usa")):
        part = d[d[col] != ""]
        year = part["month"].str.slice(0, 4).astype(int)
        start = np.where(part["month"].str.slice(5, 7).astype(int) >= 4, year, year - 1)
        kind = part["kind"].to_numpy()
        rows.append(pd.DataFrame({"series": series, "month": part["month"].to_numpy(),
                                  "fiscal_year": [f"{y}-{(y + 1) % 100:02d}" for y in start],
                                  "value_usd": (pd.to_numeric(part[col]) * 1e9).round(0).to_numpy(),
                                  "kind": kind, "source": part["source"].to_numpy()}))
    return pd.concat(rows, ignore_index=True).sort_values(["series", "month"]).reset_index(drop=True)


# ---------------------------------------------------------------------------
# published references
# ---------------------------------------------------------------------------
@dataset(
    "agtpa_ch2_twb_results", "references/agtpa_ch2_trade_without_borders_results.csv",
    description="Published results of Advanced Guide ch. 2 application 1 (removing "
                "international borders, sigma = 7), per country.",
    source=AGTPA, licence=CC_BY, vintage="2006 data", unit="percent changes; Y_BLN in USD mn",
    columns={"country": "ISO3 (Germany as DEU)",
             "change_Xi_CDL": "% change in exports, conditional general equilibrium",
             "change_Xi_FULL": "% change in exports, full endowment general equilibrium",
             "change_price_FULL": "% change in factory-gate price (full)",
             "change_IMR_FULL": "% change in inward multilateral resistance (full)",
             "change_rGDP_FULL": "% change in real GDP (full)",
             "Y_BLN": "baseline output, as in the source (USD mn)"},
    notes="Reference values to reproduce; compare with agtpa_ch2_trade_without_borders.",
)
def build_twb_results(shared: Path):
    d = pd.read_csv(shared / "references/agtpa_ch2_trade_without_borders_results.csv")
    d["country"] = d["country"].replace("ZZZ", "DEU")
    return d.sort_values("country").reset_index(drop=True)


@dataset(
    "agtpa_ch1_mfn_rta_estimates", "references/agtpa_ch1_mfn_tariff_rta_estimates.csv",
    description="Published estimates of the Advanced Guide application 'Estimating the effects "
                "of non-discriminatory trade policy': RTA, RTA lags and ln MFN, two models.",
    source=AGTPA, licence=CC_BY, vintage="1986-2006 data", unit="coefficients (PPML)",
    columns={"variable": "regressor (RTA, RTA_LAG3, RTA_LAG6, RTA_LAG9, ln_MFN)",
             "model": "model label (RTAs, TRFFS)", "model_no": "column number in the table",
             "estimate": "coefficient", "std_error": "standard error; null if not given",
             "significance": "stars as printed: ** p<.01, * p<.05, + p<.10",
             "n_obs": "number of observations of the model"},
    notes="Parsed from a Stata esttab export with =\"...\" cells; dependent variable: trade. "
          "Empty cells (variable not in the model) are dropped.",
)
def build_mfn_estimates(shared: Path):
    text = (shared / "references/agtpa_ch1_mfn_tariff_rta_estimates.csv").read_text(
        encoding="utf-8")
    rows = [[re.sub(r'^="?|"$', "", c) for c in r] for r in csv.reader(io.StringIO(text))]
    header = next(r for r in rows if len(r) > 1 and r[0] == "" and r[1].startswith("("))
    models = next(r for r in rows if len(r) > 1 and r[0] == "" and r[1] and
                  not r[1].startswith("("))
    n_row = next(r for r in rows if r and r[0] == "N")
    out = []
    for i, r in enumerate(rows):
        if len(r) < 2 or not r[0] or r[0] in ("N", "r2", "trade") or all(not c for c in r[1:]):
            continue
        if "p<" in "".join(r) or r[0].startswith("Standard"):
            continue  # the footer: significance legend
        nxt = rows[i + 1] if i + 1 < len(rows) else []
        se_row = nxt if nxt and nxt[0] == "" else [""] * len(r)
        for j in range(1, len(r)):
            if not r[j]:
                continue
            m = re.fullmatch(r"\(([-\d.]+)\)(\**|\+)?", se_row[j]) if se_row[j] else None
            out.append({"variable": r[0], "model": models[j],
                        "model_no": int(header[j].strip("()")),
                        "estimate": float(r[j]),
                        "std_error": float(m.group(1)) if m else np.nan,
                        "significance": (m.group(2) or "") if m else "",
                        "n_obs": int(n_row[j])})
    d = pd.DataFrame(out)
    assert ((d.variable == "RTA") & (d.model_no == 1)).any()
    return d


folder_dataset(
    "caliendo_parro_2015", "references/caliendo_parro_2015",
    ("xbilat1993.txt", "tariffs1993.txt", "tariffs2005.txt", "GO.txt", "B.txt", "IO.txt", "T.txt", "README.md",
     "SHA256SUMS"), "economy.toml",
    description="Caliendo and Parro (2015) replication inputs: 31 regions x 40 sectors, 1993 bilateral flows, "
                "input-output shares, value-added shares, gross output, 1993 and 2005 tariffs, trade elasticities.",
    source="L. Caliendo and F. Parro, Estimates of the Trade and Welfare Effects of NAFTA, Review of Economic "
           "Studies 82(1), 2015; the authors' replication package (Data_and_Codes_CP, Equilibrium folder)",
    licence="no licence stated by the authors; redistributed with attribution for the verification of a published "
            "result, to be removed on request (README.md in the folder)",
    vintage="1993 flows; 1993 and 2005 tariffs", unit="flows in thousand USD, gross output in USD, shares, percent",
    notes="Seven tab-separated text matrices as published, with their README and SHA256SUMS; economy.toml "
          "(written for tradedeal) says what each holds and declares the paper's counterfactuals (NAFTA; every "
          "pair to 2005). Read by tradedeal.datasets.io_tables.read('caliendo_parro_2015').",
    roles=({"role": "input_output", "source": "caliendo_parro_2015", "table": "economy"},),
)


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------
def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Deterministic Parquet: no index, no pandas metadata, fixed writer options."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    table = table.replace_schema_metadata(None)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp, compression="zstd", compression_level=19,
                       use_dictionary=True, write_statistics=True, row_group_size=1 << 20,
                       data_page_size=1 << 20, version="2.6",
                       use_byte_stream_split=False)


def _folder_entry(spec: Spec) -> dict:
    folder = OUT_DIR / spec.name
    files = {p.name: sha256_of(p) for p in sorted(folder.iterdir()) if p.is_file()}
    digest = sha256_of_text("".join(f"{k} {v}\n" for k, v in files.items()))
    return {"file": f"{spec.name}/{spec.entry}", "kind": "folder", "description": spec.description,
            "source": spec.source, "licence": spec.licence, "vintage": spec.vintage, "unit": spec.unit,
            "rows": len(files), "sha256": digest, "columns": {}, "notes": spec.notes, "origin": spec.origin,
            "roles": [dict(r) for r in spec.roles], "files": files}


def sha256_of_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def build_all(shared: Path, only_names: set[str] | None = None) -> dict[str, dict]:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    manifest_path = OUT_DIR / "manifest.json"
    previous = {}
    if manifest_path.exists():
        previous = json.loads(manifest_path.read_text(encoding="utf-8")).get("datasets", {})
    entries: dict[str, dict] = {}
    for spec in SPECS:
        if only_names and spec.name not in only_names:
            if spec.name in previous:
                entries[spec.name] = previous[spec.name]
            continue
        got = spec.build(shared)
        if spec.kind == "folder":
            entries[spec.name] = _folder_entry(spec)
            print(f"{spec.name:38s} {len(entries[spec.name]['files']):>9,d} files (folder)", flush=True)
            continue
        df, extra = got if isinstance(got, tuple) else (got, "")
        if callable(spec.columns):
            columns = {str(c): spec.columns(str(c)) for c in df.columns}
        else:
            columns = dict(spec.columns)
            if set(df.columns) != set(columns) or len(df.columns) != len(columns):
                raise ValueError(f"{spec.name}: columns {list(df.columns)} != documented "
                                 f"{list(columns)}")
            df = df[list(columns)]
        file = f"{spec.name}.parquet"
        write_parquet(df.reset_index(drop=True), OUT_DIR / file)
        notes = " ".join(x for x in (spec.notes, extra) if x)
        entries[spec.name] = {
            "file": file, "description": spec.description, "source": spec.source,
            "licence": spec.licence, "vintage": spec.vintage, "unit": spec.unit,
            "rows": int(len(df)), "sha256": sha256_of(OUT_DIR / file),
            "columns": columns, "notes": notes, "origin": spec.origin,
            "roles": [dict(r) for r in spec.roles],
        }
        size = (OUT_DIR / file).stat().st_size
        print(f"{spec.name:38s} {len(df):>9,d} rows {size / 1e6:8.3f} MB", flush=True)
    names = {s.name for s in SPECS}
    for stale in OUT_DIR.glob("*.parquet"):
        if stale.stem not in names:
            stale.unlink()
            print(f"removed stale {stale.name}")
    write_text_atomic(manifest_path, json.dumps({"datasets": entries}, indent=1,
                                                ensure_ascii=False) + "\n")
    total = sum(p.stat().st_size for p in OUT_DIR.iterdir() if p.is_file())
    print(f"total size of {OUT_DIR}: {total / 1e6:.2f} MB ({len(entries)} datasets)")
    return entries


ISO_FILE = ROOT / "src" / "tradedeal" / "codes" / "data" / "iso3166.csv"


def build_iso3166() -> None:
    """ISO 3166-1 codes and names as a small CSV of the codes layer, so that resolving a country
    needs no import of pycountry at run time (``tradedeal duty`` starts faster)."""
    out = io.StringIO()
    out.write(f"# ISO 3166-1 countries as packaged by pycountry {version('pycountry')} (LGPL-2.1; the codes are "
              "ISO 3166-1), written by scripts/build_data.py\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["alpha_3", "alpha_2", "numeric", "name", "official_name", "common_name"])
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        w.writerow([c.alpha_3, c.alpha_2, c.numeric, c.name, getattr(c, "official_name", ""),
                    getattr(c, "common_name", "")])
    write_text_atomic(ISO_FILE, out.getvalue())
    print(f"wrote {ISO_FILE.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="the shared/data folder (default: ../shared/data)")
    ap.add_argument("--only", nargs="*", help="rebuild only these datasets (others kept)")
    args = ap.parse_args(argv)
    if not (args.shared / "SOURCES.md").exists():
        ap.error(f"{args.shared} does not look like shared/data (no SOURCES.md)")
    build_all(args.shared.resolve(), set(args.only) if args.only else None)
    build_iso3166()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
