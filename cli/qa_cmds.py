"""``presslate check`` and ``presslate publish``: the quality checks and the publishing gate."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n.errors import EXIT_CHECK_FAILED
from ..i18n.export_names import FORMATS as EXPORT_FORMATS
from ..i18n.files import write_atomic
from ..i18n.qa.report import FORMATS, render
from ..i18n.qa.runner import CheckOptions, check_workspace
from .common import color_enabled, handle_errors, locales_option, workspace
from .verbosity import info, verbose


@click.command()
@click.argument("slugs", nargs=-1)
@locales_option("--lang", "langs",
                help="Check these locales only (default: every catalog and configured target).")
@click.option("--min-severity", type=click.Choice(["error", "warning"]), default="warning",
              show_default=True, help="Report only findings this severe or worse (every report).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--junit", "junit_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the JUnit XML report to this file (same run).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the JSON report to this file (same run).")
@click.option("--text", "text_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the text report to this file (same run).")
@click.pass_context
@handle_errors
def check(ctx: click.Context, slugs: tuple[str, ...], langs: tuple[str, ...], min_severity: str,
          fmt: str, output: Path | None, junit_file: Path | None, json_file: Path | None,
          text_file: Path | None) -> None:
    """Check every translation; exit 1 when any error-level finding.

    Runs the QA checks (numbers, glossary, names, language, punctuation,
    markup, length, engine marks, whitespace...) on every translated and
    fuzzy entry. Silence one check on one entry with the PO flag
    presslate-no-CHECK (e.g. `#, presslate-no-numbers`) or the same word in
    a translator comment; set severities in the [qa] section of the config.

    Errors come first. The machine suggestions awaiting review are one line
    per catalog in the text and GitHub reports (--verbose lists each). A
    catalog that cannot be read is an error finding with its file and line;
    the other catalogs are still checked and the reports written (a
    template that cannot be read stops the check: exit 2).

    \b
    Example:
      presslate check harbour-strike --lang fr,es
      presslate check --min-severity error --format junit -o qa.xml
      presslate check --format github --junit qa.xml --json qa.json
    """
    extra = {"junit": junit_file, "json": json_file, "text": text_file}
    targets = [p.resolve() for p in (output, *extra.values()) if p is not None]
    if len(set(targets)) < len(targets):
        raise click.UsageError("each report needs its own file")
    full = check_workspace(workspace(ctx), CheckOptions(slugs=slugs, langs=langs,
                                                         report_malformed=True))
    report = full.at_least(min_severity)
    for extra_fmt, path in extra.items():
        if path is not None:
            write_atomic(path, render(report, extra_fmt, verbose=verbose()))
    text = render(report, fmt, verbose=verbose())
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(_highlighted(text) if fmt == "text" else text, nl=False,
                   color=color_enabled())
    if full.failed:
        raise SystemExit(EXIT_CHECK_FAILED)


def _highlighted(text: str) -> str:
    """Error lines of the text report in red, warnings in yellow (click strips the colours
    when standard output is not a terminal)."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("  error "):
            line = click.style(line, fg="red", bold=True)
        elif line.startswith("  warning "):
            line = click.style(line, fg="yellow")
        lines.append(line)
    return "\n".join(lines)


@click.command()
@click.argument("slugs", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Decide and report; write nothing.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: publish.out_dir of the workspace).")
@click.option("--format", "formats", multiple=True, type=click.Choice(EXPORT_FORMATS),
              help="Export format (repeatable; default: publish.formats).")
@locales_option("--lang", "langs",
                help="Publish these locales only (default: every catalog and configured target).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@handle_errors
def publish(ctx: click.Context, slugs: tuple[str, ...], dry_run: bool, out_dir: Path | None,
            formats: tuple[str, ...], langs: tuple[str, ...], as_json: bool) -> None:
    """Decide what may be published, compile the catalogs and export it; exit 1 when
    a required article/locale is held back.

    The [publish] policy of the config decides: min_reviewed percent reviewed
    (default 100), no error-level QA findings, allow_machine to publish
    unreviewed machine translation with a visible notice. A page showing
    machine translation or text left untranslated says so on the page, in the
    report and on standard error, with counts. Writes
    OUT/<locale>/<slug>.<ext>, <slug>.mo beside each catalog, and
    OUT/publish-report.txt and .json.

    \b
    Example:
      presslate publish --dry-run
      presslate publish harbour-strike --format html --format json --out site
      presslate publish --lang fr,es --dry-run
    """
    from ..i18n.publish import PublishOptions, report_json, report_text
    from ..i18n.publish import publish as publish_articles

    report = publish_articles(workspace(ctx), PublishOptions(slugs=slugs, dry_run=dry_run, out_dir=out_dir,
                                                             formats=formats, langs=langs))
    if as_json:
        click.echo(report_json(report), nl=False)
    else:
        click.echo(report_text(report), nl=False)
        for path in report.report_files:
            info(f"report: {path}")
    for decision in report.published:
        for line in decision.summaries:
            click.echo(f"{decision.article} [{decision.locale}]: {line}", err=True)
    if report.failed:
        raise SystemExit(EXIT_CHECK_FAILED)
