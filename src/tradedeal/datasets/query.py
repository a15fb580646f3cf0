"""SQL over the shipped datasets with an in-process DuckDB, for answers that need no pandas.

``query("SELECT ... FROM {us_imports_2024} WHERE exporter = " + lit("IND"))`` replaces each
``{name}`` by a read of the dataset's verified Parquet file and returns plain rows. Values are
written into the SQL with :func:`lit` (DuckDB's parameter binding loads pandas).
"""

from __future__ import annotations

import re

from tradedeal import lazy
from tradedeal.datasets.catalogue import manifest, verified_path

_CON: list = []
_NAME = re.compile(r"\{([a-z0-9_]+)\}")


def lit(value) -> str:
    """A SQL literal for a string, number or None."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _connection():
    if not _CON:
        _CON.append(lazy.duckdb().connect(":memory:"))
    return _CON[0]


def query(sql: str) -> list[tuple]:
    """Rows of ``sql``, where ``{name}`` stands for the shipped dataset ``name``."""
    known = manifest()

    def table(m: re.Match) -> str:
        name = m.group(1)
        if name not in known:
            return m.group(0)
        return f"read_parquet({lit(str(verified_path(name)))})"

    return _connection().execute(_NAME.sub(table, sql)).fetchall()
