"""Approving entries a person has looked at, and opening them for review again.

``approve`` does what a translator does in Poedit when approving: it removes the
``fuzzy`` flag and the previous-source lines (``#| msgid``), and records who
approved and when where gettext tools keep it, in the catalog's ``Last-Translator``
and ``PO-Revision-Date`` header fields. An entry carrying an error-level QA finding
is approved only when forced. ``reopen`` marks entries ``fuzzy`` again.

The catalog is written through the workspace's transaction, under its lock.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .catalog import UNTRANSLATED, entry_state
from .charsets import encode_po
from .edition import open_edition
from .errors import ApprovalRefusedError, PresslateError
from .locales import parse_locale
from .workspace import Workspace

TRANSLATOR_ENV = "PRESSLATE_TRANSLATOR"
_TRANSLATOR_RE = re.compile(r"[^<>\r\n]*\S[^<>\r\n]*(?: <[^<>\s]+@[^<>\s]+>)?")


@dataclass(frozen=True)
class ApproveOptions:
    slug: str
    lang: str
    segment_ids: tuple[str, ...] = ()
    all_checked: bool = False  # every fuzzy entry with no error-level finding
    force: bool = False  # approve entries with error-level findings too
    translator: str | None = None  # "Name <email>"; default: see default_translator()
    now: datetime | None = None


@dataclass(frozen=True)
class Blocked:
    """An entry that was not approved: its segments and the error-level findings on it."""

    segment_ids: str
    line: int
    messages: tuple[str, ...]


@dataclass(frozen=True)
class ApproveResult:
    path: Path
    changed: tuple[str, ...]  # the segment ids (comma-joined per entry) approved or reopened
    unchanged: tuple[str, ...]  # already approved (approve) or already fuzzy (reopen)
    translator: str = ""
    skipped: tuple[Blocked, ...] = ()  # --all-checked: left fuzzy for their findings


def default_translator(env: dict[str, str] | None = None, cwd: Path | None = None) -> str | None:
    """``PRESSLATE_TRANSLATOR``, else git's ``user.name`` and ``user.email``, else ``None``."""
    environ = os.environ if env is None else env
    if environ.get(TRANSLATOR_ENV, "").strip():
        return environ[TRANSLATOR_ENV].strip()
    name, email = _git_config("user.name", cwd), _git_config("user.email", cwd)
    if not name:
        return None
    return f"{name} <{email}>" if email else name


