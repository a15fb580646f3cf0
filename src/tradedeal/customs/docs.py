"""The generated part of docs/entries.md: the fields of an entry line, the layouts of entry files, the
refund phases and rules, and the interest-rate table, from their declarations
(:data:`tradedeal.datasets.entry_files.ENTRY_FIELDS`, ``datasets/layouts/entry_layouts.toml``,
``customs/data/refund_rules.toml``, ``customs/data/interest_rates.toml``).

``python -m tradedeal.customs.docs docs/entries.md`` rewrites the block between the markers; a test fails
when the page is stale.
"""

from __future__ import annotations

import sys

from tradedeal import docblock
from tradedeal.customs import rules
from tradedeal.datasets import entry_files

MODULE = "tradedeal.customs.docs"


def _block() -> str:
    return "\n".join([
        "### Fields of an entry line", "", entry_files.markdown_fields(), "",
        "### Layouts", "", entry_files.markdown_layouts(),
        "### Refund phases and rules (`customs/data/refund_rules.toml`, applied in this order, first match wins)", "",
        rules.markdown_rules(), "",
        "### Interest rates (`customs/data/interest_rates.toml`)", "", rules.markdown_rates(), ""])


def render(text: str) -> str:
    """``text`` with the generated block replaced by the current one."""
    return docblock.render(text, MODULE, _block())


if __name__ == "__main__":
    raise SystemExit(docblock.main(sys.argv[1:], MODULE, _block))
