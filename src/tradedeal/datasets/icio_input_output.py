"""Input-output cost shares by country x output sector x input sector.

Source: OECD Inter-Country Input-Output tables, 2025 release, year 2022, as packed in
the PyPI package sanction-simulator 0.1.4. Licence: MIT (sanction-simulator packaging);
OECD terms apply to the underlying ICIO data. Vintage: OECD ICIO 2025 release, year
2022. Unit: USD mn (current, 2022).

Columns:

- ``country``: country code
- ``output_sector``: using (output) sector
- ``input_sector``: input sector
- ``value_usd_mn``: inputs of input_sector used by output_sector, USD mn (source column
  input_usd_mn)
- ``cost_share``: value_usd_mn / gross output of the output sector
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "icio_input_output"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
