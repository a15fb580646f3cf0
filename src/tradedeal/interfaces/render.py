"""Show a :class:`TableResult` in the terminal or write it as csv/json/parquet (no pandas needed
for a table built as records)."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tradedeal.errors import QueryError
from tradedeal.options import Format, check
from tradedeal.tables import TableResult, clean


def console(stderr: bool = False) -> Console:
    """A console as wide as the terminal, or 160 columns when output goes to a file or pipe."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 160)


def _fmt(value, column: str, unit: str = "") -> str:
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if column.endswith(("_usd", "_usd_mn")) or unit.startswith("USD"):
            return f"{value:,.0f}"
        if column.startswith("share_of"):
            return f"{value:.3f}"
        return f"{value:,.2f}"
    return escape(str(value))


def _numeric(values) -> bool:
    seen = False
    for v in values:
        v = clean(v)
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        seen = True
    return seen


def print_table(result: TableResult, console: Console, limit: int | None = 40,
                columns: list[str] | None = None) -> None:
    rec = result.records()
    keep = list(range(len(rec.columns))) if columns is None else [rec.columns.index(c) for c in columns
                                                                    if c in rec.columns]
    rows = [[r[k] for k in keep] for r in rec.rows]
    names = [rec.columns[k] for k in keep]
    shown = rows if limit is None else rows[:limit]
    table = Table(title=escape(result.title), title_justify="left")
    for j, col in enumerate(names):
        unit = result.units.get(col)
        table.add_column(f"{escape(col)}\n[dim]{escape(unit)}[/dim]" if unit else escape(col),
                         justify="right" if _numeric(r[j] for r in rows) else "left",
                         overflow="fold", max_width=60 if col == "description" else None)
    for row in shown:
        table.add_row(*(_fmt(v, c, result.units.get(c, "")) for v, c in zip(row, names)))
    console.print(table)
    if limit is not None and len(rows) > limit:
        console.print(f"[dim]... {len(rows) - limit} more rows (use --format csv or --limit 0 for all)[/dim]")
    print_about(result, console)


def print_about(result: TableResult, console: Console) -> None:
    """The notes, sources and approximations of a result (beside the table, or on stderr when the
    table itself goes to stdout as CSV)."""
    for note in result.notes:
        if note.lower().startswith("warning:"):
            console.print(f"[bold red]WARNING:[/bold red] {escape(note[8:].strip())}", highlight=False)
        elif note.startswith("WARNING"):
            console.print(f"[bold red]{escape(note)}[/bold red]", highlight=False)
        else:
            text = note[5:].strip() if note.lower().startswith("note:") else note
            console.print(f"[dim]note:[/dim] {escape(text)}", highlight=False)
    for p in result.provenance:
        console.print(f"[dim]source:[/dim] {escape(p.dataset)} - {escape(p.source)}", highlight=False)
    for approx in result.approximations:
        console.print(f"[bold yellow]APPROXIMATION:[/bold yellow] {escape(approx)}", highlight=False)


def emit(result: TableResult, fmt: str, out: Path | None, console: Console, limit: int | None = 40,
         columns: list[str] | None = None, comments: bool = False) -> None:
    """Print or write ``result`` in ``fmt``; writes are atomic. ``columns`` trims the terminal table."""
    check(fmt, Format, "--format")
    if fmt == "table":
        print_table(result, console, limit, columns)
        if out is not None:
            result.write(out, "csv", comments)
        return
    err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    if out is not None:
        result.write(out, fmt, comments)
        err.print(f"wrote {out}" + (f" and its {Path(out).stem}.meta.json" if fmt == "csv" and not comments else ""),
                  style="dim", highlight=False)
        return
    if fmt == "parquet":
        raise QueryError("--format parquet needs a file", "add --out FILE.parquet")
    if fmt == "csv":
        sys.stdout.write(result.to_csv(comments))
        if not comments:
            print_about(result, err)
        return
    sys.stdout.write(result.to_json() + "\n")
