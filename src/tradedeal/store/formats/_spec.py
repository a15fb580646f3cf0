"""File variants declared as data: which headers each one reads, which it needs,
and which headers identify it. Detection and the missing-column message both
derive from these declarations."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tradedeal.errors import InputFileError
from tradedeal.store.formats._read import RawTable, norm_key

DOCS = "docs/import-formats.md"


@dataclass(frozen=True)
class Field:
    """A logical field, the header keys it may be read from, and its documented header."""

    name: str
    keys: tuple[str, ...]
    header: str


@dataclass(frozen=True)
class Variant:
    """One file layout a parser accepts."""

    name: str          # stored as source_format, e.g. 'comtrade-plus'
    title: str         # for messages
    kind: str          # 'trade' or 'tariff'
    fields: tuple[Field, ...]
    required: tuple[tuple[str, ...], ...]  # each: at least one of these fields
    markers: tuple[str, ...]               # header keys that identify the variant

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def score(self, raw: RawTable) -> int:
        return sum(k in raw.keys for k in self.markers)

    def columns(self, raw: RawTable) -> dict[str, pd.Series | None]:
        """Each field's column in the file, or None when absent."""
        return {f.name: raw.column(*f.keys) for f in self.fields}

    def header_of(self, raw: RawTable, name: str) -> str:
        """The file's own header for a field (or the documented one)."""
        f = self.field(name)
        for k in f.keys:
            if k in raw.keys:
                return raw.keys[k]
        return f.header

    def expected(self) -> str:
        needed = [" or ".join(self.field(n).header for n in group) for group in self.required]
        return ", ".join(needed)

    def check_columns(self, raw: RawTable) -> None:
        """Raise :class:`InputFileError` naming every missing required column."""
        missing = [group for group in self.required
                   if not any(raw.has(*self.field(n).keys) for n in group)]
        if not missing:
            return
        names = ["/".join(f"'{self.field(n).header}'" for n in group) for group in missing]
        plural = "s" if len(names) > 1 else ""
        raise InputFileError(
            raw.file,
            f"missing required column{plural} {', '.join(names)} for a {self.title}",
            hint=f"a {self.title} needs the columns {self.expected()}; "
                 f"the file has: {', '.join(raw.frame.columns[:20])}. See {DOCS}",
        )


def detect(raw: RawTable, variants: tuple[Variant, ...]) -> Variant | None:
    """The variant whose identifying headers the file has most of (None if none)."""
    best = max(variants, key=lambda v: v.score(raw))
    return best if best.score(raw) > 0 else None


def f(name: str, header: str, *keys: str) -> Field:
    """Shorthand: a field read from ``keys`` (default: the normalised ``header``)."""

    return Field(name, tuple(keys) or (norm_key(header),), header)
