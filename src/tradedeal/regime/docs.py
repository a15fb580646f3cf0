"""The generated part of docs/measure-schema.md, from :data:`tradedeal.regime.schema.MEASURE_FIELDS`.

``python -m tradedeal.regime.docs docs/measure-schema.md`` rewrites the block between the
markers; a test fails when the page is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tradedeal.regime import schema

BEGIN = "<!-- generated: tradedeal.regime.docs (do not edit by hand) -->"
END = "<!-- end generated -->"


def render(text: str) -> str:
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{schema.markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    from tradedeal.fileio import write_text_atomic

    path = Path(argv[0])
    write_text_atomic(path, render(path.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
