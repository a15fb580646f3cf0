"""``tradedeal demo``: the most complete analysis the project can run, end to end."""

from __future__ import annotations

from pathlib import Path

import typer

from tradedeal.interfaces.render import console


def demo(
    out: Path = typer.Option(Path("out"), "--out", help="folder for the outputs"),
    importer: str = typer.Option("USA", "--importer"),
    exporter: str = typer.Option("IND", "--exporter"),
) -> None:
    """Run the full pipeline for a pair and write every output under OUT."""
    from tradedeal.interfaces.cli.options import country
    from tradedeal.interfaces.demo_job import run_demo

    run_demo(country(importer, "--importer"), country(exporter, "--exporter"), out, console())
