"""US MFN (column 1 general) rate by HTS8 line with a parsed ad-valorem rate.

Source: Budget Lab at Yale (Tariff-ETRs). Licence: MIT (Budget Lab at Yale). Vintage:
HTSUS 2025. Unit: mfn_rate is a FRACTION (0.068 = 6.8%), ad-valorem part only.

Columns:

- ``hs8``: HTS 8-digit line, zero-padded string
- ``mfn_rate``: parsed ad-valorem MFN rate as a fraction (0.068 = 6.8%)
- ``rate_type``: free / ad_valorem / specific / compound / other
- ``rate_raw``: the rate text as in the schedule
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "mfn_rates_2025"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
