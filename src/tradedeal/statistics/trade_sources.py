"""Which data answers "what does IMPORTER buy from EXPORTER in YEAR", and how well.

Sources are the datasets playing the role ``trade`` in the catalogue (data, not branches in
code, see :mod:`tradedeal.datasets.roles`): each says which importer/exporter it covers, its
finest HS level, how its year is labelled, and the approximation a reader must see beside any
figure it produces. User data imported into the store (UN Comtrade, WITS) comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradedeal import datasets
from tradedeal.datasets import RoleMatch
from tradedeal.errors import QueryError
from tradedeal.options import Source, check
from tradedeal.results.frames import Provenance
from tradedeal.store.db import Store


@dataclass(frozen=True)
class ScaleRule:
    """Scale a region's figures to one country's share of them: the country's total (rows of
    another dataset, selected by ``filters``) over the region's total in the source dataset,
    both for the reference fiscal year."""

    dataset: str
    filters: tuple[tuple[str, str, object], ...]
    fiscal_year: str
    whose: str  # e.g. "the USA's"

    @classmethod
    def of(cls, param) -> "ScaleRule | None":
        if not param:
            return None
        p = dict(param)
        return cls(p["dataset"], tuple(tuple(f) for f in p["filters"]), p["fiscal_year"], p["whose"])

    def apply(self, src_dataset: str, values: pd.Series, fiscal_year: str) -> tuple[pd.Series, str]:
        target = float(datasets.load(self.dataset, columns=["value_usd"], filters=list(self.filters))["value_usd"].sum())
        region = float(datasets.load(src_dataset, columns=["value_usd"],
                                     filters=[("fiscal_year", "==", self.fiscal_year)])["value_usd"].sum())
        share = target / region
        text = (f"scaled uniformly to {self.whose} share of the FY{self.fiscal_year} total ({target / 1e6:,.0f} of "
                f"{region / 1e6:,.0f} USD mn, {share:.1%}; {self.dataset} over {src_dataset})")
        if fiscal_year != self.fiscal_year:
            text += f", the FY{self.fiscal_year} share applied to FY{fiscal_year}"
        return values * share, text


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
    """User data imported into the store, if any covers the pair and year (the store's index
    says so without opening the database)."""
    if not any(year in (m.get("years") or ()) for m in datasets.find("trade", importer=importer, exporter=exporter)
               if m.kind == "user"):
        return None
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


def from_shipped(src: RoleMatch, importer: str, exporter: str, year: int) -> Lines | None:
    """Lines from a shipped dataset playing the role ``trade``, or None when it has no rows for
    that year."""
    info = datasets.info(src.dataset)
    code_column, importer_column, exporter_column = src.get("code_column"), src.get("importer_column"), \
        src.get("exporter_column")
    fiscal = src.get("period") == "fiscal_apr_mar"
    filters: list[tuple[str, str, object]] = []
    if importer_column:
        filters.append((importer_column, "==", importer))
    if exporter_column:
        filters.append((exporter_column, "==", exporter))
    filters.append(("fiscal_year", "==", fiscal_label(year)) if fiscal else ("year", "==", year))
    df = datasets.load(src.dataset, columns=[code_column, "value_usd"], filters=filters)
    if df.empty:
        return None
    out = pd.DataFrame({"hs_code": df[code_column].astype(str).to_numpy(),
                        "value_usd": df["value_usd"].astype(float).to_numpy()})
    approx = src.get("approximation", "")
    scale = ScaleRule.of(src.get("scale"))
    if scale:
        out["value_usd"], scaled = scale.apply(src.dataset, out["value_usd"], fiscal_label(year))
        approx = approx.format(scale=scaled)
    if fiscal:
        approx = (approx + "; " if approx else "") + (
            f"fiscal year {fiscal_label(year)} (April {year} to March {year + 1}) stands in for calendar {year}")
    prov = Provenance(dataset=src.dataset, source=f"{info.source} (vintage {info.vintage})",
                      approximation=approx)
    return Lines(out, int(src.get("level")), prov)


def available_years(src: RoleMatch) -> list[str]:
    col = "fiscal_year" if src.get("period") == "fiscal_apr_mar" else "year"
    return sorted(map(str, datasets.load(src.dataset, columns=[col])[col].unique()))


def bilateral_lines(importer: str, exporter: str, year: int, source: Source = "auto") -> Lines:
    """The best data for the pair and year.

    ``source='auto'``: the user's imported data first, then shipped sources;
    ``'user'``: only imported data; ``'shipped'``: only shipped data. Among shipped
    sources the importer's own statistics come first; mirror data (the exporter's
    export statistics) is used only when no importer-reported source covers the
    pair at all, so a missing year is reported, not silently answered from another
    country's statistics. When user data answers, the result notes how its total
    compares with the shipped data's, so a partial file cannot pass for the total.
    """
    check(source, Source, "--source")
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
    covering = datasets.shipped("trade", importer=importer, exporter=exporter)
    direct = [s for s in covering if s.get("reporter") == "importer"]
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
