"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

Format = typer.Option("table", "--format", "-f", help="table | csv | json | parquet")
Out = typer.Option(None, "--out", "-o", help="write the result to this file (atomic write)")
Limit = typer.Option(40, "--limit", help="rows shown in table format (0 = all)")
Comments = typer.Option(False, "--comments", help="CSV: put the title, units, sources, approximations and notes "
                        "first as '#' lines (default: a plain CSV that opens in Excel, with a .meta.json beside a "
                        "file, and the notes on stderr)")

OutPath = Optional[Path]


def country(value: str, field: str) -> str:
    """Resolve a user's country argument to ISO3 (raises CountryCodeError naming the option)."""
    from tradedeal.codes.countries import to_iso3
    from tradedeal.errors import CountryCodeError

    try:
        return to_iso3(value)
    except CountryCodeError as exc:
        raise CountryCodeError(f"{field}: {exc.message}", exc.hint) from None
