"""The Caliendo-Parro text layout: matrices of tab-separated numbers without headers, as in the
authors' replication package (``xbilat1993.txt``, ``tariffs1993.txt``, ``GO.txt``, ``B.txt``,
``IO.txt``, ``T.txt``). Called by :mod:`tradedeal.datasets.io_tables` for a manifest with
``format = "caliendo-parro-text"``; every problem names the file, line and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tradedeal.errors import InputFileError, RowProblem

HINT = "the Caliendo-Parro text layout: tab-separated numbers, no header (see docs/io-economy.md)"


def matrix(path: Path, rows: int, cols: int, what: str, low: float = 0.0) -> np.ndarray:
    """The (rows, cols) matrix of ``path`` (numbers >= ``low``); ``what`` says what the shape stands for."""
    try:
        raw = pd.read_csv(path, sep="\t", header=None, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except FileNotFoundError:
        raise InputFileError(str(path), "file not found", hint="check the file name in the manifest") from None
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise InputFileError(str(path), f"cannot be read as tab-separated numbers: {e}", hint=HINT) from None
    values = raw.apply(pd.to_numeric, errors="coerce")
    if raw.shape != (rows, cols):
        raise InputFileError(str(path), f"has {raw.shape[0]} lines x {raw.shape[1]} columns; expected {rows} x "
                             f"{cols} ({what})", hint=HINT)
    bad = values.isna().to_numpy() | (values.to_numpy() < low)
    if bad.any():
        problems = [RowProblem(int(r) + 1, f"column {int(c) + 1}", f"'{raw.iat[r, c]}' is not a number >= {low:g}")
                    for r, c in zip(*np.nonzero(bad))]
        raise InputFileError(str(path), f"{len(problems)} cell(s) are not numbers >= {low:g}", problems, hint=HINT)
    return values.to_numpy(float)


def blocks(path: Path, sectors: int, countries: int) -> np.ndarray:
    """(sectors, countries, countries) from ``sectors`` blocks of ``countries`` rows (importers)
    x ``countries`` columns (exporters); the diagonal (domestic) must be 0."""
    m = matrix(path, sectors * countries, countries,
               f"{sectors} tradable sectors x {countries} importers, {countries} exporters").reshape(sectors, countries, countries)
    j, n = np.nonzero(m[:, np.arange(countries), np.arange(countries)])
    if len(j):
        problems = [RowProblem(int(jj * countries + nn + 1), f"column {int(nn) + 1}",
                               f"a domestic cell (importer = exporter) must be 0, not {m[jj, nn, nn]:g}") for jj, nn in zip(j, n)]
        raise InputFileError(str(path), f"{len(problems)} domestic cell(s) are not 0", problems,
                             hint="domestic sales are gross output less exports; the matrices hold flows between countries")
    return m


def vector(path: Path, length: int, what: str) -> np.ndarray:
    return matrix(path, length, 1, what)[:, 0]
