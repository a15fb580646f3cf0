"""Read and validate a scenario file: every problem with file, line and field, all at once."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from tradedeal.errors import InputFileError, RowProblem
from tradedeal.regime.loader import _field_line, _problems, _read_toml, _table_lines
from tradedeal.scenario.model import Edit, ElasticityChoice, Purchase, Scenario, ScenarioHeader

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


def shipped_scenarios() -> dict[str, Path]:
    """Name -> file of every shipped scenario."""
    return {p.stem: p for p in sorted(SHIPPED_DIR.glob("*.toml"))}


def _header_line(text: str, name: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == f"[{name}]":
            return i
    return 1


def load_scenario(ref: str | Path) -> Scenario:
    """A scenario from a file path, or a shipped scenario by name."""
    path = Path(ref)
    if not path.is_file():
        shipped = shipped_scenarios()
        if str(ref) in shipped:
            path = shipped[str(ref)]
        else:
            raise InputFileError(str(ref), "scenario file not found",
                                 hint=f"give a path, or a shipped scenario: {', '.join(shipped)}")
    text = path.read_text(encoding="utf-8")
    raw = _read_toml(path)
    problems: list[RowProblem] = []
    unknown = sorted(set(raw) - {"scenario", "edit", "purchase", "elasticities"})
    if unknown:
        problems.append(RowProblem(1, ", ".join(unknown), "unknown table(s); a scenario has [scenario], "
                                   "[[edit]], [[purchase]] and [elasticities]"))
    header = None
    try:
        header = ScenarioHeader(**raw.get("scenario", {}))
    except ValidationError as e:
        problems += _problems(e, text, _header_line(text, "scenario"), "scenario")
    parts: dict[str, list] = {"edit": [], "purchase": []}
    for key, model in (("edit", Edit), ("purchase", Purchase)):
        starts = _table_lines(text, key)
        for i, body in enumerate(raw.get(key, [])):
            start = starts[i] if i < len(starts) else 1
            try:
                parts[key].append(model(**body))
            except ValidationError as e:
                label = f"{key} #{i + 1}" + (f" ({body.get('measure') or body.get('label')})"
                                             if body.get("measure") or body.get("label") else "")
                problems += _problems(e, text, start, label)
    elasticities = ElasticityChoice()
    if "elasticities" in raw:
        try:
            elasticities = ElasticityChoice(**raw["elasticities"])
        except ValidationError as e:
            problems += _problems(e, text, _header_line(text, "elasticities"), "elasticities")
    if problems or header is None:
        raise InputFileError(str(path), f"{len(problems)} problem(s) in the scenario", problems,
                             hint="see docs/scenario-schema.md for the fields")
    scenario = Scenario(scenario=header, edit=parts["edit"], purchase=parts["purchase"],
                        elasticities=elasticities, file=str(path))
    _check_countries(scenario, text, path)
    return scenario


def _check_countries(s: Scenario, text: str, path: Path) -> None:
    from tradedeal.codes.countries import to_iso3
    from tradedeal.errors import CountryCodeError

    head = _header_line(text, "scenario")
    fields = [("scenario", "importer", s.scenario.importer, head), ("scenario", "partner", s.scenario.partner, head)]
    fields += [("scenario", "markets", m, head) for m in s.scenario.markets]
    edits, buys = _table_lines(text, "edit"), _table_lines(text, "purchase")
    fields += [(f"edit #{i + 1}", "regime", e.regime, edits[i]) for i, e in enumerate(s.edit)]
    fields += [(f"purchase #{i + 1}", f, getattr(p, f), buys[i]) for i, p in enumerate(s.purchase)
               for f in ("importer", "exporter")]
    for table, field, code, start in fields:
        try:
            ok = to_iso3(code) == code
        except CountryCodeError:
            ok = False
        if not ok:
            line = _field_line(text, start, field)
            raise InputFileError(str(path), f"unknown country '{code}' in {table}.{field}",
                                 [RowProblem(line, f"{table}.{field}", f"'{code}' is not an ISO3 code")],
                                 hint="write countries as ISO3 codes (USA, IND)")
