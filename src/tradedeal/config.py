"""Locations: the package's shipped data and the user's data directory.

``TRADEDEAL_HOME`` overrides the user data directory (tests point it at a
temporary folder); otherwise the platform's user data dir is used. ``TRADEDEAL_CACHE`` moves
the cache of computed artifacts (keyed by content, so it can be shared).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_HOME = "TRADEDEAL_HOME"
ENV_CACHE = "TRADEDEAL_CACHE"  # where computed artifacts are cached (default: <TRADEDEAL_HOME>/cache)
PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_DATA_DIR = PACKAGE_DIR / "datasets" / "files"
MANIFEST_PATH = SHIPPED_DATA_DIR / "manifest.json"


def data_home() -> Path:
    """The user data directory (created on first use)."""
    env = os.environ.get(ENV_HOME)
    if env:
        home = Path(env).expanduser()
    else:

        home = Path(user_data_dir("tradedeal", appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def cache_home() -> Path:
    """The folder of cached artifacts: ``TRADEDEAL_CACHE``, else ``cache`` under the data
    directory. Entries are keyed by content (the user's data included), so a cache may be shared."""
    env = os.environ.get(ENV_CACHE)
    return Path(env).expanduser() if env else data_home() / "cache"


def store_path() -> Path:
    """Path of the DuckDB store file."""
    return data_home() / "tradedeal.duckdb"
