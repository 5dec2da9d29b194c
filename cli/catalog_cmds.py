"""``presslate merge``, ``presslate status`` and ``presslate compile``."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n.errors import PresslateError
from ..i18n.merge import MergeOptions, merge_files
from ..i18n.workspace import Workspace, relative
from .common import echo_json, handle_errors, locales_option, workspace
from .verbosity import info


@click.command()
@click.argument("definitions", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("reference", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the merged catalog here (default: standard output).")
@click.option("-U", "--update", is_flag=True, help="Update DEFINITIONS in place.")
@click.option("-N", "--no-fuzzy-matching", is_flag=True,
              help="Do not fill new entries from similar old ones.")
@click.option("--no-obsolete", is_flag=True,
              help="Drop entries that left the template instead of keeping them as #~.")
@click.pass_context
@handle_errors
def merge(ctx: click.Context, definitions: Path, reference: Path, output: Path | None, update: bool,
          no_fuzzy_matching: bool, no_obsolete: bool) -> None:
    """Merge a translated catalog with a new template, like GNU msgmerge.

    Unchanged entries keep their translation; changed ones get the most
    similar old translation, marked fuzzy with the old source as #| msgid;
    entries that left the template are kept as obsolete (#~).

    \b
    Example:
      presslate merge catalogs/fr/LC_MESSAGES/harbour-strike.po catalogs/harbour-strike.pot -o fr.new.po
      presslate merge --update catalogs/fr/LC_MESSAGES/harbour-strike.po catalogs/harbour-strike.pot
    """
    if update and output is not None:
        raise click.UsageError("give either --update or --output")
    target = definitions if update else output
    result = merge_files(definitions, reference, target,
                         MergeOptions(fuzzy_matching=not no_fuzzy_matching,
                                      keep_obsolete=not no_obsolete),
                         ws=_workspace_or_none(ctx) if target is not None else None)
    if target is None:
        click.echo(result.text, nl=False)
    s = result.stats
    info(f"{s.kept} kept, {s.fuzzy} fuzzy, {s.new} new, {s.obsolete} obsolete"
               + (f", {s.revived} revived" if s.revived else "")
               + (f", {s.dropped} dropped" if s.dropped else ""), err=True)


def _workspace_or_none(ctx: click.Context) -> Workspace | None:
    """The ``-C`` workspace, whose lock guards a merge into its catalogs; none when it cannot
    be opened (merge also works on catalogs anywhere)."""
    try:
        return workspace(ctx)
    except PresslateError:
        return None


@click.command()
@click.argument("slugs", nargs=-1)
@locales_option("--lang", "langs", help="Only these locales.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@handle_errors
def status(ctx: click.Context, slugs: tuple[str, ...], langs: tuple[str, ...], as_json: bool) -> None:
    """How far each article is translated, per locale: entries and words.

    translated = reviewed or used as written; fuzzy = machine suggestions
    (machine) and entries whose source changed; obsolete entries are not
    counted in the total.

    \b
    Example:
      presslate status
      presslate status harbour-strike --lang fr,es --json
    """
    from ..i18n.status import StatusOptions, percent_down, workspace_status

    ws = workspace(ctx)
    rows = workspace_status(ws, StatusOptions(slugs=slugs, langs=langs))
    if as_json:
        echo_json({"catalogs": [row.to_json(ws.root) for row in rows]})
        return
    if not rows:
        click.echo("no catalogs yet (presslate translate SLUG --to LOCALE creates them)")
        return
    width = max(len("article"), *(len(row.slug) for row in rows))
    click.echo(f"{'article':<{width}}  {'locale':<7} {'done':>6}  {'translated':>12}  "
               f"{'fuzzy (mt)':>14}  {'untranslated':>12}  {'obsolete':>8}   words done")
    for row in rows:
        fuzzy = f"{row.fuzzy.entries} ({row.machine.entries})"
        click.echo(f"{row.slug:<{width}}  {row.locale:<7} {percent_down(row.percent):5.1f}%  "
                   f"{row.translated.entries:>12}  {fuzzy:>14}  {row.untranslated.entries:>12}  "
                   f"{row.obsolete.entries:>8}   {row.translated.words}/{row.total.words}"
                   f" ({percent_down(row.word_percent):.1f}%)" + ("" if row.path else "  [no catalog yet]"))


@click.command(name="compile")
@click.argument("slugs", nargs=-1)
@locales_option("--lang", "langs", help="Only these locales.")
@click.pass_context
@handle_errors
def compile_(ctx: click.Context, slugs: tuple[str, ...], langs: tuple[str, ...]) -> None:
    """Compile every catalog to a GNU MO file next to it (fuzzy entries left out).

    \b
    Example:
      presslate compile
      presslate compile harbour-strike --lang fr
    """
    from ..i18n.mo import CompileOptions, compile_workspace  # (not imported by merge: 0.1 s)

    ws = workspace(ctx)
    results = compile_workspace(ws, CompileOptions(slugs=slugs, langs=langs))
    for item in results:
        info(f"{relative(item.path, ws.root)}: {item.messages} messages"
                   + ("" if item.changed else " (unchanged)"))
    if not results:
        info("no catalogs to compile")
