"""Which data answers "what does IMPORTER buy from EXPORTER in YEAR", and how well.

Sources are declared as data (:data:`SHIPPED_SOURCES`), never as
country-specific branches in code: each says which importer/exporter it
covers, its finest HS level, how its year is labelled, and the approximation
a reader must see beside any figure it produces.  User data imported into
the store (UN Comtrade, WITS) always takes precedence over shipped data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradedeal import datasets
from tradedeal.datasets._registry import read_parquet
from tradedeal.errors import QueryError
from tradedeal.results.frames import Provenance

ANY = "*"


@dataclass(frozen=True)
class ScaleRule:
    """Scale a region's figures to one country's share of them: the country's total (rows of
    another dataset, selected by ``filters``) over the region's total in the source dataset,
    both for the reference fiscal year."""

    dataset: str
    filters: tuple[tuple[str, str, object], ...]
    fiscal_year: str
    whose: str  # e.g. "the USA's"

    def apply(self, src_dataset: str, values: pd.Series, fiscal_year: str) -> tuple[pd.Series, str]:
        target = float(read_parquet(self.dataset, columns=["value_usd"], filters=list(self.filters))["value_usd"].sum())
        region = float(read_parquet(src_dataset, columns=["value_usd"],
                                    filters=[("fiscal_year", "==", self.fiscal_year)])["value_usd"].sum())
        share = target / region
        text = (f"scaled uniformly to {self.whose} share of the FY{self.fiscal_year} total ({target / 1e6:,.0f} of "
                f"{region / 1e6:,.0f} USD mn, {share:.1%}; {self.dataset} over {src_dataset})")
        if fiscal_year != self.fiscal_year:
            text += f", the FY{self.fiscal_year} share applied to FY{fiscal_year}"
        return values * share, text


@dataclass(frozen=True)
class ShippedSource:
    """A shipped dataset read as bilateral trade lines."""

    dataset: str
    importer: str  # ISO3 or ANY
    exporter: str  # ISO3 or ANY
    level: int  # finest HS level (digits)
    code_column: str
    importer_column: str | None  # None: the importer is fixed (``importer``)
    exporter_column: str | None
    period: str  # "calendar" or "fiscal_apr_mar"
    reporter: str  # whose statistics: "importer" (imports) or "exporter" (mirror: exports)
    approximation: str = ""
    scale: ScaleRule | None = None  # approximation may hold "{scale}": the rule's own text

    def covers(self, importer: str, exporter: str) -> bool:
        return self.importer in (ANY, importer) and self.exporter in (ANY, exporter)


SHIPPED_SOURCES: tuple[ShippedSource, ...] = (
    ShippedSource(
        dataset="us_imports_2024", importer="USA", exporter=ANY, level=10, code_column="hs10",
        importer_column=None, exporter_column="exporter", period="calendar", reporter="importer",
    ),
    ShippedSource(
        dataset="india_exports_hs8_by_country", importer=ANY, exporter="IND", level=8,
        code_column="hs8", importer_column="partner", exporter_column=None, period="fiscal_apr_mar",
        reporter="exporter",
        approximation=(
            "India's exports as reported by India (EIDB, f.o.b.), fiscal year April-March; the shipped "
            "scrape is incomplete (about 70% of exports to the US in FY2024-25; smartphones 85171300 "
            "and several 2710 lines missing): use for shares, not totals"
        ),
    ),
    ShippedSource(
        dataset="india_imports_north_america_hs2", importer="IND", exporter="USA", level=2,
        code_column="hs2", importer_column=None, exporter_column=None, period="fiscal_apr_mar",
        reporter="importer",
        approximation=(
            "India's imports from the EIDB North America region (USA+CAN+MEX) by HS2, {scale}; chapters where "
            "Canada dominates (07, 31, 47, 48) are overstated"
        ),
        scale=ScaleRule("us_to_india_partial", (("source_id", "==", "CHANDN0_COUNTRY_DIST"),
                                                ("flow_view", "==", "India imports from USA (DGCI&S FTSPCC)"),
                                                ("fiscal_year", "==", "2024-25")), "2024-25", "the USA's"),
    ),
)


def fiscal_label(year: int) -> str:
    """Fiscal year April(year)-March(year+1), labelled like '2024-25'."""
    return f"{year}-{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Lines:
    """Bilateral trade lines at the source's finest level."""

    frame: pd.DataFrame  # columns: hs_code (str), value_usd (float)
    level: int
    provenance: Provenance
    notes: tuple[str, ...] = ()


def from_user_store(importer: str, exporter: str, year: int) -> Lines | None:
    """User data imported into the store, if any covers the pair and year."""
    from tradedeal.store.db import Store

    with Store.open(read_only=True) as store:
        df = store.user_trade(importer=importer, exporter=exporter, year=year)
    if df is None or df.empty:
        return None
    imports = df[df["flow"] == "import"]
    use = imports if not imports.empty else df[df["flow"] == "export"]
    approx = "" if not imports.empty else (
        f"mirror data: {exporter}'s reported exports to {importer} (f.o.b.), not {importer}'s imports")
    level = int(use["hs_level"].max())
    coarser = use[use["hs_level"] < level]
    use = use[use["hs_level"] == level]
    files = ", ".join(sorted(use["source_file"].unique()))
    formats = ", ".join(sorted(use["source_format"].unique()))
    prov = Provenance(dataset=f"user_trade ({files})", source=f"user import, {formats} format",
                      approximation=approx)
    notes = () if coarser.empty else (
        f"your imported rows at HS{'/'.join(map(str, sorted(coarser['hs_level'].unique())))} "
        f"({len(coarser)} rows, USD {coarser['value_usd'].sum():,.0f}) are left out: the finest level imported "
        f"(HS{level}) is used, and coarser rows would count the same trade twice",)
    return Lines(use[["hs_code", "value_usd"]].reset_index(drop=True), level, prov, notes)


