"""The end-to-end job behind ``make demo``: every analysis the project can run for a pair.

Each step writes its outputs under ``out/`` (atomically) and adds a section to
``out/summary.md``. Later capabilities add steps here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from rich.console import Console

from tradedeal import datasets
from tradedeal.customs import samples
from tradedeal.customs.entries import price_file
from tradedeal.customs.refunds import estimate
from tradedeal.datasets.series import monthly_sales, product_sales
from tradedeal.errors import QueryError
from tradedeal.fileio import write_text_atomic
from tradedeal.interfaces.charts import backtest_chart, target_chart, timeline_chart
from tradedeal.models.backtest import run as backtest
from tradedeal.models.gravity.deal import prepare, run
from tradedeal.models.gravity.estimate import ppml
from tradedeal.models.simulate import simulate
from tradedeal.models.target import effect_of, target
from tradedeal.regime import compiled, shipped_regimes
from tradedeal.results.ge import compare_ge
from tradedeal.results.scenario import compare
from tradedeal.scenario import load_scenario, shipped_scenarios
from tradedeal.statistics.compete import compete, importer_lines
from tradedeal.statistics.dependency import DEFAULT_GROUPS, dependency
from tradedeal.statistics.exposure import exposure
from tradedeal.statistics.timeline import timeline
from tradedeal.statistics.trade import trade_table
from tradedeal.tables import TableResult, write_workbook


def _section(result: TableResult, top: int = 10) -> str:
    lines = [f"## {result.title}", ""]
    frame = result.frame.head(top)
    lines.append("| " + " | ".join(frame.columns) + " |")
    lines.append("|" + "---|" * len(frame.columns))
    for row in frame.itertuples(index=False):
        cells = [("" if v != v else f"{v:,.0f}") if isinstance(v, float) and (
                     c.endswith(("_usd", "_usd_mn")) or result.units.get(c, "").startswith("USD"))
                 else ("" if v != v else f"{v:,.2f}") if isinstance(v, float) else str(v)
                 for v, c in zip(row, frame.columns)]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [f"- {n}" for n in result.notes]
    lines += [f"- source: {p.dataset} ({p.source})" for p in result.provenance]
    lines += [f"- **APPROXIMATION:** {a}" for a in result.approximations]
    return "\n".join(lines) + "\n"


def dataset_manifest_table() -> pd.DataFrame:

    rows = []
    for name in datasets.names():
        ds = datasets.info(name)
        datasets.verified_path(name)  # checksum verified before we report it
        rows.append({"name": name, "rows": ds.rows, "unit": ds.unit, "vintage": ds.vintage,
                     "source": ds.source, "licence": ds.licence, "sha256": ds.sha256})
    return pd.DataFrame(rows)


def run_demo(importer: str, exporter: str, out: Path, console: Console) -> list[Path]:
    """Run every step for ``exporter -> importer`` and return the files written."""

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    sections = [f"# tradedeal demo: {exporter} -> {importer} and back\n"]

    manifest = dataset_manifest_table()
    path = out / "datasets.csv"
    write_text_atomic(path, manifest.to_csv(index=False))
    written.append(path)
    console.print(f"[green]ok[/green] {len(manifest)} shipped datasets verified (SHA-256) -> {path}")
    sections.append(f"## Shipped data\n\n{len(manifest)} datasets, checksums verified; see datasets.csv.\n")

    steps = [
        (importer, exporter, "hs2"), (importer, exporter, "group"), (importer, exporter, "hs10"),
        (exporter, importer, "hs2"), (exporter, importer, "group"),
    ]
    for imp, exp, by in steps:
        try:
            result = trade_table(imp, exp, 2024, by)
        except QueryError as exc:
            console.print(f"[yellow]skipped[/yellow] trade {exp} -> {imp} by {by}: {exc.message}")
            sections.append(f"## Trade {exp} -> {imp} by {by}\n\nnot available: {exc.message}\n")
            continue
        stem = f"trade_{exp}_to_{imp}_{by}"
        for fmt in ("csv", "json"):
            written.append(result.write(out / f"{stem}.{fmt}", fmt))
        sections.append(_section(result))
        flag = " [yellow](approximate)[/yellow]" if result.approximations else ""
        console.print(f"[green]ok[/green] {result.title}{flag} -> {out / stem}.csv")

    sections += _tariff_steps(importer, exporter, out, console, written)
    sections += _customs_steps(importer, exporter, out, console, written)
    pe_sections, pe_results = _scenario_steps(importer, exporter, out, console, written)
    sections += pe_sections
    sections += _ge_steps(importer, exporter, pe_results, out, console, written)
    sections += _backtest_steps(importer, exporter, out, console, written)
    sections += _target_steps(importer, exporter, pe_results, out, console, written)
    sections += _dependency_steps(importer, exporter, out, console, written)

    path = out / "summary.md"
    write_text_atomic(path, "\n".join(sections))
    written.append(path)
    console.print(f"[bold]summary:[/bold] {path}")
    return written


# dates the demo reports the regime on: the phases of the fact sheet (A2-A8)
DEMO_DATES = ("2025-04-20", "2025-08-10", "2025-09-01", "2026-03-01", "2026-08-01")


def _tariff_steps(importer: str, exporter: str, out: Path, console: Console, written: list[Path]) -> list[str]:
    """Exposure on each phase date, the timeline with its chart, the competitor comparison."""

    sections: list[str] = []
    for imp, exp in ((importer, exporter), (exporter, importer)):
        if imp not in shipped_regimes():
            sections.append(f"## Duties of {imp}\n\nno shipped tariff regime for {imp}\n")
            continue
        c = compiled(imp)
        for d in DEMO_DATES:
            try:
                result = exposure(imp, exp, d, "band", c=c)
            except QueryError as exc:
                console.print(f"[yellow]skipped[/yellow] exposure {exp} -> {imp} on {d}: {exc.message}")
                continue
            stem = f"exposure_{exp}_to_{imp}_{d}"
            written.append(result.summary.write(out / f"{stem}.csv", "csv"))
            written.append(result.top_lines.write(out / f"{stem}_top_lines.csv", "csv"))
            sections.append(_section(result.summary))
            console.print(f"[green]ok[/green] {result.summary.title} -> {out / stem}.csv")
    if importer in shipped_regimes():
        c = compiled(importer)
        rivals = _main_rivals(importer, exporter)
        end = date.today().isoformat()
        tl = timeline(importer, [exporter, *rivals], "2025-01-01", end, c=c)
        written.append(tl.write(out / f"timeline_{importer}.csv", "csv"))
        written += timeline_chart(tl, out / f"timeline_{importer}")
        sections.append(_section(tl, top=60) + f"\n![timeline](timeline_{importer}.png)\n")
        console.print(f"[green]ok[/green] {tl.title} -> {out}/timeline_{importer}.png, .svg")
        for d in ("2025-09-01", "2026-03-01"):
            by_line, by_rival = compete(importer, exporter, d, c=c)
            written.append(by_line.write(out / f"compete_{exporter}_{d}_lines.csv", "csv"))
            written.append(by_rival.write(out / f"compete_{exporter}_{d}.csv", "csv"))
            sections.append(_section(by_rival, top=12))
            console.print(f"[green]ok[/green] {by_rival.title} -> {out}/compete_{exporter}_{d}.csv")
    return sections


def _customs_steps(importer: str, exporter: str, out: Path, console: Console, written: list[Path]) -> list[str]:
    """A sample invoice of the exporter's top lines priced on today's date, and the IEEPA refund estimate of a
    sample entry file over the IEEPA period (both made from the shipped import data), with the CAPE files."""

    if importer not in shipped_regimes():
        return []
    today = date.today()
    c = compiled(importer)
    invoice = out / f"sample_invoice_{exporter}.csv"
    write_text_atomic(invoice, samples.invoice(importer, exporter, today))
    priced = price_file(invoice, c=c)
    lines, entries = priced.lines(), priced.entries()
    written += [invoice, lines.write(out / f"invoice_{exporter}_priced.csv", "csv"),
                entries.write(out / f"invoice_{exporter}_entries.csv", "csv"),
                write_workbook(out / f"invoice_{exporter}_priced.xlsx",
                               [("lines", lines), ("entries", entries), ("duties", priced.duties_table())])]
    console.print(f"[green]ok[/green] {lines.title} on {today}: duty USD {entries.figure('duty_usd'):,.0f} -> "
                  f"{out}/invoice_{exporter}_priced.csv, .xlsx")
    sections = [_section(lines, top=25)]
    refund_file = out / f"sample_refund_entries_{exporter}.csv"
    write_text_atomic(refund_file, samples.refund_entries(importer, exporter, today))
    est = estimate(price_file(refund_file, c=c), today)
    table = est.table()
    written.append(refund_file)
    written.append(table.write(out / f"refunds_{exporter}.csv", "csv"))
    for name, text in est.cape_files():
        path = out / "cape" / name
        write_text_atomic(path, text)
        written.append(path)
    console.print(f"[green]ok[/green] {table.title}: refundable USD {table.figure('refundable_usd'):,.0f}, "
                  f"{int(table.figure('cape_entries_today'))} entries eligible for CAPE today -> {out}/refunds_{exporter}.csv, "
                  f"{out}/cape/")
    sections.append(_section(table, top=12))
    return sections


def _main_rivals(importer: str, exporter: str, n: int = 4) -> list[str]:
    """The exporter's largest competitors: the biggest other suppliers of its top lines (from data)."""

    trade, _ = importer_lines(importer, 2024)
    own = trade[trade["exporter"] == exporter].nlargest(100, "value_usd")["hs_code"]
    others = trade[trade["hs_code"].isin(own) & (trade["exporter"] != exporter)]
    return others.groupby("exporter")["value_usd"].sum().nlargest(n).index.tolist()


