"""``presslate pull``, ``presslate show`` and ``presslate segment``."""

from __future__ import annotations

import click

from ..i18n.edition import Alignment
from ..i18n.errors import EXIT_PARTIAL
from ..i18n.pull import EditOptions, PullOptions, edit_segments, pull_sources
from ..i18n.readers import FORMATS
from ..i18n.workspace import relative
from .common import echo_json, handle_errors, one_locale_option, workspace
from .verbosity import info


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["auto", *FORMATS]), default="auto",
              show_default=True, help="How to read the sources.")
@one_locale_option("--lang", help="The article's language (default: detected, then source_language).")
@click.option("--slug", help="The article's name in the workspace (default: from its headline).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Seconds to wait for a URL.")
@click.option("--follow", is_flag=True,
              help="Read the page of a feed item that only links to its article.")
@click.pass_context
@handle_errors
def pull(ctx: click.Context, sources: tuple[str, ...], fmt: str, lang: str | None,
         slug: str | None, timeout: float, follow: bool) -> None:
    """Read articles (files or http(s) URLs) into the workspace.

    Writes catalogs/<slug>.pot and the article's record; each segment's
    language is detected on its own. A feed, a list of WordPress posts or a
    ninjs package gives one article per item; items that are not articles are
    listed and the exit code is 3.

    \b
    Example:
      presslate pull examples/scrape-harbour-strike.txt --slug harbour-strike
      presslate pull https://example.org/news/story.html --slug story
    """
    ws = workspace(ctx, here_if_none=True)
    outcome = pull_sources(ws, PullOptions(sources=sources, fmt=fmt, lang=lang, slug=slug,
                                           timeout=timeout, follow=follow))
    for result in outcome.results:
        art = result.article
        included = len(art.included)
        excluded = len(art.segments) - included
        langs = sorted({s.lang for s in art.included})
        verb = "updated" if result.updated else "pulled"
        info(
            f"{verb} {art.slug}: {included} segments ({', '.join(langs)}), {excluded} excluded"
            f" -> {relative(result.template_path, ws.root)}"
            + ("" if result.template_changed else " (unchanged)")
        )
        if result.catalogs_updated:
            m = result.merged.merge
            info(f"  merged into {result.catalogs_updated} catalogs: {m.fuzzy} fuzzy, "
                       f"{m.obsolete} obsolete, {m.new} new")
        for line in as_written_lines(result.merged):
            info(f"  {line}")
    for origin, item in outcome.skipped:
        title = f" ({item.title})" if item.title else ""
        click.echo(f"{origin}: {item.where}{title} not pulled: {item.reason}", err=True)
    if outcome.skipped:
        if any(item.link for _, item in outcome.skipped) and not follow:
            click.echo("  hint: pull the items that only link to their article with --follow",
                       err=True)
        raise SystemExit(EXIT_PARTIAL)


def as_written_lines(alignment: Alignment) -> list[str]:
    """What happened to text used as written when the template changed."""
    lines = []
    if alignment.followed:
        lines.append(f"{alignment.followed} used as written now "
                     f"follow{'s' if alignment.followed == 1 else ''} the new source text")
    if alignment.unwritten:
        lines.append(f"{alignment.unwritten} no longer in the catalog's language: "
                     "no longer used as written, to translate")
    if alignment.as_written:
        lines.append(f"{alignment.as_written} now in the catalog's language: used as written")
    if alignment.restored:
        lines.append(f"{alignment.restored} approved again: the source is back to the text "
                     "its unchanged translation was approved for")
    return lines


@click.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--all/--included", "show_all", default=True, show_default=True,
              help="Show excluded segments too.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, slug: str, as_json: bool, show_all: bool) -> None:
    """List an article's segments in order: kind, language, included or why not.

    \b
    Example:
      presslate show harbour-strike --json
    """
    ws = workspace(ctx)
    with ws.reading():
        article = ws.load_article(slug)
    if as_json:
        echo_json(article.to_json())
        return
    meta = article.meta
    click.echo(f"{meta.slug}: {meta.title}")
    details = [f"language {meta.lang}"] + [
        f"{label} {value}" for label, value in
        (("site", meta.site), ("author", meta.author), ("published", meta.published),
         ("url", meta.url)) if value
    ]
    click.echo("  " + ", ".join(details))
    if meta.ids:
        click.echo("  ids: " + ", ".join(f"{k} {v}" for k, v in sorted(meta.ids.items())))
    for seg in article.segments:
        if not show_all and not seg.included:
            continue
        mark = "+" if seg.included else "-"
        text = seg.text if len(seg.text) <= 70 else seg.text[:67] + "..."
        click.echo(f"{mark} {seg.id:<22} {seg.kind:<10} {seg.lang:<3} {seg.confidence:4.2f}  {text}")
        if not seg.included:
            click.echo(f"  {'':<22} excluded: {seg.reason}")


@click.command()
@click.argument("slug")
@click.argument("segment_ids", nargs=-1, required=True)
@click.option("--include/--exclude", default=None, help="Include or exclude the segments.")
@one_locale_option("--lang", auto=True, help="Set the segments' language ('auto' to detect it again).")
@click.pass_context
@handle_errors
def segment(ctx: click.Context, slug: str, segment_ids: tuple[str, ...], include: bool | None,
            lang: str | None) -> None:
    """Include, exclude or set the language of segments; kept across later pulls.

    \b
    Example:
      presslate segment harbour-strike tracking-b0da0e83 --include
      presslate segment harbour-strike caption-c8256576 --lang fr
    """
    ws = workspace(ctx)
    result = edit_segments(ws, EditOptions(slug, segment_ids, include, lang))
    article = result.article
    for seg_id in segment_ids:
        seg = article.segment(seg_id)
        state = "included" if seg.included else f"excluded ({seg.reason})"
        info(f"{seg.id}: {seg.kind}, {seg.lang}, {state}")
    for line in as_written_lines(result.merged):
        info(f"catalogs: {line}")
