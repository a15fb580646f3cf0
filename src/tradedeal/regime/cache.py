"""Compiled regimes cached by content: in the process and on disk under ``TRADEDEAL_HOME``.

The key of a compiled regime is the hash of every file of its regime folder, of the options
that change compilation and of the code that compiles (so a change to any of them is a new
key). A cached entry also records the checksums of the datasets it was built from and, when
the regime reads the user's tariffs, the fingerprint of those: an entry whose datasets or user
data changed since is stale and rebuilt. The disk format (:mod:`tradedeal.datasets.artifacts`)
verifies a digest, so a damaged file is rebuilt too, never trusted.

On disk the (M measures x N lines) arrays are stored compactly: boolean rows as bits, and a
rate or share row that is one number on every line as that number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tradedeal import __version__
from tradedeal.datasets import artifacts, catalogue, user_index
from tradedeal.regime.arrays import Compiled, Options

KIND = "compiled-regime"
_CODE = ("compile.py", "arrays.py", "inputs.py", "loader.py", "model.py", "schema.py", "checks.py", "cache.py")


@dataclass(frozen=True)
class Entry:
    """A compiled regime and what it was built from."""

    compiled: Compiled
    datasets: tuple[tuple[str, str], ...]   # (dataset, sha256)
    store: str | None                       # fingerprint of the user tariffs read (None: none)

    def valid(self) -> bool:
        m = catalogue.manifest()
        if any(name not in m or m[name].sha256 != sha for name, sha in self.datasets):
            return False
        return self.store is None or self.store == user_index.fingerprint("tariff")


def _tree_hash(folder: Path) -> list[tuple[str, str]]:
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            out.append((str(rel), hashlib.sha256(p.read_bytes()).hexdigest()))
    return out


def folder_key(folder: Path) -> str:
    """Changes when any file of the regime folder changes."""
    return hashlib.sha256(repr(_tree_hash(Path(folder))).encode()).hexdigest()[:24]


def _code_key() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for name in _CODE:
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


_CODE_KEY: list[str] = []


def key(folder: Path, options: Options) -> str:
    """The content key of a regime folder compiled with ``options``."""
    if not _CODE_KEY:
        _CODE_KEY.append(_code_key())
    return hashlib.sha256(repr((_CODE_KEY[0], folder_key(folder), options.key())).encode()).hexdigest()[:32]


def _pack_rows(a: np.ndarray) -> dict:
    """Rows that hold one value on every line as that value; the others as they are."""
    const = (a == a[:, :1]).all(axis=1) if a.shape[1] else np.ones(len(a), bool)
    which = np.full(len(a), -1, np.int64)
    which[~const] = np.arange(int((~const).sum()))
    return {"value": a[:, 0].copy() if a.shape[1] else np.zeros(len(a), a.dtype),
            "which": which, "rows": np.ascontiguousarray(a[~const]), "shape": a.shape}


def _unpack_rows(p: dict) -> np.ndarray:
    out = np.empty(p["shape"], p["rows"].dtype)
    out[:] = p["value"][:, None]
    sel = p["which"] >= 0
    out[sel] = p["rows"][p["which"][sel]]
    return out


def _pack_bits(a: np.ndarray) -> dict:
    return {"bits": np.packbits(a, axis=1), "shape": a.shape}


def _unpack_bits(p: dict) -> np.ndarray:
    return np.unpackbits(p["bits"], axis=1, count=p["shape"][1]).astype(bool)


_DENSE_ROWS = ("rate", "share")
_DENSE_BITS = ("scope", "carved")


def save(k: str, entry: Entry) -> bool:
    c = entry.compiled
    fields = {f: getattr(c, f) for f in c.__dataclass_fields__
              if f not in (*_DENSE_ROWS, *_DENSE_BITS, "index", "source")}
    body = {"fields": fields, "datasets": entry.datasets, "store": entry.store,
            **{f: _pack_rows(getattr(c, f)) for f in _DENSE_ROWS},
            **{f: _pack_bits(getattr(c, f)) for f in _DENSE_BITS}}
    return artifacts.save(KIND, k, body)


def load(k: str) -> Entry | None:
    body = artifacts.load(KIND, k)
    if not isinstance(body, dict) or "fields" not in body:
        return None
    fields = dict(body["fields"])
    codes = fields["codes"]
    c = Compiled(index={x: i for i, x in enumerate(codes.tolist())},
                 **{f: _unpack_rows(body[f]) for f in _DENSE_ROWS},
                 **{f: _unpack_bits(body[f]) for f in _DENSE_BITS}, **fields)
    entry = Entry(c, tuple(body["datasets"]), body["store"])
    return entry if entry.valid() else None


_MEMORY: dict[str, Entry] = {}


def cached(folder: Path, options: Options) -> Compiled | None:
    """The compiled regime of ``folder`` with ``options`` from this process or the disk cache, if
    it is there and still valid; None otherwise."""
    k = key(folder, options)
    entry = _MEMORY.get(k)
    if entry is not None and entry.valid():
        return entry.compiled
    entry = load(k)
    if entry is None:
        return None
    _MEMORY[k] = entry
    return entry.compiled


def remember(k: str, entry: Entry, disk: bool = True) -> None:
    """Keep ``entry`` in the process (and on disk)."""
    _MEMORY[k] = entry
    if disk:
        save(k, entry)


def stored(k: str) -> bool:
    return artifacts.path_for(KIND, k).exists()


def in_memory(k: str) -> Entry | None:
    entry = _MEMORY.get(k)
    return entry if entry is not None and entry.valid() else None


INPUTS = "regime-inputs"


def inputs_key(folder: Path, store: str) -> str:
    """The key of a regime folder's gathered inputs (with the user's tariffs' fingerprint)."""
    if not _CODE_KEY:
        _CODE_KEY.append(_code_key())
    return hashlib.sha256(repr((_CODE_KEY[0], folder_key(folder), store)).encode()).hexdigest()[:32]


def load_inputs(k: str):
    """Gathered inputs from the disk cache, if their datasets are unchanged; else None."""
    got = artifacts.load(INPUTS, k)
    if got is None or not hasattr(got, "datasets"):
        return None
    m = catalogue.manifest()
    if any(name not in m or m[name].sha256 != sha for name, sha in got.datasets):
        return None
    return got


def save_inputs(k: str, inp) -> None:
    artifacts.save(INPUTS, k, inp)


MODEL = "regime-model"


def save_model(k: str, regime) -> None:
    """The validated regime of a compiled one (read again by scenario edits)."""
    artifacts.save(MODEL, k, regime)


def load_model(k: str):
    return artifacts.load(MODEL, k)


def cached_key(k: str) -> Compiled | None:
    """A compiled regime cached under the key ``k`` (in the process or on disk), if still valid."""
    entry = in_memory(k) or load(k)
    if entry is None:
        return None
    _MEMORY[k] = entry
    return entry.compiled


def alias(k: str, c: Compiled) -> None:
    """Cache ``c`` (already cached under its own key) under the key ``k`` too."""
    entry = in_memory(c.key)
    if entry is not None:
        remember(k, entry, disk=not stored(k))
