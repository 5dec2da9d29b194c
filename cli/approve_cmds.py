"""``presslate approve`` and ``presslate reopen``: a person's review decision on entries."""

from __future__ import annotations

import click

from ..i18n.approve import ApproveOptions, ApproveResult
from ..i18n.approve import approve as approve_entries
from ..i18n.approve import reopen as reopen_entries
from ..i18n.workspace import relative
from .common import handle_errors, one_locale_option, workspace
from .verbosity import info


@click.command()
@click.argument("slug")
@click.argument("segment_ids", nargs=-1)
@one_locale_option("--lang", required=True, help="The catalog's locale.")
@click.option("--all-checked", is_flag=True,
              help="Approve every fuzzy entry with no error-level QA finding.")
@click.option("--force", is_flag=True, help="Approve entries with error-level QA findings too.")
@click.option("--translator", metavar='"NAME <EMAIL>"',
              help="Who approves (default: PRESSLATE_TRANSLATOR, else git's user.name and "
                   "user.email).")
@click.pass_context
@handle_errors
def approve(ctx: click.Context, slug: str, segment_ids: tuple[str, ...], lang: str,
            all_checked: bool, force: bool, translator: str | None) -> None:
    """Approve entries a person has checked: remove their fuzzy flag and #| lines.

    Records who approved and when in the catalog's Last-Translator and
    PO-Revision-Date. Entries with an error-level QA finding are refused
    (exit 1, nothing written) unless --force; with --all-checked they are
    left fuzzy and listed.

    \b
    Example:
      presslate approve harbour-strike --lang fr --all-checked --translator "Ana Silva <ana@example.org>"
    """
    if segment_ids and all_checked:
        raise click.UsageError("give segment ids or --all-checked, not both")
    ws = workspace(ctx)
    result = approve_entries(ws, ApproveOptions(
        slug=slug, lang=lang, segment_ids=segment_ids, all_checked=all_checked, force=force,
        translator=translator))
    _render(result, "approved", "already approved", relative(result.path, ws.root))
    for held in result.skipped:
        click.echo(f"left fuzzy {held.segment_ids} (line {held.line}): {' / '.join(held.messages)}")


@click.command()
@click.argument("slug")
@click.argument("segment_ids", nargs=-1, required=True)
@one_locale_option("--lang", required=True, help="The catalog's locale.")
@click.pass_context
@handle_errors
def reopen(ctx: click.Context, slug: str, segment_ids: tuple[str, ...], lang: str) -> None:
    """Mark approved entries fuzzy again: they await review.

    \b
    Example:
      presslate reopen harbour-strike --lang fr body-b28e8813
    """
    ws = workspace(ctx)
    result = reopen_entries(ws, slug, lang, segment_ids)
    _render(result, "reopened", "already fuzzy", relative(result.path, ws.root))


def _render(result: ApproveResult, verb: str, already: str, where: str) -> None:
    if result.changed:
        by = f" as {result.translator}" if result.translator else ""
        info(f"{verb} {len(result.changed)} in {where}{by}: {', '.join(result.changed)}")
    if result.unchanged:
        info(f"{already}: {', '.join(result.unchanged)}")
    if not result.changed:
        info(f"nothing {verb}; {where} unchanged")
