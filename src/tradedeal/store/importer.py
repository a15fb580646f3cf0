"""Import a user file into the store, all or nothing; remove an import.

>>> from tradedeal.store import Store, import_file
>>> with Store.open() as store:
...     report = import_file(store, "TradeData.csv", "comtrade")
...     print(report.summary())

Rules (stated again in docs/import-formats.md and in the messages):

* The whole file is parsed and validated first. If any row is bad, nothing is
  written and :class:`~tradedeal.errors.InputFileError` lists every bad row.
* A good file is written in ONE transaction: rows whose natural key is already
  in the store are replaced (deleted, then inserted), the others are added, and
  the import is logged. Any error rolls everything back.
* The import id is the first 12 hex digits of the file's SHA-256. Importing the
  same bytes again is a no-op reported as "already imported", unless some of
  that import's rows were replaced since by another file: then it is applied
  again and takes its rows back.
* A different file carrying keys that are already stored replaces those rows
  (the newest import wins); the report counts them and names the imports they
  came from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from tradedeal.errors import InputFileError, QueryError, StoreError
from tradedeal.store import index, queries
from tradedeal.store.db import Store
from tradedeal.store.formats import FORMATS, KEYS, ParseResult, parse_raw, read_table
from tradedeal.store.formats._spec import DOCS
from tradedeal.store.schema import USER_TABLES

ID_LENGTH = 12


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    import_id: str
    file: str
    fmt: str                  # 'comtrade' or 'wits', as named by the user
    variant: str              # detected layout, e.g. 'comtrade-plus'
    kind: str                 # 'trade' or 'tariff'
    rows_inserted: int = 0    # rows with a key not stored before
    rows_replaced: int = 0    # rows that replaced a stored row with the same key
    replaced_imports: tuple[str, ...] = ()  # imports whose rows were replaced
    rows_skipped: int = 0     # aggregate / breakdown / other-flow rows left out
    skipped: tuple[tuple[str, int], ...] = ()  # (reason, rows)
    already_imported: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rows_written(self) -> int:
        return self.rows_inserted + self.rows_replaced

    def summary(self) -> str:
        """A few lines for the terminal."""
        name = Path(self.file).name
        if self.already_imported:
            return (f"{name}: already imported (import id {self.import_id}); nothing changed. "
                    f"Use `tradedeal data remove {self.import_id}` first to import it afresh.")
        lines = [f"{name}: imported {self.rows_written} {self.kind} rows as import {self.import_id} "
                 f"({self.variant}): {self.rows_inserted} new, {self.rows_replaced} replaced"]
        if self.rows_replaced:
            lines.append(f"  replaced rows with the same key from import(s) "
                         f"{', '.join(self.replaced_imports)} (the newest import wins)")
        for reason, n in self.skipped:
            lines.append(f"  skipped {n} {reason}")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def import_file(store: Store, path: str | os.PathLike, fmt: str) -> ImportReport:
    """Parse, validate and write ``path`` (format family ``fmt``: 'comtrade' or 'wits').

    Raises :class:`~tradedeal.errors.InputFileError` (store untouched) when the
    file or any of its rows is bad, :class:`~tradedeal.errors.StoreError` when
    the store cannot be written (nothing of the import remains).
    """
    if fmt not in FORMATS:
        raise InputFileError(str(path), f"unknown format '{fmt}'",
                             hint=f"use --format {' or --format '.join(FORMATS)}")
    if store.read_only:
        raise StoreError(f"store {store.path} is open read-only",
                         "open it with Store.open() (read_only=False) to import data")
    raw = read_table(path)
    import_id = raw.sha256[:ID_LENGTH]
    previous = _logged(store, import_id)
    if previous is not None and queries.rows_owned(store.connection, import_id) >= previous["rows"]:
        return ImportReport(import_id=import_id, file=str(path), fmt=fmt, variant=previous["variant"],
                            kind=previous["kind"], rows_skipped=int(previous["rows_skipped"]),
                            already_imported=True)
    result = parse_raw(raw, fmt)
    _raise_if_bad(result)
    return _write(store, result, import_id, Path(path))


def remove_import(store: Store, import_id: str) -> int:
    """Delete the rows an import still owns and its log entry; returns rows deleted.

    ``import_id`` may be a unique prefix of the id.
    """
    full = _resolve_id(store, import_id)
    with store.transaction() as con:
        n = queries.rows_owned(con, full)
        con.execute("DELETE FROM user_trade WHERE import_id = ?", [full])
        con.execute("DELETE FROM user_tariff WHERE import_id = ?", [full])
        con.execute("DELETE FROM imports WHERE import_id = ?", [full])
    index.refresh(store.connection, force=True)
    return n


def _resolve_id(store: Store, import_id: str) -> str:
    prefix = import_id.strip().lower()
    ids = [r[0] for r in store.connection.execute(
        "SELECT import_id FROM imports WHERE import_id LIKE ? ORDER BY import_id",
        [prefix.replace("%", "").replace("_", "") + "%"]).fetchall()] if prefix else []
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise QueryError(f"no import with id '{import_id}'",
                         "`tradedeal data imports` lists the import ids")
    raise QueryError(f"import id '{import_id}' is ambiguous ({', '.join(ids)})",
                     "give more characters of the id")


def _logged(store: Store, import_id: str) -> dict | None:
    row = store.connection.execute(
        "SELECT variant, kind, rows, rows_skipped FROM imports WHERE import_id = ?",
        [import_id]).fetchone()
    if row is None:
        return None
    return {"variant": row[0], "kind": row[1], "rows": int(row[2]), "rows_skipped": int(row[3])}


def _raise_if_bad(result: ParseResult) -> None:
    if result.problems:
        n = len(result.problems)
        raise InputFileError(
            result.file,
            f"{n} bad row{'s' if n != 1 else ''} in this {result.title}; nothing was imported",
            problems=list(result.problems),
            hint=f"fix the rows listed (line numbers count the header as line 1) and import the "
                 f"file again; see {DOCS}",
        )
    if result.frame.empty:
        why = result.skipped_text() or "no rows"
        raise InputFileError(result.file, f"no importable rows: all {result.rows_read} rows were "
                             f"left out ({why}); nothing was imported",
                             hint="download country-by-country data at HS level, not only totals")


def _staged(result: ParseResult, import_id: str, path: Path) -> pd.DataFrame:
    table = USER_TABLES[result.kind]
    frame = result.frame.drop(columns=["line"])
    frame["source_format"] = result.variant
    frame["source_file"] = path.name
    frame["import_id"] = import_id
    if result.kind == "tariff":
        frame["exporter_key"] = frame["exporter"].fillna("")
    return frame[table.column_names]


def _key_join(kind: str) -> str:
    key = [k if not (kind == "tariff" and k == "exporter") else "exporter_key" for k in KEYS[kind]]
    return " AND ".join(f"t.{k} = s.{k}" for k in key)


def _write(store: Store, result: ParseResult, import_id: str, path: Path) -> ImportReport:
    table = USER_TABLES[result.kind]
    staged = _staged(result, import_id, path)
    cols = ", ".join(table.column_names)
    on = _key_join(result.kind)
    con = store.connection
    view = f"_tradedeal_staged_{import_id}"
    con.register(view, staged)
    try:
        with store.transaction():
            replaced = con.execute(
                f"SELECT t.import_id, COUNT(*) FROM {table.name} t JOIN {view} s ON {on} "
                f"GROUP BY t.import_id ORDER BY t.import_id").fetchall()
            con.execute(f"DELETE FROM {table.name} t USING {view} s WHERE {on}")
            con.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {view}")
            _log(con, result, import_id, path, len(staged))
    except Exception as exc:
        if isinstance(exc, StoreError):
            raise
        raise StoreError(f"importing {path.name} failed and was rolled back: {exc}",
                         "the store is as it was before; fix the cause and import again") from exc
    finally:
        con.unregister(view)
    index.refresh(con, force=True)
    replaced = [(i, n) for i, n in replaced if i != import_id]  # re-applying takes its own rows back
    n_replaced = sum(int(n) for _, n in replaced)
    return ImportReport(
        import_id=import_id, file=str(path), fmt=result.fmt, variant=result.variant,
        kind=result.kind, rows_inserted=len(staged) - n_replaced, rows_replaced=n_replaced,
        replaced_imports=tuple(str(i) for i, _ in replaced), rows_skipped=result.rows_skipped,
        skipped=result.skipped, already_imported=False, notes=result.notes,
    )


def _log(con, result: ParseResult, import_id: str, path: Path, rows: int) -> None:
    """Record the import in the log (replacing an earlier entry for the same bytes)."""
    notes = "; ".join([*result.notes, *(f"skipped {n} {r}" for r, n in result.skipped)])
    con.execute("DELETE FROM imports WHERE import_id = ?", [import_id])
    con.execute(
        "INSERT INTO imports (import_id, file, path, sha256, format, variant, kind, rows, "
        "rows_skipped, notes, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [import_id, path.name, str(path.resolve()), result.sha256, result.fmt, result.variant,
         result.kind, rows, result.rows_skipped, notes or None,
         datetime.now(timezone.utc).replace(tzinfo=None)],
    )
