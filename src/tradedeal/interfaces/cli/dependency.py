"""``tradedeal dependency``: who an importer depends on for strategic products, against the
published criteria of dependence."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Comments, Format, Out, OutPath, country
from tradedeal.interfaces.render import console, emit

SUMMARY_COLUMNS = ["group", "products", "imports_usd", "group_hhi", "top_supplier", "top_share", "products_hhi_over_0_4",
                   "ec_2021_dependent", "cepii_geodep_dependent"]
LINE_COLUMNS = ["group", "code", "imports_usd", "hhi", "top_supplier", "top_share", "top_duty_pct", "ec_import_concentration"]


def _shown(columns: list[str], fixed: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """The fixed columns, then those ending in ``suffixes`` (shares, duties of the watched and the partner)."""
    return [c for c in fixed if c in columns] + [c for c in columns if c not in fixed and c.endswith(suffixes)]


def dependency(
    importer: str = typer.Option(..., "--importer", help="the importing country"),
    groups: str = typer.Option("critical_minerals,energy,defence,nuclear,semiconductors,pharmaceuticals", "--groups",
                               help="product groups, comma-separated (codes/data/product_groups.toml); 'all' = every group"),
    exporter: Optional[str] = typer.Option(None, "--exporter", help="the partner: its share, duty and room to "
                                           "substitute are shown"),
    date: Optional[str] = typer.Option(None, "--date", help="entry date of the duties and of partner-group "
                                       "membership, YYYY-MM-DD (default: today)"),
    level: str = typer.Option("line", "--level", help="line (the importer's lines, HS10 for the US) | hs6"),
    partners: Optional[str] = typer.Option(None, "--partners", help="partner groups, comma-separated (pax_silica, "
                                           "quad, msp, us_fta): the share of each product group's imports from them"),
    year: int = typer.Option(2024, "--year", help="year of the import data"),
    table: str = typer.Option("summary", "--table", help="summary | lines | partners | criteria: the table written "
                              "with --format csv|json|parquet or --out"),
    fmt: str = Format, out: OutPath = Out, comments: bool = Comments,
    folder: Optional[Path] = typer.Option(None, "--folder", help="write every table (CSV, JSON) here"),
    limit: int = typer.Option(25, "--limit", help="product rows shown in table format (0 = all)"),
) -> None:
    """Strategic dependency by product group and product: imports, supplier concentration (HHI),
    top supplier, China's and the partner's shares and duties, the partner's room to substitute,
    and the European Commission's and CEPII GeoDep's criteria (each with its source).

    Example: tradedeal dependency --importer USA --exporter IND --date 2026-03-01 --partners pax_silica,quad
    """
    from tradedeal.codes.groups import groups as product_groups
    from tradedeal.options import DependencyTable, check
    from tradedeal.statistics.dependency import dependency as run

    check(table, DependencyTable, "--table")
    names = sorted(product_groups()) if groups.strip() == "all" else [g.strip() for g in groups.split(",") if g.strip()]
    pgroups = [p.strip() for p in (partners or "").split(",") if p.strip()]
    imp = country(importer, "--importer")
    exp = country(exporter, "--exporter") if exporter else None
    result = run(imp, names, exp, date, level, pgroups, year)
    con, err = console(), console(stderr=True)
    if fmt == "table":
        summary = result.summary
        emit(summary, "table", None, con, None,
             columns=_shown(summary.columns, SUMMARY_COLUMNS, ("_share", "_avg_duty_pct", "_cover_top_pct", "_usd")))
        lines = result.lines
        emit(lines, "table", None, con, None if limit == 0 else limit,
             columns=_shown(lines.columns, LINE_COLUMNS, ("_share", "_duty_pct", "_room", "coarse")))
        if len(result.partners.columns):
            emit(result.partners, "table", None, con, None)
        if out is not None:
            result.table(table).write(out, "csv", comments)
    else:
        emit(result.table(table), fmt, out, con, None, comments=comments)
    if folder is not None:
        written = result.write(folder)
        err.print(f"wrote {len(written)} files under {folder}", style="dim")
