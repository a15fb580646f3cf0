"""Steel / aluminium / copper / other-metal content share of each HTS10 line, from BEA
input-output tables (for duties charged on metal content).

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``hs10``: HTS 10-digit line, zero-padded
- ``naics``: NAICS code of the line (may end in X)
- ``bea_detail_code``: BEA detail industry; null where the source has NA
- ``steel_share``: steel content share of value (0-1)
- ``aluminum_share``: aluminium content share (0-1)
- ``copper_share``: copper content share (0-1)
- ``other_metal_share``: other metal content share (0-1)
- ``metal_share``: total metal content share (0-1)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "metal_content_shares"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
