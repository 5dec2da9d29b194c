"""The publishing gate: decide per article and locale what may be published, then publish it.

For every article and locale the workspace's ``[publish]`` policy decides:

- at least ``min_reviewed`` percent of the entries reviewed by a person (or
  used as written because already in the target language); with
  ``allow_machine``, machine translations awaiting review count too, and the
  export shows a visible notice that parts were translated by machine;
- no error-level QA finding (``presslate check``; severities from ``[qa]``);
- the export itself succeeds (the ``refuse`` fallback refuses unreviewed text).

A published edition that shows machine translation or text left untranslated
(a source fallback under ``min_reviewed`` below 100) says so on the page; the
decision records those notices with their counts, and the report lists them.

Then it compiles the publishable catalogs (``<slug>.mo`` beside the PO),
exports each publishable article in every configured format, and writes a
report (text and JSON) of what was published and what was held back and why.
A locale is *required* when it is one of ``target_languages`` (or, with none
configured, when the article has a catalog for it); a required locale held
back fails the gate. ``dry_run`` decides and reports without writing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import MACHINE, REVIEWED, SOURCE
from .errors import ExportRefusedError
from .export.notices import Notice
from .qa.model import ERROR, Finding
from .qa.runner import CatalogSummary, CheckOptions, check_workspace
from .status import percent_down, percent_text
from .workspace import Workspace, relative

if TYPE_CHECKING:
    from .export import Rendered

REPORT_NAME = "publish-report"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class PublishOptions:
    slugs: tuple[str, ...] = ()
    dry_run: bool = False
    out_dir: Path | None = None  # default: publish.out_dir of the workspace
    formats: tuple[str, ...] = ()  # default: publish.formats
    langs: tuple[str, ...] = ()  # only these locales (default: every catalog and target)


@dataclass(frozen=True)
class Decision:
    """What the gate decided for one article in one locale, and why."""

    article: str
    locale: str
    required: bool
    publish: bool
    reviewed_percent: float
    states: Mapping[str, int]
    machine_notice: bool = False  # published with machine translation not yet reviewed
    reasons: tuple[str, ...] = ()  # why it is held back
    errors: Mapping[str, int] = field(default_factory=dict)  # error-level findings by check
    catalog: str = ""  # relative path, "" when missing
    compiled: str = ""  # the MO file written
    files: tuple[str, ...] = ()  # exports written (or that would be, in a dry run)
    notices: tuple[Notice, ...] = ()  # what the published pages say about themselves, with counts
    summaries: tuple[str, ...] = ()  # the same (and segments left out) as English lines

    @property
    def status(self) -> str:
        if not self.publish:
            return "held back" if self.required else "held back (optional)"
        kinds = [n.kind for n in self.notices] or (["machine"] if self.machine_notice else [])
        if not kinds:
            return "published"
        return f"published ({' and '.join(kinds)} notice{'s' if len(kinds) > 1 else ''})"


@dataclass(frozen=True)
class PublishReport:
    decisions: tuple[Decision, ...]
    dry_run: bool
    policy: Mapping[str, Any]
    out_dir: str
    report_files: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """A required article/locale was held back."""
        return any(d.required and not d.publish for d in self.decisions)

    @property
    def published(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.publish)

    @property
    def held(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if not d.publish)


def decide(summary: CatalogSummary, findings: list[Finding], *, required: bool, min_reviewed: float,
           allow_machine: bool) -> Decision:
    """The gate's decision for one catalog from its entry states and QA findings."""
    base = Decision(article=summary.article, locale=summary.locale, required=required, publish=False,
                    reviewed_percent=0.0, states=dict(summary.states), catalog=summary.path)
    if not summary.path:
        return replace(base, reasons=(f"no {summary.locale} catalog",))
    total = summary.total
    reviewed = summary.states.get(REVIEWED, 0) + summary.states.get(SOURCE, 0)
    machine = summary.states.get(MACHINE, 0)
    percent = 100.0 * reviewed / total if total else 100.0
    with_machine = 100.0 * (reviewed + machine) / total if total else 100.0
    reasons: list[str] = []
    notice = False
    if percent < min_reviewed:
        if allow_machine and with_machine >= min_reviewed:
            notice = machine > 0
        else:
            waiting = total - reviewed
            reasons.append(f"{percent_text(percent)} reviewed ({reviewed} of {total}; {waiting} awaiting "
                           f"review or translation), the policy requires {min_reviewed:g}%")
    errors = Counter(f.check for f in findings if f.severity == ERROR)
    if errors:
        detail = ", ".join(f"{check} {n}" for check, n in sorted(errors.items()))
        n = sum(errors.values())
        reasons.append(f"{n} error-level QA finding{'s' if n > 1 else ''} ({detail}); "
                       f"see presslate check {summary.article} --lang {summary.locale}")
    return replace(base, publish=not reasons, reviewed_percent=percent_down(percent),
                   machine_notice=notice and not reasons, reasons=tuple(reasons), errors=dict(errors))


def publish(ws: Workspace, options: PublishOptions, *, on_progress: Progress | None = None) -> PublishReport:
    """Decide, compile, export and report; with ``dry_run`` nothing is written.

    Everything is decided from one state of the workspace, read under its lock,
    and the MO files, exports and report are written in one transaction.
    """
    with ws.reading() if options.dry_run else ws.lock():
        return _publish(ws, options, on_progress)


