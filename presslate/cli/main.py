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
from pathlib import Path
from typing import Any

import click

from .. import __version__

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
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C", "--workspace", "workspace", type=click.Path(file_okay=False, path_type=Path),
    default=Path(), show_default=True,
    help="Look for the workspace from this folder upwards, as git -C does.",
)
@click.version_option(__version__, prog_name="presslate")
@click.pass_context
def cli(ctx: click.Context, workspace: Path) -> None:
    """Translate news articles offline and publish them in several languages.

    \b
    Example:
      presslate pull examples/scrape-harbour-strike.txt && presslate show harbour-strike
    """
    ctx.obj = {"workspace": workspace}


def main(argv: list[str] | None = None) -> Any:
    """Console entry point."""
    return cli.main(args=argv, prog_name="presslate")


if __name__ == "__main__":  # pragma: no cover
    main()
