"""``presslate check`` and ``presslate publish``: the quality checks and the publishing gate."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n.errors import EXIT_CHECK_FAILED
from ..i18n.files import write_atomic
from ..i18n.qa.report import FORMATS, render
from ..i18n.qa.runner import CheckOptions, check_workspace
from .common import handle_errors, workspace


@click.command()
@click.argument("slugs", nargs=-1)
@click.option("--lang", "langs", multiple=True,
              help="Check this locale only (repeatable; default: every catalog and configured target).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.pass_context
@handle_errors
def check(ctx: click.Context, slugs: tuple[str, ...], langs: tuple[str, ...], fmt: str,
          output: Path | None) -> None:
    """Check every translation; exit 1 when any error-level finding.

    Runs the QA checks (numbers, glossary, names, language, punctuation,
    markup, length, engine marks, whitespace...) on every translated and
    fuzzy entry. Silence one check on one entry with the PO flag
    presslate-no-CHECK (e.g. `#, presslate-no-numbers`); set severities
    in the [qa] section of the config.

    \b
    Example:
      presslate check netanyahu-putin-agree --lang fr
      presslate check --format junit -o qa.xml
    """
    report = check_workspace(workspace(ctx), CheckOptions(slugs=slugs, langs=langs))
    text = render(report, fmt)
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    if report.failed:
        raise SystemExit(EXIT_CHECK_FAILED)
