"""Golden tests of the newsroom formats end to end: each reader, Debian's Apertium (machine
translation shown, as `--fallback machine` exports it), then each writer; what a writer
produces reads back with presslate's own reader and passes the format's checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslate.i18n.readers.ans import read_ans
from presslate.i18n.readers.html import fragment_segments
from presslate.i18n.readers.ninjs import read_ninjs
from presslate.i18n.readers.ninjs_rules import check_ninjs

from .conftest import EXAMPLES, Invoke, require_tool
from .test_export import check_golden

FORMATS = EXAMPLES / "formats"
# (source, slug of the article to export, writer, the version a ninjs writer claims)
CASES = [
    ("feed-harbourside-rss.xml", "lifeboat-crew-rescues-two-kayakers-off-gull-point", "ninjs", "2.1"),
    ("wordpress-post-fr.json", "crue-de-la-vezere-les-quais-de-montbrac-evacues", "wordpress", ""),
    ("ninjs-1-ferry.json", "skellan-island-ferry-back-in-service-after-storm", "ninjs", "1.4"),
    ("ninjs-2-floods.json", "crue-de-la-vezere-une-quarantaine-de-logements-evacues", "ninjs", "2.1"),
    ("ninjs-3-cycle-lane.json", "port-aldwick-approves-quay-road-cycle-lane", "ninjs", "3.0"),
    ("ans-story-quarry.json", "residents-pack-hearing-on-carrick-hill-quarry-expansion", "ans", ""),
]
EXT = {"ninjs": "ninjs.json", "wordpress": "wp.json", "ans": "ans.json"}


@pytest.mark.apertium
@pytest.mark.parametrize(("source", "slug", "writer", "version"), CASES,
                         ids=[c[0].split(".")[0] for c in CASES])
def test_reader_apertium_writer(run: Invoke, workspace: Path, source: str, slug: str, writer: str,
                                version: str) -> None:
    require_tool("apertium")
    pulled = run("pull", str(FORMATS / source))
    assert pulled.exit_code == 0, pulled.output
    translated = run("translate", slug, "--to", "es", "--engine", "apertium")
    assert translated.exit_code == 0, translated.output
    out = workspace / "out"
    exported = run("export", slug, "--lang", "es", "--format", writer, "--fallback", "machine",
                   "--out", str(out))
    assert exported.exit_code == 0, exported.output
    text = (out / "es" / f"{slug}.{EXT[writer]}").read_text(encoding="utf-8")
    check_golden(f"formats/{slug}.es.{EXT[writer]}", text)
    data = json.loads(text)
    record = json.loads(run("show", slug, "--json").output)
    if writer == "ninjs":
        assert check_ninjs(data).label == version
        assert data["language"] == "es"
        (article,) = read_ninjs(text, origin="edition.json").articles
        assert article.lang == "es"
        if "ninjs_uri" in record["ids"]:
            assert article.extra["altid_translation-of"] == record["ids"]["ninjs_uri"]
        # Every included text segment of the source is in the edition, translated.
        assert len([s for s in article.segments if s.included]) == len(
            [s for s in record["segments"] if s["included"]])
    elif writer == "wordpress":
        assert data["lang"] == "es" and data["status"] == "draft"
        assert data["translations"] == {"fr": 2718}
        assert len(fragment_segments(data["content"])) == len(
            [s for s in record["segments"] if s["included"]
             and s["kind"] not in ("headline", "standfirst")])
    else:
        assert data["source"]["source_id"] == record["ids"]["ans_id"]
        (article,) = read_ans(text, origin="edition.json").articles
        assert article.lang == "es"
        assert len(article.segments) == len([s for s in record["segments"] if s["included"]])


def test_ans_writer_refuses_an_article_not_from_ans(run: Invoke, workspace: Path) -> None:
    assert run("pull", str(FORMATS / "ninjs-3-cycle-lane.json")).exit_code == 0
    result = run("export", "port-aldwick-approves-quay-road-cycle-lane", "--lang", "en",
                 "--format", "ans", "--out", str(workspace / "out"))
    assert result.exit_code == 2
    assert "was not pulled from ANS (ninjs)" in result.output
    assert not (workspace / "out").exists()
