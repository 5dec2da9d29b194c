"""``--quiet`` and ``--verbose``: given before or after the command name, read by any command.

Only click here: the command group imports it, and ``presslate --help`` stays light.
"""

from __future__ import annotations

from typing import Any

import click


def _root_obj() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, dict) else {}


def quiet() -> bool:
    """``--quiet`` was given: report only errors, warnings and what was asked for."""
    return bool(_root_obj().get("quiet"))


def verbose() -> bool:
    """``--verbose`` was given: list every finding and detail."""
    return bool(_root_obj().get("verbose"))


def info(message: str, *, err: bool = False) -> None:
    """A line saying what a command did (``wrote ...``): not shown under ``--quiet``."""
    if not quiet():
        click.echo(message, err=err)


def set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Click callback of ``-q``/``-v``, given before or after the command name."""
    if value:
        root = ctx.find_root()
        if not isinstance(root.obj, dict):
            root.obj = {}
        root.obj[param.name or ""] = True
        if root.obj.get("quiet") and root.obj.get("verbose"):
            raise click.UsageError("give either --quiet or --verbose")
    return value


def verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=set_verbosity,
                     help="Print only errors, warnings and what was asked for."),
        click.Option(["-v", "--verbose"], is_flag=True, expose_value=False, callback=set_verbosity,
                     help="Print more detail (check: every finding, one by one)."),
    ]
