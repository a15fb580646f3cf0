"""HTS10 code changes across 2025-2026 revisions (added, dropped, split, renamed ...).

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025-2026 (tracker state 2026-04). Unit: codes (no values).

Columns:

- ``old_hs10``: HTS10 before the change, zero-padded; null for added lines
- ``new_hs10``: HTS10 after the change, zero-padded; null for dropped lines
- ``revision_from``: revision before
- ``revision_to``: revision after
- ``change_type``: added / dropped / split / rename / many_to_many
- ``description_old``: description before; null if none
- ``description_new``: description after; null if none
- ``similarity``: text similarity of the descriptions (0-1); null if not computed
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hts_concordance"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
