"""National tariff-line descriptions (HTS8/HTS10 and the like), as data per importer.

A national schedule nests its lines by indent: "6109.10.00.12 Men's (338)" only
makes sense under "T-shirts ...: Of cotton: Men's or boys': Other T-shirts:". The
full description of a line joins the texts of the rows above it, by indent, down
to the line itself. The dataset holding an importer's schedule is the one playing the
role ``descriptions`` in the catalogue; importers without one fall back to the WCO HS
2022 text at HS6 and above.
"""

from __future__ import annotations

from functools import lru_cache

from tradedeal import datasets
from tradedeal.datasets import artifacts


def full_texts(codes, texts, indents) -> dict[str, str]:
    """Code -> the texts of its ancestors (by indent) and its own, joined with ': '.

    Pure: rows must be in schedule order; rows without a code (unnumbered
    sub-headings) contribute their text to the lines below them.
    """
    stack: list[str] = []
    out: dict[str, str] = {}
    for code, text, indent in zip(codes, texts, indents):
        indent = int(indent)
        del stack[indent:]
        stack.extend([""] * (indent - len(stack)))
        stack.append(str(text or "").strip().rstrip(":"))
        if code:
            out[str(code)] = ": ".join(t for t in stack if t)
    return out


@lru_cache(maxsize=4)
def descriptions(importer: str) -> dict[str, str]:
    """Normalised national code -> full description for ``importer`` ({} if none is shipped):
    from the dataset playing the role ``descriptions``, cached on disk by its checksum."""
    found = datasets.shipped("descriptions", importer=importer)
    if not found:
        return {}
    sch = found[0]
    key = f"{sch.dataset}-{datasets.info(sch.dataset).sha256[:24]}"
    got = artifacts.load("descriptions", key)
    if isinstance(got, dict):
        return got
    code, text, indent = sch.get("code_column"), sch.get("text_column"), sch.get("indent_column")
    cols = f'"{code}", "{text}"' + (f', "{indent}"' if indent else "")
    rows = datasets.query(f"SELECT {cols} FROM {{{sch.dataset}}}")  # one file, read in order
    if indent is None:
        out = {str(r[0]): str(r[1]) for r in rows if r[0] is not None}
    else:
        out = full_texts([r[0] or "" for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    artifacts.save("descriptions", key, out)
    return out


def schedule_source(importer: str) -> str | None:
    found = datasets.shipped("descriptions", importer=importer)
    return found[0].get("label") if found else None
