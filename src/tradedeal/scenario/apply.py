"""Apply a scenario's edits to a regime: a new Regime, the input untouched. Pure."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic import ValidationError

from tradedeal import tomlfile
from tradedeal.datasets import artifacts
from tradedeal.errors import InputFileError, RowProblem
from tradedeal.regime import cache
from tradedeal.regime.api import compile_regime, compiled, regime_of
from tradedeal.regime.arrays import Options
from tradedeal.regime.checks import check_references
from tradedeal.regime.loader import Origin, Regime
from tradedeal.regime.model import Measure
from tradedeal.scenario.model import Scenario


def _fail(s: Scenario, i: int, field: str, reason: str, hint: str) -> None:
    line = _edit_line(s, i)
    raise InputFileError(s.file or "(scenario)", f"edit #{i + 1}: {reason}",
                         [RowProblem(line, f"edit #{i + 1}.{field}", reason)], hint=hint)


def _edit_line(s: Scenario, i: int) -> int:
    """The file line of the scenario's edit #i (1 when the scenario has no file)."""
    starts = tomlfile.array_lines(Path(s.file).read_text(encoding="utf-8"), "edit") if s.file else []
    return starts[i] if i < len(starts) else 1


def base_and_edited(s: Scenario, importer: str):
    """The importer's shipped regime compiled with the scenario's status options, and the same
    regime with the scenario's edits (compiled reusing the base's arrays): (base, edited)."""
    options = Options(include_status=Options.statuses(s.scenario.include_unconfirmed))
    base = compiled(importer, options=options)
    edits = [e.model_dump_json() for e in s.edit if e.regime == importer]
    if not edits:
        return base, base
    key = "edited-" + artifacts.key_of(base.key, edits)  # the edited regime is a function of both
    edited = cache.cached_key(key)
    if edited is None:
        edited = compile_regime(apply_edits(regime_of(base), s), options, reuse=base)
        cache.alias(key, edited)
    return base, edited


def apply_edits(regime: Regime, s: Scenario) -> Regime:
    """The regime with every edit of ``s`` that names this regime's importer applied in order."""
    measures = {m.id: m for m in regime.measures}
    origins: dict[str, Origin] = {}
    for i, e in enumerate(s.edit):
        if e.regime != regime.importer:
            continue
        if e.action in ("change", "extend", "remove") and e.measure not in measures:
            near = difflib.get_close_matches(e.measure, list(measures), n=3)
            _fail(s, i, "measure", f"no measure '{e.measure}' in the {regime.importer} regime",
                  f"did you mean {', '.join(near)}?" if near else "`tradedeal duty` lists measure ids")
        try:
            if e.action == "remove":
                del measures[e.measure]
            elif e.action == "change":
                body = {**measures[e.measure].model_dump(), **e.set}
                measures[e.measure] = Measure(**body)
            elif e.action == "extend":
                body = measures[e.measure].model_dump()
                for k, items in e.append.items():
                    if k == "exporters" and body[k] == ["all"]:
                        _fail(s, i, "append", "cannot append to exporters = ['all']", "use exclude_exporters")
                    body[k] = [*body[k], *[x for x in items if x not in body[k]]]
                measures[e.measure] = Measure(**body)
            else:
                body = {"importer": regime.importer, **e.new}
                m = Measure(**body)
                if m.id in measures:
                    _fail(s, i, "new.id", f"measure '{m.id}' already exists", "pick a new id, or use change")
                measures[m.id] = m
        except ValidationError as err:
            text = Path(s.file).read_text(encoding="utf-8") if s.file else ""
            problems = tomlfile.problems(err, text, _edit_line(s, i), f"edit #{i + 1} ({e.action})",
                                         "docs/measure-schema.md")
            raise InputFileError(s.file or "(scenario)", f"edit #{i + 1}: the edited measure is not valid",
                                 problems, hint="the fields of a measure: docs/measure-schema.md") from None
        if e.action != "remove":
            origins[e.measure or e.new.get("id")] = Origin(s.file, _edit_line(s, i))
    edited = regime.replace(tuple(measures.values()), origins)
    check_references(edited)
    return edited
