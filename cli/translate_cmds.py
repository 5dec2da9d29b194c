"""``presslate translate``, ``presslate engines`` and ``presslate models``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import click

from ..i18n.config import TranslateConfig
from ..i18n.edition import Alignment
from ..i18n.errors import EXIT_PARTIAL
from ..i18n.executor import ExecutorSettings
from ..i18n.translate import ENGINE_CHOICES, Progress, TranslateOptions, TranslateSummary, translate_articles
from ..i18n.workspace import relative
from .common import echo_json, handle_errors, locales_option, workspace
from .pull_cmds import as_written_lines
from .verbosity import quiet

UNKNOWN_SHOWN = 5  # unknown words the summary names
RAY_LOCAL = "local"  # --ray without an address: a local Ray instance


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal (made once the total is known); else nothing."""
    if not sys.stderr.isatty() or quiet():
        yield None
        return
    with ExitStack() as stack:
        bars: list[Any] = []
        shown = [0]

        def report(done: int, total: int) -> None:
            if total <= 0:
                return
            if not bars:
                bars.append(stack.enter_context(
                    click.progressbar(length=total, label="translating", file=sys.stderr)))
            bars[0].length = total  # grows as each group of articles is read
            bars[0].update(done - shown[0])
            shown[0] = done

        yield report


def executor_settings(cfg: TranslateConfig, workers: int | None,
                      ray_address: str | None) -> ExecutorSettings | None:
    """The executor --workers and --ray ask for; None: the workspace's translate.executor."""
    if ray_address is not None:
        address = "" if ray_address == RAY_LOCAL else ray_address
        return ExecutorSettings("ray", cfg.workers if workers is None else workers, address)
    if workers is not None:
        return ExecutorSettings("workers", workers)
    return None


def _render(summary: TranslateSummary, root: Path) -> None:
    for locale, aligned in summary.aligned:
        for line in _alignment_lines(aligned):
            click.echo(f"{locale}: {line}")
    for item in summary.filled:
        click.echo(f"{item.locale}: {item.count} filled by {item.engine}")
    for locale, count in summary.as_written:
        click.echo(f"{locale}: {count} used as written (already in {locale})")
    for route in summary.routes:
        click.echo(f"route: {route}")
    kept = []
    if summary.kept_human:
        kept.append(f"{summary.kept_human} reviewed by a person")
    if summary.kept_machine:
        kept.append(f"{summary.kept_machine} earlier machine suggestions (--refresh-machine redoes them)")
    if summary.kept_as_written:
        kept.append(f"{summary.kept_as_written} already in the target language, used as written")
    if summary.kept_changed:
        kept.append(f"{summary.kept_changed} whose source changed, awaiting review")
    if summary.kept_drafts:
        kept.append(f"{summary.kept_drafts} drafts by a person, awaiting approval")
    if kept:
        click.echo("kept: " + "; ".join(kept))
    if summary.not_requested:
        click.echo(f"left untranslated (--engine none): {summary.not_requested}")
    if summary.unknown_words:
        words = ", ".join(summary.unknown[:UNKNOWN_SHOWN])
        more = ", …" if len(summary.unknown) > UNKNOWN_SHOWN else ""
        click.echo(f"unknown words: {summary.unknown_words} in {summary.unknown_segments} "
                   f"segment{'s' if summary.unknown_segments != 1 else ''} ({words}{more}), "
                   "listed on each entry (# presslate-unknown:)")
    if summary.retried_unmasked:
        click.echo(f"translated again without glossary/number masks (the engine dropped them): "
                   f"{summary.retried_unmasked}")
    if summary.lost_placeholders:
        click.echo(f"protected terms the engine dropped: {summary.lost_placeholders}")
    for skip in summary.skipped:
        click.echo(f"skipped {skip.count} in {skip.locale} ({skip.source}→{skip.target}): {skip.reason}")
        if skip.hint:
            click.echo(f"  hint: {skip.hint}")
    for path in summary.catalogs:
        click.echo(f"wrote {relative(path, root)}")
    if not summary.total_filled and not summary.as_written and not summary.skipped \
            and not summary.catalogs:
        click.echo("nothing to translate")


