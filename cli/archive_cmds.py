"""``presslate archive translate``: a whole archive machine-translated on a Ray cluster."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..i18n.errors import EXIT_PARTIAL
from .common import handle_errors, locales_option, workspace

FAILURES_SHOWN = 20  # failures the summary names (all are in DIR/failures.jsonl)
RAY_LOCAL = "local"


@click.group()
def archive() -> None:
    """Translate collections not kept as review catalogs (archives), on a Ray cluster.

    \b
    Example:
      presslate archive translate examples/ --to fr,es --out translated/
    """


@archive.command("translate")
@click.argument("source", type=click.Path(path_type=Path))
@locales_option("--to", "targets", required=True, what="target language", help="Target locales.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the documents: OUT/LOCALE/ID.json.")
@click.option("--engine", type=click.Choice(["auto", "argos", "apertium"]), default="auto",
              show_default=True, help="auto: the machine engines of translate.engines, in order.")
@click.option("--workers", type=click.IntRange(min=0), default=0, show_default=True,
              help="Translating actors (0: one per CPU of the cluster).")
@click.option("--ray", "ray_address", is_flag=False, flag_value=RAY_LOCAL, default=RAY_LOCAL,
              metavar="[ADDRESS]", help="The Ray cluster: auto (the one running here), HOST:6379 or "
              "ray://HOST:10001; by default a local Ray instance.")
@click.pass_context
@handle_errors
def translate(ctx: click.Context, source: Path, targets: tuple[str, ...], out: Path, engine: str,
              workers: int, ray_address: str) -> None:
    """Translate every article of SOURCE (a folder of articles in the formats pull reads, or a
    JSON-lines file of CMS-export articles) into one JSON document per article and language.

    A rerun skips the documents already written. Exit code 3: some articles could not be read
    or translated (listed, and in OUT/failures.jsonl). The settings (engines, routes, pivots,
    detection) are those of the workspace here, if any.

    \b
    Example:
      presslate archive translate examples/ --to fr,es --out translated/
      presslate archive translate archive.jsonl --to fr --out translated/ --ray auto
    """
    from ..i18n.archive import ArchiveOptions, ArchiveProgress, archive_translate

    config = workspace(ctx, here_if_none=True).config
    last = [0.0]

    def progress(state: ArchiveProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= 5.0:
            last[0] = now
            click.echo(f"archive: {state.written} written, {state.already} done before, "
                       f"{state.failed} failed, {state.rate:.1f} segments/s", err=True)

    options = ArchiveOptions(source=source, targets=targets, out=out, engine=engine, workers=workers,
                             address="" if ray_address == RAY_LOCAL else ray_address, config=config)
    summary = archive_translate(options, progress=progress if sys.stderr.isatty() else None)
    rate = summary.segments / max(summary.seconds, 1e-9)
    click.echo(f"written: {summary.written} documents ({summary.segments} segments translated, "
               f"{rate:.1f} segments/s over {summary.seconds:.1f} s)")
    click.echo(f"already written by an earlier run: {summary.already}")
    if summary.failures:
        click.echo(f"failed: {len(summary.failures)} (listed in {out / 'failures.jsonl'})")
        for failure in summary.failures[:FAILURES_SHOWN]:
            where = f"{failure.article} ({failure.locale})" if failure.locale else failure.article
            click.echo(f"  {where}: {failure.message}")
        if len(summary.failures) > FAILURES_SHOWN:
            click.echo(f"  … and {len(summary.failures) - FAILURES_SHOWN} more")
        raise SystemExit(EXIT_PARTIAL)
