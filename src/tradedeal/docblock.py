"""Generated blocks in the Markdown docs: a page keeps its hand-written text around one block,
between two markers, that a module rewrites from its declarations
(``python -m tradedeal.<layer>.docs PAGE``); a test per page fails when the block is stale."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tradedeal.errors import InputFileError
from tradedeal.fileio import write_text_atomic

END = "<!-- end generated -->"


def begin(module: str) -> str:
    return f"<!-- generated: {module} (do not edit by hand) -->"


def render(text: str, module: str, block: str) -> str:
    """``text`` with ``module``'s generated block replaced by ``block`` (which ends with a newline)."""
    start = begin(module)
    head, found, rest = text.partition(start)
    _, closed, tail = rest.partition(END)
    if not found or not closed or start in rest:

        raise InputFileError(f"docs page of {module}", "it needs the generated block's markers once each, "
                             "start before end: nothing was rewritten",
                             hint=f"put {start} and {END} around the block, then run python -m {module} PAGE.md")
    return f"{head}{start}\n{block}{END}{tail}"


def main(argv: list[str], module: str, generate: Callable[[], str]) -> int:
    """Rewrite the block of the page named in ``argv`` (atomically)."""

    if len(argv) != 1 or not Path(argv[0]).is_file():
        print(f"usage: python -m {module} PAGE.md (an existing page holding the marker {begin(module)})")
        return 2
    path = Path(argv[0])
    try:
        text = render(path.read_text(encoding="utf-8"), module, generate())
    except InputFileError as exc:
        print(f"{path}: {exc.message}\nfix: {exc.hint}")
        return 2
    write_text_atomic(path, text)
    return 0
