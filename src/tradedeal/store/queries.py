"""Read helpers over the user tables: filtered frames for the CLI and the models.

Every function takes a DuckDB connection and returns a pandas DataFrame with
the table's own columns (minus the key-only ``exporter_key``). Filters accept
one value or several; ``None`` means no filter. Country codes are compared in
upper case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradedeal.store.schema import IMPORTS, USER_TARIFF, USER_TRADE

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd


def _values(value: Any, upper: bool = False) -> list[Any] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, (str, int)) else list(value)
    return [str(v).strip().upper() for v in items] if upper else items


def _where(filters: list[tuple[str, list[Any] | None]]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in filters:
        if values is None:
            continue
        clauses.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params.extend(values)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def user_trade(con: "duckdb.DuckDBPyConnection", importer: Any = None, exporter: Any = None,
               year: Any = None, *, flow: str | None = None,
               hs_level: int | None = None) -> "pd.DataFrame":
    """Rows of ``user_trade`` matching the filters, ordered by key.

    ``flow`` is 'import' (figures reported by the importer) or 'export'
    (reported by the exporter); ``hs_level`` picks one code length, which you
    want before summing a file that mixes HS2, HS4 and HS6 rows.
    """
    where, params = _where([
        ("importer", _values(importer, upper=True)),
        ("exporter", _values(exporter, upper=True)),
        ("year", _values(year)),
        ("flow", _values(flow)),
        ("hs_level", _values(hs_level)),
    ])
    cols = ", ".join(USER_TRADE.column_names)
    sql = f"SELECT {cols} FROM user_trade{where} ORDER BY importer, exporter, year, flow, hs_code"
    return con.execute(sql, params).fetchdf()


def user_tariff(con: "duckdb.DuckDBPyConnection", importer: Any = None, exporter: Any = None,
                year: Any = None, *, rate_type: str | None = None, hs_level: int | None = None,
                include_all_partner_rates: bool = True) -> "pd.DataFrame":
    """Rows of ``user_tariff`` matching the filters, ordered by key.

    With ``exporter`` given and ``include_all_partner_rates`` (the default),
    rows whose ``exporter`` is NULL (rates that apply to every partner, such as
    MFN) are returned too, since they apply to that exporter as well.
    """
    exporters = _values(exporter, upper=True)
    where, params = _where([
        ("importer", _values(importer, upper=True)),
        ("year", _values(year)),
        ("rate_type", _values(rate_type)),
        ("hs_level", _values(hs_level)),
    ])
    if exporters is not None:
        clause = f"exporter IN ({', '.join('?' for _ in exporters)})"
        if include_all_partner_rates:
            clause = f"({clause} OR exporter IS NULL)"
        where = f"{where} AND {clause}" if where else f" WHERE {clause}"
        params = params + exporters
    cols = ", ".join(c for c in USER_TARIFF.column_names if c != "exporter_key")
    sql = (f"SELECT {cols} FROM user_tariff{where} "
           f"ORDER BY importer, exporter NULLS FIRST, year, hs_code, rate_type")
    return con.execute(sql, params).fetchdf()


def imports(con: "duckdb.DuckDBPyConnection") -> "pd.DataFrame":
    """The import log with ``rows_current``: rows the import still owns (others
    were replaced by later imports carrying the same keys)."""
    cols = ", ".join(f"i.{c}" for c in IMPORTS.column_names)
    sql = f"""
        WITH owned AS (
            SELECT import_id, COUNT(*) AS n FROM user_trade GROUP BY import_id
            UNION ALL
            SELECT import_id, COUNT(*) AS n FROM user_tariff GROUP BY import_id
        )
        SELECT {cols}, COALESCE(SUM(o.n), 0)::BIGINT AS rows_current
        FROM imports i LEFT JOIN owned o USING (import_id)
        GROUP BY ALL ORDER BY i.imported_at, i.import_id
    """
    return con.execute(sql).fetchdf()


def rows_owned(con: "duckdb.DuckDBPyConnection", import_id: str) -> int:
    """Rows of both user tables written by ``import_id`` and not replaced since."""
    row = con.execute(
        "SELECT (SELECT COUNT(*) FROM user_trade WHERE import_id = $id) + "
        "(SELECT COUNT(*) FROM user_tariff WHERE import_id = $id)", {"id": import_id}).fetchone()
    return int(row[0]) if row else 0


def counts(con: "duckdb.DuckDBPyConnection") -> dict[str, int]:
    """Row count of each user table and of the import log."""
    out: dict[str, int] = {}
    for name in (USER_TRADE.name, USER_TARIFF.name, IMPORTS.name):
        out[name] = int(con.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])
    return out
