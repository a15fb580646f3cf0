"""``tradedeal ge``: a deal scenario in general equilibrium."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Format
from tradedeal.interfaces.render import console, emit


def ge(
    scenario: str = typer.Argument(..., help="scenario file, or the name of a shipped scenario"),
    model: str = typer.Option("multi-sector", "--model", help="multi-sector | one-sector"),
    countries: str = typer.Option("", "--countries", help="comma-separated rows to show (default: the pair, "
                                                          "its largest partners and the rest of the world)"),
    compare: Optional[list[str]] = typer.Option(None, "--compare", help="other scenarios to run in the same GE model "
                                                                      "and put side by side (repeatable)"),
    with_pe: bool = typer.Option(False, "--compare-pe", help="also run the product-level model and compare"),
    draws: int = typer.Option(0, "--draws", help="elasticity draws for intervals (0: none)"),
    seed: int = typer.Option(20260206, "--seed"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address"),
    workers: Optional[int] = typer.Option(None, "--workers", help="local worker processes"),
    fmt: str = Format,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the country table (csv/json/parquet by --format)"),
) -> None:
    """Welfare, real wages, terms of trade, trade and tariff revenue in general equilibrium."""
    from tradedeal.errors import QueryError
    from tradedeal.models.gravity.deal import MODELS, run
    from tradedeal.scenario import load_scenario

    if model not in MODELS:
        raise QueryError(f"unknown --model '{model}'", f"use one of {', '.join(MODELS)}")
    if draws < 0:
        raise QueryError(f"--draws {draws} is negative", "give 0 or a positive number")
    s = load_scenario(scenario)
    others = [load_scenario(o) for o in compare or []]  # validate every file before the long runs
    result = run(s, model, draws=draws, seed=seed, scheduler=scheduler, workers=workers)
    h = s.scenario
    show = [c.strip().upper() for c in countries.split(",") if c.strip()] or \
        [h.importer, h.partner, "CHN", "MEX", "CAN", "VNM", "DEU", "JPN"]
    table = result.table()
    frame = table.frame
    frame = frame[frame["country"].isin(show + ["rest of world"])] if fmt == "table" else frame
    shown = type(table)(table.title, frame.reset_index(drop=True), table.units, table.provenance, table.notes)
    con = console()
    cols = None
    if fmt == "table":
        cols = [c for c in frame.columns if c.endswith("_pct") and not c.startswith("wage")] + \
               ["country", "tariff_revenue_after_usd_mn", "exports_after_usd_mn", "imports_after_usd_mn"]
        cols = ["country"] + [c for c in frame.columns if c in cols and c != "country"]
    emit(shown, fmt, out, con, None, columns=cols)
    if others:
        table = result.compare(*(run(o, model) for o in others), relative_to=result.label)
        keep = table.frame["market"].isin(show + ["rest of world"]) if fmt == "table" else slice(None)
        cmp = type(table)(table.title, table.frame[keep].reset_index(drop=True), table.units, table.provenance,
                          table.notes)
        emit(cmp, "table" if fmt == "table" else fmt, None, con, None)
    if with_pe:
        from tradedeal.models.simulate import simulate
        from tradedeal.results.compare_models import compare_models

        emit(compare_models(simulate(s), result), "table" if fmt == "table" else fmt, None, con, None)
