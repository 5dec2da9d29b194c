"""What every command shares: opening the workspace, turning errors into exit codes."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..i18n.errors import LanguageError, PresslateError
from ..i18n.locales import parse_locale
from ..i18n.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def workspace(ctx: click.Context, *, here_if_none: bool = False) -> Workspace:
    """The workspace holding the current folder (or ``-C DIR``), found upwards as git does.

    With none found: an error (exit 2), or the folder itself for commands that create a
    workspace (``here_if_none``).
    """
    return Workspace.find(ctx.find_root().obj["workspace"], here_if_none=here_if_none)


def _locale_or_usage_error(value: str, param: click.Parameter | None, *,
                           what: str = "language") -> str:
    try:
        return parse_locale(value, what=what)
    except LanguageError as exc:
        message = exc.message + (f"\n  hint: {exc.hint}" if exc.hint else "")
        raise click.BadParameter(message, param=param) from exc


def locale_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback: a locale option (or each of a repeated one) in canonical form; a bad
    code is a usage error (exit 2) naming the option, before anything is read or written."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return tuple(_locale_or_usage_error(v, param) for v in value)
    return _locale_or_usage_error(value, param)


def locale_or_auto_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Click callback: ``auto`` or a locale, as :func:`locale_option`."""
    return value if value == "auto" else locale_option(ctx, param, value)


def locale_list_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """Click callback: comma-separated locales, each checked as :func:`locale_option` does."""
    if value is None:
        return ()
    return tuple(dict.fromkeys(_locale_or_usage_error(v.strip(), param, what="target language")
                               for v in value.split(",") if v.strip()))


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
