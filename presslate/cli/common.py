"""What every command shares: opening the workspace, turning errors into exit codes."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..i18n.errors import PresslateError
from ..i18n.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def workspace(ctx: click.Context, *, here_if_none: bool = False) -> Workspace:
    """The workspace holding the current folder (or ``-C DIR``), found upwards as git does.

    With none found: an error (exit 2), or the folder itself for commands that create a
    workspace (``here_if_none``).
    """
    return Workspace.find(ctx.find_root().obj["workspace"], here_if_none=here_if_none)


def handle_errors(fn: F) -> F:
    """Turn a :class:`PresslateError` into one message on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PresslateError as exc:
            click.echo(f"presslate: error: {exc}", err=True)
            raise SystemExit(exc.exit_code) from exc

    return wrapper  # type: ignore[return-value]


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
