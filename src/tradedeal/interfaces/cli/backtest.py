"""``tradedeal backtest``: the regime in force month by month against what the exporter sold."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Format
from tradedeal.interfaces.render import console, emit

MONTH_COLUMNS = ["month", "modelled_tariff_pct", "modelled_change_pct", "observed_usd", "observed_a_year_earlier_usd",
                 "observed_change_pct", "gap_points"]
PRODUCT_COLUMNS = ["product", "from_month", "to_month", "observed_change_pct", "modelled_change_pct", "gap_points",
                   "confidence"]


def backtest(
    importer: str = typer.Option(..., "--importer", help="ISO3 of the importer whose regime is run"),
    exporter: str = typer.Option(..., "--exporter", help="ISO3 of the exporter whose sales are compared"),
    series: Optional[Path] = typer.Option(None, "--series", help="your monthly series: CSV of month, value_usd and "
                                          "prior_year_usd or yoy_pct (default: the shipped series of the pair)"),
    date_from: str = typer.Option("2025-04", "--from", help="first month, YYYY-MM"),
    date_to: Optional[str] = typer.Option(None, "--to", help="last month, YYYY-MM (default: the series' last)"),
    year: int = typer.Option(2024, "--year", help="data year of the trade the model starts from"),
    chart: Path = typer.Option(Path("backtest"), "--chart", help="chart path without extension (.png and .svg)"),
    no_chart: bool = typer.Option(False, "--no-chart", help="do not draw the chart"),
    fmt: str = Format,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the monthly table (csv/json/parquet)"),
) -> None:
    """Modelled against observed monthly changes of the exporter's sales, by month and product group."""
    from tradedeal.datasets.series import monthly_sales, product_sales, read_series_csv
    from tradedeal.interfaces.charts import backtest_chart
    from tradedeal.interfaces.cli.options import country
    from tradedeal.models.backtest import run

    importer, exporter = country(importer, "--importer"), country(exporter, "--exporter")
    observed, prov = read_series_csv(series) if series is not None else monthly_sales(exporter, importer)
    products, pprov = (None, None) if series is not None else product_sales(exporter, importer)
    result = run(importer, exporter, observed, prov, products, pprov, year=year, first=date_from, last=date_to)
    con, err = console(), console(stderr=True)
    emit(result.table(), fmt, out, con, None, columns=MONTH_COLUMNS if fmt == "table" else None)
    if len(result.products) and fmt == "table":
        emit(result.products_table(), "table", None, con, None, columns=PRODUCT_COLUMNS)
    (con if fmt == "table" else err).print(result.statement(), highlight=False)
    if not no_chart:
        written = backtest_chart(result, chart)
        err.print(f"chart: {', '.join(map(str, written))}", style="dim")
