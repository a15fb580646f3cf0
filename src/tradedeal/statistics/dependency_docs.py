"""The generated part of docs/dependency.md: the criteria (with their sources and thresholds),
the partner groups (members and joining dates) and the strategic product groups, from their
data files.

``python -m tradedeal.statistics.dependency_docs docs/dependency.md`` rewrites the marked block.
"""

from __future__ import annotations

import sys

from tradedeal import docblock
from tradedeal.codes.groups import groups
from tradedeal.codes.partners import partner_groups
from tradedeal.statistics.criteria import shipped_criteria
from tradedeal.statistics.dependency import DEFAULT_GROUPS

MODULE = "tradedeal.statistics.dependency_docs"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def generated() -> str:
    crit = shipped_criteria()
    out = ["### Criteria", "", "`statistics/data/dependency_criteria.toml`; a family's criteria must all hold.", ""]
    for fam in crit.families:
        out += [f"**{fam.label}** (`{fam.id}`): {_cell(fam.source)}" + (f" <{fam.source_url}>" if fam.source_url else ""),
                ""]
        if fam.note:
            out += [f"_{_cell(fam.note)}_", ""]
        out += ["| criterion | test | what it says | source | data it needs |", "|---|---|---|---|---|"]
        out += [f"| `{c.id}` | `{c.indicator} {c.operator} {c.threshold:g}` | {_cell(c.label)} | {_cell(c.source)} | "
                f"{_cell(c.needs)} |" for c in crit.of(fam.id)]
        out.append("")
    out += [f"Watched countries (their share and duty on every row): {', '.join(crit.watch.countries)}; "
            f"{_cell(crit.watch.reason)}.", "", "### Partner groups", "",
            "`codes/data/partner_groups.toml`; a member counts from the day it joined.", ""]
    for g in partner_groups().values():
        out += [f"**{g.label}** (`{g.name}`, checked to {g.as_of}): {_cell(g.description)} Source: {_cell(g.source)}", "",
                "| member | joined | source | note |", "|---|---|---|---|"]
        for m in g.member:
            when = str(m.joined) if m.joined else f"by {m.joined_by} (date not found)"
            out.append(f"| {m.country} | {when} | {_cell(m.source)} | {_cell(m.note)} |")
        out.append("")
    defs = groups()
    out += ["### The strategic product groups", "", "`codes/data/product_groups.toml` (the default `--groups`).", "",
            "| group | HS scope (include; exclude) | source | approximation |", "|---|---|---|---|"]
    for n in (*DEFAULT_GROUPS, "critical_minerals_2022"):
        g = defs[n]
        scope = ", ".join(g.include) + (f"; less {', '.join(g.exclude)}" if g.exclude else "")
        out.append(f"| `{n}` | {scope} | {_cell(g.source)} | {_cell(g.approximation or '')} |")
    out.append("")
    return "\n".join(out)


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
