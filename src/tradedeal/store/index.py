"""The store's index of the user's imported data (``<TRADEDEAL_HOME>/store_index.json``).

Rewritten after every import and removal, and whenever a writable store finds it missing or
out of date: what the imported rows cover (importer, exporter, year, flow and HS level of
trade; importer, year, rate type and level of tariffs), with rows, value and files. The
datasets layer reads it (:mod:`tradedeal.datasets.user_index`) so a lookup by role sees the
user's data without opening the database, and the regime cache keys on its fingerprints.
"""

from __future__ import annotations

import hashlib
import json

from tradedeal.datasets.user_index import INDEX_VERSION, index_path, read_index
from tradedeal.fileio import write_text_atomic

_TRADE = """SELECT importer, exporter, year, flow, hs_level, COUNT(*) AS n, SUM(value_usd) AS v,
                   LIST(DISTINCT source_file ORDER BY source_file) AS files
            FROM user_trade GROUP BY ALL ORDER BY ALL"""
_TARIFF = """SELECT importer, year, rate_type, hs_level, COUNT(*) AS n,
                    LIST(DISTINCT source_file ORDER BY source_file) AS files
             FROM user_tariff GROUP BY ALL ORDER BY ALL"""
_GENERATION = "SELECT import_id, imported_at FROM imports ORDER BY import_id"


def generation(con) -> str:
    """Identifies the store's content: its imports and when each was made."""
    rows = con.execute(_GENERATION).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def build(con) -> dict:
    trade = [[r[0], r[1], int(r[2]), r[3], int(r[4]), int(r[5]), float(r[6]), list(r[7])]
             for r in con.execute(_TRADE).fetchall()]
    tariff = [[r[0], int(r[1]), r[2], int(r[3]), int(r[4]), list(r[5])] for r in con.execute(_TARIFF).fetchall()]
    prints = {kind: hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:16] if rows else ""
              for kind, rows in (("trade", trade), ("tariff", tariff))}
    return {"version": INDEX_VERSION, "generation": generation(con), "fingerprints": prints,
            "trade": trade, "tariff": tariff}


def refresh(con, force: bool = False) -> None:
    """Rewrite the index when it is missing or describes another state of the store."""
    if not force and read_index().get("generation") == generation(con):
        return
    write_text_atomic(index_path(), json.dumps(build(con)))
