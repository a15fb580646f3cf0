"""Chapter 99 headings of HTS 2026 revision 6: 9903.01.01-9903.03.11 and the Section 232
headings (9903.74, .76, .79, .82, .85, .94, .96), with country, rate and article text.

Rates are read from the General column of the heading table; a rate the layout does not give
unambiguously is left null with ``rate_kind`` 'unknown' (never guessed).

Source: USITC, Harmonized Tariff Schedule of the United States, 2026 revision 6, Chapter 99 (text
via Budget Lab at Yale tariff-rate-tracker). Licence: public domain (USITC, US government work).
Vintage: HTS 2026 revision 6. Unit: percent ad valorem.

Columns:

- ``heading``: e.g. '9903.02.26'
- ``country``: country named in 'articles the product of X', as written; null if none
- ``iso3``: ISO3 of that country ('EUN' = European Union); null if none or several
- ``rate_pct``: '+ NN%' (additional), all-in NN% (floor), 0 (none) or null (unknown)
- ``rate_kind``: 'additional' | 'floor' | 'none' | 'unknown'
- ``rate_text``: the General rate column as read
- ``text``: article description, whitespace collapsed, first 600 characters
- ``source_line``: line of the source text where the heading starts
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "ch99_headings"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
