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
    fresh: bool = typer.Option(False, "--fresh", help="recompute even when the same inputs were answered before "
                               "(answers are cached by the content of everything they depend on)"),
) -> None:
    """Run a scenario (and others to compare): trade creation and diversion, revenue, welfare, balance."""
    from tradedeal.errors import QueryError
    from tradedeal.options import ScenarioBy, choices
    from tradedeal.scenario import load_scenario

    BY_CHOICES = choices(ScenarioBy)

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
    cacheable = out is None and excel is None and by != "line"
    if cacheable:
        from tradedeal.interfaces import answers
        from tradedeal.scenario.loader import baseline_of

        files = [f for sc in scenarios.values() for f in (sc.file, getattr(baseline_of(sc), "file", ""))]
        k = answers.key("simulate", [f for f in files if f], names=list(scenarios), relative_to=relative_to, by=by,
                        draws=draws, seed=seed, fmt=fmt, limit=limit, source=source)
        got = None if fresh else answers.load(k)
        if got is not None:
            _show(got, con)
            return
    from tradedeal.models.simulate import simulate as run
    from tradedeal.results.scenario import compare as side_by_side

    results = [run(s, draws=draws, seed=seed, scheduler=scheduler, workers=workers, source=source)
               for s in scenarios.values()]
    main = results[0]
    both = side_by_side(*results, relative_to=relative_to) if len(results) > 1 else None
    if fmt == "json":
        import json

        docs = [json.loads(r.to_json()) for r in results]
        answer = ("json", json.dumps(docs[0] if len(docs) == 1 else docs))
    elif fmt == "csv":
        answer = ("csv", both or main.summary())
    else:
        from tradedeal.results.scenario import TABLE_COLUMNS

        shown = [(main.summary(), None, None), (main.sensitivity_table(), None, None),
                 (main.by(by), None if limit == 0 else limit, TABLE_COLUMNS)]
        if both is not None:
            shown.append((both, None, None))
        answer = ("table", shown)
    _show(answer, con)
    if cacheable:
        from tradedeal.interfaces.answers import plain, save

        kind, body = answer
        save(k, (kind, plain(body)) if kind == "csv" else
             (kind, [(plain(t), lim, cols) for t, lim, cols in body]) if kind == "table" else answer)
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


def _show(answer, con) -> None:
    """Print an answer: ('json', text), ('csv', table) or ('table', [(table, limit, columns)])."""
    kind, body = answer
    if kind == "json":
        con.print_json(body)
    elif kind == "csv":
        emit(body, "csv", None, con)
    else:
        for table, limit, columns in body:
            emit(table, "table", None, con, limit, columns=columns)


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
