"""What every command shares: opening the workspace, locale options, ``--quiet`` and
``--verbose``, turning errors into (highlighted) messages and exit codes."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from ..i18n.errors import LanguageError, PresslateError
from ..i18n.locales import parse_locale
from ..i18n.workspace import Workspace
from .verbosity import verbose

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


def _split(values: tuple[str, ...] | None) -> list[str]:
    """``("fr,es", "de")`` -> ``["fr", "es", "de"]``."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def complete_locales(ctx: click.Context, param: click.Parameter,
                     incomplete: str) -> list[CompletionItem]:
    """Shell completion of a locale option: the workspace's locales (its catalogs and
    ``target_languages``); after a comma, the next one of a list."""
    try:
        ws = Workspace.find(ctx.find_root().params.get("workspace") or ".")
        known = sorted({*ws.locales(), *ws.config.target_languages})
    except PresslateError:
        return []
    done, _, current = incomplete.rpartition(",")
    given = set(done.split(",")) if done else set()
    prefix = f"{done}," if done else ""
    return [CompletionItem(prefix + code) for code in known
            if code.startswith(current) and code not in given]


def locales_option(*decls: str, required: bool = False, help: str,
                   what: str = "language") -> Callable[[F], F]:
    """A repeatable option taking locales, as ``--lang fr,es`` or ``--lang fr --lang es``
    (or both): a tuple in canonical form without repeats; a bad code is a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        return tuple(dict.fromkeys(_locale_or_usage_error(v, param, what=what)
                                   for v in _split(value)))

    return click.option(*decls, multiple=True, required=required, callback=callback,
                        metavar="LOCALE[,LOCALE...]", shell_complete=complete_locales,
                        help=help + " Repeatable, or comma-separated.")


def one_locale_option(*decls: str, required: bool = False, help: str,
                      auto: bool = False) -> Callable[[F], F]:
    """An option taking one locale (``auto`` too when ``auto``): given twice, or as a list, it
    is a usage error naming both, never the last one silently."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        given = _split(value)
        if len(given) > 1:
            raise click.BadParameter(
                f"takes one locale, got {', '.join(given)}: run the command once per locale",
                param=param)
        if not given:
            return None
        return given[0] if auto and given[0] == "auto" else _locale_or_usage_error(given[0], param)

    return click.option(*decls, multiple=True, required=required, callback=callback,
                        metavar="LOCALE", shell_complete=complete_locales, help=help)


def color_enabled() -> bool | None:
    """``False`` when ``NO_COLOR`` is set (https://no-color.org), else ``None``: click colours
    a terminal and strips the colours from anything else."""
    return False if os.environ.get("NO_COLOR") else None


def error_message(text: str) -> None:
    """``presslate: error: ...`` on stderr, highlighted on a terminal."""
    head, _, rest = text.partition("\n")
    click.echo(click.style("presslate: error:", fg="red", bold=True) + f" {head}"
               + (f"\n{click.style(rest, fg='yellow')}" if rest else ""),
               err=True, color=color_enabled())


def handle_errors(fn: F) -> F:
    """Turn a :class:`PresslateError` into one message on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PresslateError as exc:
            error_message(str(exc))
            if verbose() and exc.__cause__ is not None:
                click.echo(f"  cause: {exc.__cause__!r}", err=True)
            raise SystemExit(exc.exit_code) from exc

    return wrapper  # type: ignore[return-value]


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
