"""``presslate export`` and ``presslate review``."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n.config import FALLBACKS
from ..i18n.export import FORMATS, ExportOptions, export_articles
from ..i18n.export.review import ReviewOptions, write_review
from ..i18n.workspace import relative
from .common import echo_json, handle_errors, locales_option, one_locale_option, workspace
from .verbosity import info


@click.command()
@click.argument("slugs", nargs=-1, required=True)
@locales_option("--lang", "locales", required=True,
                help="The locales to export (fr, he, pt_BR).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Output format.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: publish.out_dir of the workspace).")
@click.option("--fallback", type=click.Choice(FALLBACKS),
              help="Entries without a reviewed translation (default: publish.fallback).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="A jinja2 template replacing the built-in HTML one.")
@click.option("--json", "as_json", is_flag=True,
              help="Print what was written as one JSON object (files, states, notices).")
@click.pass_context
@handle_errors
def export(ctx: click.Context, slugs: tuple[str, ...], locales: tuple[str, ...], fmt: str,
           out_dir: Path | None, fallback: str | None, template: Path | None, as_json: bool) -> None:
    """Write articles in a locale as HTML, Markdown, JSON or text: OUT/<locale>/<slug>.<ext>.

    Everything is rendered before anything is written. With --fallback refuse,
    an article with unreviewed segments exits 1 and writes nothing. A page
    showing machine translation or text left untranslated says so on the page,
    and standard error says so with counts.

    \b
    Example:
      presslate export harbour-strike --lang fr
      presslate export harbour-strike --lang es,fr --format json --fallback machine --out site
    """
    ws = workspace(ctx)
    batch = [ExportOptions(slug=slug, locale=locale, fmt=fmt, out_dir=out_dir, fallback=fallback,
                           template=template) for slug in slugs for locale in locales]
    written = export_articles(ws, batch)
    if as_json:
        echo_json({"files": [{
            "path": relative(r.path, ws.root), "article": r.doc.slug, "locale": r.doc.locale,
            "format": fmt, "segments": r.doc.counts(), "notices": r.doc.summaries(),
        } for r in written]})
    for rendered in written:
        if not as_json:
            info(f"wrote {relative(rendered.path, Path.cwd())}")
        doc = rendered.doc
        for line in doc.summaries():
            click.echo(f"{doc.slug} [{doc.locale}]: {line}", err=True)


@click.command()
@click.argument("slug")
@one_locale_option("--lang", "locale", required=True, help="The locale to review (fr, he, pt_BR).")
@click.option("-o", "--output", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The page to write (default: review/<slug>.<locale>.html in the workspace).")
@click.option("--findings", "findings_file", type=click.Path(dir_okay=False, path_type=Path),
              help="QA findings to show inline: a JSON list of {check, severity, message, "
                   "segment_id | msgctxt+msgid}.")
@click.option("--checks/--no-checks", "run_checks", default=True, show_default=True,
              help="Run the QA checks on the catalog and show their findings inline.")
@click.pass_context
@handle_errors
def review(ctx: click.Context, slug: str, locale: str, out: Path | None,
           findings_file: Path | None, run_checks: bool) -> None:
    """Write a static HTML page showing a catalog beside its source, in article order.

    Each segment's state (reviewed, as written, machine, changed source,
    person's draft, untranslated) is shown by colour and label, with provenance, the QA
    checks' findings (and those of --findings) and progress; the page needs no
    server, no network and no scripts.

    \b
    Example:
      presslate review harbour-strike --lang es -o review-es.html
    """
    ws = workspace(ctx)
    path = write_review(ws, ReviewOptions(slug=slug, locale=locale, out=out,
                                          findings_file=findings_file, run_checks=run_checks))
    info(f"wrote {relative(path, Path.cwd())}")
