"""Product groups: named sets of HS codes defined as data (``data/product_groups.toml``).

A group lists ``include`` and optional ``exclude`` prefixes. A code belongs
to the group when the longest of the group's prefixes that it starts with is
an include prefix -- so an exclude wins inside its include. Groups may
overlap. Users can pass their own TOML file with the same schema (see the
header of the shipped file); bad files raise :class:`InputFileError` naming
the file, the group and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from tradedeal import lazy, tomlfile
from tradedeal.codes.hs import LEVELS, normalize
from tradedeal.errors import HSCodeError, InputFileError, RowProblem

GROUPS_FILE = Path(__file__).resolve().parent / "data" / "product_groups.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def _prefix(value: Any) -> str:
    """One include/exclude prefix: a quoted string of 2, 4, 6, 8 or 10 digits (dots and spaces allowed)."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string; write HS prefixes in quotes, e.g. \"0306\", "
                         "so leading zeros survive")
    digits = re.sub(r"[.\s]", "", value)
    if not digits.isdigit() or len(digits) not in LEVELS:
        raise ValueError(f"{value!r} is not an HS prefix of 2, 4, 6, 8 or 10 digits")
    return digits


class ProductGroup(BaseModel):
    """A named set of HS codes: include prefixes minus exclude prefixes, with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    include: tuple[str, ...] = Field(min_length=1)
    exclude: tuple[str, ...] = ()
    source: str = Field(min_length=1)
    source_url: str | None = None
    approximation: str | None = None
    hs_version: str | None = None
    icio_sectors: tuple[str, ...] = ()   # ICIO sectors that hold the group (a seller's exports: an upper bound)

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not _NAME.fullmatch(v):
            raise ValueError(f"group name {v!r} must be lower_snake_case (letters, digits, _)")
        return v

    @field_validator("include", "exclude", mode="before")
    @classmethod
    def _check_prefixes(cls, v: Any) -> tuple[str, ...]:
        if not isinstance(v, list | tuple):
            raise ValueError("must be a list of quoted HS prefixes, e.g. [\"0306\", \"1605\"]")
        out = tuple(_prefix(p) for p in v)
        dup = sorted({p for p in out if out.count(p) > 1})
        if dup:
            raise ValueError(f"lists {', '.join(dup)} more than once")
        return out

    @field_validator("exclude")
    @classmethod
    def _check_exclude(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if "include" not in info.data:  # include itself is invalid and reported
            return v
        include = info.data["include"]
        for e in v:
            if e in include:
                raise ValueError(f"{e} is both included and excluded")
            if not any(e.startswith(i) for i in include):
                raise ValueError(f"{e} lies inside no include prefix, so excluding it does nothing "
                                 "(an exclude must be longer than, and start with, an include prefix)")
        for i in include:
            if any(i.startswith(e) for e in v):
                raise ValueError(f"include {i} lies inside an exclude prefix, so it can never match")
        return v

    @field_validator("icio_sectors", mode="before")
    @classmethod
    def _check_sectors(cls, v: Any) -> tuple[str, ...]:
        if not isinstance(v, list | tuple) or not all(isinstance(s, str) and s for s in v):
            raise ValueError("must be a list of ICIO sector codes, e.g. [\"B06\", \"C19\"]")
        return tuple(v)

    @field_validator("source_url")
    @classmethod
    def _check_url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("https://", "http://")):
            raise ValueError(f"{v!r} is not an http(s) address")
        return v

    def contains(self, code: str) -> bool:
        """Whether a normalised code belongs to the group (longest matching prefix decides)."""
        best = max((p for p in (*self.include, *self.exclude) if code.startswith(p)), key=len, default=None)
        return best is not None and best in self.include


def _problems(error: ValidationError, text: str, name: str) -> list[RowProblem]:
    line = tomlfile.table_line(text, "groups", name)
    out = []
    for e in error.errors():
        loc = ".".join(str(part) for part in e["loc"]) or "(group)"
        reason = e["msg"].removeprefix("Value error, ")
        out.append(RowProblem(line=line, field=f"groups.{name}.{loc}", reason=reason))
    return out


def parse_groups(text: str, file: str) -> dict[str, ProductGroup]:
    """Validate the text of a product-group TOML file; ``file`` names it in errors."""
    raw = tomlfile.parse(text, file)
    unknown = sorted(set(raw) - {"groups", "hs_version"})
    tables = raw.get("groups")
    if unknown or not isinstance(tables, dict) or not tables:
        raise InputFileError(file, "expected [groups.<name>] tables" +
                             (f"; unknown top-level keys: {', '.join(unknown)}" if unknown else ""),
                             hint="define each group as [groups.<name>] with label, description, include, source")
    found: dict[str, ProductGroup] = {}
    problems: list[RowProblem] = []
    for name, body in tables.items():
        if not isinstance(body, dict):
            problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}", "must be a table"))
            continue
        try:
            found[name] = ProductGroup(name=name, hs_version=raw.get("hs_version"), **body)
        except ValidationError as e:
            problems.extend(_problems(e, text, name))
        except TypeError as e:  # e.g. a key named 'name' inside the table
            problems.append(RowProblem(tomlfile.table_line(text, "groups", name), f"groups.{name}", str(e)))
    if problems:
        raise InputFileError(file, f"{len(problems)} problem(s) in product groups", problems,
                             hint="see the header of the shipped product_groups.toml for the schema")
    return found


@cache
def _shipped() -> dict[str, ProductGroup]:
    return parse_groups(GROUPS_FILE.read_text(encoding="utf-8"), str(GROUPS_FILE))


def groups(path: str | Path | None = None) -> dict[str, ProductGroup]:
    """Product groups by name: the shipped definitions, or those of the TOML file at ``path``."""
    if path is None:
        return dict(_shipped())
    p = Path(path)
    if not p.is_file():
        raise InputFileError(str(p), "file not found", hint="give the path of a product-group TOML file")
    return parse_groups(p.read_text(encoding="utf-8"), str(p))


def members(codes: Iterable[Any], defs: dict[str, ProductGroup] | None = None) -> list[tuple[str, str]]:
    """``(code, group)`` pairs for the distinct codes (normalised first): longest-prefix
    matching per group; codes in no group do not appear; a code in several groups appears once
    per group. Raises :class:`HSCodeError` naming the invalid codes."""
    defs = groups() if defs is None else defs
    table: dict[str, list[tuple[str, bool]]] = {}
    for g in defs.values():
        for p in g.include:
            table.setdefault(p, []).append((g.name, True))
        for p in g.exclude:
            table.setdefault(p, []).append((g.name, False))
    norm, bad = [], []
    for i, c in enumerate(codes):
        try:
            norm.append(normalize(c))
        except HSCodeError:
            bad.append((i, c))
    if bad:
        shown = ", ".join(f"row {i}: {v!r}" for i, v in bad[:5])
        raise HSCodeError(f"{len(bad)} invalid HS code(s): {shown}", hint="fix or drop these rows; an HS code is "
                          "digits, optionally grouped with dots or spaces, e.g. '6109.10.00.12'")
    out = []
    lengths = sorted({len(p) for p in table}, reverse=True)
    for code in dict.fromkeys(norm):
        decided: dict[str, bool] = {}
        for n in lengths:
            if n <= len(code):
                for g, inc in table.get(code[:n], ()):
                    decided.setdefault(g, inc)
        out += [(code, g) for g in sorted(decided) if decided[g]]
    return out


def membership(codes: Iterable[Any], defs: dict[str, ProductGroup] | None = None):
    """Tidy ``(code, group)`` pandas frame of :func:`members` (text columns)."""
    pairs = members(codes, defs)
    frame = lazy.pandas().DataFrame(pairs, columns=["code", "group"])
    return frame.astype({"code": "string[pyarrow]", "group": "string[pyarrow]"})


def group_of(code: Any, defs: dict[str, ProductGroup] | None = None) -> list[str]:
    """Names of the groups that ``code`` belongs to, sorted."""
    c = normalize(code)
    defs = groups() if defs is None else defs
    return sorted(name for name, g in defs.items() if g.contains(c))