def from_shipped(src: ShippedSource, importer: str, exporter: str, year: int) -> Lines | None:
    """Lines from a shipped dataset, or None when it has no rows for that year."""
    info = datasets.info(src.dataset)
    filters: list[tuple[str, str, object]] = []
    if src.importer_column:
        filters.append((src.importer_column, "==", importer))
    if src.exporter_column:
        filters.append((src.exporter_column, "==", exporter))
    if src.period == "fiscal_apr_mar":
        filters.append(("fiscal_year", "==", fiscal_label(year)))
    else:
        filters.append(("year", "==", year))
    df = read_parquet(src.dataset, columns=[src.code_column, "value_usd"], filters=filters)
    if df.empty:
        return None
    out = pd.DataFrame({"hs_code": df[src.code_column].astype(str).to_numpy(),
                        "value_usd": df["value_usd"].astype(float).to_numpy()})
    approx = src.approximation
    if src.scale:
        out["value_usd"], scaled = src.scale.apply(src.dataset, out["value_usd"], fiscal_label(year))
        approx = approx.format(scale=scaled)
    if src.period == "fiscal_apr_mar":
        approx = (approx + "; " if approx else "") + (
            f"fiscal year {fiscal_label(year)} (April {year} to March {year + 1}) stands in for calendar {year}")
    prov = Provenance(dataset=src.dataset, source=f"{info.source} (vintage {info.vintage})",
                      approximation=approx)
    return Lines(out, src.level, prov)


def available_years(src: ShippedSource) -> list[str]:
    col = "fiscal_year" if src.period == "fiscal_apr_mar" else "year"
    return sorted(map(str, read_parquet(src.dataset, columns=[col])[col].unique()))


SOURCE_CHOICES = ("auto", "user", "shipped")


def bilateral_lines(importer: str, exporter: str, year: int, source: str = "auto") -> Lines:
    """The best data for the pair and year.

    ``source='auto'``: the user's imported data first, then shipped sources;
    ``'user'``: only imported data; ``'shipped'``: only shipped data. Among shipped
    sources the importer's own statistics come first; mirror data (the exporter's
    export statistics) is used only when no importer-reported source covers the
    pair at all, so a missing year is reported, not silently answered from another
    country's statistics. When user data answers, the result notes how its total
    compares with the shipped data's, so a partial file cannot pass for the total.
    """
    if source not in SOURCE_CHOICES:
        raise QueryError(f"unknown --source '{source}'", f"use one of {', '.join(SOURCE_CHOICES)}")
    if source != "shipped":
        user = from_user_store(importer, exporter, year)
        if user is not None:
            return _with_coverage_note(user, importer, exporter, year)
        if source == "user":
            raise QueryError(f"no imported data for {exporter} -> {importer} in {year}",
                             "import a file with `tradedeal data import`, or use --source auto")
    return shipped_lines(importer, exporter, year)


def _with_coverage_note(user: Lines, importer: str, exporter: str, year: int) -> Lines:
    try:
        shipped = shipped_lines(importer, exporter, year)
    except QueryError:
        return user
    u, s = float(user.frame["value_usd"].sum()), float(shipped.frame["value_usd"].sum())
    note = (f"your imported data ({user.provenance.dataset}) replaces the shipped "
            f"{shipped.provenance.dataset} for this pair: it sums to USD {u:,.0f}, "
            f"{100 * u / s:.1f}% of the shipped total USD {s:,.0f}"
            + ("; it looks partial: use --source shipped for the shipped data" if u < 0.9 * s else ""))
    return Lines(user.frame, user.level, user.provenance, (*user.notes, note))


def shipped_lines(importer: str, exporter: str, year: int) -> Lines:
    """The best shipped data for the pair and year (see :func:`bilateral_lines`)."""
    covering = [s for s in SHIPPED_SOURCES if s.covers(importer, exporter)]
    direct = [s for s in covering if s.reporter == "importer"]
    candidates = direct or covering
    for src in candidates:
        lines = from_shipped(src, importer, exporter, year)
        if lines is not None:
            return lines
    if candidates:
        years = "; ".join(f"{s.dataset}: {', '.join(available_years(s))}" for s in candidates)
        mirror = [s.dataset for s in covering if s not in candidates]
        more = f" (mirror data from {', '.join(mirror)} is not used while {importer}'s own statistics exist)" if mirror else ""
        raise QueryError(
            f"no trade data for {exporter} -> {importer} in {year}; shipped data covers {years}{more}",
            "pick a covered year, or load your own data with `tradedeal data import --format comtrade FILE`",
        )
    raise QueryError(
        f"no data covers {exporter} -> {importer}: the shipped data has the US imports from every "
        "partner and India's own export and import tables",
        "load a UN Comtrade or WITS download with `tradedeal data import --format comtrade|wits FILE`",
    )
