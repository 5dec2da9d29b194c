"""``presslate init``."""

from __future__ import annotations

import click

from ..i18n.workspace_find import find_root
from ..i18n.workspace_init import init_workspace
from .common import handle_errors
from .verbosity import info


@click.command()
@click.option("--force", is_flag=True, help="Replace an existing presslate.toml.")
@click.pass_context
@handle_errors
def init(ctx: click.Context, force: bool) -> None:
    """Write a commented presslate.toml with every setting at its default, and a .gitignore
    for what presslate generates (the published site, review pages, MO files), so git status
    stays clean after publish; an existing .gitignore only gets the patterns it lacks.

    \b
    Example:
      presslate -C newsroom init
    """
    result = init_workspace(find_root(ctx.find_root().obj["workspace"], here_if_none=True),
                            force=force)
    info(f"wrote {result.config}")
    if result.ignored:
        info(f"wrote {result.gitignore} (ignores {' '.join(result.ignored)})")
