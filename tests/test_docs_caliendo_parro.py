"""docs/caliendo-parro.md runs: its Python blocks, in order and in one namespace, reproduce
Caliendo and Parro (2015), Table 2 (p. 20) and Table 5 (p. 23), from the Python API; the asserts
on the page carry the published values and a tolerance of 0.6 of the last printed unit."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).parents[1] / "docs" / "caliendo-parro.md"


def blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_the_page_reproduces_the_tables():
    code = blocks(PAGE.read_text(encoding="utf-8"))
    assert len(code) >= 6
    namespace: dict = {}
    for k, block in enumerate(code, 1):
        exec(compile(block, f"{PAGE.name}, python block {k}", "exec"), namespace)
    assert namespace["eq"].max_excess < 1e-9 and "by_partner" in namespace


def test_the_layout_page_snippet_names_real_functions():
    # docs/io-economy.md shows the API in one block (not run: it names a placeholder file)
    from tradedeal.models.gravity import io_economy

    text = (PAGE.parent / "io-economy.md").read_text(encoding="utf-8")
    for name in re.findall(r"io_economy\.(\w+)\(", text):
        assert hasattr(io_economy, name), name
