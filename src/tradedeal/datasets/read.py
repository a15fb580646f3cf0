"""Reading data files: the shipped Parquet datasets (checksum-verified) and the CSV files a
user's regime folder names. The only module that opens a data file of the catalogue."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tradedeal import lazy
from tradedeal.datasets.catalogue import info, verified_path
from tradedeal.errors import InputFileError, QueryError

Filters = list[tuple[str, str, Any]]


def read_arrow(name: str, columns: list[str] | None = None, filters: Filters | None = None):
    """A verified dataset as a pyarrow Table (optionally some columns / filtered rows)."""
    if info(name).kind != "table":
        raise QueryError(f"dataset '{name}' is a folder of files, not a table",
                         "read it with its own reader: the dataset's roles say which (`tradedeal data info NAME`)")
    path = verified_path(name)
    return lazy.parquet().read_table(path, columns=columns, filters=filters)


def load(name: str, columns: list[str] | None = None, filters: Filters | None = None):
    """A verified dataset as a pandas DataFrame with its canonical columns."""
    return read_arrow(name, columns, filters).to_pandas()


def read_csv_columns(path: str | Path, what: str) -> dict[str, list[str]]:
    """A CSV file of a user's regime folder as text columns (header -> values), UTF-8."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(str(path), f"file of {what} not found", hint="give the path relative to the regime folder")
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise InputFileError(str(path), f"cannot be read as a UTF-8 CSV file: {e}", hint="save it as UTF-8 CSV") from None
    if not rows:
        raise InputFileError(str(path), "the file is empty", hint="the first line names the columns")
    head = [h.strip() for h in rows[0]]
    return {h: [r[i] if i < len(r) else "" for r in rows[1:]] for i, h in enumerate(head)}
