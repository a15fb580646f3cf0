"""HS6 (all HS versions) -> ISIC Rev. 4 (4/3/2/1-digit); many-to-many.

Source: concordance R package (Liao, Kim, Miyano, Zhang), from UN/WITS correspondence
tables. Licence: MIT (concordance package). Vintage: HS 1988/92 ... HS 2022. Unit:
codes.

Columns:

- ``hs6``: HS6, zero-padded
- ``hs4``: HS4
- ``hs2``: HS2
- ``isic4_4d``: ISIC Rev. 4 class (4-digit); null where unmapped
- ``isic4_3d``: ISIC Rev. 4 group
- ``isic4_2d``: ISIC Rev. 4 division
- ``isic4_1d``: ISIC Rev. 4 section letter
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hs6_isic4"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