def _scenario_steps(importer: str, exporter: str, out: Path, console: Console,
                    written: list[Path]) -> tuple[list[str], list]:
    """Every shipped scenario of the pair, run and compared (and each against 'no deal')."""

    results = []
    for name in shipped_scenarios():
        s = load_scenario(name)
        if {s.scenario.importer, s.scenario.partner} != {importer, exporter}:
            continue
        r = simulate(s, draws=100, seed=20260206)
        written.extend(r.to_csv(out / "scenarios"))
        results.append(r)
        console.print(f"[green]ok[/green] scenario {name} -> {out}/scenarios/{name}_summary.csv")
    if not results:
        return [], []
    table = compare(*results)
    written.append(table.write(out / "scenarios_compared.csv", "csv"))
    console.print(f"[green]ok[/green] {len(results)} scenarios compared (each deal against its own baseline, then "
                  f"against the data year) -> {out}/scenarios_compared.csv")
    f = table.frame
    keep = (((f["partner"] != "world") | f["metric"].str.contains("welfare|revenue"))
            & f["metric"].str.contains("change|after")).to_numpy()
    sections = [_section(table.rows(keep), top=60)]
    for r in results:
        if r.sensitivity is not None and not r.changes_nothing:
            written.append(r.sensitivity_table().write(out / "scenarios" / f"{r.name}_sensitivity.csv", "csv"))
            sections.append(_section(r.sensitivity_table(), top=12))
        for w in r.warnings:
            console.print(f"[yellow]check[/yellow] {r.name}: {w[:160]}{'...' if len(w) > 160 else ''}")
    return sections, results