def summary_json(summary: TranslateSummary, root: Path) -> dict[str, Any]:
    """``translate --json``: the summary's figures, as the text summary gives them."""
    return {
        "filled": [asdict(f) for f in summary.filled],
        "total_filled": summary.total_filled,
        "as_written": [{"locale": loc, "count": n} for loc, n in summary.as_written],
        "kept": {"reviewed": summary.kept_human, "machine": summary.kept_machine,
                 "as_written": summary.kept_as_written, "changed_source": summary.kept_changed,
                 "drafts": summary.kept_drafts},
        "not_requested": summary.not_requested,
        "unknown_words": {"count": summary.unknown_words, "segments": summary.unknown_segments,
                          "words": list(summary.unknown)},
        "retried_unmasked": summary.retried_unmasked,
        "lost_placeholders": summary.lost_placeholders,
        "routes": list(summary.routes),
        "aligned": [{"locale": loc, "missing": a.missing, "merge": asdict(a.merge),
                     "followed": a.followed, "unwritten": a.unwritten, "as_written": a.as_written}
                    for loc, a in summary.aligned],
        "skipped": [asdict(s) for s in summary.skipped],
        "catalogs": [relative(p, root) for p in summary.catalogs],
        "partial": summary.partial,
    }


def _alignment_lines(aligned: Alignment) -> list[str]:
    """What merging the template into a catalog did before filling it."""
    lines = []
    if aligned.missing:  # fuzzy ones are among them: an exact match keeps its state
        fuzzy = f" ({aligned.merge.fuzzy} fuzzy, from a similar entry)" if aligned.merge.fuzzy else ""
        lines.append(f"{aligned.missing} missing from the catalog, added from the template{fuzzy}")
    if aligned.merge.obsolete:
        lines.append(f"{aligned.merge.obsolete} no longer in the template, kept as obsolete (#~)")
    return lines + as_written_lines(replace(aligned, as_written=0))


@click.command()
@click.argument("slugs", nargs=-1)
@locales_option("--to", "targets", what="target language",
                help="Target locales (default: target_languages).")
