"""The generated part of docs/import-formats.md: variants and store columns, from their
declarations (``formats/*.Variant``, ``schema.Table``), so the docs cannot drift.

``python -m tradedeal.store.docs docs/import-formats.md`` rewrites the block between the
markers; a test fails when the file is stale.
"""

from __future__ import annotations

import sys

from tradedeal import docblock
from tradedeal.store import schema
from tradedeal.store.formats import comtrade, wits
from tradedeal.store.formats._spec import Variant

MODULE = "tradedeal.store.docs"


def variant_table(v: Variant) -> str:
    required = {name for group in v.required for name in group}
    rows = [f"### {v.title} (`{v.name}`, {v.kind})", "",
            "| field | header in the file | required |", "|---|---|---|"]
    for fld in v.fields:
        need = "yes" if fld.name in required else ""
        if need and any(len(g) > 1 and fld.name in g for g in v.required):
            need = "one of " + " / ".join(
                f"`{v.field(n).header}`" for g in v.required if fld.name in g for n in g)
        rows.append(f"| {fld.name} | `{fld.header}` | {need} |")
    return "\n".join(rows)


def generated() -> str:
    parts = ["## Accepted layouts", "",
             "The layout is detected from the header; `--format` names the family "
             "(`comtrade` or `wits`).", ""]
    for v in (*comtrade.VARIANTS, *wits.VARIANTS):
        parts += [variant_table(v), ""]
    parts += ["## Store tables", ""]
    for t in schema.TABLES:
        parts += [f"### `{t.name}`", "", t.description,
                  f"Natural key: ({', '.join(t.key)}).", "", schema.markdown_table(t), ""]
    return "\n".join(parts).rstrip() + "\n"


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
