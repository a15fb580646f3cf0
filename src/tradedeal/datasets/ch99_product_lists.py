"""Product lists written in the HTS Chapter 99 notes (2026 revision 6), one row per (list_id, hts).

IEEPA reciprocal exemptions (Annex II, note 2(v)(iii)), the EU / Korea / Switzerland-Liechtenstein
framework lists, the Brazil (note 2(x)) and Section 122 (note 2(aa)) exemptions, civil-aircraft
lists, and the Section 232 product scopes of notes 16, 19, 33, 35, 37, 38 and 39. The manifest
notes name every list and the ones that could not be extracted.

Source: USITC, Harmonized Tariff Schedule of the United States, 2026 revision 6, Chapter 99 (text
via Budget Lab at Yale tariff-rate-tracker). Licence: public domain (USITC, US government work).
Vintage: HTS 2026 revision 6. Unit: codes (no values).

Columns:

- ``list_id``: stable id of the list (e.g. ``annex_ii``, ``s122_exempt``, ``s232_auto_parts``)
- ``hts``: the code as written, digits only (8 or 10 digits; 4/6 digits where the note names a
  whole heading or subheading)
- ``note``: legal reference, e.g. 'U.S. note 2(v)(iii)(a) to subchapter III of chapter 99'
- ``heading``: Chapter 99 heading(s) under which the list is claimed ('; ' between several)
- ``source_line``: line of the source text (= ``chapter99_notes_2026.line_no``)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "ch99_product_lists"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
