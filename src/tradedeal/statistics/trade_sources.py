"""Which data answers "what does IMPORTER buy from EXPORTER in YEAR", and how well.

Sources are the datasets playing the role ``trade`` in the catalogue (data, not branches in
code, see :mod:`tradedeal.datasets.roles`): each says which importer/exporter it covers, its
finest HS level, how its year is labelled, and the approximation a reader must see beside any
figure it produces. User data imported into the store (UN Comtrade, WITS) comes first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradedeal import datasets, lazy
from tradedeal.datasets import RoleMatch
from tradedeal.errors import QueryError
from tradedeal.options import Source, check
from tradedeal.store.db import Store
from tradedeal.tables import Provenance


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

    def apply(self, src_dataset: str, values: np.ndarray, fiscal_year: str) -> tuple[np.ndarray, str]:
        where = " AND ".join(f'"{c}" {op} {datasets.lit(v)}' for c, op, v in self.filters)
        target = float(datasets.query(f"SELECT SUM(value_usd) FROM {{{self.dataset}}} WHERE {where}")[0][0] or 0)
        region = float(datasets.query(f"SELECT SUM(value_usd) FROM {{{src_dataset}}} WHERE fiscal_year = "
                                      f"{datasets.lit(self.fiscal_year)}")[0][0] or 0)
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
    """Bilateral trade lines at the source's finest level: codes (digit strings) and values (USD)."""

    codes: np.ndarray
    values: np.ndarray
    level: int
    provenance: Provenance
    notes: tuple[str, ...] = ()

    @property
    def frame(self):
        """The lines as a pandas frame (hs_code, value_usd)."""
        return lazy.pandas().DataFrame({"hs_code": self.codes, "value_usd": self.values})

    @property
    def total(self) -> float:
        return float(self.values.sum())

    @classmethod
    def of(cls, frame, level: int, provenance: Provenance, notes: tuple[str, ...] = ()) -> "Lines":
        """From a frame with ``hs_code`` and ``value_usd``."""
        return cls(frame["hs_code"].astype(str).to_numpy(dtype=object), frame["value_usd"].to_numpy(float), level,
                   provenance, notes)


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
    return Lines.of(use, level, prov, notes)


def from_shipped(src: RoleMatch, importer: str, exporter: str, year: int) -> Lines | None:
    """Lines from a shipped dataset playing the role ``trade``, or None when it has no rows for
    that year."""
    info = datasets.info(src.dataset)
    code_column, importer_column, exporter_column = src.get("code_column"), src.get("importer_column"), \
        src.get("exporter_column")
    fiscal = src.get("period") == "fiscal_apr_mar"
    where = [f'"{importer_column}" = {datasets.lit(importer)}'] if importer_column else []
    where += [f'"{exporter_column}" = {datasets.lit(exporter)}'] if exporter_column else []
    where.append(f"fiscal_year = {datasets.lit(fiscal_label(year))}" if fiscal else f"year = {int(year)}")
    rows = datasets.query(f'SELECT "{code_column}", value_usd FROM {{{src.dataset}}} WHERE {" AND ".join(where)}')
    if not rows:
        return None
    codes = np.array([str(r[0]) for r in rows], dtype=object)
    values = np.array([float(r[1]) for r in rows])
    approx = src.get("approximation", "")
    scale = ScaleRule.of(src.get("scale"))
    if scale:
        values, scaled = scale.apply(src.dataset, values, fiscal_label(year))
        approx = approx.format(scale=scaled)
    if fiscal:
        approx = (approx + "; " if approx else "") + (
            f"fiscal year {fiscal_label(year)} (April {year} to March {year + 1}) stands in for calendar {year}")
    prov = Provenance(dataset=src.dataset, source=f"{info.source} (vintage {info.vintage})",
                      approximation=approx)
    return Lines(codes, values, int(src.get("level")), prov)


def available_years(src: RoleMatch) -> list[str]:
    col = "fiscal_year" if src.get("period") == "fiscal_apr_mar" else "year"
    return sorted(str(r[0]) for r in datasets.query(f'SELECT DISTINCT "{col}" FROM {{{src.dataset}}}'))


def bilateral_lines(importer: str, exporter: str, year: int, source: Source = "auto") -> Lines:
    """The best data for the pair and year.

    ``source='auto'``: the user's imported data when it covers the pair (at least
    :data:`COVERAGE` of the shipped total, or no shipped data exists), else the shipped data
    with a warning that says how much the user's covers; ``'user'``: only imported data (a
    partial file is said so); ``'shipped'``: only shipped data. Among shipped sources the
    importer's own statistics come first; mirror data (the exporter's export statistics) is
    used only when no importer-reported source covers the pair at all, so a missing year is
    reported, not silently answered from another country's statistics.
    """
    check(source, Source, "--source")
    if source != "shipped":
        user = from_user_store(importer, exporter, year)
        if user is not None:
            return _with_coverage_note(user, importer, exporter, year, source)
        if source == "user":
            raise QueryError(f"no imported data for {exporter} -> {importer} in {year}",
                             "import a file with `tradedeal data import`, or use --source auto")
    return shipped_lines(importer, exporter, year)


COVERAGE = 0.9  # a user's data below this share of the shipped total is partial


def _with_coverage_note(user: Lines, importer: str, exporter: str, year: int, source: str) -> Lines:
    """The user's lines with how they compare with the shipped data; under ``auto`` a partial
    file gives way to the shipped data (with a warning), under ``user`` it is used as asked."""
    try:
        shipped = shipped_lines(importer, exporter, year)
    except QueryError:
        return user
    u, s = user.total, shipped.total
    share = f"USD {u:,.0f}, {100 * u / s:.1f}% of the shipped total USD {s:,.0f}" if s else f"USD {u:,.0f}"
    if source == "auto" and u < COVERAGE * s:
        note = (f"warning: your imported data ({user.provenance.dataset}) for {exporter} -> {importer} {year} sums "
                f"to {share} ({shipped.provenance.dataset}): it looks partial, so the shipped data is used; "
                "--source user uses yours alone")
        return Lines(shipped.codes, shipped.values, shipped.level, shipped.provenance, (*shipped.notes, note))
    note = (f"your imported data ({user.provenance.dataset}) replaces the shipped "
            f"{shipped.provenance.dataset} for this pair: it sums to {share}"
            + ("; warning: it looks partial (what it lacks counts as no trade); --source shipped uses the "
               "shipped data" if u < COVERAGE * s else ""))
    return Lines(user.codes, user.values, user.level, user.provenance, (*user.notes, note))


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
