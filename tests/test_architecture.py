"""The architecture holds: no import cycles, and the fast commands load no heavy library.

The layer rules themselves are an import-linter contract (pyproject.toml, run by `make test`);
ruff (also run by `make test`) keeps imports at the top of modules except in the declared places.
"""

from __future__ import annotations

import os
import subprocess
import sys

import grimp


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    sys.setrecursionlimit(max(10000, sys.getrecursionlimit()))
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for m in sorted(graph.modules):
        if m not in index:
            visit(m)
    return out


def test_no_import_cycles():
    assert _cycles(grimp.build_graph("tradedeal")) == []


PROBE = """
import sys
sys.argv = {argv!r}
from tradedeal.interfaces.cli import main
try:
    main()
except SystemExit:
    pass
print("LOADED", ",".join(m for m in ("pandas", "pyarrow", "duckdb", "pydantic", "pycountry") if m in sys.modules),
      file=sys.stderr)
"""


def _loaded(argv: list[str], home) -> set[str]:
    env = {**os.environ, "TRADEDEAL_HOME": str(home)}
    subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], env=env, capture_output=True, check=True)
    got = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], env=env, capture_output=True, text=True,
                         check=True)
    line = [x for x in got.stderr.splitlines() if x.startswith("LOADED")][-1]
    return set(filter(None, line.split(" ", 1)[1].split(",")))


def test_duty_answers_from_the_cache_with_numpy_only(tmp_path):
    # the first run builds the compiled-regime cache; the second must not load pandas, pyarrow,
    # DuckDB or even the validation library (issue 8: `duty` needs neither pandas nor DuckDB)
    loaded = _loaded(["tradedeal", "duty", "6109.10.0012", "--origin", "IND", "--date", "2025-09-01"], tmp_path)
    assert loaded == set(), loaded


def test_trade_needs_no_pandas(tmp_path):
    loaded = _loaded(["tradedeal", "trade", "--importer", "USA", "--exporter", "IND", "--by", "hs2"], tmp_path)
    assert "pandas" not in loaded and "pyarrow" not in loaded, loaded
