"""Read and validate a scenario file: every problem with file, line and field, all at once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from tradedeal import tomlfile
from tradedeal.codes.countries import to_iso3
from tradedeal.codes.groups import groups
from tradedeal.errors import CountryCodeError, InputFileError, RowProblem
from tradedeal.scenario.model import UNEDITED, Edit, ElasticityChoice, Purchase, Scenario, ScenarioHeader

SHIPPED_DIR = Path(__file__).resolve().parent / "data"
DOC = "docs/scenario-schema.md"


def shipped_scenarios() -> dict[str, Path]:
    """Name -> file of every shipped scenario."""
    return {p.stem: p for p in sorted(SHIPPED_DIR.glob("*.toml"))}


def shipped_pair() -> tuple[str, str]:
    """(importer, partner) of most shipped scenarios: the pair the demo runs by default."""
    counts = Counter((s.scenario.importer, s.scenario.partner) for s in map(load_scenario, shipped_scenarios()))
    return counts.most_common(1)[0][0]


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
    text, raw = tomlfile.read(path)
    problems: list[RowProblem] = []
    unknown = sorted(set(raw) - {"scenario", "edit", "purchase", "elasticities"})
    if unknown:
        problems.append(RowProblem(1, ", ".join(unknown), "unknown table(s); a scenario has [scenario], "
                                   "[[edit]], [[purchase]] and [elasticities]"))
    header = None
    try:
        header = ScenarioHeader.model_validate(raw.get("scenario", {}))
    except ValidationError as e:
        problems += tomlfile.problems(e, text, tomlfile.table_line(text, "scenario"), "scenario", DOC)
    parts: dict[str, list] = {"edit": [], "purchase": []}
    for key, model in (("edit", Edit), ("purchase", Purchase)):
        bodies = raw.get(key, [])
        if not isinstance(bodies, list):
            problems.append(RowProblem(tomlfile.field_line(text, 0, key), key,
                                       f"must be an array of tables: write each one under [[{key}]]"))
            continue
        starts = tomlfile.array_lines(text, key)
        for i, body in enumerate(bodies):
            start = starts[i] if i < len(starts) else 1
            try:
                parts[key].append(model.model_validate(body))
            except ValidationError as e:
                named = body.get("measure") or body.get("label") if isinstance(body, dict) else None
                problems += tomlfile.problems(e, text, start, f"{key} #{i + 1}" + (f" ({named})" if named else ""), DOC)
    elasticities = ElasticityChoice()
    if "elasticities" in raw:
        try:
            elasticities = ElasticityChoice.model_validate(raw["elasticities"])
        except ValidationError as e:
            problems += tomlfile.problems(e, text, tomlfile.table_line(text, "elasticities"), "elasticities", DOC)
    if problems or header is None:
        raise InputFileError(str(path), f"{len(problems)} problem(s) in the scenario", problems,
                             hint=f"see {DOC} for the fields")
    scenario = Scenario(scenario=header, edit=parts["edit"], purchase=parts["purchase"],
                        elasticities=elasticities, file=str(path))
    _check_countries(scenario, text, path)
    _check_groups(scenario, text, path)
    _check_baseline(scenario, text, path)
    return scenario


def baseline_of(s: Scenario) -> Scenario | None:
    """The scenario a deal is measured against, or None for the unedited regimes (its own check
    ran when ``s`` was loaded)."""
    ref = s.scenario.baseline
    if ref == UNEDITED:
        return None
    here = Path(s.file).parent / ref if s.file else Path(ref)
    return load_scenario(here if here.is_file() else ref)


def _check_baseline(s: Scenario, text: str, path: Path) -> None:
    """A named baseline exists and describes the same pair, date, base date, data year and markets."""
    if s.scenario.baseline == UNEDITED:
        return
    line = tomlfile.field_line(text, tomlfile.table_line(text, "scenario"), "baseline")
    fail = lambda why: InputFileError(str(path), f"baseline '{s.scenario.baseline}': {why}",  # noqa: E731
                                      [RowProblem(line, "scenario.baseline", why)],
                                      hint="name a shipped scenario or a scenario file for the same pair and dates, "
                                           f"or write baseline = '{UNEDITED}'")
    if s.scenario.baseline == s.scenario.name:
        raise fail("a scenario cannot be its own baseline")
    try:
        b = baseline_of(s)
    except InputFileError as e:
        raise fail(f"not found ({e.message.splitlines()[0]})") from None
    h, g = s.scenario, b.scenario
    differ = [f for f in ("importer", "partner", "date", "base_date", "data_year") if getattr(h, f) != getattr(g, f)]
    if set(s.markets) != set(b.markets):
        differ.append("markets")
    if differ:
        raise fail(f"it differs in {', '.join(differ)} ({'; '.join(f'{f}: {getattr(g, f, None)}' for f in differ)})")


def _check_groups(s: Scenario, text: str, path: Path) -> None:
    """Every product group a purchase or an elasticity override names must exist."""

    known = groups()
    buys = tomlfile.array_lines(text, "purchase")
    named = [(f"purchase #{i + 1}", p.group, buys[i] if i < len(buys) else 1) for i, p in enumerate(s.purchase)]
    head = tomlfile.table_line(text, "elasticities")
    named += [(f"elasticities.overrides #{i + 1}", o.group, head) for i, o in enumerate(s.elasticities.overrides)]
    bad = [RowProblem(tomlfile.field_line(text, line, "group"), f"{table}.group", f"unknown product group '{g}'")
           for table, g, line in named if g and g not in known]
    if bad:
        raise InputFileError(str(path), f"{len(bad)} unknown product group(s)", bad,
                             hint=f"use one of: {', '.join(known)}")


def _check_countries(s: Scenario, text: str, path: Path) -> None:

    head = tomlfile.table_line(text, "scenario")
    fields = [("scenario", "importer", s.scenario.importer, head), ("scenario", "partner", s.scenario.partner, head)]
    fields += [("scenario", "markets", m, head) for m in s.scenario.markets]
    edits, buys = tomlfile.array_lines(text, "edit"), tomlfile.array_lines(text, "purchase")
    fields += [(f"edit #{i + 1}", "regime", e.regime, edits[i]) for i, e in enumerate(s.edit)]
    fields += [(f"purchase #{i + 1}", f, getattr(p, f), buys[i]) for i, p in enumerate(s.purchase)
               for f in ("importer", "exporter")]
    for table, field, code, start in fields:
        try:
            ok = to_iso3(code) == code
        except CountryCodeError:
            ok = False
        if not ok:
            line = tomlfile.field_line(text, start, field)
            raise InputFileError(str(path), f"unknown country '{code}' in {table}.{field}",
                                 [RowProblem(line, f"{table}.{field}", f"'{code}' is not an ISO3 code")],
                                 hint="write countries as ISO3 codes (USA, IND)")
