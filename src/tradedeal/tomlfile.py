"""TOML input files (regimes, scenarios, product groups): reading them with clear errors, and
finding the file line of a table or field so that every validation problem names its line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tradedeal.errors import InputFileError, RowProblem

if TYPE_CHECKING:  # pydantic's error type, named in signatures only (reading a file needs no pydantic)
    from pydantic import ValidationError


def parse(text: str, file: str) -> dict[str, Any]:
    """The TOML ``text`` of ``file`` (named in the error when it is not valid TOML)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(file, f"not valid TOML: {e}", hint="fix the TOML syntax at the line and column shown") from None


def read(path: Path) -> tuple[str, dict[str, Any]]:
    """(text, parsed) of a TOML file; one read of the disk."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise InputFileError(str(path), f"cannot be read: {e.strerror}", hint="check the path") from None
    return text, parse(text, str(path))


def array_lines(text: str, header: str) -> list[int]:
    """1-based lines of each ``[[header]]`` array-of-tables header, in order."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(header)}\s*\]\]")
    return [i for i, line in enumerate(text.splitlines(), 1) if pattern.match(line)]


def table_line(text: str, *path: str) -> int:
    """1-based line of the table ``[a]`` or ``[a.b]`` (a part may be quoted); 1 if absent."""
    parts = r"\s*\.\s*".join(rf"(\"{re.escape(p)}\"|{re.escape(p)})" for p in path)
    pattern = re.compile(rf"^\s*\[\s*{parts}\s*\]")
    for i, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return i
    return 1


def field_line(text: str, start: int, name: str) -> int:
    """Line of ``name = ...`` in the table whose header is on line ``start`` (else ``start``)."""
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=")
    for i in range(start, len(lines)):  # lines[start] is the line after the header
        if re.match(r"^\s*\[", lines[i]):
            break
        if pattern.match(lines[i]):
            return i + 1
    return start


def problems(err: ValidationError, text: str, start: int, label: str, doc: str) -> list[RowProblem]:
    """One :class:`RowProblem` per validation error of the table at line ``start``, each on the
    line of its field; ``doc`` is the page that lists the fields."""
    out = []
    for e in err.errors():
        loc = [str(p) for p in e["loc"]]
        name = loc[0] if loc else ""
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = f"unknown field '{name}' (see {doc} for the fields)"
        elif e["type"] == "missing":
            msg = f"required field '{name}' is missing"
        line = field_line(text, start, name) if name else start
        out.append(RowProblem(line=line, field=f"{label}.{'.'.join(loc)}" if loc else label, reason=msg))
    return out
