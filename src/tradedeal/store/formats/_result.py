"""The result every parser returns, and the last step they share."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradedeal.errors import RowProblem
from tradedeal.store.formats._read import RawTable
from tradedeal.store.formats._spec import Variant
from tradedeal.store.formats._validate import Problems, duplicate_keys
from tradedeal.store.schema import USER_TABLES, parsed_columns, parsed_key

COLUMNS = {kind: parsed_columns(kind) for kind in USER_TABLES}
KEYS = {kind: parsed_key(kind) for kind in USER_TABLES}


@dataclass(frozen=True)
class ParseResult:
    """A parsed file: tidy rows, every bad row, and what was left out and why.

    ``frame`` holds only good rows (the tidy columns of ``COLUMNS[kind]`` plus
    ``line``, the file line each row came from). Unpacking gives
    ``frame, problems`` so ``df, problems = parse_file(path, "comtrade")`` works.
    """

    file: str
    fmt: str
    variant: str
    title: str
    kind: str
    frame: pd.DataFrame
    problems: tuple[RowProblem, ...]
    skipped: tuple[tuple[str, int], ...]  # (reason, rows), largest first
    notes: tuple[str, ...]
    sha256: str
    rows_read: int

    def __iter__(self) -> Iterator[object]:
        yield self.frame
        yield list(self.problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows_skipped(self) -> int:
        return sum(n for _, n in self.skipped)

    def skipped_text(self) -> str:
        return "; ".join(f"{n} {reason}" for reason, n in self.skipped)


def finish(raw: RawTable, variant: Variant, fmt: str, staged: pd.DataFrame, skip: pd.Series,
           problems: Problems, notes: list[str]) -> ParseResult:
    """Drop skipped rows, flag repeated keys, order the columns, count the skips.

    ``staged`` is aligned with ``raw.frame`` and has the tidy columns (values of
    rows with problems may be NaN); ``skip`` holds a reason for rows left out
    on purpose (aggregates, breakdowns), None otherwise.
    """
    kind = variant.kind
    skipped_mask = skip.notna().to_numpy()
    bad_lines = {p.line for p in problems.sorted()}
    bad_mask = np.isin(raw.lines, list(bad_lines)) if bad_lines else np.zeros(len(raw.lines), bool)
    candidate = ~skipped_mask & ~bad_mask
    key = KEYS[kind]
    keyed = staged.assign(exporter=staged["exporter"].fillna("")) if kind == "tariff" else staged
    problems.add_masked(raw.lines, "+".join(key), duplicate_keys(keyed, key, raw.lines, candidate))
    all_problems = problems.sorted()
    bad_lines = {p.line for p in all_problems}
    bad_mask = np.isin(raw.lines, list(bad_lines)) if bad_lines else bad_mask
    keep = ~skipped_mask & ~bad_mask
    frame = staged.loc[keep].copy()
    frame["hs_level"] = frame["hs_code"].str.len().astype("int64")
    frame = frame[COLUMNS[kind]]
    frame["year"] = frame["year"].astype("int64")
    frame.insert(len(frame.columns), "line", raw.lines[keep])
    frame = frame.reset_index(drop=True)
    counts = skip[skipped_mask].value_counts()
    skipped = tuple((str(r), int(n)) for r, n in counts.items())
    return ParseResult(file=raw.file, fmt=fmt, variant=variant.name, title=variant.title, kind=kind,
                       frame=frame, problems=tuple(all_problems), skipped=skipped,
                       notes=tuple(notes), sha256=raw.sha256, rows_read=len(raw.frame))


def oriented(index: pd.Index, is_import: np.ndarray, reporter: pd.Series, partner: pd.Series) -> pd.DataFrame:
    """Reporter / partner rows as importer, exporter and flow (the reporter imports or exports)."""
    staged = pd.DataFrame(index=index)
    staged["importer"] = np.where(is_import, reporter, partner)
    staged["exporter"] = np.where(is_import, partner, reporter)
    return staged


def first_reason(index: pd.Index, *rules: tuple[np.ndarray, str | pd.Series]) -> pd.Series:
    """Per row, the first rule whose mask is true gives the skip reason."""
    out = pd.Series(None, index=index, dtype=object)
    taken = np.zeros(len(index), bool)
    for mask, reason in rules:
        m = np.asarray(mask, bool) & ~taken
        if m.any():
            out[m] = reason[m].to_numpy() if isinstance(reason, pd.Series) else reason
            taken |= m
    return out
