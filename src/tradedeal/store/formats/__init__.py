"""Parsers for user trade and tariff files. Pure: they read a file and never touch the store.

>>> from tradedeal.store.formats import parse_file
>>> result = parse_file("TradeData.csv", "comtrade")
>>> df, problems = result                 # tidy rows, every bad row
>>> result.variant, result.skipped        # 'comtrade-plus', (('World-partner total rows', 3),)

``fmt`` is the family the user names (``comtrade`` or ``wits``); the variant
inside the family is detected from the header. See docs/import-formats.md.
"""

from __future__ import annotations

from pathlib import Path

from tradedeal.errors import InputFileError
from tradedeal.store.formats import comtrade, wits
from tradedeal.store.formats._read import RawTable, read_table
from tradedeal.store.formats._result import COLUMNS, KEYS, ParseResult
from tradedeal.store.formats._spec import detect

FAMILIES = {"comtrade": comtrade, "wits": wits}
FORMATS = {name: module.parse for name, module in FAMILIES.items()}

__all__ = ["COLUMNS", "FORMATS", "KEYS", "ParseResult", "RawTable", "parse_file", "parse_raw",
           "read_table"]


def parse_raw(raw: RawTable, fmt: str) -> ParseResult:
    """Parse an already-read file as format family ``fmt``."""
    try:
        parser = FORMATS[fmt]
    except KeyError:
        raise InputFileError(raw.file, f"unknown format '{fmt}'",
                             hint=f"use one of: {', '.join(FORMATS)}") from None
    if raw.frame.empty:
        raise InputFileError(raw.file, "the file has a header but no data rows",
                             hint="download the data again; check the query returned rows")
    family = FAMILIES[fmt]
    if detect(raw, family.VARIANTS) is None:
        other = [name for name, m in FAMILIES.items() if name != fmt and detect(raw, m.VARIANTS) is not None]
        raise family.wrong_format(raw, other[0] if other else None)
    return parser(raw)


def parse_file(path: str | Path, fmt: str) -> ParseResult:
    """Read and parse ``path`` as ``fmt`` ('comtrade' or 'wits').

    Raises :class:`~tradedeal.errors.InputFileError` when the file cannot be
    read, is empty, is another format, or lacks a required column. Bad rows
    do not raise: they are listed in ``result.problems``.
    """
    if fmt not in FORMATS:
        raise InputFileError(str(path), f"unknown format '{fmt}'",
                             hint=f"use one of: {', '.join(FORMATS)}")
    return parse_raw(read_table(path), fmt)