def _git_config(key: str, cwd: Path | None) -> str:
    try:
        done = subprocess.run(["git", "config", "--get", key], cwd=cwd, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def check_translator(value: str, *, what: str = "--translator") -> str:
    """``Name`` or ``Name <email>`` on one line, as the ``Last-Translator`` header holds it."""
    value = value.strip()
    if not _TRANSLATOR_RE.fullmatch(value):
        raise PresslateError(f"{what}: {value!r} is not a name, or a name and <email>",
                             hint='give it as "Name <name@example.org>"')
    return value


def _ids(entry: Any) -> list[str]:
    return [line if line else where.rpartition(":")[2] for where, line in entry.occurrences]


def _select(catalog: Any, segment_ids: tuple[str, ...], path: Path) -> list[Any]:
    """The live entries holding the given segment ids, in catalog order; an unknown id raises."""
    wanted = dict.fromkeys(segment_ids)
    found: dict[str, Any] = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        for seg_id in _ids(entry):
            if seg_id in wanted:
                found.setdefault(seg_id, entry)
    unknown = [s for s in wanted if s not in found]
    if unknown:
        raise PresslateError(f"no entry for segment {', '.join(unknown)} in this catalog",
                             path=path, hint="presslate show SLUG lists the segment ids")
    entries: list[Any] = []
    for seg_id in wanted:
        if not any(found[seg_id] is e for e in entries):
            entries.append(found[seg_id])
    return entries


def _error_findings(ws: Workspace, slug: str, locale: str) -> dict[str, list[str]]:
    """Error-level QA messages by the entry's segment ids (comma-joined, as findings carry them)."""
    from .qa.model import ERROR
    from .qa.runner import CheckOptions, check_workspace

    report = check_workspace(ws, CheckOptions(slugs=(slug,), langs=(locale,)))
    errors: dict[str, list[str]] = {}
    for finding in report.findings:
        if finding.severity == ERROR and finding.segment_id:
            errors.setdefault(finding.segment_id, []).append(f"{finding.check}: {finding.message}")
    return errors


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M%z")


def approve(ws: Workspace, options: ApproveOptions) -> ApproveResult:
    """Approve entries of one catalog (see the module's docstring); nothing is written when
    any is refused."""
    if not options.segment_ids and not options.all_checked:
        raise PresslateError("nothing to approve", hint="give segment ids, or --all-checked")
    locale = parse_locale(options.lang)
    raw = options.translator if options.translator is not None else default_translator(cwd=ws.root)
    if raw is None:
        raise PresslateError(
            "who approves? no translator given",
            hint=f'give --translator "Name <email>", set {TRANSLATOR_ENV}, or set git\'s '
                 "user.name and user.email")
    translator = check_translator(raw, what="--translator" if options.translator is not None
                                  else "translator")
    with ws.lock():
        edition = open_edition(ws, options.slug, locale)
        catalog, path = edition.catalog, edition.path
        if options.segment_ids:
            chosen = _select(catalog, options.segment_ids, path)
        else:
            chosen = [e for e in catalog if not e.obsolete and e.msgid and "fuzzy" in e.flags
                      and e.msgstr]
        empty = [",".join(_ids(e)) for e in chosen if entry_state(e) == UNTRANSLATED]
        if empty:
            raise PresslateError(f"nothing to approve in {', '.join(empty)}: not translated",
                                 path=path, hint="translate it first, then approve it")
        errors = _error_findings(ws, options.slug, locale)
        blocked = [Blocked(",".join(_ids(e)), e.linenum or 0, tuple(errors[",".join(_ids(e))]))
                   for e in chosen if "fuzzy" in e.flags and ",".join(_ids(e)) in errors]
        skipped: tuple[Blocked, ...] = ()
        if blocked and not options.force:
            if options.segment_ids:
                raise ApprovalRefusedError(
                    "error-level QA findings on "
                    + "; ".join(f"{b.segment_ids} ({' / '.join(b.messages)})" for b in blocked),
                    path=path, hint="fix them, or approve anyway with --force; nothing was written")
            skipped = tuple(blocked)
            held = {b.segment_ids for b in blocked}
            chosen = [e for e in chosen if ",".join(_ids(e)) not in held]
        changed, unchanged = [], []
        for entry in chosen:
            if "fuzzy" not in entry.flags:
                unchanged.append(",".join(_ids(entry)))
                continue
            entry.flags.remove("fuzzy")
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            changed.append(",".join(_ids(entry)))
        if changed:
            catalog.metadata["Last-Translator"] = translator
            catalog.metadata["PO-Revision-Date"] = _stamp(options.now)
            tx = ws.transaction()
            tx.write(path, encode_po(catalog))
            tx.commit()
    return ApproveResult(path, tuple(changed), tuple(unchanged), translator, skipped)


def reopen(ws: Workspace, slug: str, lang: str, segment_ids: tuple[str, ...]) -> ApproveResult:
    """Mark entries ``fuzzy`` again: they await review (the header is left as it is)."""
    if not segment_ids:
        raise PresslateError("nothing to reopen", hint="give the segment ids to mark fuzzy")
    locale = parse_locale(lang)
    with ws.lock():
        edition = open_edition(ws, slug, locale)
        catalog, path = edition.catalog, edition.path
        chosen = _select(catalog, segment_ids, path)
        empty = [",".join(_ids(e)) for e in chosen if not e.msgstr]
        if empty:
            raise PresslateError(f"cannot reopen {', '.join(empty)}: not translated", path=path,
                                 hint="an untranslated entry already awaits a translation")
        changed, unchanged = [], []
        for entry in chosen:
            if "fuzzy" in entry.flags:
                unchanged.append(",".join(_ids(entry)))
                continue
            entry.flags.append("fuzzy")
            changed.append(",".join(_ids(entry)))
        if changed:
            tx = ws.transaction()
            tx.write(path, encode_po(catalog))
            tx.commit()
    return ApproveResult(path, tuple(changed), tuple(unchanged))
