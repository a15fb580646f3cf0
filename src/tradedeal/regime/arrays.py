"""A regime compiled into arrays over its product lines: the object the stacking engine reads.

Built by :mod:`tradedeal.regime.compile` (pure, from arrays gathered by
:mod:`tradedeal.regime.inputs`), cached in the process and on disk
(:mod:`tradedeal.regime.cache`). Importing this module costs NumPy only, so a cached regime
answers ``tradedeal duty`` without pandas.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field, make_dataclass
from datetime import date
from pathlib import Path

import numpy as np

from tradedeal.errors import QueryError
from tradedeal.options import ContentRule, MeasureStatus, check, choices
from tradedeal.regime.schema import FIELD_NAMES

FAR_FUTURE = 10 ** 6  # day number standing for "no end"
EPOCH = date(1970, 1, 1)

CONTENT_COLUMNS = {"metal_content": "metal_share", "steel_content": "steel_share",
                   "aluminum_content": "aluminum_share", "copper_content": "copper_share"}
STATUSES = choices(MeasureStatus)


def day(d: date) -> int:
    return (d - EPOCH).days


def from_day(n: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(n))


MeasureView = make_dataclass("MeasureView", [(n, object) for n in FIELD_NAMES], frozen=True)
MeasureView.__module__ = __name__  # so that pickles of compiled regimes find the class
MeasureView.__doc__ = ("A measure's fields as plain values (the compiled regime keeps these, so a cached regime "
                       "needs no validation library to explain a line).")


@dataclass(frozen=True)
class HeaderView:
    """The regime header's fields a compiled regime reports."""

    id: str
    importer: str
    description: str
    verified_through: date
    source: str
    base_group: str
    notes: str = ""
    unknown_after: tuple[str, ...] = ()
    covers_from: date | None = None  # the first entry date the regime describes (earlier dates are refused)


@dataclass(frozen=True)
class ListView:
    """A product list's fields a compiled regime reports."""

    id: str
    title: str
    heading: str
    family: str
    approximate: str
    source: str


def views(regime) -> tuple[HeaderView, dict[str, ListView], tuple]:
    """Plain copies of a validated regime's header, lists and measures."""
    h = regime.header
    starts = [m.start for m in regime.measures if m.stacking_group == h.base_group and m.start is not None]
    first = h.covers_from or (min(starts) if starts else None)
    header = HeaderView(h.id, h.importer, h.description, h.verified_through, h.source, h.base_group, h.notes,
                        tuple(h.unknown_after), first)
    lists = {k: ListView(k, v.title, v.heading, v.family, v.approximate, v.source) for k, v in regime.lists.items()}
    measures = tuple(MeasureView(**{f: getattr(m, f) for f in FIELD_NAMES}) for m in regime.measures)
    return header, lists, measures


