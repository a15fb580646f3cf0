"""HTS10 -> GTAP sector crosswalk with HS6 and a description.

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``hs10``: HTS 10-digit line, zero-padded
- ``hs6``: HS6 of the line, zero-padded
- ``gtap_code``: GTAP sector code, lower-cased (upper case in the source) to match
  us_imports_2024; null where the source has NA
- ``description``: description of the line
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hs10_gtap_crosswalk"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
