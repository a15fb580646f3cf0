"""Every domain exception of tradedeal, in one place.

Each error carries a message that says what is wrong *and how to fix it*.
Interfaces catch :class:`TradedealError` and print it without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class TradedealError(Exception):
    """Base class. ``hint`` says how to fix the problem."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  fix: {self.hint}"


class DatasetNotFoundError(TradedealError):
    """A dataset name that is not in the manifest."""


class DataIntegrityError(TradedealError):
    """A shipped data file is missing or its checksum does not match the manifest."""


class HSCodeError(TradedealError):
    """A malformed or unknown HS/HTS code."""


class CountryCodeError(TradedealError):
    """A country code or name that cannot be resolved to ISO3."""


class StoreError(TradedealError):
    """The local DuckDB store cannot be opened or queried."""


@dataclass(frozen=True)
class RowProblem:
    """One bad row of an input file: where it is and why it is bad."""

    line: int  # 1-based line number in the file, header = line 1
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, field '{self.field}': {self.reason}"


class InputFileError(TradedealError):
    """A user file that cannot be read or whose rows fail validation.

    ``problems`` lists every bad row found (not only the first).
    """

    def __init__(self, file: str, message: str, problems: list[RowProblem] | None = None,
                 hint: str | None = None):
        self.file = file
        self.problems = list(problems or [])
        lines = [f"{file}: {message}"]
        shown = self.problems[:50]
        lines += [f"  {file}: {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more bad rows")
        super().__init__("\n".join(lines), hint)


class QueryError(TradedealError):
    """A query that cannot be answered with the data at hand (no rows, bad option)."""


class ConvergenceError(TradedealError):
    """A numerical solver did not reach its tolerance; the message carries the diagnostics."""
