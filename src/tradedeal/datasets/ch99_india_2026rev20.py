"""The Chapter 99 headings naming India in HTS 2026 revision 20, with status text.

Source: checkdutyrates/us-tariff-data. Licence: CC0. Vintage: HTSUS 2026 revision 20.
Unit: added_percent in percentage points.

Columns:

- ``country``: country named (India)
- ``partner``: ISO3 of the country ('IND')
- ``country_slug``: slug used by the source
- ``heading``: Chapter 99 heading, e.g. '9903.01.84'
- ``added_percent``: additional duty in percent (25 = +25%); null on exclusion headings
  whose rate is the subheading's duty only
- ``rate_text``: the rate text of the heading
- ``status``: status text (e.g. ended 2026-02-20 ...)
- ``description``: heading description text
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "ch99_india_2026rev20"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
