"""National tariff-line descriptions (HTS8/HTS10 and the like), as data per importer.

A national schedule nests its lines by indent: "6109.10.00.12 Men's (338)" only
makes sense under "T-shirts ...: Of cotton: Men's or boys': Other T-shirts:". The
full description of a line joins the texts of the rows above it, by indent, down
to the line itself. Which dataset holds an importer's schedule is declared in
:data:`SCHEDULES` (data, not code branches); importers without one fall back to
the WCO HS 2022 text at HS6 and above.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd


@dataclass(frozen=True)
class Schedule:
    """A shipped dataset holding an importer's national lines."""

    dataset: str
    code_column: str
    text_column: str
    indent_column: str | None  # None: each row's text stands alone
    source: str


SCHEDULES: dict[str, Schedule] = {
    "USA": Schedule("hts_2025_basic", "hts10", "description", "indent",
                    "USITC HTSUS 2025 basic edition"),
    "IND": Schedule("india_hs8_descriptions", "hs8", "description", None,
                    "India EIDB commodity descriptions (HS8)"),
}


def full_texts(codes: pd.Series, texts: pd.Series, indents: pd.Series) -> dict[str, str]:
    """Code -> the texts of its ancestors (by indent) and its own, joined with ': '.

    Pure: rows must be in schedule order; rows without a code (unnumbered
    sub-headings) contribute their text to the lines below them.
    """
    stack: list[str] = []
    out: dict[str, str] = {}
    for code, text, indent in zip(codes.fillna(""), texts.fillna(""), indents.astype(int)):
        del stack[indent:]
        stack.extend([""] * (indent - len(stack)))
        stack.append(str(text).strip().rstrip(":"))
        if code:
            out[str(code)] = ": ".join(t for t in stack if t)
    return out


@lru_cache(maxsize=4)
def descriptions(importer: str) -> dict[str, str]:
    """Normalised national code -> full description for ``importer`` ({} if none is shipped)."""
    from tradedeal import datasets

    sch = SCHEDULES.get(importer)
    if sch is None:
        return {}
    cols = [sch.code_column, sch.text_column] + ([sch.indent_column] if sch.indent_column else [])
    frame = datasets.load(sch.dataset, columns=cols)
    if sch.indent_column is None:
        frame = frame.dropna(subset=[sch.code_column])
        return dict(zip(frame[sch.code_column].astype(str), frame[sch.text_column].astype(str)))
    return full_texts(frame[sch.code_column], frame[sch.text_column], frame[sch.indent_column])


def schedule_source(importer: str) -> str | None:
    sch = SCHEDULES.get(importer)
    return sch.source if sch else None
