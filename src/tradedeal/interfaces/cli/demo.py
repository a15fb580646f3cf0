"""``tradedeal demo``: the most complete analysis the project can run, end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from tradedeal.interfaces.render import console


def demo(
    out: Path = typer.Option(Path("out"), "--out", help="folder for the outputs"),
    importer: Optional[str] = typer.Option(None, "--importer", help="default: the pair of the shipped scenarios"),
    exporter: Optional[str] = typer.Option(None, "--exporter", help="default: the pair of the shipped scenarios"),
) -> None:
    """Run the full pipeline for a pair and write every output under OUT."""
    from tradedeal.interfaces.cli.options import country
    from tradedeal.interfaces.demo_job import run_demo
    from tradedeal.scenario import shipped_pair

    imp, exp = shipped_pair()
    run_demo(country(importer, "--importer") if importer else imp,
             country(exporter, "--exporter") if exporter else exp, out, console())
