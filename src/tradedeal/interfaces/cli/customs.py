"""``tradedeal entries | refunds``: whole entry files, priced line by line, and the IEEPA refunds they are owed."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Comments, Limit, Out, OutPath
from tradedeal.interfaces.cli.tariffs import ContentRule, Regime, Unconfirmed
from tradedeal.interfaces.render import console, emit

Layout = typer.Option("auto", "--layout", help="auto | tradedeal | ace_es003 | FILE.toml (your own column mapping; "
                                               "see docs/entries.md)")
FormatX = typer.Option("table", "--format", "-f", help="table | csv | json | excel (excel: every table in one "
                                                       "workbook, needs --out FILE.xlsx)")


def _emit_all(sheets: list, chosen, fmt: str, out: Optional[Path], limit: int, comments: bool, columns=None) -> None:
    """Show or write the chosen table; with excel, every table as a sheet of one workbook."""
    from tradedeal.errors import QueryError
    from tradedeal.options import EntriesFormat, check
    from tradedeal.tables import write_workbook

    check(fmt, EntriesFormat, "--format")
    if fmt == "excel":
        if out is None or Path(out).suffix.lower() != ".xlsx":
            raise QueryError("--format excel needs a file", "add --out FILE.xlsx")
        write_workbook(out, sheets)
        console(stderr=True).print(f"wrote {out} (sheets: about, {', '.join(n for n, _ in sheets)})", style="dim")
        return
    emit(chosen, fmt, out, console(), None if limit == 0 else limit, columns=columns, comments=comments)


def entries(
    file: Path = typer.Argument(..., help="CSV or Excel (.xlsx) file of entry lines"),
    layout: str = Layout,
    table: str = typer.Option("lines", "--table", help="lines | entries | duties | problems"),
    importer: str = typer.Option("USA", "--importer", help="importing country"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, include_unconfirmed: bool = Unconfirmed,
    fmt: str = FormatX, out: OutPath = Out, limit: int = Limit, comments: bool = Comments,
) -> None:
    """Price every line of an entry file: the duty by authority and Chapter 99 heading with its legal source,
    totals per entry, the lines that cannot be priced and why, and where the declared headings disagree.

    Example: tradedeal entries invoice.csv --table entries; tradedeal entries es003.xlsx --layout ace_es003
    --format excel --out priced.xlsx
    """
    from tradedeal.customs.entries import price_file
    from tradedeal.interfaces.cli.tariffs import _compiled
    from tradedeal.options import EntriesTable, check

    check(table, EntriesTable, "--table")
    _, c = _compiled(importer, regime, content_rule, 0.0, None, include_unconfirmed)
    got = price_file(file, Path(layout) if layout.endswith(".toml") else layout, c)
    sheets = [("lines", got.lines()), ("entries", got.entries()), ("duties", got.duties_table()),
              ("problems", got.problems_table())]
    chosen = dict(sheets)[table]
    columns = (["row", "entry_number", "line_number", "hts10", "origin", "entry_date", "value_usd", "total_pct",
                "duty_usd", "chapter99", "check", "reason"] if table == "lines" else None)
    _emit_all(sheets, chosen, fmt, out, limit, comments, columns)
    bad = got.n - len(got.priced)
    if bad:
        console(stderr=True).print(f"{bad:,} of {got.n:,} lines not priced: see --table problems", style="yellow")


def refunds(
    file: Path = typer.Argument(..., help="CSV or Excel (.xlsx) file of entry lines, with liquidation data where known"),
    on: Optional[str] = typer.Option(None, "--on", help="date of the estimate, YYYY-MM-DD (default: today)"),
    layout: str = Layout,
    table: str = typer.Option("entries", "--table", help="entries | problems"),
    cape_dir: Optional[Path] = typer.Option(None, "--cape-dir", help="write the CAPE upload files of the entries "
                                            "eligible today here (CSV, at most 9,999 entry numbers each)"),
    interest_to: Optional[str] = typer.Option(None, "--interest-to", help="last date of interest (default: --on)"),
    interest_rates: Optional[Path] = typer.Option(None, "--interest-rates", help="TOML file of quarterly rates to add "
                                                  "(quarters after the shipped ones; layout of docs/entries.md)"),
    rules: Optional[Path] = typer.Option(None, "--rules", help="your own refund rules file (default: the shipped "
                                         "refund_rules.toml)"),
    regime: Optional[Path] = Regime,
    fmt: str = FormatX, out: OutPath = Out, limit: int = Limit, comments: bool = Comments,
) -> None:
    """Estimate the IEEPA refunds of an entry file: per entry the IEEPA duties paid (engine or declared), the
    refundable amount, CAPE eligibility today under the published rules, the deadline, interest under 19 USC
    1505, and the CAPE upload files. An estimate, not legal advice.

    Example: tradedeal refunds entries.csv --on 2026-12-01 --cape-dir out/cape
    """
    from tradedeal.customs.entries import price_file
    from tradedeal.customs.refunds import estimate
    from tradedeal.customs.rules import load_rates, load_rules
    from tradedeal.fileio import write_text_atomic
    from tradedeal.interfaces.cli.tariffs import _compiled
    from tradedeal.options import RefundsTable, check

    check(table, RefundsTable, "--table")
    _, c = _compiled("USA", regime, "content", 0.0, None, False)
    est = estimate(price_file(file, Path(layout) if layout.endswith(".toml") else layout, c), on, load_rules(rules),
                   load_rates(interest_rates), interest_to)
    sheets = [("refunds", est.table()), ("problems", est.problems_table())]
    chosen = dict(sheets)["refunds" if table == "entries" else "problems"]
    columns = (["entry_number", "entry_date", "ieepa_usd", "ieepa_from", "verdict", "cape_today", "phase", "deadline",
                "interest_usd", "reason"] if table == "entries" else None)
    _emit_all(sheets, chosen, fmt, out, limit, comments, columns)
    err = console(stderr=True)
    if cape_dir is not None:
        files = est.cape_files()
        for name, text in files:
            write_text_atomic(Path(cape_dir) / name, text)
        n = len(est.cape_entries[0])
        err.print(f"wrote {len(files)} CAPE file(s) with {n:,} entry numbers to {cape_dir}", style="dim")
    err.print("ESTIMATE, NOT LEGAL ADVICE: confirm with a licensed customs broker or trade counsel before filing.",
              style="bold yellow")
