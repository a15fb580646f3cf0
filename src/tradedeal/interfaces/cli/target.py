"""``tradedeal target``: is a bilateral trade goal reachable, under which scenario, and what
purchases would close the gap."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.cli.options import Comments, Format, Out, OutPath
from tradedeal.interfaces.render import console, emit

GAP_COLUMNS = ["basis", "path", "total_usd", "trend_usd", "tariff_effect_usd", "purchases_usd", "gap_usd",
               "share_of_goal_pct"]
GROWTH_COLUMNS = ["basis", "base_period", "base_value_usd", "required_growth_pct", "trend_window", "trend_growth_pct",
                  "trend_target_usd", "trend_target_low_usd", "trend_target_high_usd"]
CLOSING_COLUMNS = ["path", "group", "purchases_needed_usd", "seller_world_exports_usd", "share_of_seller_exports_pct",
                   "buyer_current_share_pct", "implausible"]


def target(
    pair: str = typer.Option(..., "--pair", help="the two countries, e.g. USA-IND"),
    goal: float = typer.Option(..., "--goal", help="the goal in USD a year, e.g. 500e9"),
    by: int = typer.Option(..., "--by", help="the target year, e.g. 2030"),
    scenario: Optional[list[str]] = typer.Option(None, "--scenario", help="a scenario file or shipped name "
                                                 "(repeatable): its path is the trend plus its effect"),
    all_scenarios: bool = typer.Option(False, "--all-scenarios", help="every shipped scenario of the pair"),
    definition: str = typer.Option("goods_services", "--definition", help="goods | goods_services | all"),
    model: str = typer.Option("product-level", "--model", help="product-level | general-equilibrium: the model "
                              "whose trade effect a scenario's path carries"),
    window: int = typer.Option(10, "--window", help="years of history the trend is fitted over (to the base year)"),
    base_year: Optional[int] = typer.Option(None, "--base-year", help="default: the last observed year"),
    phase_in: float = typer.Option(3.0, "--phase-in", help="years over which a scenario's tariff effect builds up"),
    buyer: Optional[str] = typer.Option(None, "--buyer", help="who makes the purchases that close the gap "
                                        "(default: the side with the goods surplus)"),
    groups: str = typer.Option("energy,aircraft,defence,technology,agriculture", "--groups",
                               help="product groups of the purchases that would close the gap"),
    max_share: float = typer.Option(0.25, "--max-share", help="flag a commitment above this share of the "
                                    "seller's world exports of the group"),
    table: str = typer.Option("gap", "--table", help="growth | history | paths | gap | closing: the table "
                              "written with --format csv|json|parquet or --out"),
    fmt: str = Format, out: OutPath = Out, comments: bool = Comments,
    folder: Optional[Path] = typer.Option(None, "--folder", help="write every table (CSV, JSON) and the chart here"),
    chart: Path = typer.Option(Path("target"), "--chart", help="chart path without extension (.png and .svg)"),
    no_chart: bool = typer.Option(False, "--no-chart", help="do not draw the chart"),
    limit: int = typer.Option(40, "--limit", help="rows shown in table format (0 = all)"),
) -> None:
    """Track a bilateral trade goal: history, required growth, trend, scenario paths, the gap and
    the purchases that would close it.

    Example: tradedeal target --pair USA-IND --goal 500e9 --by 2030 --all-scenarios --definition all
    """
    from tradedeal.codes.groups import groups as product_groups
    from tradedeal.errors import QueryError
    from tradedeal.interfaces.charts import target_chart
    from tradedeal.models.target import parse_pair
    from tradedeal.models.target import target as run
    from tradedeal.options import TargetTable, check
    from tradedeal.scenario import load_scenario, shipped_scenarios

    check(table, TargetTable, "--table")
    names = [g.strip() for g in groups.split(",") if g.strip()]
    known = product_groups()
    bad = [g for g in names if g not in known]
    if bad or not names:
        raise QueryError(f"unknown product group(s) in --groups: {', '.join(bad) or '(none given)'}",
                         f"known: {', '.join(sorted(known))}")
    a, b = parse_pair(pair)
    chosen = [load_scenario(s) for s in scenario or []]
    if all_scenarios:
        chosen += [s for s in map(load_scenario, shipped_scenarios())
                   if {s.scenario.importer, s.scenario.partner} == {a, b}]
    unique = list({s.scenario.name: s for s in chosen}.values())
    buyer_iso = None
    if buyer is not None:
        from tradedeal.interfaces.cli.options import country

        buyer_iso = country(buyer, "--buyer")
    result = run((a, b), goal, by, unique, definition, model, window, base_year, phase_in, buyer=buyer_iso,
                 closing_groups=tuple(names), max_share=max_share)
    con, err = console(), console(stderr=True)
    if fmt == "table":
        head = result.headline
        emit(result.growth, "table", None, con, None, columns=GROWTH_COLUMNS)
        gap = result.gap
        emit(gap, "table", None, con, None if limit == 0 else limit, columns=GAP_COLUMNS)
        close = result.closing
        if len(close.frame):
            emit(close.rows((close.frame["basis"] == head).to_numpy()), "table", None, con,
                 None if limit == 0 else limit, columns=CLOSING_COLUMNS)
        if out is not None:
            result.table(table).write(out, "csv", comments)
    else:
        emit(result.table(table), fmt, out, con, None, comments=comments)
    if folder is not None:
        written = result.write(folder)
        if not no_chart:
            written += target_chart(result, folder / "target")
        err.print(f"wrote {len(written)} files under {folder}", style="dim")
    if not no_chart:
        written = target_chart(result, chart)
        (con if fmt == "table" else err).print(f"chart: {', '.join(map(str, written))}", style="dim")
