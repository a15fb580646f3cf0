"""The refund rules and the interest-rate table as data (``customs/data/refund_rules.toml``,
``customs/data/interest_rates.toml``), validated by pydantic, and the pure evaluation of the rules over
arrays of entries (first matching rule wins)."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tradedeal.errors import InputFileError

DATA = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA / "refund_rules.toml"
RATES_FILE = DATA / "interest_rates.toml"

Verdict = Literal["eligible", "not_eligible", "protest", "no_refund", "unknown"]
BOOL_FIELDS = ("in_ace", "drawback", "adcvd", "reconciliation", "reconciliation_filed", "liquidated")
LIST_FIELDS = ("entry_type", "protest", "liquidation_status")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deadline(_Strict):
    from_: Literal["liquidation_date"] = Field(alias="from")
    days: int
    otherwise: str = ""


class Condition(_Strict):
    ieepa: Literal["positive", "zero"] | None = None
    in_ace: bool | None = None
    drawback: bool | None = None
    adcvd: bool | None = None
    reconciliation: bool | None = None
    reconciliation_filed: bool | None = None
    liquidated: bool | None = None
    entry_type: list[str] | None = None
    protest: list[str] | None = None
    liquidation_status: list[str] | None = None
    days_since_liquidation: list[int] | None = None

    @field_validator("days_since_liquidation")
    @classmethod
    def _range(cls, v):
        if v is not None and not 1 <= len(v) <= 2:
            raise ValueError("give [low] or [low, high] (days, inclusive)")
        return v


class Rule(_Strict):
    id: str
    when: Condition
    verdict: Verdict
    phase: str = ""
    reason: str
    deadline: Deadline | str = ""
    source: str
    date: date


class Phase(_Strict):
    id: str
    title: str
    opened: date | None = None  # None: not deployed
    source: str
    date: date


class Meta(_Strict):
    title: str
    checked_through: date
    source: str
    disclaimer: str
    cape_file_limit: int = 9999
    cape_header: str = "Entry Number"
    cape_source: str
    cape_entry_pattern: str


class Ieepa(_Strict):
    authorities: list[str]
    first_entry: date
    end_entry: date
    source: str


class Interest(_Strict):
    rate: Literal["overpayment_corporate", "overpayment_noncorporate", "underpayment"]
    compounding: Literal["daily", "simple"]
    statute: str
    source: str
    note: str = ""


class RefundRules(_Strict):
    rules: Meta
    ieepa: Ieepa
    interest: Interest
    phase: list[Phase]
    rule: list[Rule]

    @model_validator(mode="after")
    def _phases_known(self):
        ids = {p.id for p in self.phase}
        for r in self.rule:
            if r.phase and r.phase not in ids:
                raise ValueError(f"rule '{r.id}' names unknown phase '{r.phase}'")
        re.compile(self.rules.cape_entry_pattern)
        return self

    def phases(self) -> dict[str, Phase]:
        return {p.id: p for p in self.phase}


class Quarter(_Strict):
    from_: date = Field(alias="from")
    until: date
    underpayment: float
    overpayment_corporate: float
    overpayment_noncorporate: float
    source: str


class RateTable(_Strict):
    table: dict[str, str] = Field(default_factory=dict)
    quarter: list[Quarter]


def _read(path: Path, model, what: str):
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputFileError(str(path), f"{what} cannot be read: {e.strerror}", hint="check the path") from None
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(str(path), f"{what} is not valid TOML: {e}", hint="fix the TOML syntax") from None
    try:
        return model(**raw)
    except ValidationError as e:
        first = e.errors()[0]
        raise InputFileError(str(path), f"{what}: {first['msg']} at {'.'.join(map(str, first['loc']))}",
                             hint="see docs/entries.md for the layout") from None


def load_rules(path: Path | None = None) -> RefundRules:
    """The refund rules (the shipped ones by default)."""
    return _read(path or RULES_FILE, RefundRules, "refund rules")


def load_rates(extra: Path | None = None) -> RateTable:
    """The shipped quarterly interest rates, with the quarters of ``extra`` (a file of the same layout) added
    (a quarter of ``extra`` replaces a shipped one with the same start)."""
    shipped = _read(RATES_FILE, RateTable, "interest rates")
    if extra is None:
        return shipped
    more = _read(extra, RateTable, "interest rates")
    quarters = {q.from_: q for q in shipped.quarter} | {q.from_: q for q in more.quarter}
    return RateTable(table=shipped.table, quarter=sorted(quarters.values(), key=lambda q: q.from_))


def evaluate(rules: RefundRules, fields: dict[str, np.ndarray]) -> np.ndarray:
    """Index of the first rule that matches each entry (pure). ``fields``: 'ieepa_usd' (float), the boolean
    fields of :data:`BOOL_FIELDS` (bool), the text fields of :data:`LIST_FIELDS` (str, '' = not given) and
    'days_since_liquidation' (int, -1 when not liquidated)."""
    n = len(fields["ieepa_usd"])
    out = np.full(n, -1, np.int64)
    for k, rule in enumerate(rules.rule):
        hit = out < 0
        w = rule.when
        if w.ieepa is not None:
            hit &= (fields["ieepa_usd"] > 0.005) if w.ieepa == "positive" else (fields["ieepa_usd"] <= 0.005)
        for name in BOOL_FIELDS:
            want = getattr(w, name)
            if want is not None:
                hit &= fields[name] == want
        for name in LIST_FIELDS:
            want = getattr(w, name)
            if want is not None:
                hit &= np.isin(fields[name].astype(str), want)
        if w.days_since_liquidation is not None:
            days = fields["days_since_liquidation"]
            lo = w.days_since_liquidation[0]
            hi = w.days_since_liquidation[1] if len(w.days_since_liquidation) > 1 else None
            hit &= (days >= lo) & (days >= 0)
            if hi is not None:
                hit &= days <= hi
        out[hit] = k
    return out


def markdown_rules(rules: RefundRules | None = None) -> str:
    """The phases and rules as Markdown tables (for docs/entries.md)."""
    rules = rules or load_rules()
    out = [f"Checked through {rules.rules.checked_through}. Sources: {rules.rules.source}.", "",
           "| phase | opened | what | source |", "|---|---|---|---|"]
    out += [f"| `{p.id}` | {p.opened or '**not deployed**'} | {p.title} | {p.source} ({p.date}) |" for p in rules.phase]
    out += ["", "| # | rule | when | verdict | phase | deadline | why | source (date) |",
            "|---|---|---|---|---|---|---|---|"]
    for i, r in enumerate(rules.rule, 1):
        cond = ", ".join(f"{k} = {v}" for k, v in r.when.model_dump(exclude_none=True).items()) or "(any entry)"
        dl = r.deadline if isinstance(r.deadline, str) else f"liquidation + {r.deadline.days} days" + (
            f" ({r.deadline.otherwise})" if r.deadline.otherwise else "")
        out.append(f"| {i} | `{r.id}` | {cond} | {r.verdict} | {r.phase} | {dl} | {r.reason} | {r.source} ({r.date}) |")
    return "\n".join(out)


def markdown_rates(table: RateTable | None = None) -> str:
    table = table or load_rates()
    out = ["| from | until | underpayment % | overpayment, corporations % | overpayment, others % | source |",
           "|---|---|---|---|---|---|"]
    out += [f"| {q.from_} | {q.until} | {q.underpayment:g} | {q.overpayment_corporate:g} | "
            f"{q.overpayment_noncorporate:g} | {q.source} |" for q in table.quarter]
    return "\n".join(out)


__all__ = ["BOOL_FIELDS", "LIST_FIELDS", "RATES_FILE", "RULES_FILE", "RateTable", "RefundRules", "Rule", "evaluate",
           "load_rates", "load_rules", "markdown_rates", "markdown_rules"]
