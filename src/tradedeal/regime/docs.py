"""The generated part of docs/measure-schema.md, from :data:`tradedeal.regime.schema.MEASURE_FIELDS`.

``python -m tradedeal.regime.docs docs/measure-schema.md`` rewrites the block between the
markers; a test fails when the page is stale.
"""

from __future__ import annotations

import sys

from tradedeal import docblock
from tradedeal.regime import schema

MODULE = "tradedeal.regime.docs"


def _block() -> str:
    return "\n".join([
        schema.markdown(), "",
        "### Exceptions (`[[exception]]` tables of a measure file)", "",
        "Every exception heading that a measure's Chapter 99 text names is declared once in the measure's file, "
        "saying how it is modelled (a test checks each declaration against the measures and the heading data).", "",
        schema.markdown(schema.EXCEPTION_FIELDS), "",
        "### Duty headings not modelled (`[[not_modelled]]` tables of a measure file)", "",
        schema.markdown(schema.NOT_MODELLED_FIELDS), ""])


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, _block())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, _block))
