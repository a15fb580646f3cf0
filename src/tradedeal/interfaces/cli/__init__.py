"""The ``tradedeal`` command line: thin commands over the Python API.

Domain errors (:class:`tradedeal.errors.TradedealError`) are printed as a
message with its fix and exit with code 2; no traceback reaches the user.
"""

from __future__ import annotations

import os
import sys

import typer
from rich.markup import escape

from tradedeal.errors import TradedealError
from tradedeal.interfaces.cli import backtest, customs, data, demo, dependency, ge, simulate, target, tariffs, trade
from tradedeal.interfaces.render import console

app = typer.Typer(
    name="tradedeal",
    help="A bilateral trade negotiation as data: duties, exposure, deals and their effects.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from tradedeal import __version__

        typer.echo(f"tradedeal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="print the version and exit")) -> None:
    """A bilateral trade negotiation as data: duties, exposure, deals and their effects."""


app.add_typer(data.app, name="data")
app.command("trade")(trade.trade)
for _name in ("duty", "exposure", "timeline", "compete", "panel"):
    app.command(_name)(getattr(tariffs, _name))
app.command("entries")(customs.entries)
app.command("refunds")(customs.refunds)
app.command("simulate")(simulate.simulate)
app.command("scenarios")(simulate.scenarios)
app.command("ge")(ge.ge)
app.command("backtest")(backtest.backtest)
app.command("target")(target.target)
app.command("dependency")(dependency.dependency)
app.command("demo")(demo.demo)


def main() -> None:
    err = console(stderr=True)
    try:
        app(standalone_mode=False)
    except TradedealError as exc:
        err.print(f"[bold red]error:[/bold red] {escape(exc.message)}", highlight=False)
        if exc.hint:
            err.print(f"[bold]fix:[/bold] {escape(exc.hint)}", highlight=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors and friends
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if os.environ.get("TRADEDEAL_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/bold red] {type(exc).__name__}: {escape(str(exc))}", highlight=False)
        err.print("[bold]fix:[/bold] this is a bug in tradedeal, not in your input; rerun with "
                  "TRADEDEAL_DEBUG=1 for the traceback and report it", highlight=False)
        sys.exit(3)


if __name__ == "__main__":
    main()
