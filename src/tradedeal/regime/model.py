"""Validated regime objects: measures (generated from :mod:`.schema`), product lists,
rate tables, stacking rules and the regime header. Immutable once built."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from tradedeal.regime.schema import EXCEPTION_FIELDS, MEASURE_FIELDS, NOT_MODELLED_FIELDS, REQUIRED

_PREFIX = re.compile(r"^(\*|\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


def _check_prefixes(values: list[str]) -> list[str]:
    out = []
    for v in values:
        code = str(v).replace(".", "").replace(" ", "")
        if not _PREFIX.match(code):
            raise ValueError(f"'{v}' is not an HS prefix of 2, 4, 6, 8 or 10 digits (or '*')")
        out.append(code)
    return out


HSPrefixes = Annotated[list[str], AfterValidator(_check_prefixes)]  # HS prefixes (or '*'), dots and spaces dropped


class _MeasureBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @field_validator("id", check_fields=False)
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("use lower case letters, digits, '.', '_' or '-' (e.g. 'us.s122.all')")
        return v

    @field_validator("include", "exclude", check_fields=False)
    @classmethod
    def _prefixes(cls, v: list[str]) -> list[str]:
        return _check_prefixes(v)

    @field_validator("exporters", "exclude_exporters", check_fields=False)
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return [str(c).strip().upper() if str(c).strip().lower() != "all" else "all" for c in v]

    @field_validator("applies_to_share", check_fields=False)
    @classmethod
    def _share(cls, v: float) -> float:
        if not 0 < v <= 1:
            raise ValueError("must be a share in (0, 1]")
        return v

    @model_validator(mode="after")
    def _consistent(self):
        if (self.rate is None) == (self.rate_table is None):
            raise ValueError("give exactly one of 'rate' (percent) or 'rate_table'")
        if self.rate is not None and not 0 <= self.rate <= 1000:
            raise ValueError(f"rate {self.rate} is outside 0-1000 percent")
        if self.end is not None and self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start} (dates are inverted)")
        if self.rate_kind == "floor" and self.rate_table is not None:
            raise ValueError("a floor needs a constant 'rate'")
        if "all" in self.exporters and len(self.exporters) > 1:
            raise ValueError("exporters: 'all' cannot be combined with country codes")
        if self.exclude_exporters and "all" not in self.exporters:
            raise ValueError("exclude_exporters only makes sense with exporters = ['all']")
        return self

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def _fields(fields=MEASURE_FIELDS) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        default = ... if f.default is REQUIRED else f.default
        if isinstance(default, list):
            out[f.name] = (f.type, Field(default_factory=lambda d=default: list(d), description=f.description))
        else:
            out[f.name] = (f.type, Field(default, description=f.description))
    return out


Measure = create_model("Measure", __base__=_MeasureBase, **_fields())
Measure.__doc__ = "One tariff measure (fields: tradedeal.regime.schema.MEASURE_FIELDS)."

_HEADING = re.compile(r"^9903\.\d{2}\.\d{2}$")


class _NoteBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @field_validator("heading", check_fields=False)
    @classmethod
    def _heading(cls, v: str) -> str:
        if not _HEADING.match(v):
            raise ValueError(f"'{v}' is not a Chapter 99 heading written 9903.NN.NN")
        return v

    @model_validator(mode="after")
    def _reasoned(self):
        if getattr(self, "how", "not_modelled") in ("claim", "not_modelled") and not self.reason:
            raise ValueError("say why in 'reason' (required when the exception is a claim or not modelled)")
        return self


ExceptionNote = create_model("ExceptionNote", __base__=_NoteBase, **_fields(EXCEPTION_FIELDS))
ExceptionNote.__doc__ = ("How one exception heading of a file's measures is modelled (fields: "
                         "tradedeal.regime.schema.EXCEPTION_FIELDS).")
NotModelled = create_model("NotModelled", __base__=_NoteBase, **_fields(NOT_MODELLED_FIELDS))
NotModelled.__doc__ = ("A duty heading of the period that no measure models, and why (fields: "
                       "tradedeal.regime.schema.NOT_MODELLED_FIELDS).")


class ListWindow(BaseModel):
    """Dates for the entries of a list that start with one of ``prefixes``."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    prefixes: HSPrefixes
    valid_from: date | None = None
    valid_until: date | None = None
    source: str


class ProductList(BaseModel):
    """A named product list with date windows: inline prefixes, a shipped dataset or a CSV file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    title: str = ""
    prefixes: HSPrefixes = Field(default_factory=list)
    dataset: str | None = None
    where: dict[str, str] = Field(default_factory=dict)
    code_column: str = "hts"
    from_column: str | None = None
    until_column: str | None = None
    file: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    windows: list[ListWindow] = Field(default_factory=list)
    until_inclusive: bool = False  # until_column gives the last day of an entry (not the first day after it)
    family: str = ""  # lists of one family share out lines by longest matching prefix
    heading: str = ""
    source: str
    approximate: str = ""

    @model_validator(mode="after")
    def _one_source(self):
        given = [x for x in (self.prefixes, self.dataset, self.file) if x]
        if len(given) != 1:
            raise ValueError("give exactly one of 'prefixes', 'dataset' or 'file'")
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until is not after valid_from (dates are inverted)")
        return self


class RateTable(BaseModel):
    """Line rates from a shipped dataset (or a CSV file), matched by longest HS prefix."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    dataset: str | None = None
    file: str | None = None
    store: Literal["user_tariff"] | None = None  # the user's imported tariffs (tradedeal data import)
    code_column: str = "hs_code"
    rate_column: str = "simple_avg_pct"
    parse: Literal["number", "percent_text"] = "number"
    scale: float = 1.0  # multiply to get percent
    only_where_rated: bool = False  # a measure using the table covers only the lines it rates
    source: str
    approximate: str = ""

    @model_validator(mode="after")
    def _one_source(self):
        if sum(x is not None for x in (self.dataset, self.file, self.store)) != 1:
            raise ValueError("give exactly one of 'dataset', 'file' or 'store'")
        return self


class StackingRule(BaseModel):
    """Where a measure of group ``when`` applies, ``excludes`` groups apply only to the rest."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    when: str
    excludes: list[str]
    source: str


class RegimeHeader(BaseModel):
    """The [regime] table: what the files describe and how far they were checked."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    importer: str
    description: str
    verified_through: date
    covers_from: date | None = None  # the first entry date described (default: the earliest start of the base tariff)
    source: str
    base_group: str = "mfn"  # the stacking group of the base tariff (floors top it up; 'additional' is over it)
    default: bool = False  # the regime commands use when the user names no importer (one shipped regime at most)
    notes: str = ""
    unknown_after: list[str] = Field(default_factory=list)  # what is not known after verified_through (every later date says so)
