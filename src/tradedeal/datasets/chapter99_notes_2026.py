"""Full text of HTS Chapter 99 (notes and headings), 2026 revision 6, one row per line.

Used to check measure files against the legal text (e.g. the 9903.01.84 note and its
exclusions). Source: USITC, via Budget Lab at Yale tariff-rate-tracker (MIT); public
domain. Unit: text.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tradedeal.datasets._registry import read_parquet

NAME = "chapter99_notes_2026"


def load(columns: list[str] | None = None,
         filters: list[tuple[str, str, Any]] | None = None) -> pd.DataFrame:
    """Columns ``line_no`` (1-based line of the source text) and ``text``."""
    return read_parquet(NAME, columns, filters)


def text() -> str:
    """The whole chapter as one string."""
    return "\n".join(load(columns=["text"])["text"].fillna(""))


def find(heading: str, context: int = 2) -> pd.DataFrame:
    """Lines that mention a heading such as '9903.01.84', with ``context`` lines around."""
    frame = load()
    hits = frame.index[frame["text"].fillna("").str.contains(heading, regex=False)]
    keep = sorted({i for h in hits for i in range(max(0, h - context), min(len(frame), h + context + 1))})
    return frame.iloc[keep].reset_index(drop=True)
