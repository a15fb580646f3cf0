"""ICIO country and region codes with names.

Source: OECD Inter-Country Input-Output tables, 2025 release, year 2022, as packed in
the PyPI package sanction-simulator 0.1.4. Licence: MIT (sanction-simulator packaging);
OECD terms apply to the underlying ICIO data. Vintage: OECD ICIO 2025 release, year
2022. Unit: codes.

Columns:

- ``country``: ICIO code (ISO3, or ROW, MX1/MX2, CN1/CN2)
- ``name``: country or region
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "icio_countries"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
