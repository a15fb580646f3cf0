"""Section 232 steel and aluminium derivative products with Chapter 99 headings and dates.

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``hts_prefix``: HTS prefix (8 digits in this file) matching all lines starting with it
- ``ch99_code``: Chapter 99 heading
- ``derivative_type``: steel / aluminum
- ``effective_date``: ISO date; null where the source gives none
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "s232_derivative_products"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
