"""The review page: one static HTML file showing a catalog beside its source, in article order.

No server, no scripts, no external assets: inline CSS only, so it opens
offline and can be attached to a CI run. Each row shows the source segment,
its translation, the entry's state (by colour and label), the machine
provenance and any QA findings; progress is at the top. Text in a
right-to-left language is laid out right-to-left in its own cell.

QA findings are an optional input: records with a check name, a severity, a
message and where they apply (a segment id, or the entry's msgctxt/msgid).
:func:`findings_from` takes any objects with those attributes (for example
the findings of ``presslate.i18n.qa``); :func:`parse_findings` reads them from
JSON (a list, or an object with a ``findings`` list).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import (
    CHANGED,
    MACHINE,
    REVIEWED,
    SOURCE,
    STATES,
    UNTRANSLATED,
    machine_text_intact,
    provenance,
)
from ..errors import ExportError
from ..locales import bcp47, display_name, parse_locale, text_direction
from ..status import percent_text
from ..workspace import Workspace, relative
from .localize import load_entries, segment_state

STATE_LABELS = {
    REVIEWED: "reviewed",
    SOURCE: "as written",
    MACHINE: "machine",
    CHANGED: "changed or draft",
    UNTRANSLATED: "untranslated",
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _row_label(state: str, entry: Any) -> str:
    """The state's label; a ``changed`` entry says whether its source changed or a person's
    draft awaits approval."""
    if state != CHANGED:
        return STATE_LABELS[state]
    return "changed source" if entry is not None and entry.previous_msgid else "person's draft"


def _row_provenance(state: str, entry: Any) -> str:
    """The engine's note; under a person's text (a draft, or a translation a person rewrote
    and approved) it is history, and says so; an approved suggestion says it was approved."""
    note = provenance(entry) if entry is not None else ""
    if not note:
        return note
    if state == CHANGED and not entry.previous_msgid:
        return f"edited from a machine suggestion: {note}"
    if state == REVIEWED:
        if machine_text_intact(entry):
            return f"machine suggestion approved as is: {note}"
        return f"a person's translation, edited from a machine suggestion: {note}"
    return note


@dataclass(frozen=True)
class Finding:
    """One QA finding about a segment (or about the whole article when it names none)."""

    check: str
    severity: str
    message: str
    segment_id: str = ""
    msgctxt: str = ""
    msgid: str = ""


@dataclass(frozen=True)
class ReviewRow:
    position: int
    segment_id: str
    kind: str
    source_text: str
    source_lang: str
    source_dir: str
    translation: str
    translation_lang: str
    translation_dir: str
    state: str
    label: str
    provenance: str = ""
    previous_source: str = ""
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class ReviewPage:
    slug: str
    locale: str
    locale_name: str
    title: str
    catalog: str  # the catalog's path relative to the workspace, or "" when there is none
    rows: tuple[ReviewRow, ...]
    counts: Mapping[str, int]
    general_findings: tuple[Finding, ...] = ()
    excluded: int = 0
    labels: Mapping[str, str] = field(default_factory=lambda: dict(STATE_LABELS))

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return self.counts.get(REVIEWED, 0) + self.counts.get(SOURCE, 0)

    @property
    def percent_done(self) -> str:
        """``93.3``: as ``status`` and ``publish`` show it (rounded down, one decimal)."""
        return percent_text(100 * self.done / self.total if self.total else 100.0).rstrip("%")

    def share(self, state: str) -> str:
        """The width of ``state`` in the progress bar, as a CSS percentage."""
        return f"{100 * self.counts.get(state, 0) / self.total:.2f}%" if self.total else "0%"

    @property
    def findings_total(self) -> int:
        return len(self.general_findings) + sum(len(r.findings) for r in self.rows)


@dataclass(frozen=True)
class ReviewOptions:
    slug: str
    locale: str
    out: Path | None = None  # default: review/<slug>.<locale>.html in the workspace
    findings_file: Path | None = None
    findings: tuple[Finding, ...] = ()
    run_checks: bool = True  # run the QA checks on the catalog and show their findings


def findings_from(records: Iterable[Any]) -> tuple[Finding, ...]:
    """Findings from objects or mappings with check/severity/message and a location."""
    out = []
    for record in records:
        def get(*names: str, _record: Any = record) -> str:
            for name in names:
                value = (_record.get(name) if isinstance(_record, Mapping)
                         else getattr(_record, name, None))
                if value not in (None, ""):
                    return str(value)
            return ""

        out.append(Finding(
            check=get("check", "name", "code") or "qa",
            severity=(get("severity", "level") or "warning").lower(),
            message=get("message", "text"),
            segment_id=get("segment_id", "segment"),
            msgctxt=get("msgctxt", "context", "kind"),
            msgid=get("msgid", "source"),
        ))
    return tuple(out)


def parse_findings(text: str, *, path: str = "<findings>", slug: str = "",
                   locale: str = "") -> tuple[Finding, ...]:
    """Findings from JSON text; records naming another slug or locale are left out."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ExportError(f"the findings are not JSON: {exc}", path=path) from exc
    except RecursionError as exc:
        raise ExportError("the findings are not JSON: nested too deeply", path=path) from exc
    if isinstance(data, Mapping):
        data = data.get("findings")
    if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
        raise ExportError("expected a list of findings (objects), or an object with a 'findings' list",
                          path=path)
    kept = [r for r in data
            if (not slug or str(r.get("slug", r.get("article", slug))) == slug)
            and (not locale or parse_locale(str(r.get("locale", locale))) == locale)]
    return findings_from(kept)


