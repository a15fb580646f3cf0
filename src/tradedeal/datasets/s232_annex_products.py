"""Section 232 product annexes (tiers 1a/1b/2/3) from 2026-04-06, by HTS prefix.

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``hts_prefix``: HTS prefix of variable length (4, 6, 8 or 10 digits) matching all
  lines that start with it
- ``annex``: annex tier: 1a, 1b, 2 or 3
- ``metal_type``: steel / aluminum / copper
- ``source``: legal source
- ``effective_date``: ISO date
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "s232_annex_products"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
