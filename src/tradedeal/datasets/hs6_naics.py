"""HS 2022 HS6 -> NAICS (6 to 2 digits).

Source: concordance R package (Liao, Kim, Miyano, Zhang), from UN/WITS correspondence
tables. Licence: MIT (concordance package). Vintage: HS 2022. Unit: codes.

Columns:

- ``hs6``: HS 2022 HS6, zero-padded
- ``hs4``: HS4
- ``hs2``: HS2
- ``naics_6d``: NAICS 6-digit; null where unmapped
- ``naics_5d``: NAICS 5-digit
- ``naics_4d``: NAICS 4-digit
- ``naics_3d``: NAICS 3-digit
- ``naics_2d``: NAICS sector (2-digit, or a range such as '31-33')
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hs6_naics"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
