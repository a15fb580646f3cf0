"""Views over the shipped Parquet datasets, created on demand and checksum-verified.

Every dataset of the manifest can be queried in SQL under its own name
(``SELECT ... FROM us_imports_2024``). The view is a TEMP view of the
connection: it costs nothing at open, writes nothing to the store file, works
in read-only mode and always points at the installed package's files.

A view is created the first time a query names it, right after the dataset's
file has been checked against the SHA-256 of the manifest
(:func:`tradedeal.datasets.catalogue.verified_path`). The check runs again
(cheaply: a ``stat`` when the file is unchanged) before every query that names
the dataset, so a file corrupted after the first query is refused too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tradedeal.datasets import catalogue
from tradedeal.errors import DataIntegrityError


def dataset_names() -> tuple[str, ...]:
    """Names of the shipped datasets; empty when the manifest is missing."""
    try:
        return tuple(sorted(catalogue.manifest()))
    except DataIntegrityError:
        return ()


@lru_cache(maxsize=8)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w$])({alternatives})(?![\w$])", re.IGNORECASE)


def referenced_datasets(sql: str, names: tuple[str, ...]) -> list[str]:
    """Dataset names that appear as whole words in ``sql`` (case-insensitive).

    This over-approximates (a name inside a string literal counts), which only
    costs a checksum; it never misses a view the query needs.
    """
    pattern = _name_pattern(names)
    if pattern is None:
        return []
    lower = {n.lower(): n for n in names}
    found = {lower[m.group(1).lower()] for m in pattern.finditer(sql)}
    return sorted(found)


def view_sql(name: str, path: str) -> str:
    """``CREATE OR REPLACE TEMP VIEW`` over one Parquet file."""
    quoted_path = path.replace("'", "''")
    return (f'CREATE OR REPLACE TEMP VIEW "{name}" AS '
            f"SELECT * FROM read_parquet('{quoted_path}')")
