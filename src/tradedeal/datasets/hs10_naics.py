"""US HTS10 -> NAICS.

Source: Budget Lab at Yale (Tariff-ETRs). Licence: MIT (Budget Lab at Yale). Vintage:
HTSUS 2025. Unit: codes.

Columns:

- ``hs10``: HTS10, zero-padded
- ``naics``: NAICS code (may end in X)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hs10_naics"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
