"""Locations: the package's shipped data and the user's data directory.

``TRADEDEAL_HOME`` overrides the user data directory (tests point it at a
temporary folder); otherwise the platform's user data dir is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_HOME = "TRADEDEAL_HOME"
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


def store_path() -> Path:
    """Path of the DuckDB store file."""
    return data_home() / "tradedeal.duckdb"
