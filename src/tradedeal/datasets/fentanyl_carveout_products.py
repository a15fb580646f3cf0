"""Carve-outs from the IEEPA fentanyl tariffs on Canada and Mexico (potash, energy).

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``hs8``: HTS 8-digit line, zero-padded
- ``ch99_code``: Chapter 99 heading
- ``category``: potash_mx / potash_ca / energy_ca
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "fentanyl_carveout_products"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
