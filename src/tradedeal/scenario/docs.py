"""The generated part of docs/scenario-schema.md, from the pydantic models' field descriptions.

``python -m tradedeal.scenario.docs docs/scenario-schema.md`` rewrites the marked block.
"""

from __future__ import annotations

import sys

from pydantic_core import PydanticUndefined

from tradedeal import docblock
from tradedeal.scenario.model import Edit, ElasticityChoice, ElasticityOverride, Purchase, ScenarioHeader

MODULE = "tradedeal.scenario.docs"
TABLES = (("[scenario]", ScenarioHeader), ("[[edit]]", Edit), ("[[purchase]]", Purchase),
          ("[elasticities]", ElasticityChoice), ("[[elasticities.overrides]]", ElasticityOverride))


def _type(annotation) -> str:
    return (str(annotation).replace("typing.", "").replace("datetime.", "").replace("NoneType", "none")
            .replace("<class '", "").replace("'>", "").replace(" | ", " or "))


def generated() -> str:
    parts = []
    for title, model in TABLES:
        parts += [f"### `{title}`", "", "| field | type | default | description |", "|---|---|---|---|"]
        for name, f in model.model_fields.items():
            if f.default is PydanticUndefined and f.default_factory is None:
                default = "**required**"
            elif f.default_factory is not None:
                default = f"`{f.default_factory()!r}`"
            else:
                default = f"`{f.default!r}`"
            parts.append(f"| `{name}` | {_type(f.annotation)} | {default} | {f.description or ''} |")
        parts.append("")
    return "\n".join(parts)


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, generated())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, generated))
