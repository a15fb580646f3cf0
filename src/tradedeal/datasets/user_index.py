"""The user's imported data as roles, read from the store's index file.

The store (:mod:`tradedeal.store.index`) rewrites ``<TRADEDEAL_HOME>/store_index.json`` after
every import and removal: for each importer, exporter, year, flow and HS level of the imported
trade, and each importer, year, rate type and level of the imported tariffs, the rows, the
value and the files. Reading that small file lets a role lookup see the user's data without
opening the database; the rows themselves are read through the store.
"""

from __future__ import annotations

import json
from functools import lru_cache

from tradedeal import config
from tradedeal.datasets.catalogue import Role, RoleMatch

INDEX_VERSION = 1


def index_path():
    return config.data_home() / "store_index.json"


def read_index() -> dict:
    """The index as written by the store ({} when nothing was imported)."""
    path = index_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    return _read(str(path), st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=4)
def _read(path: str, size: int, mtime: int) -> dict:
    try:
        doc = json.loads(open(path, encoding="utf-8").read())
    except (OSError, ValueError):
        return {}  # a damaged index is rebuilt by the store the next time it is opened for writing
    return doc if doc.get("version") == INDEX_VERSION else {}


def fingerprint(kind: str) -> str:
    """Identifies the user's imported rows of ``kind`` ('trade' or 'tariff'); '' when none."""
    doc = read_index()
    return doc.get("fingerprints", {}).get(kind, "")


def _role(name: str, **params) -> Role:
    return Role(name, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def user_roles() -> list[RoleMatch]:
    """RoleMatch entries for the imported data (trade by pair, import tables, tariff schedules)."""
    doc = read_index()
    out = []
    pairs: dict[tuple[str, str, str], dict] = {}
    tables: dict[str, dict] = {}
    for importer, exporter, year, flow, level, rows, value, files in doc.get("trade", []):
        reporter = "importer" if flow == "import" else "exporter"
        p = pairs.setdefault((importer, exporter, reporter), {"years": set(), "levels": set(), "files": set()})
        p["years"].add(int(year))
        p["levels"].add(int(level))
        p["files"].update(files)
        if flow == "import":
            t = tables.setdefault(importer, {"years": set(), "levels": set(), "files": set(), "exporters": set()})
            t["years"].add(int(year))
            t["levels"].add(int(level))
            t["files"].update(files)
            t["exporters"].add(exporter)
    for (importer, exporter, reporter), p in pairs.items():
        files = ", ".join(sorted(p["files"]))
        out.append(RoleMatch(_role("trade", importer=importer, exporter=exporter, code_column="hs_code",
                                   level=max(p["levels"]), period="calendar", reporter=reporter,
                                   years=sorted(p["years"]), files=sorted(p["files"])),
                             "user_trade", "user", f"user_trade ({files})"))
    for importer, t in tables.items():
        if len(t["exporters"]) < 2:
            continue  # one partner's rows are a pair, not a table of the importer's suppliers
        files = ", ".join(sorted(t["files"]))
        out.append(RoleMatch(_role("import_table", importer=importer, code_column="hs_code", exporter_column="exporter",
                                   level=max(t["levels"]), period="calendar", years=sorted(t["years"]),
                                   files=sorted(t["files"]), exporters=len(t["exporters"])),
                             "user_trade", "user", f"user_trade ({files})"))
    schedules: dict[str, dict] = {}
    for importer, year, rate_type, level, rows, files in doc.get("tariff", []):
        s = schedules.setdefault(importer, {"years": set(), "files": set()})
        s["years"].add(int(year))
        s["files"].update(files)
    for importer, s in schedules.items():
        files = ", ".join(sorted(s["files"]))
        out.append(RoleMatch(_role("tariff_schedule", importer=importer, code_column="hs_code",
                                   rate_column="simple_avg_pct", unit="percent",
                                   valid_from=f"{min(s['years'])}-01-01", years=sorted(s["years"]),
                                   files=sorted(s["files"])),
                             "user_tariff", "user", f"user_tariff ({files})"))
    return out
