"""presslate review: the static side-by-side page; its layout is checked in headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.export.review import (
    Finding,
    ReviewOptions,
    build_review,
    findings_from,
    parse_findings,
    write_review,
)
from presslate.i18n.workspace import Workspace

from .conftest import Invoke, require_tool
from .export_fixtures import BODY1, BODY2, SLUG, write_catalog, write_workspace


def parse_html(text: str) -> Any:
    import html5lib

    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def rows(root: Any) -> list[Any]:
    return [tr for tr in root.iter("tr") if "row" in (tr.get("class") or "").split()]


FINDINGS = [
    {"check": "numbers", "severity": "error", "message": "number 15 missing",
     "msgctxt": "body", "msgid": BODY1, "locale": "he"},
    {"check": "length", "severity": "warning", "message": "too short", "segment": "headline-d6e22d71"},
    {"check": "glossary", "severity": "info", "message": "whole-article note"},
    {"check": "numbers", "severity": "error", "message": "for another locale", "locale": "fr"},
    {"check": "numbers", "severity": "error", "message": "for another article", "slug": "other"},
]


def test_review_page_shows_states_provenance_findings_and_progress(run: Invoke, workspace: Path,
                                                                    tmp_path: Path) -> None:
    write_workspace(workspace)
    findings = tmp_path / "findings.json"
    findings.write_text(json.dumps({"findings": FINDINGS}), encoding="utf-8")
    out = tmp_path / "review.html"
    result = run("review", SLUG, "--lang", "he", "--out", str(out), "--findings", str(findings))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    root = parse_html(html)
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    assert [el.tag for el in root.iter("script")] == []
    assert not re.search(r'(src|href)="(https?:)?//', html), "the page must not load anything"
    table = rows(root)
    assert [tr.get("data-state") for tr in table] == [
        "reviewed", "reviewed", "machine", "reviewed", "untranslated"]
    labels = [tr.find(".//span[@class='label']").text for tr in table]
    assert labels == ["reviewed", "reviewed", "machine", "reviewed", "untranslated"]
    cells = [(td.get("class"), td.get("lang"), td.get("dir")) for td in table[0].iter("td")][1:3]
    assert cells == [("source", "en", "ltr"), ("translation", "he", "rtl")]
    assert table[2].find(".//td[@class='source']").get("lang") == "fr"
    prov = [tr.find(".//span[@class='prov']") for tr in table]
    assert prov[2].text == "argos fr→en→he translate-fr_en-1.9 + translate-en_he-1.9"
    assert [p is None for i, p in enumerate(prov) if i != 2] == [True] * 4
    found = {tr.get("id"): ["".join(li.itertext()) for li in tr.iter("li")] for tr in table}
    assert found["headline-d6e22d71"] == ["warning length: too short"]
    assert found[table[3].get("id")] == ["error numbers: number 15 missing"]
    general = [ul for ul in root.iter("ul") if "general" in (ul.get("class") or "")]
    assert ["".join(li.itertext()) for li in general[0]] == ["info glossary: whole-article note"]
    progress = root.find(".//*[@id='progress']")
    assert progress.text == "3 of 5 segments done (60%)"
    assert "for another" not in html


def test_review_of_changed_source_shows_the_old_source(workspace: Path) -> None:
    ws = write_workspace(workspace)
    page = build_review(ws, SLUG, "ar")
    changed = [r for r in page.rows if r.state == "changed"]
    assert len(changed) == 1
    assert changed[0].label == "changed source"
    assert "Tuesday" in changed[0].previous_source
    assert (page.counts["reviewed"], page.counts["untranslated"], page.percent_done) == (3, 1, "60")


def test_review_escapes_translations(workspace: Path, tmp_path: Path) -> None:
    ws = write_workspace(workspace, translations={})
    write_catalog(ws, SLUG, "fr", {BODY1: ("machine", '<script>alert(1)</script><img src=x onerror=y>')})
    path = write_review(ws, ReviewOptions(SLUG, "fr", out=tmp_path / "r.html",
                                          findings=findings_from([Finding("x", "error", "<b>bold</b>",
                                                                          msgctxt="body", msgid=BODY1)])))
    root = parse_html(path.read_text(encoding="utf-8"))
    assert [el.tag for el in root.iter() if el.tag in ("script", "img", "b")] == []
    text = "".join(root.itertext())
    assert "<script>alert(1)</script><img src=x onerror=y>" in text and "<b>bold</b>" in text


def test_review_default_path_and_source_language_without_catalog(run: Invoke, workspace: Path) -> None:
    write_workspace(workspace, translations={})
    result = run("review", SLUG, "--lang", "en")
    assert result.exit_code == 0, result.output
    page = workspace / "review" / f"{SLUG}.en.html"
    root = parse_html(page.read_text(encoding="utf-8"))
    assert [tr.get("data-state") for tr in rows(root)] == [
        "source", "source", "untranslated", "source", "source"]
    assert "no catalog: the article as written" in "".join(root.itertext())


@pytest.mark.parametrize(("args", "content", "message"), [
    (("--lang", "de"), None, "no de catalog"),
    (("--lang", "fr", "--findings", "{f}"), "not json", "the findings are not JSON"),
    (("--lang", "fr", "--findings", "{f}"), '{"findings": 3}', "expected a list of findings"),
    (("--lang", "fr", "--findings", "{f}missing"), None, "cannot read the findings"),
], ids=["no-catalog", "findings-not-json", "findings-not-a-list", "findings-missing"])
def test_review_bad_input_exits_2(run: Invoke, workspace: Path, tmp_path: Path, args: tuple[str, ...],
                                  content: str | None, message: str) -> None:
    write_workspace(workspace)
    findings = tmp_path / "f.json"
    if content is not None:
        findings.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    result = run("review", SLUG, *(a.replace("{f}", str(findings)) for a in args), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_parse_findings_filters_by_slug_and_locale() -> None:
    found = parse_findings(json.dumps(FINDINGS), slug=SLUG, locale="he")
    assert [f.message for f in found] == ["number 15 missing", "too short", "whole-article note"]
    assert found[0] == Finding("numbers", "error", "number 15 missing", msgctxt="body", msgid=BODY1)


# --- headless Chromium -------------------------------------------------------------------------

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--window-size=1280,1000")
CONSOLE_RE = re.compile(r":CONSOLE[:(\]].*|Uncaught .*")

# Appended to a copy of the page: measures each cell's direction and where its text sits.
PROBE = """<script>
const out = [];
for (const tr of document.querySelectorAll("tr.row")) {
  const cell = (name) => {
    const td = tr.querySelector("td." + name);
    const cs = getComputedStyle(td);
    const box = td.getBoundingClientRect();
    const range = document.createRange();
    const text = Array.from(td.childNodes).find((n) => n.nodeType === 3 && n.textContent.trim());
    let left = null, right = null;
    if (text) { range.selectNodeContents(text); const r = range.getClientRects()[0];
                left = r.left - box.left - parseFloat(cs.paddingLeft);
                right = box.right - parseFloat(cs.paddingRight) - r.right; }
    return {direction: cs.direction, align: cs.textAlign, left: left, right: right};
  };
  out.push({id: tr.id, source: cell("source"), translation: cell("translation")});
}
const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def run_chromium(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


def console_messages(stderr: str) -> list[str]:
    return [m.group(0) for m in CONSOLE_RE.finditer(stderr)]


@pytest.fixture
def chromium() -> str:
    return require_tool("chromium")


@pytest.mark.browser
def test_console_check_catches_errors(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html lang=en><title>x</title><p>x</p>"
                    "<script>console.error('boom'); missingFunction();</script>", encoding="utf-8")
    result = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
    messages = console_messages(result.stderr)
    assert any("boom" in m for m in messages) and any("missingFunction" in m for m in messages)


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["he", "ar"], ids=["he", "ar"])
def test_review_page_in_chromium(chromium: str, workspace: Path, tmp_path: Path, locale: str) -> None:
    ws = write_workspace(workspace)
    page = write_review(ws, ReviewOptions(SLUG, locale, out=tmp_path / f"review-{locale}.html",
                                          findings=findings_from(FINDINGS[:3])))
    shot = tmp_path / f"review-{locale}.png"
    result = run_chromium(chromium, tmp_path, f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1280, 1000)
    assert len(png) > 20_000  # a rendered page, not a blank one

    probe = tmp_path / f"probe-{locale}.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                     encoding="utf-8")
    dumped = run_chromium(chromium, tmp_path, "--dump-dom", probe.as_uri())
    assert console_messages(dumped.stderr) == []
    match = re.search(r'<pre id="probe">(.*?)</pre>', dumped.stdout, re.S)
    assert match, dumped.stdout[-2000:]
    import html

    cells = json.loads(html.unescape(match.group(1)))
    assert len(cells) == 5
    for row in cells:
        assert row["source"]["direction"] == "ltr"
        assert row["translation"]["direction"] == "rtl", row
        assert row["source"]["left"] is not None and abs(row["source"]["left"]) < 2
        if row["translation"]["right"] is not None:  # a translated cell: text hugs the right edge
            assert abs(row["translation"]["right"]) < 2, row
    assert sum(row["translation"]["right"] is not None for row in cells) >= 3
    # The short headline sits at the right of its cell, leaving space on the left.
    assert cells[0]["translation"]["left"] > 100, cells[0]