@dataclass(frozen=True)
class ContentShares:
    """A user's metal-content shares by HS10: codes and, per share column, values in [0, 1]."""

    codes: tuple[str, ...]
    columns: tuple[tuple[str, tuple[float, ...]], ...]

    @classmethod
    def of(cls, table) -> "ContentShares":
        """From a table with an ``hs10`` column and share columns (a DataFrame or a mapping)."""
        names = [c for c in table if c != "hs10"] if isinstance(table, dict) else [c for c in table.columns if c != "hs10"]
        codes = tuple(str(x) for x in list(table["hs10"]))
        return cls(codes, tuple((c, tuple(float(v) for v in np.asarray(table[c], dtype=float))) for c in names))

    def key(self) -> str:
        return hashlib.sha256(repr((self.codes, self.columns)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Options:
    """Choices the law leaves open, each with its documented default (checked when built).

    - ``content_rule``: 'content' (default; duty on the metal / non-US content where a
      measure says so, as the proclamations provide) or 'full_value' (every measure on
      the full customs value: an upper bound).
    - ``default_content_share``: metal share for lines missing from the content table whose
      HS8, HS6 and HS4 have no entry either (default 0.5, the flat share used by the Tax
      Policy Center and the Budget Lab); lines missing but with siblings get their mean.
    - ``us_content``: share of US content of the goods (default 0); measures charged on
      the non-US content spare it only where it reaches their ``min_us_content``.
    - ``include_status``: measure statuses taken into account (default in force only).
    - ``content_shares``: user table (hs10, steel_share, aluminum_share, copper_share,
      metal_share; any subset) overriding the shipped BEA shares.
    """

    content_rule: ContentRule = "content"
    default_content_share: float = 0.5
    us_content: float = 0.0
    include_status: tuple[str, ...] = ("in_force",)
    content_shares: ContentShares | None = field(default=None)

    def __post_init__(self):
        check(self.content_rule, ContentRule, "content_rule")
        for s in self.include_status:
            check(s, MeasureStatus, "include_status")
        if not 0 <= self.us_content < 1:
            raise QueryError(f"us_content {self.us_content} is not a share in [0, 1)", "give e.g. 0.25 for 25%")
        if not 0 <= self.default_content_share <= 1:
            raise QueryError(f"default_content_share {self.default_content_share} is not a share in [0, 1]",
                             "give e.g. 0.5")
        if self.content_shares is not None and not isinstance(self.content_shares, ContentShares):
            object.__setattr__(self, "content_shares", ContentShares.of(self.content_shares))

    @staticmethod
    def statuses(include_unconfirmed: bool) -> tuple[str, ...]:
        """The measure statuses counted: in force, plus unconfirmed and announced ones when asked."""
        return STATUSES if include_unconfirmed else ("in_force",)

    def key(self) -> tuple:
        shares = None if self.content_shares is None else self.content_shares.key()
        return (self.content_rule, self.default_content_share, self.us_content, self.include_status, shares)


@dataclass(frozen=True)
class ListWindows:
    """Entries of a product list: product index and validity [start, end) in days."""

    product: np.ndarray
    start: np.ndarray
    end: np.ndarray
    length: np.ndarray  # length of the list prefix that matched the line

    def mask(self, n: int, d: int) -> np.ndarray:
        out = np.zeros(n, bool)
        ok = (self.start <= d) & (d < self.end)
        out[self.product[ok]] = True
        return out

    def boundaries(self) -> set[int]:
        return set(self.start.tolist()) | set(self.end[self.end < FAR_FUTURE].tolist())


@dataclass(frozen=True)
class Compiled:
    """A regime as arrays over ``codes`` (M measures x N lines).

    ``measures``, ``header`` and ``list_views`` are plain copies of the regime's fields; the
    validated regime itself (needed to edit it) is :func:`tradedeal.regime.api.regime_of`."""

    folder: Path
    header: HeaderView
    list_views: dict[str, ListView]
    options: Options
    codes: np.ndarray
    index: dict[str, int]
    measures: tuple
    groups: tuple[str, ...]
    group: np.ndarray          # (M,) group index
    precedence: np.ndarray     # (M,)
    start: np.ndarray          # (M,) days
    end: np.ndarray            # (M,) days, FAR_FUTURE when open
    transit_exempt_until: np.ndarray     # (M,) days, -1 when none
    transit_continues_until: np.ndarray  # (M,) days, -1 when none
    floor: np.ndarray          # (M,) bool
    rate: np.ndarray           # (M, N) float32 percent
    scope: np.ndarray          # (M, N) bool, static include/exclude prefixes
    carved: np.ndarray         # (M, N) bool, lines an exclude prefix takes out (of lists too)
    share: np.ndarray          # (M, N) float32: content share of each shipment charged (basis)
    trade: np.ndarray          # (M,) float32: share of shipments subject (applies_to_share)
    exporters: tuple           # (M,) ('only' | 'not', frozenset of ISO3)
    counted: np.ndarray        # (M,) bool: status taken into account
    include_lists: tuple       # (M,) tuple of list ids
    exempt_lists: tuple        # (M,) tuple of list ids
    lists: dict[str, ListWindows]
    rules: tuple               # ((when group idx, np.array of excluded group idx), ...)
    approximations: dict       # key ('measure id', 'rate_table:<id>', 'list:<id>') -> text
    key: str = ""              # content key of the regime, its inputs and the options
    source: object = field(default=None, compare=False, repr=False)  # the validated regime, when at hand
    claims: tuple = ()         # (M,) exception headings an entry line may declare to be spared the measure

    @property
    def importer(self) -> str:
        return self.header.importer

    def approximations_for(self, measure_ids) -> list[str]:
        """Approximation texts touching the given measures (their tables and lists too)."""
        keys: list[str] = []
        for mid in measure_ids:
            m = self.measures[self.measure_index(mid)]
            keys.append(m.id)
            if m.rate_table:
                keys.append(f"rate_table:{m.rate_table}")
            keys += [f"list:{x}" for x in (*m.include_lists, *m.exempt_lists)]
        by_text: dict[str, list[str]] = {}
        for k in dict.fromkeys(keys):
            if k in self.approximations:
                by_text.setdefault(self.approximations[k], []).append(k)
        return [f"{', '.join(ks)}: {text}" for text, ks in by_text.items()]

    def approximations_for_exporters(self, exporters) -> list[str]:
        """Approximation texts of the counted measures that can apply to any of ``exporters``
        (group codes such as EUN resolved as the engine resolves them)."""
        mask = np.zeros(len(self.measures), bool)
        for e in exporters:
            mask |= self.exporter_mask(e)
        return self.approximations_for([m.id for m, on in zip(self.measures, mask & self.counted) if on])

    @property
    def base(self) -> int:
        """Index of the base (MFN) group: always the first."""
        return 0

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def first_day(self) -> date:
        """The earliest entry date the regime's base measures cover."""
        starts = [m.start for m, g in zip(self.measures, self.group.tolist()) if g == self.base]
        return min(starts) if starts else min(m.start for m in self.measures)

    def positions(self, codes) -> np.ndarray:
        """Line positions of the given codes that are lines of the regime (first occurrence
        order; other codes left out)."""
        seen: dict[str, None] = dict.fromkeys(str(x) for x in codes)
        return np.array([self.index[x] for x in seen if x in self.index], dtype=np.int64)

    def measure_index(self, measure_id: str) -> int:
        for i, m in enumerate(self.measures):
            if m.id == measure_id:
                return i
        raise KeyError(measure_id)

    def exporter_mask(self, exporter: str) -> np.ndarray:
        return np.array([(exporter in s) == (kind == "only") for kind, s in self.exporters], bool)

    def subset(self, idx: np.ndarray) -> "Compiled":
        """The same regime over the lines ``idx`` only (arrays sliced once, for batch work)."""
        idx = np.asarray(idx, dtype=np.int64)
        pos = np.full(self.n, -1, np.int64)
        pos[idx] = np.arange(len(idx))
        lists = {}
        for lid, lw in self.lists.items():
            keep = pos[lw.product] >= 0
            lists[lid] = ListWindows(pos[lw.product[keep]], lw.start[keep], lw.end[keep], lw.length[keep])
        codes = self.codes[idx]
        return dataclasses.replace(self, codes=codes, index={c: i for i, c in enumerate(codes)},
                                   rate=np.ascontiguousarray(self.rate[:, idx]),
                                   scope=np.ascontiguousarray(self.scope[:, idx]),
                                   carved=np.ascontiguousarray(self.carved[:, idx]),
                                   share=np.ascontiguousarray(self.share[:, idx]), lists=lists, key="")

    def change_days(self, first: int | None = None, last: int | None = None) -> list[int]:
        """Days on which a measure or a list entry starts or ends; given ``first`` and ``last``
        (days, inclusive), those between them plus ``first``: the days a step series needs."""
        days = set(self.start.tolist()) | set(self.end[self.end < FAR_FUTURE].tolist())
        for lw in self.lists.values():
            days |= lw.boundaries()
        if first is None:
            return sorted(days)
        return sorted({first} | {d for d in days if first < d <= last})
