"""HTSUS 2025 around revision 9-10 (April 2025), USITC CSV export; includes headings
9903.01.25 and 9903.01.55.

Source: USITC, via a public mirror. Licence: public domain (USITC, US government work).
Vintage: HTSUS 2025, about revision 9-10 (April 2025). Unit: rates as text, as printed
in the schedule.

Columns:

- ``hts``: HTS number exactly as in the file (e.g. '6109.10.00'); '' on unnumbered rows
- ``hts10``: digits of hts (no dots): 4, 6, 8 or 10 digits; null on unnumbered rows
- ``indent``: indent level (hierarchy depth) of the row
- ``description``: article description
- ``unit``: unit(s) of quantity, as in the file (a JSON-like list, e.g. '["No.","kg"]')
- ``general``: general (column 1, MFN) rate of duty, text
- ``special``: special rate(s) of duty with program codes, text
- ``column2``: column 2 rate of duty, text
- ``quota``: quota quantity, text
- ``additional``: additional duties, text
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hts_2025_april"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
