"""Show a :class:`TableResult` in the terminal or write it as csv/json/parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tradedeal.errors import QueryError

if TYPE_CHECKING:  # pandas is imported only when a table is shown (CLI start-up)
    from tradedeal.results.frames import TableResult

FORMATS = ("table", "csv", "json", "parquet")


def console(stderr: bool = False) -> Console:
    """A console as wide as the terminal, or 160 columns when output goes to a file or pipe."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 160)


def _fmt(value, column: str) -> str:
    if isinstance(value, float):
        if column.endswith("_usd"):
            return f"{value:,.0f}"
        if column.startswith("share_of"):
            return f"{value:.3f}"
        return f"{value:,.2f}"
    return escape(str(value))


def print_table(result: TableResult, console: Console, limit: int | None = 40,
                columns: list[str] | None = None) -> None:
    frame = result.frame if columns is None else result.frame[[c for c in columns if c in result.frame]]
    shown = frame if limit is None else frame.head(limit)
    table = Table(title=escape(result.title), title_justify="left")
    for col in frame.columns:
        unit = result.units.get(col)
        table.add_column(f"{escape(col)}\n[dim]{escape(unit)}[/dim]" if unit else escape(col),
                         justify="right" if frame[col].dtype.kind in "fi" else "left",
                         overflow="fold", max_width=60 if col == "description" else None)
    for row in shown.itertuples(index=False):
        table.add_row(*(_fmt(v, c) for v, c in zip(row, frame.columns)))
    console.print(table)
    if limit is not None and len(frame) > limit:
        console.print(f"[dim]... {len(frame) - limit} more rows (use --format csv or --limit 0 for all)[/dim]")
    for note in result.notes:
        console.print(f"[dim]note:[/dim] {escape(note)}")
    for p in result.provenance:
        console.print(f"[dim]source:[/dim] {escape(p.dataset)} - {escape(p.source)}")
    for approx in result.approximations:
        console.print(f"[bold yellow]APPROXIMATION:[/bold yellow] {escape(approx)}")


def emit(result: TableResult, fmt: str, out: Path | None, console: Console, limit: int | None = 40,
         columns: list[str] | None = None) -> None:
    """Print or write ``result`` in ``fmt``; writes are atomic. ``columns`` trims the terminal table."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown --format '{fmt}'", f"use one of {', '.join(FORMATS)}")
    if fmt == "table":
        print_table(result, console, limit, columns)
        if out is not None:
            result.write(out, "csv")
        return
    if out is not None:
        result.write(out, fmt)
        console.print(f"wrote {out}", style="dim")
        return
    if fmt == "parquet":
        raise QueryError("--format parquet needs a file", "add --out FILE.parquet")
    sys.stdout.write(result.to_csv() if fmt == "csv" else result.to_json() + "\n")
