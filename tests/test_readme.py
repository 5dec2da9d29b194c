"""The README's usage section matches the commands: every command and option is documented."""

from __future__ import annotations

import re

import click
import pytest

from presslate.cli.main import COMMANDS, cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _leaves(name: str, command: click.Command) -> list[tuple[str, click.Command]]:
    if isinstance(command, click.Group):
        return [(f"{name} {sub}", c) for sub, c in sorted(command.commands.items())]
    return [(name, command)]


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    found: list[tuple[str, click.Command]] = []
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        assert command is not None
        found += _leaves(name, command)
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_readme_documents_command_and_options(name: str, command: click.Command) -> None:
    assert f"presslate {name}" in README, f"`presslate {name}` is not in the README"
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        names = [*param.opts, *param.secondary_opts]
        if "--help" in names:
            continue
        # An option by name, not as the start of a longer one (``-o`` is not ``-old``).
        assert any(re.search(re.escape(o) + r"(?![\w-])", README) for o in names), (
            f"{name}: option {names[0]} is not in the README")
