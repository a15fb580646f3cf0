"""``tradedeal data``: the shipped datasets and the user's own imports."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from tradedeal.interfaces.render import console

app = typer.Typer(help="Shipped datasets (provenance, checksums) and imports of your own data.",
                  no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """Every shipped dataset with its rows, unit and source."""
    from tradedeal import datasets

    table = Table(title="Shipped datasets", title_justify="left")
    for col in ("name", "rows", "unit", "vintage", "source"):
        table.add_column(col, overflow="fold", no_wrap=col == "name",
                         justify="right" if col == "rows" else "left")
    for name in datasets.names():
        ds = datasets.info(name)
        table.add_row(name, f"{ds.rows:,}", ds.unit, ds.vintage, ds.source)
    console().print(table)


@app.command("info")
def info(name: str = typer.Argument(..., help="dataset name (see `tradedeal data list`)")) -> None:
    """Provenance, coverage and sanity figures of one dataset (checksum verified)."""
    from tradedeal.statistics.dataset_summary import summarize

    con = console()
    summary = summarize(name)
    ds = summary.info
    con.print(f"[bold]{ds.name}[/bold]: {escape(ds.description)}")
    for label, value in (("source", ds.source), ("licence", ds.licence), ("vintage", ds.vintage),
                         ("unit", ds.unit), ("rows", f"{ds.rows:,}"), ("file", ds.file),
                         ("sha256", f"{ds.sha256} (verified)"), ("built from", ds.origin)):
        con.print(f"  [dim]{label:<10}[/dim] {escape(str(value))}")
    if ds.notes:
        con.print(f"  [dim]{'notes':<10}[/dim] {escape(ds.notes)}")
    for role in ds.roles:
        params = ", ".join(f"{k}={v}" for k, v in role.params if k not in ("approximation", "scale"))
        con.print(f"  [dim]{'role':<10}[/dim] {escape(role.role)}: {escape(params)}")
    table = Table(title="columns and coverage", title_justify="left")
    for col in ("column", "meaning", "dtype", "distinct", "coverage"):
        table.add_column(col, overflow="fold")
    for row in summary.columns.itertuples(index=False):
        table.add_row(escape(row.column), escape(row.meaning), row.dtype, f"{row.distinct:,}", escape(row.coverage))
    con.print(table)
    for label, value in summary.figures:
        con.print(f"  {escape(label)}: {escape(str(value))}")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="the file to import (csv, tsv or .gz)"),
    fmt: str = typer.Option(..., "--format", help="comtrade | wits"),
) -> None:
    """Load your own UN Comtrade or WITS/TRAINS file into the store (all-or-nothing)."""
    from tradedeal.store.db import Store
    from tradedeal.store.importer import import_file

    with Store.open() as store:
        report = import_file(store, file, fmt)
    console().print(report.summary(), highlight=False)


@app.command("imports")
def imports() -> None:
    """Your imports: id, file, kind, rows still owned, when."""
    from tradedeal.store.db import Store

    with Store.open(read_only=True) as store:
        log = store.imports()
    con = console()
    if log.empty:
        con.print("no imports yet; load a file with `tradedeal data import --format comtrade FILE`")
        return
    table = Table(title=f"Imports in {store.path}", title_justify="left")
    cols = ["import_id", "variant", "rows_current", "imported_at", "file"]
    log["imported_at"] = log["imported_at"].astype(str).str.slice(0, 19)
    for col in cols:
        table.add_column(col, overflow="fold", no_wrap=col != "file")
    for row in log[cols].itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    con.print(table)


@app.command("remove")
def remove(import_id: str = typer.Argument(..., help="an import id (or a unique prefix of one)")) -> None:
    """Delete the rows an import still owns, and its log entry (one transaction)."""
    from tradedeal.store.db import Store
    from tradedeal.store.importer import remove_import

    with Store.open() as store:
        n = remove_import(store, import_id)
    console().print(f"removed import {import_id}: {n} rows deleted", highlight=False)
