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


def workspace(ctx: click.Context) -> Workspace:
    """The workspace named by ``-C`` (default: the current folder)."""
    return Workspace.open(ctx.find_root().obj["workspace"])


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