def test_review_workspace_api(workspace: Path) -> None:
    ws = write_workspace(workspace)
    page = build_review(Workspace.open(ws.root), SLUG, "fr")
    assert [r.state for r in page.rows] == ["reviewed", "reviewed", "source", "reviewed", "machine"]
    assert page.rows[2].translation_lang == "fr" and page.share("reviewed") == "60.00%"


@pytest.mark.parametrize("command", ["export", "review"], ids=["export", "review"])
def test_commands_have_help_with_an_example(run: Invoke, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"presslate {command} harbour-strike" in result.output


def test_findings_in_the_check_report_shape(workspace: Path) -> None:
    """The JSON report of the QA checks: article, kind (msgctxt), source (msgid), joined ids."""
    ws = write_workspace(workspace)
    report = {"summary": {}, "findings": [
        {"article": SLUG, "locale": "he", "kind": "body", "position": "4", "segment_id": "x,y",
         "check": "numbers", "severity": "error", "message": "entry finding", "source": BODY1,
         "translation": "..."},
        {"article": SLUG, "locale": "he", "kind": "headline", "segment_id": "headline-d6e22d71,z",
         "check": "length", "severity": "warning", "message": "by id"},
        {"article": "other", "locale": "he", "check": "numbers", "severity": "error", "message": "no"},
    ]}
    found = parse_findings(json.dumps(report), slug=SLUG, locale="he")
    page = build_review(ws, SLUG, "he", found)
    by_row = {r.segment_id: [f.message for f in r.findings] for r in page.rows}
    assert by_row["headline-d6e22d71"] == ["by id"]
    assert [msgs for msgs in by_row.values() if "entry finding" in msgs] == [["entry finding"]]
    assert page.general_findings == () and page.findings_total == 2


def test_review_shows_the_qa_checks_findings(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_workspace(workspace)
    out = tmp_path / "r.html"
    assert run("review", SLUG, "--lang", "he", "--out", str(out)).exit_code == 0
    table = rows(parse_html(out.read_text(encoding="utf-8")))
    checks = {tr.get("data-state"): [li.find("strong").tail.split(":")[0].strip() for li in tr.iter("li")]
              for tr in table if tr.get("data-state") in ("machine", "untranslated")}
    assert checks == {"machine": ["fuzzy"], "untranslated": ["untranslated"]}
    assert run("review", SLUG, "--lang", "he", "--out", str(out), "--no-checks").exit_code == 0
    assert [li for tr in rows(parse_html(out.read_text(encoding="utf-8"))) for li in tr.iter("li")] == []


def test_review_says_a_person_rewrote_an_approved_machine_suggestion(workspace: Path) -> None:
    """An entry a person rewrote and approved is the person's: its engine note is history,
    not the label of the text; one approved as the engine wrote it says so."""
    from presslate.i18n.catalog import load_po, save_po

    ws = write_workspace(workspace, translations={})
    write_catalog(ws, SLUG, "fr", {BODY1: ("machine", "Le port a été fermé lundi."),
                                   BODY2: ("machine", "Les négociations reprendront mercredi.")})
    path = ws.catalog_path(SLUG, "fr")
    po = load_po(path)
    for entry in po:
        if entry.msgid in (BODY1, BODY2):
            entry.flags.remove("fuzzy")  # approved
        if entry.msgid == BODY1:
            entry.msgstr = "Le port est fermé depuis lundi, disent les syndicats."  # rewritten
    save_po(path, po)
    page = build_review(ws, SLUG, "fr")
    by_text = {row.source_text: row for row in page.rows}
    assert by_text[BODY1].state == by_text[BODY2].state == "reviewed"
    assert by_text[BODY1].provenance == (
        "a person's translation, edited from a machine suggestion: argos en→fr translate-en_fr-1.9")
    assert by_text[BODY2].provenance == (
        "machine suggestion approved as is: argos en→fr translate-en_fr-1.9")
    xlf = build_xliff_text(ws)
    assert 'from="machine"' not in xlf


def build_xliff_text(ws: Workspace) -> str:
    from presslate.i18n.xliff import XliffOptions, export_xliff

    return export_xliff(ws, XliffOptions(slug=SLUG, lang="fr"))
