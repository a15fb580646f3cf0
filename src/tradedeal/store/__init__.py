"""The local store: imported user data (DuckDB) plus the shipped datasets as SQL views.

Public API:

* :class:`Store` — ``Store.open(path=None, read_only=False)``; ``query(sql)``,
  ``table(name)``, ``user_trade(...)``, ``user_tariff(...)``, ``imports()``.
* :func:`tradedeal.store.importer.import_file` — ``import_file(store, path, fmt) -> ImportReport``;
  ``fmt`` is ``'comtrade'`` or ``'wits'``.
* :func:`tradedeal.store.importer.remove_import` — ``remove_import(store, import_id) -> rows deleted``.
* :func:`tradedeal.store.formats.parse_file` — parse without touching the store.

Accepted formats and the replace rule: docs/import-formats.md.
"""

from __future__ import annotations

from tradedeal.store.db import Store

__all__ = ["Store"]
