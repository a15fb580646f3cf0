"""The catalogue of shipped datasets: ``files/manifest.json`` is the single record of each one.

Every dataset has one entry, written by ``scripts/build_data.py`` from the dataset's one
declaration: its file, description, source, licence, vintage, unit, row count, SHA-256,
columns with their meaning, notes, origin (the files of ``../shared/data`` it was built from)
and the roles it plays (:mod:`tradedeal.datasets.roles`). Nothing else repeats these facts:
``docs/datasets.md`` and ``tradedeal data list`` are generated from here.

Reading a dataset verifies its checksum first and refuses a corrupted or missing file with
:class:`~tradedeal.errors.DataIntegrityError`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tradedeal import config
from tradedeal.errors import DataIntegrityError, DatasetNotFoundError


@dataclass(frozen=True)
class Role:
    """One role a dataset plays, with the parameters a lookup matches and a reader needs
    (the fields of each role: :data:`tradedeal.datasets.roles.ROLES`)."""

    role: str
    params: tuple[tuple[str, object], ...]

    def get(self, key: str, default=None):
        for k, v in self.params:
            if k == key:
                return v
        return default

    def as_dict(self) -> dict[str, object]:
        return {"role": self.role, **dict(self.params)}


@dataclass(frozen=True)
class RoleMatch:
    """A dataset (or the user's imported data) playing a role."""

    role: Role
    dataset: str          # shipped dataset name, or 'user_trade' / 'user_tariff' for imported data
    kind: str             # 'shipped' or 'user'
    label: str            # how provenance names it

    def get(self, key: str, default=None):
        return self.role.get(key, default)


def _freeze(value):
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def role_from_dict(entry: dict) -> Role:
    body = dict(entry)
    name = body.pop("role")
    return Role(name, tuple((k, _freeze(v)) for k, v in body.items()))


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance, shape and roles of one shipped dataset."""

    name: str
    file: str
    description: str
    source: str
    licence: str
    vintage: str
    unit: str
    rows: int
    sha256: str
    columns: tuple[tuple[str, str], ...] = ()  # (column, meaning), in the file's order
    notes: str = ""
    origin: str = ""
    roles: tuple[Role, ...] = ()
    kind: str = "table"       # 'table' (one Parquet file) or 'folder' (files read by their own reader)
    files: tuple[tuple[str, str], ...] = ()  # a folder's files and their SHA-256

    @property
    def path(self) -> Path:
        return config.SHIPPED_DATA_DIR / self.file

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]

    def meaning(self, column: str) -> str:
        return dict(self.columns).get(column, "")

    def roles_named(self, role: str) -> list[Role]:
        return [r for r in self.roles if r.role == role]


def _info(name: str, entry: dict) -> DatasetInfo:
    body = dict(entry)
    columns = tuple(body.pop("columns", {}).items())
    roles = tuple(role_from_dict(r) for r in body.pop("roles", []))
    files = tuple(body.pop("files", {}).items())
    return DatasetInfo(name=name, columns=columns, roles=roles, files=files, **body)


@lru_cache(maxsize=1)
def manifest() -> dict[str, DatasetInfo]:
    """All shipped datasets by name, in the manifest's order."""
    path = config.MANIFEST_PATH
    if not path.exists():
        raise DataIntegrityError(f"dataset manifest missing: {path}",
                                 "reinstall tradedeal (pip install -e .), or rebuild with `make data`")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: _info(name, entry) for name, entry in raw["datasets"].items()}


def names() -> list[str]:
    """Every shipped dataset's name, sorted."""
    return sorted(manifest())


def info(name: str) -> DatasetInfo:
    """The manifest entry of ``name``; an unknown name gets the closest names as a hint."""
    m = manifest()
    if name not in m:
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
    """Path of a dataset's file after checking that it exists and matches its SHA-256 (once per
    process for a given file state: path, size and modification time)."""
    ds = info(name)
    path = ds.path
    if ds.kind == "folder":
        for file, sha in ds.files:
            _verify(name, path.parent / file, sha)
        return path
    _verify(name, path, ds.sha256)
    return path


def _verify(name: str, path: Path, sha: str) -> None:
    if not path.exists():
        raise DataIntegrityError(f"dataset '{name}': file {path} is missing",
                                 "reinstall tradedeal so the shipped data files are restored")
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _verified:
        actual = sha256_of(path)
        if actual != sha:
            raise DataIntegrityError(
                f"dataset '{name}': file {path} is corrupted "
                f"(SHA-256 {actual[:12]}... does not match the manifest's {sha[:12]}...)",
                "reinstall tradedeal (or `git checkout` the file) to restore the shipped data")
        _verified[key] = True


def content_key(names_: list[str] | tuple[str, ...]) -> str:
    """A key that changes when any of the named datasets changes (their manifest checksums)."""
    m = manifest()
    h = hashlib.sha256()
    for n in sorted(set(names_)):
        h.update(f"{n}={m[n].sha256 if n in m else 'missing'};".encode())
    return h.hexdigest()
