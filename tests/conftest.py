"""Shared fixtures: every test runs with its own empty TRADEDEAL_HOME."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(scope="session", autouse=True)
def _shared_cache(tmp_path_factory):
    """One cache of computed artifacts for the session (entries are keyed by content, the user's
    imported data included, so tests with different homes cannot see each other's results)."""
    import os

    os.environ["TRADEDEAL_CACHE"] = str(tmp_path_factory.mktemp("tradedeal-cache"))
    yield
    os.environ.pop("TRADEDEAL_CACHE", None)


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


@pytest.fixture(scope="session")
def shipped_results(tmp_path_factory):
    """Every shipped scenario through the product-level model, once per test session (with a
    TRADEDEAL_HOME of its own, like every test)."""
    import os

    from tradedeal.models.simulate import simulate
    from tradedeal.scenario import load_scenario, shipped_scenarios

    before = os.environ.get("TRADEDEAL_HOME")
    os.environ["TRADEDEAL_HOME"] = str(tmp_path_factory.mktemp("shipped-results-home"))
    try:
        return {name: simulate(load_scenario(name)) for name in shipped_scenarios()}
    finally:
        if before is None:
            os.environ.pop("TRADEDEAL_HOME", None)
        else:
            os.environ["TRADEDEAL_HOME"] = before