def _publish(ws: Workspace, options: PublishOptions, on_progress: Progress | None) -> PublishReport:
    from .edition import open_edition
    from .export import ExportOptions, build_formats, out_root
    from .mo import build_mo

    policy = ws.config.publish
    formats = options.formats or policy.formats
    out_dir = out_root(ws, options.out_dir)
    slugs = ws.resolve_slugs(options.slugs)
    check = check_workspace(ws, CheckOptions(slugs=tuple(slugs), langs=options.langs))
    targets = set(ws.config.target_languages)
    decisions: list[Decision] = []
    pending: list[tuple[int, CatalogSummary, list[Rendered]]] = []
    by_catalog: dict[tuple[str, str], list[Finding]] = {}
    for finding in check.findings:
        by_catalog.setdefault((finding.article, finding.locale), []).append(finding)
    folders = ws.locale_folders()  # listed once for every article's alternates
    for summary in check.catalogs:
        found = by_catalog.get((summary.article, summary.locale), [])
        required = summary.locale in targets or not targets
        decision = decide(summary, found, required=required, min_reviewed=policy.min_reviewed,
                          allow_machine=policy.allow_machine)
        if decision.publish:
            fallback = "machine" if decision.machine_notice else policy.fallback
            try:
                rendered = build_formats(ws, ExportOptions(slug=summary.article, locale=summary.locale,
                                                           out_dir=out_dir, fallback=fallback),
                                         formats, folders=folders)
            except ExportRefusedError as exc:
                decision = _hold(decision, f"the export refuses it: {exc.message}")
            else:
                doc = rendered[0].doc if rendered else None
                decision = replace(decision, files=tuple(relative(r.path, ws.root) for r in rendered),
                                   notices=doc.notices if doc else (),
                                   summaries=tuple(doc.summaries()) if doc else ())
                pending.append((len(decisions), summary, rendered))
        if on_progress is not None:
            on_progress(f"{summary.article} [{summary.locale}]: {decision.status}")
        decisions.append(decision)
    report = PublishReport(tuple(decisions), options.dry_run, _policy(ws, formats),
                           relative(out_dir, ws.root))
    if options.dry_run:
        return report
    tx = ws.transaction()
    for index, summary, rendered in pending:
        # the catalog measured against its template (reviewed entries only, as msgfmt does)
        edition = open_edition(ws, summary.article, summary.locale)
        mo_path = edition.path.with_suffix(".mo")
        tx.write(mo_path, build_mo(edition.catalog))
        for item in rendered:
            tx.write(item.path, item.text)
        decisions[index] = replace(decisions[index], compiled=relative(mo_path, ws.root))
    report = replace(report, decisions=tuple(decisions))
    paths = report_paths(out_dir)
    tx.write(paths[0], report_json(report))
    tx.write(paths[1], report_text(report))
    tx.commit()
    return replace(report, report_files=tuple(relative(p, ws.root) for p in paths))


def _hold(decision: Decision, reason: str) -> Decision:
    return replace(decision, publish=False, machine_notice=False, reasons=(*decision.reasons, reason))


def _policy(ws: Workspace, formats: tuple[str, ...]) -> dict[str, Any]:
    policy = ws.config.publish
    return {"min_reviewed": policy.min_reviewed, "allow_machine": policy.allow_machine,
            "fallback": policy.fallback, "formats": list(formats),
            "target_languages": list(ws.config.target_languages)}


def report_paths(out_dir: Path) -> tuple[Path, Path]:
    """``publish-report.json`` and ``publish-report.txt`` in ``out_dir``."""
    return out_dir / f"{REPORT_NAME}.json", out_dir / f"{REPORT_NAME}.txt"


def report_json(report: PublishReport) -> str:
    data = {
        "dry_run": report.dry_run,
        "failed": report.failed,
        "policy": dict(report.policy),
        "out_dir": report.out_dir,
        "summary": {"published": len(report.published), "held_back": len(report.held),
                    "required_held_back": sum(d.required for d in report.held)},
        "decisions": [{**asdict(d), "status": d.status} for d in report.decisions],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_text(report: PublishReport) -> str:
    lines = []
    policy = report.policy
    machine = "allowed with a notice" if policy["allow_machine"] else "not allowed"
    lines.append(f"policy: at least {policy['min_reviewed']:g}% reviewed, machine translation {machine}, "
                 f"fallback {policy['fallback']}, no error-level QA findings")
    for d in report.decisions:
        lines.append(f"{d.article} [{d.locale}]: {d.status} ({percent_text(d.reviewed_percent)} reviewed)")
        lines.extend(f"    - {reason}" for reason in d.reasons)
        lines.extend(f"    notice: {line}" for line in d.summaries)
        verb = "would write" if report.dry_run else "wrote"
        lines.extend(f"    {verb} {path}" for path in d.files)
        if d.compiled:
            lines.append(f"    compiled {d.compiled}")
    held_required = sum(d.required for d in report.held)
    held = f"{len(report.held)} held back"
    if report.held:
        held += f" ({held_required} of them required)"
    lines.append(f"{len(report.published)} published, {held}"
                 + (" [dry run: nothing written]" if report.dry_run else ""))
    return "\n".join(lines) + "\n"
