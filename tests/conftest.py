"""Shared fixtures: every test runs with its own empty TRADEDEAL_HOME."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "tradedeal-home"
    monkeypatch.setenv("TRADEDEAL_HOME", str(home))
    return home


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run the real console entry point in-process: returns (exit code, stdout, stderr)."""
    from tradedeal.interfaces.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["tradedeal", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
