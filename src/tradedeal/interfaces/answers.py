"""Answers of slow commands cached by content: a command that ran before on the same inputs
prints the same tables again without recomputing them.

The key is everything an answer depends on: the command and its options, the bytes of the
scenario files it reads, every file of the package but its data (code, regimes, scenarios,
groups, rules: :func:`~tradedeal.datasets.artifacts.package_key`), the checksums of the shipped
datasets and the fingerprints of the user's imported data. A change to any of them is a new key;
nothing is ever answered from a stale entry. Tables are kept as plain rows (no pandas needed to
print them). Commands that write files (``--out``, ``--excel``) always recompute.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from tradedeal import datasets
from tradedeal.datasets import artifacts, user_index
from tradedeal.tables import TableResult

KIND = "answers"


def key(command: str, files: list[str | Path], **options) -> str:
    """The key of a command's answer (see the module docstring)."""
    h = hashlib.sha256()
    for f in files:
        p = Path(f)
        h.update(str(p.resolve()).encode())
        h.update(p.read_bytes() if p.is_file() else b"missing")
    return artifacts.key_of(command, sorted(options.items()), h.hexdigest(), artifacts.package_key(),
                            datasets.content_key(datasets.names()), user_index.fingerprint("trade"),
                            user_index.fingerprint("tariff"))


def load(k: str):
    """The cached answer, or None."""
    return artifacts.load(KIND, k)


def save(k: str, answer) -> None:
    artifacts.save(KIND, k, answer)


def plain(table: TableResult) -> TableResult:
    """The table with its frame as plain rows (printable without pandas)."""
    return replace(table, _frame=table.records())
