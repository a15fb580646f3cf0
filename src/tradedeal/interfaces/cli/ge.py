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
                                                          "the six largest other exporters and the rest of the world)"),
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
    from tradedeal.interfaces.cli.options import country
    from tradedeal.models.gravity.deal import MODELS, prepare, run
    from tradedeal.scenario import load_scenario

    if model not in MODELS:
        raise QueryError(f"unknown --model '{model}'", f"use one of {', '.join(MODELS)}")
    if draws < 0:
        raise QueryError(f"--draws {draws} is negative", "give 0 or a positive number")
    if workers is not None and workers < 1:
        raise QueryError(f"--workers {workers} must be at least 1", "leave it out to use every core")
    asked = [country(c.strip(), "--countries") for c in countries.split(",") if c.strip()]
    s = load_scenario(scenario)
    others = [load_scenario(o) for o in compare or []]  # validate every file before the long runs
    inputs = prepare(s)
    missing = [c for c in asked if c not in inputs.countries]
    if missing:
        raise QueryError(f"--countries {', '.join(missing)}: not among the {len(inputs.countries)} ICIO countries",
                         f"use some of: {', '.join(inputs.countries)}")
    result = run(s, model, draws=draws, seed=seed, scheduler=scheduler, workers=workers, inputs=inputs)
    h = s.scenario
    largest = result.countries[~result.countries["country"].isin([h.importer, h.partner, "rest of world"])] \
        .nlargest(6, "exports_before_usd_mn")["country"].tolist()
    show = (asked or [h.importer, h.partner, *largest]) + ["rest of world"]
    table = result.table()
    con = console()
    cols = None
    if fmt == "table":
        table = table.rows(table.frame["country"].isin(show).to_numpy())
        keep = {c for c in table.frame.columns if c.endswith("_pct") and not c.startswith("wage")} | \
            {"tariff_revenue_after_usd_mn", "exports_after_usd_mn", "imports_after_usd_mn"}
        cols = ["country"] + [c for c in table.frame.columns if c in keep]
    emit(table, fmt, out, con, None, columns=cols)
    if others:
        both = result.compare(*(run(o, model) for o in others), relative_to=result.label)
        emit(both.rows(both.frame["market"].isin(show).to_numpy()) if fmt == "table" else both, fmt, None, con, None)
    if with_pe:
        from tradedeal.models.simulate import simulate

        emit(result.compare(simulate(s)), fmt, None, con, None)
