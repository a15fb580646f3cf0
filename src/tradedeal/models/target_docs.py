"""The generated part of docs/target.md: the datasets behind a pair's history (the role
``bilateral_series``: reporter, period, series and what each is) and the product groups of the
purchases that would close a gap, with the ICIO sectors their seller's exports are bounded by.

``python -m tradedeal.models.target_docs docs/target.md`` rewrites the marked block.
"""

from __future__ import annotations

import sys

from tradedeal import datasets, docblock
from tradedeal.codes.groups import groups
from tradedeal.models.target import CLOSING_GROUPS

MODULE = "tradedeal.models.target_docs"


def generated() -> str:
    out = ["### The history: datasets playing `bilateral_series`", "",
           "| dataset | reporter | partner | period | kind | series -> flow, definition |", "|---|---|---|---|---|---|"]
    for m in datasets.shipped("bilateral_series"):
        series = "<br>".join(f"`{k}` -> {v[0]}, {v[1]}" for k, v in dict(m.get("series")).items())
        out.append(f"| `{m.dataset}` | {m.get('reporter')} | {m.get('partner')} | {m.get('period')} | "
                   f"{m.get('kind', 'read')} | {series} |")
    out += ["", "### Purchases that would close the gap: groups and the seller's capacity", "",
            "| group | HS scope | ICIO sectors (upper bound of the seller's exports) | source |", "|---|---|---|---|"]
    defs = groups()
    for n in CLOSING_GROUPS:
        g = defs[n]
        scope = ", ".join(g.include[:12]) + (" ..." if len(g.include) > 12 else "")
        out.append(f"| `{n}` | {scope} | {', '.join(g.icio_sectors)} | {g.source.replace('|', '/')} |")
    out.append("")
    return "\n".join(out)


def render(text: str) -> str:
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
