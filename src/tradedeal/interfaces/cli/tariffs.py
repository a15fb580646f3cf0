"""``tradedeal duty | exposure | timeline | compete | panel``: the tariff regime on any date."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Comments, Format, Limit, Out, OutPath, country
from tradedeal.interfaces.render import console, emit

Regime = typer.Option(None, "--regime", help="folder of your own regime files (default: the shipped one)")
ContentRule = typer.Option("content", "--content-rule",
                           help="content: metal / non-US content duties on that content (default, as the "
                                "proclamations provide) | full_value: every duty on the full value")
UsContent = typer.Option(0.0, "--us-content", help="share of US content (0-1); reciprocal duties spare it from 20%")
Shares = typer.Option(None, "--shares", help="CSV of your metal-content shares: hs10, steel_share, "
                                             "aluminum_share, copper_share (any of them)")
Unconfirmed = typer.Option(False, "--include-unconfirmed", help="also apply unconfirmed and announced measures")


def _options(content_rule: str, us_content: float, shares: Optional[Path], unconfirmed: bool):
    """The compilation options given on the command line (each checked under its option's name)."""
    from tradedeal.errors import QueryError
    from tradedeal.options import ContentRule, check
    from tradedeal.regime.arrays import Options

    check(content_rule, ContentRule, "--content-rule")
    if not 0 <= us_content < 1:
        raise QueryError(f"--us-content {us_content} is not a share in [0, 1)", "give e.g. 0.25 for 25%")
    table = None
    if shares:
        from tradedeal.interfaces.cli.inputs import read_shares

        table = read_shares(shares)
    return Options(content_rule=content_rule, us_content=us_content, include_status=Options.statuses(unconfirmed),
                   content_shares=table)


def _compiled(importer: str, regime: Optional[Path], content_rule: str, us_content: float,
              shares: Optional[Path], unconfirmed: bool):
    """(importer ISO3, its compiled regime with the options given on the command line): from the
    cache when it is there (NumPy only), else compiled."""
    from tradedeal.regime import cache
    from tradedeal.regime.folders import default_importer, regime_folder

    opts = _options(content_rule, us_content, shares, unconfirmed)
    imp = country(importer, "--importer") if importer else default_importer()
    c = cache.cached(regime_folder(regime, imp), opts)
    if c is None:
        from tradedeal.regime.api import compiled

        c = compiled(imp, regime, opts)
    return imp, c


def _countries(text: str, field: str) -> list[str]:
    from tradedeal.errors import QueryError

    out = [country(x.strip(), field) for x in text.split(",") if x.strip()]
    if not out:
        raise QueryError(f"{field} names no country", f"give one or more, comma-separated: {field} IND,CHN")
    return out


def duty(
    code: str = typer.Argument(..., help="HTS code, e.g. 6109.10.0012 (a shorter code lists the lines under it)"),
    origin: str = typer.Option(..., "--origin", help="country of origin (ISO3, ISO2 or name)"),
    date: str = typer.Option(..., "--date", help="entry date, YYYY-MM-DD"),
    importer: Optional[str] = typer.Option(None, "--importer", help="importing country (default: the shipped "
                                           "regime marked as the default, the US)"),
    loaded: Optional[str] = typer.Option(None, "--loaded", help="date the goods were loaded (in-transit rules)"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, us_content: float = UsContent,
    shares: Optional[Path] = Shares, include_unconfirmed: bool = Unconfirmed,
    fmt: str = Format, out: OutPath = Out, comments: bool = Comments,
) -> None:
    """What duty a line pays on a date, and why: every measure applied or excluded, and the total."""
    from tradedeal.regime.lines import duty as explain

    _, c = _compiled(importer, regime, content_rule, us_content, shares, include_unconfirmed)
    result = explain(code, country(origin, "--origin"), date, c, loaded)
    emit(result, fmt, out, console(), None, comments=comments,
         columns=["line", "measure", "heading", "status", "rate_pct", "share_of_value", "duty_pct", "why"])


def exposure(
    importer: str = typer.Option(..., "--importer"), exporter: str = typer.Option(..., "--exporter"),
    date: str = typer.Option(..., "--date", help="entry date, YYYY-MM-DD"),
    by: str = typer.Option("band", "--by", help="band | hs2 | hs4 | group"),
    year: int = typer.Option(2024, "--year", help="trade year used as weights"),
    top: int = typer.Option(20, "--top", help="top lines listed"),
    source: str = typer.Option("auto", "--source", help="auto | user | shipped trade data"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, us_content: float = UsContent,
    shares: Optional[Path] = Shares, include_unconfirmed: bool = Unconfirmed,
    fmt: str = Format, out: OutPath = Out, limit: int = Limit, comments: bool = Comments,
) -> None:
    """How much of the pair's trade faces each rate on a date, the trade-weighted duty, the top lines."""
    from tradedeal.statistics.exposure import exposure as run

    imp, c = _compiled(importer, regime, content_rule, us_content, shares, include_unconfirmed)
    result = run(imp, country(exporter, "--exporter"), date, by, year, top, source, c)
    con = console()
    emit(result.summary, fmt, out, con, None if limit == 0 else limit, comments=comments)
    if fmt == "table":
        emit(result.top_lines, fmt, None, con, top)


def timeline(
    importer: str = typer.Option(..., "--importer"),
    exporters: str = typer.Option(..., "--exporters", help="comma-separated, e.g. IND,CHN,VNM,BGD"),
    date_from: str = typer.Option("2025-01-01", "--from", help="first entry date"),
    date_to: str = typer.Option(..., "--to", help="last entry date"),
    year: int = typer.Option(2024, "--year", help="trade year used as weights"),
    chart: Path = typer.Option(Path("timeline"), "--chart", help="chart path without extension (.png and .svg are written)"),
    no_chart: bool = typer.Option(False, "--no-chart", help="do not draw the chart"),
    source: str = typer.Option("auto", "--source", help="auto | user | shipped trade data"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, us_content: float = UsContent,
    shares: Optional[Path] = Shares, include_unconfirmed: bool = Unconfirmed,
    fmt: str = Format, out: OutPath = Out, comments: bool = Comments,
) -> None:
    """Trade-weighted average duty per exporter over time (step series) with a chart."""
    from tradedeal.interfaces.charts import timeline_chart
    from tradedeal.statistics.timeline import timeline as run

    imp, c = _compiled(importer, regime, content_rule, us_content, shares, include_unconfirmed)
    result = run(imp, _countries(exporters, "--exporters"), date_from, date_to, year, source, c)
    con = console(stderr=fmt != "table")
    emit(result, fmt, out, console(), None, comments=comments)
    if not no_chart:
        written = timeline_chart(result, chart)
        con.print(f"chart: {', '.join(map(str, written))}", style="dim")


def compete(
    importer: str = typer.Option(..., "--importer"), exporter: str = typer.Option(..., "--exporter"),
    date: str = typer.Option(..., "--date", help="entry date, YYYY-MM-DD"),
    top: int = typer.Option(25, "--top", help="the exporter's top lines compared"),
    competitors: Optional[str] = typer.Option(None, "--competitors",
                                              help="comma-separated; default: the largest suppliers of those lines"),
    year: int = typer.Option(2024, "--year", help="trade year used as weights"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, us_content: float = UsContent,
    shares: Optional[Path] = Shares, include_unconfirmed: bool = Unconfirmed,
    fmt: str = Format, out: OutPath = Out, limit: int = Limit, comments: bool = Comments,
) -> None:
    """The exporter's duty against its competitors' on its top lines, every supplier averaged with the exporter's weights."""
    from tradedeal.statistics.compete import compete as run

    imp, c = _compiled(importer, regime, content_rule, us_content, shares, include_unconfirmed)
    rivals = _countries(competitors, "--competitors") if competitors else None
    by_line, by_rival = run(imp, country(exporter, "--exporter"), date, top, rivals, year=year, c=c)
    con = console()
    if fmt == "table":
        emit(by_rival, fmt, None, con, None)
        emit(by_line, fmt, out, con, None if limit == 0 else limit,
             columns=[col for col in by_line.frame.columns if col != "description"])
    else:
        emit(by_line, fmt, out, con, None, comments=comments)


def panel(
    importer: Optional[str] = typer.Option(None, "--importer", help="importing country (default: the shipped "
                                           "regime marked as the default)"),
    out: Path = typer.Option(..., "--out", help="Parquet file to write"),
    date_from: str = typer.Option("2025-01-01", "--from"), date_to: str = typer.Option("2026-11-25", "--to"),
    lines: str = typer.Option("traded", "--lines", help="traded (lines with trade in the data) | all (every schedule line)"),
    exporters: Optional[str] = typer.Option(None, "--exporters", help="comma-separated; default: every partner in the data"),
    year: int = typer.Option(2024, "--year", help="trade year whose partners and traded lines are used"),
    regime: Optional[Path] = Regime, content_rule: str = ContentRule, us_content: float = UsContent,
    shares: Optional[Path] = Shares, include_unconfirmed: bool = Unconfirmed,
) -> None:
    """The whole regime as an interval-encoded panel: exporter x line x valid_from/valid_until x rates."""
    from tradedeal.errors import QueryError
    from tradedeal.options import PanelLines, check
    from tradedeal.regime.lines import as_date
    from tradedeal.regime.panel import build_panel
    from tradedeal.statistics.compete import import_universe

    s, e = as_date(date_from, "--from"), as_date(date_to, "--to")
    if e < s:
        raise QueryError(f"the date range is inverted: --from {s} is after --to {e}", "give --from before --to")
    check(lines, PanelLines, "--lines")
    imp, c = _compiled(importer, regime, content_rule, us_content, shares, include_unconfirmed)
    exps = _countries(exporters, "--exporters") if exporters else None
    codes = None
    if exps is None or lines == "traded":  # the import table is needed only for these
        partners, traded = import_universe(imp, year)
        exps, codes = exps or partners, (traded if lines == "traded" else None)
    summary = build_panel(c, out, exps, s, e, codes)
    console().print(f"wrote {summary.path}: {summary.rows:,} rows ({summary.exporters} exporters in "
                    f"{summary.classes} classes x {summary.lines:,} lines, {summary.change_dates} change dates, "
                    f"valid_until exclusive)", highlight=False)
