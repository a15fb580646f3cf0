"""User input files read by several commands, validated with file, line and field in errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradedeal.errors import InputFileError, RowProblem

SHARE_COLUMNS = ("steel_share", "aluminum_share", "copper_share", "metal_share")


def read_shares(path: Path) -> pd.DataFrame:
    """A CSV of metal-content shares by HS10: hs10 plus any of the share columns, each in [0, 1]."""
    from tradedeal.codes.hs_series import normalize_series

    if not Path(path).is_file():
        raise InputFileError(str(path), "file not found", hint="give the path of a CSV file")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise InputFileError(str(path), f"cannot be read as CSV: {e}", hint="save it as UTF-8 CSV") from None
    cols = [c for c in SHARE_COLUMNS if c in frame.columns]
    if "hs10" not in frame.columns or not cols:
        raise InputFileError(str(path), f"needs a column hs10 and at least one of {', '.join(SHARE_COLUMNS)}",
                             hint=f"the file has: {', '.join(frame.columns)}")
    problems = []
    codes, invalid = normalize_series(frame["hs10"], digits=10)
    for i in frame.index[invalid.to_numpy()]:
        problems.append(RowProblem(i + 2, "hs10", f"'{frame.at[i, 'hs10']}' is not a 10-digit HS code"))
    out = pd.DataFrame({"hs10": codes.astype(str)})
    for c in cols:
        vals = pd.to_numeric(frame[c], errors="coerce")
        for i in frame.index[(vals.isna() & (frame[c] != "")) | (vals < 0) | (vals > 1)]:
            problems.append(RowProblem(i + 2, c, f"'{frame.at[i, c]}' is not a share between 0 and 1"))
        out[c] = vals
    if problems:
        raise InputFileError(str(path), f"{len(problems)} bad row(s)", sorted(problems, key=lambda p: p.line),
                             hint="shares are fractions of the customs value, e.g. 0.35")
    return out
