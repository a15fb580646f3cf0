"""Partner groups: clubs of countries (Pax Silica, the Quad, the Minerals Security Partnership, a
country's FTA partners) as data with dated membership (``data/partner_groups.toml``).

>>> from tradedeal.codes.partners import partner_groups, members_on
>>> members_on(partner_groups()["pax_silica"], "2026-03-01").countries

A member counts on a day when it had joined by then (and had not left). A member whose joining
date is unknown but who is known to have been a member by a date (``joined_by``) counts from
that date; before it, its membership is reported as unknown, never guessed. A customs union
(EUN) among the members counts its member states. A user's own file with the same schema can
be passed as a path; every problem is reported with its file line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tradedeal import tomlfile
from tradedeal.codes.countries import country_groups, group_members, to_iso3
from tradedeal.errors import CountryCodeError, InputFileError, QueryError, RowProblem

PARTNERS_FILE = Path(__file__).resolve().parent / "data" / "partner_groups.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
DOC = "the header of codes/data/partner_groups.toml"


class Member(BaseModel):
    """One member of a partner group and when it joined."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    country: str
    joined: dt.date | None = None
    joined_by: dt.date | None = None
    left: dt.date | None = None
    source: str = Field(min_length=1)
    note: str = ""

    @field_validator("country")
    @classmethod
    def _iso3(cls, v: str) -> str:
        try:
            return to_iso3(v)
        except CountryCodeError as exc:
            raise ValueError(exc.message) from None

    @model_validator(mode="after")
    def _dates(self):
        if self.joined is None and self.joined_by is None:
            raise ValueError("give 'joined' (the date it joined) or, when that is unknown, 'joined_by' "
                             "(a date by which it was a member)")
        first = self.joined or self.joined_by
        if self.left is not None and self.left <= first:
            raise ValueError(f"left {self.left} is not after joining ({first})")
        return self

    def status_on(self, day: dt.date) -> str:
        """'member', 'not a member' or 'unknown' on ``day``."""
        if self.left is not None and day >= self.left:
            return "not a member"
        if self.joined is not None:
            return "member" if self.joined <= day else "not a member"
        return "member" if self.joined_by <= day else "unknown"


class PartnerGroup(BaseModel):
    """A named group of partner countries with dated membership and its source."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    source: str = Field(min_length=1)
    source_url: str | None = None
    as_of: dt.date
    member: tuple[Member, ...] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not _NAME.fullmatch(v):
            raise ValueError(f"group name {v!r} must be lower_snake_case (letters, digits, _)")
        return v

    @model_validator(mode="after")
    def _unique(self):
        seen = [m.country for m in self.member]
        dup = sorted({c for c in seen if seen.count(c) > 1})
        if dup:
            raise ValueError(f"lists {', '.join(dup)} more than once")
        return self


@dataclass(frozen=True)
class Membership:
    """Who counts as a member of a group on a day (customs unions expanded to their members)."""

    group: str
    day: dt.date
    countries: tuple[str, ...]      # ISO3 of the members counted (EUN as its member states)
    unknown: tuple[str, ...]        # members whose membership on the day is not known
    notes: tuple[str, ...]

    def text(self) -> str:
        out = f"{self.group} on {self.day}: {len(self.countries)} countries"
        if self.unknown:
            out += f"; membership on that day unknown for {', '.join(self.unknown)} (not counted)"
        return out


def _problems(err: ValidationError, text: str, name: str, index: int | None) -> list[RowProblem]:
    if index is None:
        start = tomlfile.table_line(text, "groups", name)
        return tomlfile.problems(err, text, start, f"groups.{name}", DOC)
    lines = tomlfile.array_lines(text, f"groups.{name}.member")
    start = lines[index] if index < len(lines) else tomlfile.table_line(text, "groups", name)
    return tomlfile.problems(err, text, start, f"groups.{name}.member[{index}]", DOC)


def parse_partner_groups(text: str, file: str) -> dict[str, PartnerGroup]:
    """Validate the text of a partner-group TOML file; ``file`` names it in errors."""
    raw = tomlfile.parse(text, file)
    tables = raw.get("groups")
    unknown = sorted(set(raw) - {"groups"})
    if unknown or not isinstance(tables, dict) or not tables:
        raise InputFileError(file, "expected [groups.<name>] tables with [[groups.<name>.member]] entries"
                             + (f"; unknown top-level keys: {', '.join(unknown)}" if unknown else ""),
                             hint=f"see {DOC} for the schema")
    found: dict[str, PartnerGroup] = {}
    problems: list[RowProblem] = []
    for name, body in tables.items():
        if not isinstance(body, dict):
            problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}", "must be a table"))
            continue
        members, bad = [], False
        raw_members = body.get("member", [])
        if not isinstance(raw_members, list):
            problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}.member",
                                       "must be [[groups.<name>.member]] entries"))
            continue
        for i, m in enumerate(raw_members):
            try:
                members.append(Member(**m))
            except ValidationError as e:
                problems.extend(_problems(e, text, name, i))
                bad = True
            except TypeError as e:
                problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}.member[{i}]",
                                           str(e)))
                bad = True
        if bad:
            continue
        try:
            found[name] = PartnerGroup(name=name, **{**body, "member": tuple(members)})
        except ValidationError as e:
            problems.extend(_problems(e, text, name, None))
        except TypeError as e:
            problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}", str(e)))
    if problems:
        raise InputFileError(file, f"{len(problems)} problem(s) in partner groups", problems,
                             hint=f"see {DOC} for the schema")
    return found


@cache
def _shipped() -> dict[str, PartnerGroup]:
    return parse_partner_groups(PARTNERS_FILE.read_text(encoding="utf-8"), str(PARTNERS_FILE))


def partner_groups(path: str | Path | None = None) -> dict[str, PartnerGroup]:
    """Partner groups by name: the shipped ones, or those of the TOML file at ``path``."""
    if path is None:
        return dict(_shipped())
    p = Path(path)
    if not p.is_file():
        raise InputFileError(str(p), "file not found", hint="give the path of a partner-group TOML file")
    return parse_partner_groups(p.read_text(encoding="utf-8"), str(p))


def resolve(names: list[str], defs: dict[str, PartnerGroup] | None = None) -> list[PartnerGroup]:
    """The groups named (every name checked, an unknown one is a clear error)."""
    defs = partner_groups() if defs is None else defs
    bad = [n for n in names if n not in defs]
    if bad:
        raise QueryError(f"unknown partner group(s): {', '.join(bad)}", f"known: {', '.join(sorted(defs))} "
                         "(codes/data/partner_groups.toml)")
    return [defs[n] for n in names]


def members_on(group: PartnerGroup, day) -> Membership:
    """The members of ``group`` counted on ``day`` (a date or ISO text)."""
    d = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    unions = country_groups()
    countries: list[str] = []
    unknown, notes = [], []
    for m in group.member:
        status = m.status_on(d)
        if status == "unknown":
            unknown.append(m.country)
            continue
        if status != "member":
            continue
        if m.country in unions:
            countries += list(group_members(m.country))
            notes.append(f"{m.country} counts its {len(group_members(m.country))} member states")
        else:
            countries.append(m.country)
    if d > group.as_of:
        notes.append(f"membership checked up to {group.as_of}; later joiners are not listed")
    return Membership(group.name, d, tuple(dict.fromkeys(countries)), tuple(unknown), tuple(notes))
