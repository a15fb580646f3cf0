"""``tradedeal simulate``: what a deal does, product by product and in total."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Format
from tradedeal.interfaces.render import console, emit


def simulate(
    scenario: str = typer.Argument(..., help="scenario file, or the name of a shipped scenario"),
    compare: Optional[list[str]] = typer.Option(None, "--compare", help="other scenarios to put side by side (repeatable)"),
    relative_to: Optional[str] = typer.Option(None, "--relative-to", help="with --compare: also each minus this scenario"),
    by: str = typer.Option("supplier", "--by", help="hs2 | group | supplier | line"),
    draws: int = typer.Option(0, "--draws", help="elasticity draws for intervals (0: none)"),
    seed: int = typer.Option(20260206, "--seed", help="random seed of the draws"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: local processes)"),
    workers: Optional[int] = typer.Option(None, "--workers", help="local worker processes (default: cores)"),
    fmt: str = Format,
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="folder for CSV/Parquet/JSON exports"),
    excel: Optional[Path] = typer.Option(None, "--excel", help="also write an Excel workbook"),
    limit: int = typer.Option(25, "--limit", help="rows of the --by table shown (0 = all)"),
    source: str = typer.Option("auto", "--source", help="trade data: auto (yours where it covers the market, "
                               "else shipped, with a warning) | user | shipped"),
) -> None:
    """Run a scenario (and others to compare): trade creation and diversion, revenue, welfare, balance."""
    from tradedeal.errors import QueryError
    from tradedeal.models.simulate import simulate as run
    from tradedeal.results.scenario import BY_CHOICES
    from tradedeal.results.scenario import compare as side_by_side
    from tradedeal.scenario import load_scenario

    if by not in BY_CHOICES:
        raise QueryError(f"unknown --by '{by}'", f"use one of {', '.join(BY_CHOICES)}")
    if draws < 0:
        raise QueryError(f"--draws {draws} is negative", "give 0 or a positive number of draws")
    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown --format '{fmt}'", "use table, csv or json (--out writes Parquet too)")
    scenarios = {}
    for name in [scenario, *(compare or [])]:  # every file validated before the runs
        s = load_scenario(name)
        scenarios.setdefault(s.scenario.name, s)
    if relative_to is not None and relative_to not in scenarios:
        raise QueryError(f"--relative-to {relative_to} is not one of the scenarios run",
                         f"use one of {', '.join(scenarios)}")
    con, err = console(), console(stderr=True)
    results = [run(s, draws=draws, seed=seed, scheduler=scheduler, workers=workers, source=source)
               for s in scenarios.values()]
    main = results[0]
    both = side_by_side(*results, relative_to=relative_to) if len(results) > 1 else None
    if fmt == "json":
        import json

        docs = [json.loads(r.to_json()) for r in results]
        con.print_json(json.dumps(docs[0] if len(docs) == 1 else docs))
    elif fmt == "csv":
        emit(both or main.summary(), "csv", None, con)
    else:
        from tradedeal.results.scenario import TABLE_COLUMNS

        emit(main.summary(), "table", None, con, None)
        emit(main.sensitivity_table(), "table", None, con, None)
        emit(main.by(by), "table", None, con, None if limit == 0 else limit, columns=TABLE_COLUMNS)
        if both is not None:
            emit(both, "table", None, con, None)
    if out is not None:
        written = []
        for r in results:
            r.to_json(out / f"{r.name}.json")
            written += r.to_csv(out) + r.to_parquet(out) + [out / f"{r.name}.json"]
        if both is not None:
            written.append(both.write(out / "comparison.csv", "csv"))
        err.print(f"wrote {len(written)} files under {out}", style="dim")
    if excel is not None:
        from tradedeal.results.scenario import to_excel

        to_excel(results, excel, both)
        err.print(f"wrote {excel}", style="dim")


def scenarios(fmt: str = Format, out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the list")) -> None:
    """The shipped scenarios: name, pair, dates, baseline, what each edits and buys."""
    from tradedeal.scenario import load_scenario, shipped_scenarios
    from tradedeal.tables import Provenance, Records, TableResult

    rows = []
    for name, path in shipped_scenarios().items():
        s = load_scenario(path)
        h = s.scenario
        rows.append((name, h.title, h.importer, h.partner, h.date.isoformat(), h.base_date.isoformat(), h.baseline,
                     len(s.edit), len(s.purchase), path.name))
    cols = ("name", "title", "importer", "partner", "date", "base_date", "baseline", "edits", "purchases", "file")
    table = TableResult("Shipped scenarios", Records(cols, tuple(rows)), {},
                        (Provenance("shipped scenarios", "tradedeal/scenario/data/*.toml"),),
                        ("run one: tradedeal simulate NAME; write your own: docs/scenario-schema.md",))
    emit(table, fmt, out, console(), None)
