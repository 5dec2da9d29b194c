"""Labels say what happened to a fuzzy entry: a machine suggestion, a person's draft, or a
changed source (and what changed), in check's reports, the review page and translate's summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslate.i18n.catalog import load_po, save_po

from .conftest import Invoke
from .export_fixtures import BODY1, BODY2, HEADLINE, SLUG, STANDFIRST, build_article, write_workspace

IDS = {seg.text: seg.id for seg in build_article().segments}
FR = {
    HEADLINE: ("machine", "La grève des dockers ferme le port"),
    STANDFIRST: ("reviewed", "Les navires attendent au mouillage."),
    BODY1: ("reviewed", "Le port a été fermé lundi après le départ des dockers."),
    BODY2: ("changed", "Les négociations doivent reprendre mardi."),  # source: Tuesday → Wednesday
}


@pytest.fixture
def catalog(workspace: Path) -> Path:
    write_workspace(workspace, translations={"fr": FR})
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    po = load_po(path)  # a person's draft: their own text left fuzzy, no provenance, no #|
    next(e for e in po if e.msgid == BODY1).flags.append("fuzzy")
    save_po(path, po)
    return path


def fuzzy_messages(run: Invoke) -> dict[str, str]:
    result = run("check", "--lang", "fr", "--format", "json")
    findings = json.loads(result.output)["findings"]
    return {f["segment_id"]: f["message"] for f in findings if f["check"] == "fuzzy"}


def test_each_kind_of_fuzzy_entry_is_named(run: Invoke, catalog: Path) -> None:
    found = fuzzy_messages(run)
    assert found[IDS[HEADLINE]].startswith("machine suggestion (argos")
    assert found[IDS[BODY1]].startswith("a person's draft awaiting approval")
    assert found[IDS[BODY2]].startswith("the source changed since this was translated (“Tuesday.” → "
                                        "“Wednesday.”)")
    assert all("presslate approve" in message for message in found.values())
    text = run("check", "--lang", "fr").output
    assert "fuzzy: fuzzy" not in text and "fuzzy  fuzzy" not in text


def test_review_page_labels_do_not_repeat_the_check_name(run: Invoke, catalog: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run("review", SLUG, "--lang", "fr", "--out", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "fuzzy: fuzzy" not in html
    assert "fuzzy: a person&#39;s draft awaiting approval" in html or \
        "fuzzy: a person's draft awaiting approval" in html


def test_translate_summary_tells_a_draft_from_a_changed_source(run: Invoke, catalog: Path) -> None:
    result = run("translate", SLUG, "--to", "fr", "--engine", "none")
    assert "1 whose source changed, awaiting review" in result.output, result.output
    assert "1 drafts by a person, awaiting approval" in result.output
    assert "changed source or a person's draft" not in result.output