@click.option("--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="Where translations come from: auto = tm, then the engines in config order.")
@click.option("--refresh-machine", is_flag=True,
              help="Translate again entries that hold an earlier machine suggestion.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--workers", type=click.IntRange(min=0), is_flag=False, flag_value=0, default=None,
              metavar="[N]", help="Run the engines in N worker processes (alone: one per core).")
@click.option("--ray", "ray_address", is_flag=False, flag_value=RAY_LOCAL, default=None,
              metavar="[ADDRESS]", help="Run the engines on a Ray cluster: auto (the one running "
              "here), HOST:6379 or ray://HOST:10001; alone: a local Ray instance.")
@click.pass_context
@handle_errors
def translate(ctx: click.Context, slugs: tuple[str, ...], targets: tuple[str, ...], engine: str,
              refresh_machine: bool, as_json: bool, workers: int | None,
              ray_address: str | None) -> None:
    """Fill untranslated catalog entries with machine translations (fuzzy, with provenance).

    Entries a person translated or approved are never changed. Exit code 3:
    some entries could not be translated (the summary says why and how to fix it).

    \b
    Example:
      presslate translate --to fr,en
      presslate translate harbour-strike --to fr --engine apertium
      presslate translate --workers 4
    """
    ws = workspace(ctx)
    options = TranslateOptions(slugs=slugs, targets=targets, engine=engine, refresh_machine=refresh_machine,
                               executor=executor_settings(ws.config.translate, workers, ray_address))
    with _progress_bar() as progress:
        summary = translate_articles(ws, options, progress=progress)
    if as_json:
        echo_json(summary_json(summary, ws.root))
    elif not quiet():
        _render(summary, ws.root)
    else:  # what could not be done still shows
        for skip in summary.skipped:
            click.echo(f"skipped {skip.count} in {skip.locale} ({skip.source}→{skip.target}): "
                       f"{skip.reason}", err=True)
    if summary.partial:
        raise SystemExit(EXIT_PARTIAL)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
@handle_errors
def engines(ctx: click.Context, as_json: bool) -> None:
    """List the translation engines and language pairs available here, direct and via pivots,
    and for each pair the route translate takes and why.

    \b
    Example:
      presslate engines
    """
    from ..i18n.engines.report import list_engines, list_routes

    ws = workspace(ctx, here_if_none=True)
    infos = list_engines(ws)
    routes = list_routes(ws)
    if as_json:
        echo_json({"engines": [{**asdict(i), "available": i.available} for i in infos],
                   "routes": [asdict(r) for r in routes]})
        return
    for info in infos:
        click.echo(f"{info.name}: {info.detail}")
        label = "entries" if info.name == "tm" else "direct"
        click.echo(f"  {label}: {', '.join(info.direct) or 'none'}")
        if info.name != "tm":
            click.echo(f"  via pivot: {', '.join(info.pivot) or 'none'}")
        for problem in info.problems:
            click.echo(f"  broken: {problem}")
    click.echo("routes translate takes:" + ("" if routes else " none"))
    for route in routes:
        click.echo(f"  {route.source}→{route.target}: {route.route or 'none'} — {route.reason}")


@click.group()
def models() -> None:
    """Manage Argos Translate packages (ARGOS_PACKAGES_DIR).

    \b
    Example:
      presslate models download fr en
      presslate models install ./translate-fr_en-1_9.argosmodel
    """


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def models_list(as_json: bool) -> None:
    """List installed Argos packages.

    \b
    Example:
      presslate models list
    """
    from ..i18n.models import installed_packages, packages_dir

    packages = installed_packages()
    if as_json:
        echo_json({"directory": str(packages_dir()), "packages": [
            {**asdict(pkg), "path": str(pkg.path), "usable": not pkg.problem} for pkg in packages]})
        return
    click.echo(f"Argos packages in {packages_dir()}:")
    if not packages:
        click.echo("  none (presslate models download FROM TO, or presslate models install FILE)")
    for pkg in packages:
        state = f"  BROKEN: {pkg.problem}" if pkg.problem else ""
        click.echo(f"  {pkg.name}  {pkg.source}→{pkg.target}  {pkg.version}{state}")


@models.command("install")
@click.argument("path", type=click.Path(path_type=Path))
@handle_errors
def models_install(path: Path) -> None:
    """Install an .argosmodel file.

    \b
    Example:
      presslate models install translate-en_fr-1_9.argosmodel
    """
    from ..i18n.models import install_package

    pkg = install_package(path)
    click.echo(f"installed {pkg.name} ({pkg.source}→{pkg.target} {pkg.version}) in {pkg.path.parent}")


@models.command("download")
@click.argument("source")
@click.argument("target")
@handle_errors
def models_download(source: str, target: str) -> None:
    """Download and install a package from the Argos index (ARGOS_PACKAGE_INDEX).

    \b
    Example:
      presslate models download fr en
    """
    from ..i18n.models import download_package

    pkg = download_package(source, target)
    click.echo(f"installed {pkg.name} ({pkg.source}→{pkg.target} {pkg.version}) in {pkg.path.parent}")


@models.command("remove")
@click.argument("name")
@handle_errors
def models_remove(name: str) -> None:
    """Remove an installed package (its name from `models list`, or FROM_TO).

    \b
    Example:
      presslate models remove translate-en_fr-1_9
    """
    from ..i18n.models import remove_package

    pkg = remove_package(name)
    click.echo(f"removed {pkg.name}")