def _backtest_steps(importer: str, exporter: str, out: Path, console: Console, written: list[Path]) -> list[str]:
    """The regime in force month by month against the exporter's observed monthly sales."""
    try:
        observed, prov = monthly_sales(exporter, importer)
        products, pprov = product_sales(exporter, importer)
        result = backtest(importer, exporter, observed, prov, products, pprov)
    except QueryError as exc:
        console.print(f"[yellow]skipped[/yellow] back-test: {exc.message}")
        return [f"## Back-test\n\nnot available: {exc.message}\n"]
    folder = out / "backtest"
    written.append(result.table().write(folder / "backtest_months.csv", "csv"))
    if len(result.products):
        written.append(result.products_table().write(folder / "backtest_products.csv", "csv"))
    written.extend(backtest_chart(result, folder / "backtest"))
    console.print(f"[green]ok[/green] {result.table().title} ({result.compared} months compared) -> "
                  f"{folder}/backtest_months.csv, backtest.png")
    return [_section(result.table(), top=24)
            + (("\n" + _section(result.products_table(), top=12)) if len(result.products) else "")
            + f"\n{result.statement()}\n\n![back-test](backtest/backtest.png)\n"]


def _ge_steps(importer: str, exporter: str, pe_results: list, out: Path, console: Console,
              written: list[Path]) -> list[str]:
    """Gravity estimates of the Advanced Guide (ch. 1), then every scenario of the pair in the
    multi-sector GE model (with elasticity intervals), compared across scenarios and with the
    product-level model; the one-sector variant of the first scenario beside it."""

    sections: list[str] = [_gravity_section(out, console, written)]
    if not pe_results:
        return sections
    keep = [importer, exporter, "rest of world"]
    ge_results, one, draws = {}, None, 16
    for pe in pe_results:
        inputs = prepare(pe.scenario)  # tariffs and calibrated economy, shared by both GE models
        g = run(pe.scenario, "multi-sector", draws=draws, seed=20260206, inputs=inputs)
        one = one or run(pe.scenario, "one-sector", inputs=inputs)
        ge_results[pe.name] = g
        written.append(g.table().write(out / "ge" / f"{pe.name}_countries.csv", "csv"))
        written.append(g.bilateral_table().write(out / "ge" / f"{pe.name}_pair_by_sector.csv", "csv"))
        written.append(g.sector_table([importer, exporter]).write(out / "ge" / f"{pe.name}_trade_by_sector.csv", "csv"))
        models = g.compare(pe)
        written.append(models.write(out / "ge" / f"{pe.name}_models_compared.csv", "csv"))
        console.print(f"[green]ok[/green] GE {pe.name} ({g.diagnostics['countries']} countries x "
                      f"{g.diagnostics['sectors']} sectors, {draws} elasticity draws) -> {out}/ge/{pe.name}_countries.csv")
        sections.append(_section(models, top=12))
    named = [pe.scenario.scenario.baseline for pe in pe_results if pe.scenario.scenario.baseline in ge_results]
    base = ge_results.get(max(set(named), key=named.count)) if named else None
    table = compare_ge(*ge_results.values(), one, relative_to=base.label if base else None)
    written.append(table.write(out / "ge_compared.csv", "csv"))
    console.print(f"[green]ok[/green] {len(ge_results)} scenarios in GE and the one-sector variant compared -> "
                  f"{out}/ge_compared.csv")
    shown = table.frame["market"].isin(keep) & table.frame["metric"].isin(
        ["welfare_pct", "terms_of_trade_pct", "real_wage_pct", "exports_after_usd_mn", "tariff_revenue_after_usd_mn"])
    sections.append(_section(table.rows(shown.to_numpy()), top=40))
    return sections


