"""``presslate xliff export`` and ``presslate xliff import``."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n.files import write_atomic
from ..i18n.xliff import XliffOptions, export_xliff, import_xliff
from .common import handle_errors, one_locale_option, workspace
from .verbosity import info


@click.group()
def xliff() -> None:
    """Exchange a catalog with CAT tools as XLIFF 1.2, states included.

    \b
    Example:
      presslate xliff export harbour-strike --lang fr -o harbour-strike.fr.xlf
      presslate xliff import harbour-strike harbour-strike.fr.xlf --lang fr
    """


@xliff.command(name="export")
@click.argument("slug")
@one_locale_option("--lang", required=True, help="The catalog's locale.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (default: standard output).")
@click.pass_context
@handle_errors
def export_cmd(ctx: click.Context, slug: str, lang: str, output: Path | None) -> None:
    """Write an article's catalog in one locale as XLIFF 1.2.

    \b
    Example:
      presslate xliff export harbour-strike --lang fr -o harbour-strike.fr.xlf
    """
    text = export_xliff(workspace(ctx), XliffOptions(slug=slug, lang=lang))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        info(f"wrote {output}", err=True)


@xliff.command(name="import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@one_locale_option("--lang", required=True, help="The catalog's locale.")
@click.pass_context
@handle_errors
def import_cmd(ctx: click.Context, slug: str, file: Path, lang: str) -> None:
    """Read translations and states from an XLIFF 1.2 file into the catalog.

    Approved targets become reviewed translations; others stay fuzzy. A
    person's reviewed translation is never replaced by a target that is not
    approved. A file for another article, source language or target language
    is refused (exit code 2) and nothing is changed.

    \b
    Example:
      presslate xliff import harbour-strike harbour-strike.fr.xlf --lang fr
    """
    stats = import_xliff(workspace(ctx), XliffOptions(slug=slug, lang=lang), file)
    info(f"{stats.updated} updated, {stats.unchanged} unchanged"
               + (f", {stats.kept_human} reviewed translations kept" if stats.kept_human else "")
               + (f", {stats.unknown} units not in the catalog" if stats.unknown else ""))
