"""The ``presslate`` command group.

Commands are imported only when run, so ``presslate --help`` stays fast and
never imports the machine-translation stack. Every
:class:`~presslate.i18n.errors.PresslateError` is turned into one message on
stderr and its exit code here, and nowhere else.

Exit codes: 0 ok; 1 a check or the publishing gate failed; 2 bad usage or
bad input; 3 partly done (a batch run could not do everything).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import click

from .. import __version__
from .verbosity import verbosity_options

# name -> (module, function, one-line help shown by `presslate --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("presslate.cli.workspace_cmds", "init", "Write a commented presslate.toml."),
    "pull": ("presslate.cli.pull_cmds", "pull", "Read articles into the workspace."),
    "show": ("presslate.cli.pull_cmds", "show", "List an article's segments."),
    "segment": ("presslate.cli.pull_cmds", "segment",
                "Include, exclude or set the language of segments."),
    "translate": ("presslate.cli.translate_cmds", "translate",
                  "Fill catalogs with machine translations (fuzzy, with provenance)."),
    "engines": ("presslate.cli.translate_cmds", "engines",
                "List translation engines and language pairs available here."),
    "models": ("presslate.cli.translate_cmds", "models", "Manage Argos Translate packages."),
    "approve": ("presslate.cli.approve_cmds", "approve",
                "Approve reviewed entries: remove fuzzy, record who and when."),
    "reopen": ("presslate.cli.approve_cmds", "reopen", "Mark approved entries fuzzy again."),
    "check": ("presslate.cli.qa_cmds", "check", "Check translations (QA); exit 1 on errors."),
    "publish": ("presslate.cli.qa_cmds", "publish",
                "Decide what may be published, compile and export it."),
    "export": ("presslate.cli.export_cmds", "export",
               "Write localized articles (HTML, Markdown, JSON, text)."),
    "review": ("presslate.cli.export_cmds", "review",
               "Write a side-by-side review page of a catalog."),
    "merge": ("presslate.cli.catalog_cmds", "merge",
              "Merge a catalog with a new template, like msgmerge."),
    "status": ("presslate.cli.catalog_cmds", "status", "How far each article is translated."),
    "compile": ("presslate.cli.catalog_cmds", "compile_", "Write MO files for every catalog."),
    "archive": ("presslate.cli.archive_cmds", "archive",
                "Machine-translate a whole archive on a Ray cluster."),
    "xliff": ("presslate.cli.xliff_cmds", "xliff", "Export or import a catalog as XLIFF 1.2."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        command = getattr(module, spec[1])
        assert isinstance(command, click.Command)
        _add_verbosity(command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a usage error's message is highlighted on a terminal (click
        strips the colour elsewhere, and ``NO_COLOR`` turns it off)."""
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            styled = click.style(exc.format_message(), fg="red", bold=True)
            raise click.UsageError(styled, ctx=exc.ctx) from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _add_verbosity(command: click.Command) -> None:
    """``-q``/``-v`` after the command name too (``presslate check -v``), on every subcommand."""
    if not any(p.name == "quiet" for p in command.params):
        command.params.extend(verbosity_options())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _add_verbosity(sub)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C", "--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
    default=Path(), show_default=True,
    help="Look for the workspace from this folder upwards, as git -C does.",
)
@click.option("-q", "--quiet", is_flag=True,
              help="Print only errors, warnings and what was asked for (reports, --json).")
@click.option("-v", "--verbose", is_flag=True,
              help="Print more detail (check: every finding, one by one).")
@click.version_option(__version__, prog_name="presslate")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, quiet: bool, verbose: bool) -> None:
    """Translate news articles offline and publish them in several languages.

    Errors are highlighted on a terminal (not when NO_COLOR is set). Shell
    completion: eval "$(_PRESSLATE_COMPLETE=bash_source presslate)" (zsh_source, fish_source).

    \b
    Example:
      presslate pull examples/scrape-harbour-strike.txt && presslate show harbour-strike
    """
    if quiet and verbose:
        raise click.UsageError("give either --quiet or --verbose")
    if os.environ.get("NO_COLOR"):
        ctx.color = False
    ctx.obj = {"workspace": workspace, "quiet": quiet, "verbose": verbose}


def main(argv: list[str] | None = None) -> Any:
    """Console entry point."""
    return cli.main(args=argv, prog_name="presslate")


if __name__ == "__main__":  # pragma: no cover
    main()
