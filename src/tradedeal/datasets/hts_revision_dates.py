"""Dated list of HTSUS revisions 2025-2026 with the policy event each carries.

Source: Budget Lab at Yale, tariff-rate-tracker. Licence: MIT (Budget Lab at Yale).
Vintage: 2025 basic edition to 2026 revision 7. Unit: dates (ISO strings).

Columns:

- ``revision``: revision label (basic, rev_1 ... rev_32, 2026_basic, 2026_rev_1 ...)
- ``effective_date``: date the revision took effect, ISO string
- ``policy_effective_date``: date the policy legally took effect where it differs; null
  otherwise
- ``tpc_date``: date used by the Tax Policy Center comparison; null if none
- ``policy_event``: short description of the policy change; null if none
- ``tpc_policy_revision``: revision TPC attributes the policy to; null if none
- ``needs_review``: review flag of the source; null if none
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "hts_revision_dates"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """The checksum-verified dataset as a tidy frame (optionally some columns / filtered rows)."""
    return read_parquet(NAME, columns, filters)
