"""The one place where an error becomes an exit code, for every ``slipway`` command.

Each room raises its own domain errors, each carrying its exit code: ``SlipwayError``
(``pipelines.errors``), ``InfraError`` (``infra.errors``, the Kubernetes rollout's included) and
``CommandError`` (``app.cli``). The assembled command runs inside :class:`GuardedGroup`, which
prints them as one ``error: ...`` line on stderr. A missing third-party module means a dependency
group is not installed. Anything else is a bug: one line suggesting ``slipway -v``, under which
the exception propagates with its trace.
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from app.cli import CommandError, explained
from infra.errors import InfraError
from pipelines.errors import SlipwayError

#: The rooms' domain errors: each class (or instance) carries the exit code of its failures.
DOMAIN_ERRORS: tuple[type[Exception], ...] = (SlipwayError, InfraError, CommandError)
#: Our own packages: a module missing among them is a bug, not an uninstalled dependency group.
OWN_PACKAGES = frozenset({"app", "infra", "models", "pipelines"})
#: What already is a command-line outcome (usage errors, exits, Ctrl-C): passed through as is.
PASS_THROUGH = (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt)

#: Where the root callback records ``slipway -v`` (``ctx.meta``): unexpected errors then propagate.
VERBOSE = "slipway.verbose"

# emoji codes off: an error names "file.jsonl:100:" lines, which Rich would print as "file.jsonl💯"
_stderr = Console(stderr=True, emoji=False)


def print_error(message: str) -> None:
    """One ``error: ...`` line on stderr, never wrapped."""
    _stderr.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def expected_exit_code(exc: Exception) -> int | None:
    """Print a domain error (or a missing dependency) and return its exit code; None otherwise."""
    if isinstance(exc, DOMAIN_ERRORS):
        print_error(str(exc))
        return int(getattr(exc, "exit_code", 1))
    problem = explained(exc)  # a settings mistake, a database out of reach
    if problem is not None:
        print_error(problem)
        return 1
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] not in OWN_PACKAGES:
        print_error(
            f"{exc}: a dependency group is not installed; run `make install-all` to install "
            "every group (infra included)"
        )
        return 1
    return None


class GuardedGroup(TyperGroup):
    """The root ``slipway`` group: every sub-command runs inside the one error mapping."""

    def invoke(self, ctx: Any) -> Any:  # the (vendored) click context
        try:
            return super().invoke(ctx)
        except PASS_THROUGH:
            raise
        except Exception as exc:
            code = expected_exit_code(exc)
            if code is None:
                if ctx.meta.get(VERBOSE):
                    raise
                print_error(
                    f"{type(exc).__name__}: {exc}. "
                    "Run again with `slipway -v ...` for the full trace, or report it."
                )
                code = 1
            raise typer.Exit(code) from None