def _gravity_section(out: Path, console: Console, written: list[Path]) -> str:
    """PPML on the Advanced Guide's panel (ch. 1): the cost coefficients the GE models use."""

    d = datasets.load("agtpa_ch1_traditional_gravity")
    d = d[d["year"].isin([1986, 1990, 1994, 1998, 2002, 2006]) & (d["exporter"] != d["importer"])].assign(
        ln_DIST=lambda f: np.log(f["DIST"]), exp_year=lambda f: f["exporter"] + f["year"].astype(str),
        imp_year=lambda f: f["importer"] + f["year"].astype(str))
    est = ppml(d, "trade_usd_mn", ["ln_DIST", "CNTG", "LANG", "CLNY"], ["exp_year", "imp_year"], cluster="pair_id")
    table = est.table("Gravity (PPML, exporter-year and importer-year effects), Advanced Guide ch. 1 panel")
    written.append(table.write(out / "gravity_estimates.csv", "csv"))
    console.print(f"[green]ok[/green] gravity PPML, N = {est.n_obs:,} -> {out}/gravity_estimates.csv")
    return _section(table)


# the goal the demo tracks: Mission 500 (fact sheet E), USD 500 bn of goods and services by 2030
DEMO_GOAL, DEMO_BY = 500e9, 2030
DEPENDENCY_DATE = "2026-08-01"
PARTNER_GROUPS = ("pax_silica", "quad", "msp", "us_fta")


def _target_steps(importer: str, exporter: str, pe_results: list, out: Path, console: Console,
                  written: list[Path]) -> list[str]:
    """The 2030 goal under every shipped scenario of the pair (their product-level effects, from
    the runs above), every definition side by side, with the chart."""
    try:
        result = target((importer, exporter), DEMO_GOAL, DEMO_BY, [r.scenario for r in pe_results], "all",
                        effects=[effect_of(r) for r in pe_results])
    except QueryError as exc:
        console.print(f"[yellow]skipped[/yellow] target: {exc.message}")
        return [f"## Trade target\n\nnot available: {exc.message}\n"]
    folder = out / "target"
    written.extend(result.write(folder))
    written.extend(target_chart(result, folder / "target"))
    console.print(f"[green]ok[/green] {result.title} ({len(pe_results)} scenarios) -> {folder}/target_gap.csv, target.png")
    head = result.headline
    closing = result.closing
    return [_section(result.growth, top=5), _section(result.gap.rows((result.gap.frame["basis"] == head).to_numpy()),
                                                      top=12),
            _section(closing.rows((closing.frame["basis"] == head).to_numpy()), top=12)
            + "\n![target](target/target.png)\n"]


def _dependency_steps(importer: str, exporter: str, out: Path, console: Console, written: list[Path]) -> list[str]:
    """Dependency for the six strategic groups: the importer's side with the exporter as partner
    (and partner groups), then the exporter's side as far as its data allows."""
    sections = []
    for imp, exp in ((importer, exporter), (exporter, importer)):
        try:
            r = dependency(imp, DEFAULT_GROUPS, exp, DEPENDENCY_DATE, "line", PARTNER_GROUPS if imp == importer else ())
        except QueryError as exc:
            console.print(f"[yellow]skipped[/yellow] dependency of {imp}: {exc.message}")
            sections.append(f"## Strategic dependency of {imp}\n\nnot available: {exc.message}\n")
            continue
        folder = out / "dependency"
        written.extend(r.write(folder, f"dependency_{imp}"))
        console.print(f"[green]ok[/green] {r.title} -> {folder}/dependency_{imp}_summary.csv")
        sections.append(_section(r.summary, top=6))
        if len(r.partners.columns):
            sections.append(_section(r.partners, top=24))
    return sections
