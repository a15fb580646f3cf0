"""Computed artifacts cached on disk (``<TRADEDEAL_HOME>/cache/<kind>/<key>.bin``), keyed by content.

The caller computes the key from everything the artifact depends on (file contents, dataset
checksums, options, the code's own version), so a changed input is a new key and an old file
is simply not found. A file is a header, a pickled payload and the payload's SHA-256: a
damaged or truncated file fails the check and is deleted, never trusted; writes are atomic, so
a reader never sees half a file. The cache is an optimisation: when it cannot be written
(read-only or full disk) the caller goes on without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from tradedeal import config
from tradedeal.errors import InputFileError
from tradedeal.fileio import atomic_path

MAGIC = b"tradedeal-artifact-1\n"
DIGEST = 32


def code_key(*modules) -> str:
    """Changes when the source of any of the given modules changes (part of an artifact's key,
    so that a new version of the code that computed it is a new key)."""
    h = hashlib.sha256()
    for m in modules:
        h.update(Path(m.__file__).read_bytes())
    return h.hexdigest()[:16]


def package_key() -> str:
    """Changes when any file of the package but its shipped data files changes: its code, its
    regimes, scenarios, product groups and rules (the shipped data enter keys by checksum).
    Part of the key of a cached answer, which depends on all of them."""
    global _PACKAGE_KEY
    if _PACKAGE_KEY is None:
        root = config.PACKAGE_DIR
        h = hashlib.sha256()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and Path(dirpath, d) != config.SHIPPED_DATA_DIR)
            for f in sorted(filenames):
                if f.endswith((".py", ".toml", ".csv", ".json", ".md")):
                    path = Path(dirpath, f)
                    h.update(str(path.relative_to(root)).encode())
                    h.update(path.read_bytes())
        _PACKAGE_KEY = h.hexdigest()[:24]
    return _PACKAGE_KEY


_PACKAGE_KEY: str | None = None


def key_of(*parts) -> str:
    """A key from the ``repr`` of its parts."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def path_for(kind: str, key: str) -> Path:
    return config.cache_home() / kind / f"{key}.bin"


def load(kind: str, key: str):
    """The cached object, or None when absent, damaged or unreadable (a damaged file is removed)."""
    path = path_for(kind, key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    body = data[len(MAGIC):-DIGEST] if len(data) > len(MAGIC) + DIGEST else b""
    if not data.startswith(MAGIC) or not body or hashlib.sha256(body).digest() != data[-DIGEST:]:
        _discard(path)
        return None
    try:
        return pickle.loads(body)
    except Exception:  # a class that changed shape since the file was written: rebuild
        _discard(path)
        return None


def save(kind: str, key: str, obj) -> bool:
    """Write ``obj`` under ``key``; False when the cache folder cannot be written."""
    path = path_for(kind, key)
    body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "wb") as f:
                f.write(MAGIC)
                f.write(body)
                f.write(hashlib.sha256(body).digest())
    except (OSError, InputFileError):
        return False
    return True


def clear(kind: str | None = None) -> int:
    """Delete cached files (of one kind, or all); returns how many."""
    root = config.cache_home()
    folder = root / kind if kind else root
    n = 0
    for p in folder.rglob("*.bin") if folder.exists() else ():
        _discard(p)
        n += 1
    return n


def _discard(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
