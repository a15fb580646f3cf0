"""``tradedeal trade``: bilateral trade by product."""

from __future__ import annotations

import typer

from tradedeal.interfaces.cli.options import Comments, Format, Limit, Out, OutPath, country
from tradedeal.interfaces.render import console, emit


def trade(
    importer: str = typer.Option(..., "--importer", help="importing country (ISO3, ISO2 or name)"),
    exporter: str = typer.Option(..., "--exporter", help="exporting country (ISO3, ISO2 or name)"),
    year: int = typer.Option(2024, "--year", help="data year (calendar; fiscal Apr-Mar where only that exists)"),
    by: str = typer.Option("hs2", "--by", help="hs2 | hs4 | hs6 | hs8 | hs10 | group"),
    source: str = typer.Option("auto", "--source",
                               help="auto (your imports first, then shipped) | user | shipped"),
    fmt: str = Format,
    out: OutPath = Out,
    limit: int = Limit,
    comments: bool = Comments,
) -> None:
    """Trade from EXPORTER to IMPORTER by HS level or product group, with its source."""
    from tradedeal.statistics.trade import trade_table

    result = trade_table(country(importer, "--importer"), country(exporter, "--exporter"), year, by, source=source)
    emit(result, fmt, out, console(), None if limit == 0 else limit, comments=comments)
