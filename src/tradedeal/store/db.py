"""The local store: one embedded DuckDB file holding the user's imported data,
with the shipped datasets reachable as SQL views.

>>> from tradedeal.store import Store
>>> with Store.open() as store:                       # config.store_path(), created on first use
...     store.query("SELECT SUM(value_usd) FROM us_imports_2024 WHERE exporter = 'IND'")
...     store.user_trade(importer="USA", exporter="IND", year=2024)

Opening is cheap (a connection and, for a writable store, ``CREATE TABLE IF
NOT EXISTS`` statements that change nothing once the tables exist). Shipped
datasets become views the first time a query names them; see
:mod:`tradedeal.store.views`. Writes happen only in
:mod:`tradedeal.store.importer`, inside one transaction per import.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradedeal import config, lazy
from tradedeal.datasets import catalogue
from tradedeal.errors import StoreError
from tradedeal.store import index, queries, schema, views

if TYPE_CHECKING:  # pragma: no cover
    import duckdb
    import pandas as pd


class Store:
    """An open connection to the store. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, con: "duckdb.DuckDBPyConnection", path: Path, read_only: bool):
        self._con = con
        self._path = path
        self._read_only = read_only
        self._views: set[str] = set()

    # -- opening and closing -------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, read_only: bool = False) -> "Store":
        """Open the store at ``path`` (default :func:`tradedeal.config.store_path`).

        The file and its tables are created on first use. ``read_only=True``
        opens for queries only; several read-only processes may share the file.
        """
        target = Path(path).expanduser() if path is not None else config.store_path()
        target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        if read_only:
            if not target.exists() or not _has_schema(target):
                init = cls(_connect(target, read_only=False), target, read_only=False)
                init._ensure_schema()
                init.close()
            return cls(_connect(target, read_only=True), target, read_only=True)
        store = cls(_connect(target, read_only=False), target, read_only=False)
        try:
            store._ensure_schema()
            index.refresh(store.connection)
        except Exception:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._con is not None:
            self._con.close()
            self._con = None  # type: ignore[assignment]

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "read-only" if self._read_only else "read-write"
        return f"Store({str(self._path)!r}, {mode})"

    # -- properties ------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def connection(self) -> "duckdb.DuckDBPyConnection":
        """The raw DuckDB connection. Shipped-dataset views exist only after
        :meth:`ensure_views` (or a :meth:`query` naming them)."""
        if self._con is None:
            raise StoreError(f"store {self._path} is closed", "open it again with Store.open()")
        return self._con

    # -- shipped datasets ------------------------------------------------------
    def datasets(self) -> list[str]:
        """Names of the shipped datasets (each queryable as a view of that name)."""
        return list(views.dataset_names())

    def ensure_views(self, names: Iterable[str] | None = None) -> list[str]:
        """Verify the named datasets (default: all) and create their views.

        Raises :class:`~tradedeal.errors.DataIntegrityError` for a missing or
        corrupted file and :class:`~tradedeal.errors.DatasetNotFoundError` for
        an unknown name.
        """
        wanted = list(views.dataset_names() if names is None else names)
        con = self.connection
        for name in wanted:
            path = catalogue.verified_path(name)  # checksum (cached per file state)
            if name not in self._views:
                con.execute(views.view_sql(name, str(path)))
                self._views.add(name)
        return wanted

    def table(self, name: str, columns: Sequence[str] | None = None) -> "pd.DataFrame":
        """A whole shipped dataset (or some of its columns) as a DataFrame."""
        self.ensure_views([name])
        cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        return self.connection.execute(f'SELECT {cols} FROM "{name}"').fetchdf()

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> "pd.DataFrame":
        """Run one SQL query and return a DataFrame.

        Shipped datasets named in ``sql`` are verified and given views first;
        user tables (``user_trade``, ``user_tariff``, ``imports``) are always there.
        """
        self.ensure_views(views.referenced_datasets(sql, views.dataset_names()))
        try:
            rel = self.connection.execute(sql, params) if params is not None else self.connection.execute(sql)
            return rel.fetchdf()
        except Exception as exc:  # duckdb.Error subclasses
            if _is_duckdb_error(exc):
                raise StoreError(f"query failed: {exc}", "check the SQL; `tradedeal data list` "
                                 "shows the dataset names and their columns") from exc
            raise

    # -- user data -------------------------------------------------------------
    def user_trade(self, importer: str | Iterable[str] | None = None,
                   exporter: str | Iterable[str] | None = None,
                   year: int | Iterable[int] | None = None, *,
                   flow: str | None = None, hs_level: int | None = None) -> "pd.DataFrame":
        """Imported trade rows, filtered; see :func:`tradedeal.store.queries.user_trade`."""
        return queries.user_trade(self.connection, importer, exporter, year,
                                  flow=flow, hs_level=hs_level)

    def user_tariff(self, importer: str | Iterable[str] | None = None,
                    exporter: str | Iterable[str] | None = None,
                    year: int | Iterable[int] | None = None, *,
                    rate_type: str | None = None, hs_level: int | None = None,
                    include_all_partner_rates: bool = True) -> "pd.DataFrame":
        """Imported tariff rows, filtered; see :func:`tradedeal.store.queries.user_tariff`."""
        return queries.user_tariff(self.connection, importer, exporter, year,
                                   rate_type=rate_type, hs_level=hs_level,
                                   include_all_partner_rates=include_all_partner_rates)

    def imports(self) -> "pd.DataFrame":
        """The import log, with the rows each import still owns (``rows_current``)."""
        return queries.imports(self.connection)

    def counts(self) -> dict[str, int]:
        """Row count of each user table."""
        return queries.counts(self.connection)

    # -- writing -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["duckdb.DuckDBPyConnection"]:
        """``BEGIN`` ... ``COMMIT``; ``ROLLBACK`` on any exception (re-raised)."""
        if self._read_only:
            raise StoreError(f"store {self._path} is open read-only",
                             "open it with Store.open() (read_only=False) to import or remove data")
        con = self.connection
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _ensure_schema(self) -> None:
        con = self.connection
        for stmt in schema.create_statements():
            con.execute(stmt)
        row = con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            con.execute("INSERT INTO store_meta VALUES ('schema_version', ?)", [str(schema.SCHEMA_VERSION)])
        elif int(row[0]) > schema.SCHEMA_VERSION:
            raise StoreError(
                f"store {self._path} has schema version {row[0]}, newer than this tradedeal "
                f"understands ({schema.SCHEMA_VERSION})",
                "upgrade tradedeal, or point TRADEDEAL_HOME at another folder",
            )


def _is_duckdb_error(exc: BaseException) -> bool:
    return isinstance(exc, lazy.duckdb().Error)


def _connect(path: Path, read_only: bool) -> "duckdb.DuckDBPyConnection":
    duckdb = lazy.duckdb()
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"store {path} is in use by another process",
                "close the other tradedeal process (an import or a dashboard) and try again",
            ) from exc
        raise StoreError(
            f"cannot open store {path}: {text}",
            f"if the file is damaged, move it away (it is re-created empty; re-import your files), "
            f"or set {config.ENV_HOME} to another folder",
        ) from exc


def _has_schema(path: Path) -> bool:
    """Whether the store file already has the user tables (checked read-only)."""
    con = _connect(path, read_only=True)
    try:
        names = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    finally:
        con.close()
    return {t.name for t in schema.TABLES} <= names
