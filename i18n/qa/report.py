"""A check report as text for people, JSON, JUnit XML and GitHub Actions annotations.

Each renderer takes a :class:`~presslate.i18n.qa.runner.CheckReport` and
returns a string; nothing here prints or writes files.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..catalog import MACHINE
from .checks import CHECKS
from .model import ERROR, Finding
from .runner import MALFORMED, CheckReport

if TYPE_CHECKING:
    from xml.etree import ElementTree as ET

FORMATS = ("text", "json", "junit", "github")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: CheckReport) -> str:
    entries = len(report.entries)
    hidden = f" ({report.hidden} below --min-severity not shown)" if report.hidden else ""
    return (f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')} "
            f"in {entries} {'entry' if entries == 1 else 'entries'} of "
            f"{_plural(len(report.catalogs), 'catalog')}{hidden}")


def machine_awaiting(report: CheckReport) -> set[int]:
    """Indexes in ``report.findings`` of "machine suggestion awaiting review" findings: the
    ``fuzzy`` check on an entry in the machine state."""
    machine = {(r.ref.article, r.ref.locale, r.ref.segment_id, r.ref.line)
               for r in report.entries if r.state == MACHINE}
    return {i for i, f in enumerate(report.findings)
            if f.check == "fuzzy" and (f.article, f.locale, f.segment_id, f.line) in machine}


ByCatalog = dict[tuple[str, str], list[Finding]]


def _summarised(report: CheckReport, verbose: bool) -> tuple[list[Finding], ByCatalog]:
    """The findings to list one by one, and per catalog the machine suggestions awaiting
    review summarised in one line (all listed when ``verbose``)."""
    folded = set() if verbose else machine_awaiting(report)
    listed = [f for i, f in enumerate(report.findings) if i not in folded]
    groups: ByCatalog = defaultdict(list)
    for i in sorted(folded):
        finding = report.findings[i]
        groups[(finding.article, finding.locale)].append(finding)
    return listed, groups


def machine_summary(article: str, locale: str, found: list[Finding]) -> str:
    n = len(found)
    return (f"{_plural(n, 'machine suggestion')} awaiting review: check "
            f"{'them' if n > 1 else 'it'}, then approve (presslate approve {article} --lang {locale}); "
            "presslate check --verbose lists each")


def render_text(report: CheckReport, *, verbose: bool = False) -> str:
    """Findings grouped by article and locale (catalogs with errors first), errors first, with
    counts per check; the machine suggestions awaiting review are one line per catalog
    unless ``verbose``."""
    lines: list[str] = []
    listed, folded = _summarised(report, verbose)
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in listed:
        groups[(finding.article, finding.locale)].append(finding)
    counts_by = Counter((f.article, f.locale, f.severity == ERROR) for f in report.findings)
    order = sorted(report.catalogs, key=lambda c: counts_by[(c.article, c.locale, True)] == 0)
    for summary in order:
        key = (summary.article, summary.locale)
        found = groups.get(key, [])
        machine = folded.get(key, [])
        if not found and not machine and not verbose:
            continue
        errors = counts_by[(*key, True)]
        warnings = counts_by[(*key, False)]
        where = summary.path or "(no catalog)"
        lines.append(f"{summary.article} [{summary.locale}] {where}: "
                     f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
        for finding in found:
            at = f"{finding.kind} {finding.position}".strip() or "catalog"
            lines.append(f"  {finding.severity:<7} {at:<14} {finding.check:<16} {finding.message}"
                         + (f"  (line {finding.line})" if finding.line else ""))
        if machine:
            lines.append(f"  {machine[0].severity:<7} {'catalog':<14} {'fuzzy':<16} "
                         + machine_summary(*key, machine))
        lines.append("")
    counts = Counter((f.check, f.severity) for f in report.findings)
    if counts:
        lines.append("by check:")
        for (check, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {check:<18} {severity:<8} {n}")
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_json(report: CheckReport) -> str:
    data: dict[str, Any] = {
        "summary": {
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "entries": len(report.entries),
            "catalogs": len(report.catalogs),
            "failed": report.failed,
            "hidden": report.hidden,
        },
        "severities": dict(sorted(report.severities.items())),
        "catalogs": [
            {"article": c.article, "locale": c.locale, "path": c.path, "states": dict(c.states)}
            for c in report.catalogs
        ],
        "findings": [f.to_json() for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_junit(report: CheckReport) -> str:
    """JUnit XML: a test suite per catalog, a test case per entry and check."""
    from xml.etree import ElementTree as ET
    # An entry is known by its segments and its line (0 for an entry the catalog file lacks).
    by_entry: dict[tuple[str, str, str, int, str], list[Finding]] = defaultdict(list)
    for finding in report.findings:
        key = (finding.article, finding.locale, finding.segment_id, finding.line, finding.check)
        by_entry[key].append(finding)
    root = ET.Element("testsuites", name="presslate check")
    suites: dict[tuple[str, str], ET.Element] = {}
    for summary in report.catalogs:
        suite = ET.SubElement(root, "testsuite", name=f"{summary.article}.{summary.locale}",
                              file=summary.path)
        suites[(summary.article, summary.locale)] = suite
        if not summary.path:  # a missing catalog: one failing case
            for finding in by_entry.get((summary.article, summary.locale, "", 0, "untranslated"), []):
                _case(suite, f"{summary.article}.{summary.locale}", "catalog", [finding])
        for key, found in by_entry.items():  # a catalog that cannot be read: one failing case
            if key[:2] == (summary.article, summary.locale) and key[4] == MALFORMED:
                _case(suite, f"{summary.article}.{summary.locale}", "catalog malformed", found,
                      found[0].path, found[0].line)
    doc = {c.name: c.doc for c in CHECKS}
    for result in report.entries:
        ref = result.ref
        suite = suites[(ref.article, ref.locale)]
        classname = f"{ref.article}.{ref.locale}"
        for check in result.checks:
            found = by_entry.get((ref.article, ref.locale, ref.segment_id, ref.line, check), [])
            case = _case(suite, classname, f"{ref.label} {check}", found, ref.path, ref.line)
            if not found:
                ET.SubElement(case, "system-out").text = doc[check]
        for check in result.silenced:
            case = _case(suite, classname, f"{ref.label} {check}", [], ref.path, ref.line)
            flag = "presslate-no-" + check.replace("_", "-")
            ET.SubElement(case, "skipped", message=f"silenced by the flag {flag}")
    total = failures = skipped = 0
    for suite in root:
        cases = list(suite)
        n_fail = sum(1 for c in cases if c.find("failure") is not None)
        n_skip = sum(1 for c in cases if c.find("skipped") is not None)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(n_fail))
        suite.set("errors", "0")
        suite.set("skipped", str(n_skip))
        total, failures, skipped = total + len(cases), failures + n_fail, skipped + n_skip
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    root.set("skipped", str(skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, classname: str, name: str, found: list[Finding],
          path: str = "", line: int = 0) -> ET.Element:
    from xml.etree import ElementTree as ET

    case = ET.SubElement(suite, "testcase", classname=classname, name=name)
    if path:
        case.set("file", path)
    if line:
        case.set("line", str(line))
    errors = [f for f in found if f.severity == ERROR]
    warnings = [f for f in found if f.severity != ERROR]
    if errors:
        failure = ET.SubElement(case, "failure", type=errors[0].check,
                                message="; ".join(f.message for f in errors))
        failure.text = _detail(errors[0])
    if warnings:
        ET.SubElement(case, "system-err").text = "\n".join(f"warning: {f.message}" for f in warnings)
    return case


def _detail(finding: Finding) -> str:
    return f"source: {finding.source}\ntranslation: {finding.translation}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: CheckReport, *, verbose: bool = False) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message``, errors
    first; the machine suggestions awaiting review are one annotation per catalog unless
    ``verbose``."""
    lines = []
    listed, folded = _summarised(report, verbose)
    for finding in listed:
        lines.append(_annotation(finding, finding.message, line=finding.line))
    for (article, locale), found in folded.items():
        lines.append(_annotation(found[0], machine_summary(article, locale, found), line=0))
    lines.append(f"presslate check: {summary_line(report)}")
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding, message: str, *, line: int) -> str:
    level = "error" if finding.severity == ERROR else "warning"
    props = []
    if finding.path:
        props.append(f"file={_escape_property(finding.path)}")
    if line:
        props.append(f"line={line}")
    at = f"{finding.kind} {finding.position}".strip() if line else ""
    title = f"presslate {finding.check} [{finding.locale}]" + (f" {at}" if at else "")
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def render(report: CheckReport, fmt: str, *, verbose: bool = False) -> str:
    """The report in ``fmt``; ``verbose`` lists each machine suggestion awaiting review in the
    text and GitHub formats (JSON and JUnit always list every finding)."""
    if fmt == "text":
        return render_text(report, verbose=verbose)
    if fmt == "github":
        return render_github(report, verbose=verbose)
    return render_json(report) if fmt == "json" else render_junit(report)
