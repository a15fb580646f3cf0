"""The manifest of shipped datasets and checksum-verified access to their files.

Every shipped file is listed in ``files/manifest.json`` with its provenance
(description, source, licence, vintage, unit), its row count and its SHA-256.
Reading a dataset verifies the checksum first and refuses a corrupted or
missing file with :class:`~tradedeal.errors.DataIntegrityError`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tradedeal.config import MANIFEST_PATH, SHIPPED_DATA_DIR
from tradedeal.errors import DataIntegrityError, DatasetNotFoundError


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance and shape of one shipped dataset."""

    name: str
    file: str
    description: str
    source: str
    licence: str
    vintage: str
    unit: str
    rows: int
    sha256: str
    columns: dict[str, str] = field(default_factory=dict)  # column -> meaning
    notes: str = ""
    origin: str = ""  # the file(s) of ../shared/data it was built from

    @property
    def path(self) -> Path:
        return SHIPPED_DATA_DIR / self.file


@lru_cache(maxsize=1)
def manifest() -> dict[str, DatasetInfo]:
    """All shipped datasets by name."""
    if not MANIFEST_PATH.exists():
        raise DataIntegrityError(
            f"dataset manifest missing: {MANIFEST_PATH}",
            "reinstall tradedeal (pip install -e .), or rebuild with `python scripts/build_data.py`",
        )
    raw = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    return {name: DatasetInfo(name=name, **entry) for name, entry in raw["datasets"].items()}


def info(name: str) -> DatasetInfo:
    m = manifest()
    if name not in m:
        import difflib

        close = difflib.get_close_matches(name, list(m), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "run `tradedeal data list` for the names"
        raise DatasetNotFoundError(f"unknown dataset '{name}'", hint)
    return m[name]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_verified: dict[tuple[str, int, int], bool] = {}


def verified_path(name: str) -> Path:
    """Path of a dataset's file after checking it exists and matches its SHA-256.

    The check runs once per process for a given file state (path, size, mtime).
    """
    ds = info(name)
    path = ds.path
    if not path.exists():
        raise DataIntegrityError(
            f"dataset '{name}': file {path} is missing",
            "reinstall tradedeal so the shipped data files are restored",
        )
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _verified:
        actual = sha256_of(path)
        if actual != ds.sha256:
            raise DataIntegrityError(
                f"dataset '{name}': file {path} is corrupted "
                f"(SHA-256 {actual[:12]}... does not match the manifest's {ds.sha256[:12]}...)",
                "reinstall tradedeal (or `git checkout` the file) to restore the shipped data",
            )
        _verified[key] = True
    return path


def read_parquet(name: str, columns: list[str] | None = None,
                 filters: list[tuple[str, str, Any]] | None = None):
    """Read a verified Parquet dataset into a pandas DataFrame."""
    import pyarrow.parquet as pq

    path = verified_path(name)
    table = pq.read_table(path, columns=columns, filters=filters)
    return table.to_pandas()
