"""``tradedeal ge``: a deal scenario, or a counterfactual on an input-output economy from files,
in general equilibrium."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Format
from tradedeal.interfaces.render import console, emit

TABLES = ("countries", "trade", "decomposition", "sectors")


def ge(
    scenario: Optional[str] = typer.Argument(None, help="scenario file, or the name of a shipped scenario "
                                                       "(or give --economy instead)"),
    economy: Optional[str] = typer.Option(None, "--economy", help="an input-output economy instead of a scenario: an "
                                          "economy.toml in the layout of docs/io-economy.md, a folder holding one, or "
                                          "a shipped economy (caliendo_parro_2015); runs its --counterfactual"),
    counterfactual: Optional[str] = typer.Option(None, "--counterfactual", help="with --economy: the [[counterfactual]] "
                                                 "of the manifest to run (default: the only one)"),
    imbalances: Optional[str] = typer.Option(None, "--imbalances", help="with --economy: remove | keep the base year's "
                                             "trade imbalances (default: the manifest's choice)"),
    model: str = typer.Option("multi-sector", "--model", help="multi-sector | one-sector"),
    countries: str = typer.Option("", "--countries", help="comma-separated rows to show (default: the pair, "
                                                          "the six largest other exporters and the rest of the world; "
                                                          "with --economy every country)"),
    table_name: str = typer.Option("countries", "--table", help="countries | trade (bilateral trade changes) | "
                                   "decomposition (welfare by partner) | sectors (trade and export shares by sector)"),
    compare: Optional[list[str]] = typer.Option(None, "--compare", help="other scenarios to run in the same GE model "
                                                                      "and put side by side (repeatable)"),
    with_pe: bool = typer.Option(False, "--compare-pe", help="also run the product-level model and compare"),
    draws: int = typer.Option(0, "--draws", help="elasticity draws for intervals (0: none)"),
    seed: int = typer.Option(20260206, "--seed"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address"),
    workers: Optional[int] = typer.Option(None, "--workers", help="local worker processes"),
    fmt: str = Format,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the table (csv/json/parquet by --format)"),
    source: str = typer.Option("auto", "--source", help="trade data weighing each sector's lines: auto (yours "
                               "where it covers the importer, else shipped, with a warning) | user | shipped"),
) -> None:
    """Welfare (exact, and Caliendo-Parro's terms-of-trade / volume-of-trade decomposition), real wages,
    tariff revenue and trade in general equilibrium."""
    from tradedeal.errors import QueryError
    from tradedeal.models.gravity.deal import MODELS

    if model not in MODELS:
        raise QueryError(f"unknown --model '{model}'", f"use one of {', '.join(MODELS)}")
    if table_name not in TABLES:
        raise QueryError(f"unknown --table '{table_name}'", f"use one of {', '.join(TABLES)}")
    if draws < 0:
        raise QueryError(f"--draws {draws} is negative", "give 0 or a positive number")
    if workers is not None and workers < 1:
        raise QueryError(f"--workers {workers} must be at least 1", "leave it out to use every core")
    if (scenario is None) == (economy is None):
        raise QueryError("give a scenario or --economy FILE (one of the two)",
                         "tradedeal ge feb2026_framework, or tradedeal ge --economy caliendo_parro_2015")
    if economy is not None and source != "auto":
        raise QueryError("--source goes with a scenario", "an economy's files are its data")
    if economy is not None:
        return _economy(economy, counterfactual, imbalances, model, countries, table_name, bool(compare), with_pe,
                        draws, seed, scheduler, workers, fmt, out)
    for name, value in (("--counterfactual", counterfactual), ("--imbalances", imbalances)):
        if value is not None:
            raise QueryError(f"{name} goes with --economy", "a scenario sets its own tariffs and base year")
    _scenario(scenario, model, countries, table_name, compare, with_pe, draws, seed, scheduler, workers, fmt, out,
              source)


def _scenario(scenario, model, countries, table_name, compare, with_pe, draws, seed, scheduler, workers, fmt, out,
              source="auto") -> None:
    from tradedeal.errors import QueryError
    from tradedeal.interfaces.cli.options import country
    from tradedeal.models.gravity.deal import prepare, run
    from tradedeal.scenario import load_scenario

    asked = [country(c.strip(), "--countries") for c in countries.split(",") if c.strip()]
    s = load_scenario(scenario)
    others = [load_scenario(o) for o in compare or []]  # validate every file before the long runs
    inputs = prepare(s, source)
    missing = [c for c in asked if c not in inputs.countries]
    if missing:
        raise QueryError(f"--countries {', '.join(missing)}: not among the {len(inputs.countries)} ICIO countries",
                         f"use some of: {', '.join(inputs.countries)}")
    if table_name != "countries" and model == "one-sector":
        raise QueryError(f"--table {table_name} needs the multi-sector model", "leave out --model one-sector")
    result = run(s, model, draws=draws, seed=seed, scheduler=scheduler, workers=workers, inputs=inputs)
    h = s.scenario
    largest = result.countries[~result.countries["country"].isin([h.importer, h.partner, "rest of world"])] \
        .nlargest(6, "exports_before_usd_mn")["country"].tolist()
    show = (asked or [h.importer, h.partner, *largest]) + ["rest of world"]
    con = console()
    if table_name != "countries":
        emit(_other_table(result, table_name, show[:-1] if table_name != "trade" else asked or [h.importer, h.partner]),
             fmt, out, con, None)
    else:
        table = result.table()
        cols = None
        if fmt == "table":
            table = table.rows(table.frame["country"].isin(show).to_numpy())
            cols = _columns(table.frame.columns)
        emit(table, fmt, out, con, None, columns=cols)
    if others:
        both = result.compare(*(run(o, model, inputs=prepare(o, source)) for o in others), relative_to=result.label)
        emit(both.rows(both.frame["market"].isin(show).to_numpy()) if fmt == "table" else both, fmt, None, con, None)
    if with_pe:
        from tradedeal.models.simulate import simulate

        emit(result.compare(simulate(s, source=source)), fmt, None, con, None)


def _economy(ref, counterfactual, imbalances, model, countries, table_name, compare, with_pe, draws, seed, scheduler,
             workers, fmt, out) -> None:
    """A counterfactual declared by an economy's manifest (docs/io-economy.md)."""
    from tradedeal.datasets import io_tables
    from tradedeal.errors import QueryError
    from tradedeal.models.gravity import io_economy

    for bad, name in ((model != "multi-sector", "--model one-sector"), (compare, "--compare"), (with_pe, "--compare-pe")):
        if bad:
            raise QueryError(f"{name} does not go with --economy", "an economy from files runs in the multi-sector model only")
    if imbalances not in (None, "remove", "keep"):
        raise QueryError(f"unknown --imbalances '{imbalances}'", "use remove or keep")
    tables = io_tables.read(ref)                       # every problem of the files, before any solving
    declared = [c.name for c in tables.counterfactuals]
    if counterfactual is None:
        if len(declared) != 1:
            raise QueryError(f"{tables.name} declares {len(declared) or 'no'} counterfactuals: say which to run",
                             f"--counterfactual {' | '.join(declared)}" if declared else
                             "add a [[counterfactual]] to the manifest (docs/io-economy.md)")
        counterfactual = declared[0]
    tables.counterfactual(counterfactual)              # an unknown name fails before the calibration
    asked = [c.strip().upper() for c in countries.split(",") if c.strip()]
    missing = [c for c in asked if c not in tables.countries]
    if missing:
        raise QueryError(f"--countries {', '.join(missing)}: not in the economy {tables.name}",
                         f"use some of: {', '.join(tables.countries)}")
    result = io_economy.run(io_economy.from_tables(tables, imbalances), counterfactual, draws=draws, seed=seed,
                            scheduler=scheduler, workers=workers)
    con = console()
    if table_name != "countries":
        emit(_other_table(result, table_name, asked or None), fmt, out, con, None)
        return
    table = result.table(asked or None)
    emit(table, fmt, out, con, None, columns=_columns(table.frame.columns) if fmt == "table" else None)


def _columns(columns) -> list[str]:
    keep = {c for c in columns if c.endswith("_pct") and not c.startswith(("wage", "price"))} | \
        {"tariff_revenue_after_usd_mn", "exports_after_usd_mn", "imports_after_usd_mn"}
    return ["country"] + [c for c in columns if c in keep]


def _other_table(result, name: str, shown: list[str] | None):
    if name == "trade":
        return result.trade_changes(shown, shown)
    if name == "decomposition":
        return result.decomposition_table("partner", shown)
    return result.sector_table(shown)