def build_review(ws: Workspace, slug: str, locale: str,
                 findings: Iterable[Finding] = ()) -> ReviewPage:
    """The review page's content for ``slug`` in ``locale``."""
    locale = parse_locale(locale)
    article = ws.load_article(slug)
    entries, exists = load_entries(ws, article, locale)
    pending = list(findings)
    rows = []
    target_dir = text_direction(locale)
    for position, seg in enumerate(article.included, start=1):
        entry: Any = entries.get((seg.kind, seg.text))
        state = segment_state(seg, entry, locale)
        translation = entry.msgstr if entry is not None else ""
        lang = bcp47(locale)
        direction = target_dir
        if state == SOURCE:
            translation = seg.text
            lang, direction = bcp47(seg.lang or locale), text_direction(seg.lang or locale)
        mine = [f for f in pending if finding_applies(f, seg.id, seg.kind, seg.text)]
        rows.append(ReviewRow(
            position=position, segment_id=seg.id, kind=seg.kind,
            source_text=seg.text, source_lang=bcp47(seg.lang), source_dir=text_direction(seg.lang),
            translation=translation, translation_lang=lang, translation_dir=direction,
            state=state, label=_row_label(state, entry),
            provenance=_row_provenance(state, entry),
            previous_source=(entry.previous_msgid or "") if entry is not None and state == CHANGED else "",
            findings=tuple(sorted(mine, key=_finding_key)),
        ))
    matched = {id(f) for row in rows for f in row.findings}
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        counts[row.state] += 1
    path = ws.catalog_path(slug, locale)
    return ReviewPage(
        slug=slug, locale=locale, locale_name=display_name(locale),
        title=article.meta.title or slug,
        catalog=relative(path, ws.root) if exists else "",
        rows=tuple(rows), counts=counts,
        general_findings=tuple(sorted((f for f in pending if id(f) not in matched), key=_finding_key)),
        excluded=len(article.segments) - len(article.included),
    )


def finding_applies(finding: Finding, segment_id: str, kind: str, text: str) -> bool:
    """A finding about an entry (msgctxt/msgid) applies to every segment of that entry;
    otherwise it names segments by id (several ids joined by commas)."""
    if finding.msgid:
        return finding.msgid == text and finding.msgctxt in ("", kind)
    return segment_id in {part.strip() for part in finding.segment_id.split(",") if part.strip()}


def _finding_key(f: Finding) -> tuple[int, str, str]:
    return (SEVERITY_ORDER.get(f.severity, 3), f.check, f.message)


def render_review(page: ReviewPage) -> str:
    """The review page as a complete, self-contained HTML5 document."""
    from .html import render_template

    return render_template("review.html", {"page": page, "states": STATES})


def check_findings(ws: Workspace, slug: str, locale: str) -> tuple[Finding, ...]:
    """The QA checks' findings on the catalog of ``slug`` in ``locale``."""
    from ..qa import CheckOptions, check_workspace

    report = check_workspace(ws, CheckOptions(slugs=(slug,), langs=(locale,)))
    return findings_from(report.findings)


def review_path(ws: Workspace, options: ReviewOptions) -> Path:
    if options.out is not None:
        return options.out
    from ..article import validate_slug

    return ws.root / "review" / f"{validate_slug(options.slug)}.{parse_locale(options.locale)}.html"


def write_review(ws: Workspace, options: ReviewOptions) -> Path:
    """Write the review page of ``options.slug`` in ``options.locale``; return its path."""
    findings = list(options.findings)
    locale = parse_locale(options.locale)
    if options.findings_file is not None:
        try:
            text = options.findings_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ExportError(f"cannot read the findings: {exc}", path=options.findings_file) from exc
        findings.extend(parse_findings(text, path=str(options.findings_file), slug=options.slug,
                                       locale=locale))
    path = review_path(ws, options)
    with ws.lock():
        if options.run_checks and ws.catalog_path(options.slug, locale).is_file():
            findings.extend(check_findings(ws, options.slug, locale))
        html = render_review(build_review(ws, options.slug, locale, findings))
        tx = ws.transaction()
        tx.write(path, html)
        tx.commit()
    return path
