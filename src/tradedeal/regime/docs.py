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
    return schema.markdown() + "\n"


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, _block())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, _block))
