"""Description and quantity unit of each India ITC-HS 8-digit line in the EIDB export
files.

Source: Government of India, Department of Commerce, Export Import Data Bank (EIDB), via
a public scrape. Licence: Government of India data; no licence stated in the source
(check before redistribution). Vintage: as in the EIDB files of FY2017-18 ... 2024-25.
Unit: text.

Columns:

- ``hs8``: India ITC-HS 8-digit line, zero-padded string
- ``description``: EIDB description (upper case); null if EIDB gives none
- ``unit``: quantity unit (KGS, NOS, ...); null if EIDB gives none
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "india_hs8_descriptions"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
