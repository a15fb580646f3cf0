"""The generated part of docs/datasets.md: every shipped dataset and every role, from the
catalogue (``files/manifest.json``) and :data:`tradedeal.datasets.roles.ROLES`.

``python -m tradedeal.datasets.docs docs/datasets.md`` rewrites the block between the markers;
a test fails when the page is stale.
"""

from __future__ import annotations

import sys

from tradedeal import docblock
from tradedeal.datasets.catalogue import manifest
from tradedeal.datasets.roles import ROLES

MODULE = "tradedeal.datasets.docs"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _role_text(role) -> str:
    shown = [f"{k}={v}" for k, v in role.params if k in ("importer", "exporter", "market", "kind", "source", "table",
                                                           "level", "width", "period", "reporter")]
    return f"`{role.role}` ({', '.join(shown)})" if shown else f"`{role.role}`"


def generated() -> str:
    m = manifest()
    parts = ["## Roles", "",
             "Code finds a dataset by the role it plays, never by a name written into a module "
             "(`tradedeal.datasets.find(role, **keys)`; the user's imports in the store come first).", "",
             "| role | what it is | looked up by | fields |", "|---|---|---|---|"]
    for spec in ROLES.values():
        fields = "; ".join(f"`{f.name}`{'' if f.required else ' (optional)'}: {_cell(f.description)}" for f in spec.fields)
        parts.append(f"| `{spec.name}` | {_cell(spec.description)} | {', '.join(spec.keys)} | {fields} |")
    parts += ["", "## Datasets", "",
              f"{len(m)} shipped datasets, each verified against its SHA-256 before it is read.", "",
              "| dataset | what it is | rows | unit | vintage | roles |", "|---|---|---|---|---|---|"]
    for name in sorted(m):
        ds = m[name]
        roles = "<br>".join(_role_text(r) for r in ds.roles) or ""
        rows = f"{ds.rows:,} files" if ds.kind == "folder" else f"{ds.rows:,}"
        parts.append(f"| `{name}` | {_cell(ds.description)} | {rows} | {_cell(ds.unit)} | {_cell(ds.vintage)} | {roles} |")
    parts += [""]
    for name in sorted(m):
        ds = m[name]
        parts += [f"### `{name}`", "", _cell(ds.description), "",
                  f"- source: {_cell(ds.source)}", f"- licence: {_cell(ds.licence)}", f"- vintage: {_cell(ds.vintage)}",
                  f"- unit: {_cell(ds.unit)}", f"- built from: `{_cell(ds.origin)}` (../shared/data)",
                  f"- file: `{ds.file}`, SHA-256 `{ds.sha256[:16]}...`"]
        if ds.notes:
            parts.append(f"- notes: {_cell(ds.notes)}")
        if ds.columns:
            parts += ["", "| column | meaning |", "|---|---|"]
            parts += [f"| `{c}` | {_cell(meaning)} |" for c, meaning in ds.columns]
        if ds.files:
            parts += ["", "| file | SHA-256 |", "|---|---|"]
            parts += [f"| `{f}` | `{sha[:16]}...` |" for f, sha in ds.files]
        parts.append("")
    return "\n".join(parts) + "\n"


def render(text: str) -> str:
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
