"""The Apertium engine for real on the shared article, and a failing or hanging Apertium."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.catalog import SOURCE, entry_state, load_po, provenance

from .conftest import Invoke, require_tool
from .support.articles import add_article

SLUG = "netanyahu-putin"


def catalog(workspace: Path, locale: str, slug: str = SLUG) -> Any:
    return load_po(workspace / "catalogs" / locale / "LC_MESSAGES" / f"{slug}.po")


def pull(run: Invoke, article: Path) -> None:
    result = run("pull", str(article), "--slug", SLUG)
    assert result.exit_code == 0, result.output


@pytest.mark.apertium
@pytest.mark.shared
def test_french_caption_translated_for_the_english_edition(run: Invoke, workspace: Path,
                                                           shared_article: Path) -> None:
    require_tool("apertium")
    pull(run, shared_article)
    result = run("translate", "--to", "en", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    po = catalog(workspace, "en")
    caption = next(e for e in po if e.msgctxt == "caption")
    # No glossary needed: Apertium's fr-es and spa-eng dictionaries know both names.
    assert "Putin" in caption.msgstr and "Netanyahu" in caption.msgstr
    assert "*" not in caption.msgstr
    assert caption.fuzzy
    assert provenance(caption).startswith("apertium fr→es→en (fr-es")
    body = [e for e in po if e.msgctxt != "caption"]
    assert body and all(entry_state(e) == SOURCE and e.msgstr == e.msgid for e in body)
    assert "en: 1 filled by apertium" in result.output


@pytest.mark.apertium
@pytest.mark.shared
def test_french_edition_keeps_the_caption_and_pivots_the_body(run: Invoke, workspace: Path,
                                                              shared_article: Path) -> None:
    require_tool("apertium")
    pull(run, shared_article)
    (workspace / "glossary.tsv").write_text(
        "term\tsource\ttarget\ttranslation\tflag\n"
        "Netanyahu\ten\tfr\tNetanyahou\n"
        "Putin\t*\tfr\tPoutine\n"
        "i24NEWS\t\t\t\tdnt\n", encoding="utf-8")
    (workspace / "presslate.toml").write_text('glossary = "glossary.tsv"\n', encoding="utf-8")
    result = run("translate", "--to", "fr", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    po = catalog(workspace, "fr")
    caption = next(e for e in po if e.msgctxt == "caption")
    assert entry_state(caption) == SOURCE and caption.msgstr == caption.msgid and not caption.fuzzy
    body = [e for e in po if e.msgctxt == "body"]
    assert len(body) == 13
    # The default en→fr route: through Catalan (the best measured, see benchmarks/route_eval.py).
    assert all(e.fuzzy and provenance(e).startswith("apertium en→ca→fr (eng-cat") for e in body)
    text = " ".join(e.msgstr for e in body)
    assert "Netanyahou" in text and "Poutine" in text and "Netanyahu" not in text
    # Numbers pass through masked: S-300, S-400 and 2016 intact.
    assert "S-300" in text and "S-400" in text and "2016" in text
    assert all(next(c for c in e.msgstr if c.isalpha()).isupper() for e in body)
    assert "[[" not in text and "*" not in text


FAKE = """#!/bin/sh
# A stand-in for apertium: lists pairs, copies eng-spa input, fails or hangs on fr-es.
if [ "$1" = "-l" ]; then printf 'eng-spa\\nfr-es\\n'; exit 0; fi
for mode; do :; done
case "$mode" in
  fr-es) {action} ;;
  *) cat ;;
esac
"""


@pytest.mark.parametrize("action, message", [
    ("echo 'Error: mode file is damaged' >&2; exit 1", "failed (exit 1): Error: mode file is damaged"),
    ("sleep 20 | cat", "took longer than 1s"),
], ids=["fails", "hangs"])
def test_failing_apertium_names_the_pair_and_other_pairs_still_done(
    run: Invoke, workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    action: str, message: str,
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apertium"
    fake.write_text(FAKE.format(action=action))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    (workspace / "presslate.toml").write_text("[translate]\ntimeout = 1\n", encoding="utf-8")
    add_article(workspace, "mixed", [("headline", "Leaders agree to meet", "en"),
                                     ("caption", "Le président russe et le Premier ministre", "fr"),
                                     ("body", "They spoke on Sunday.", "en")])
    started = time.monotonic()
    result = run("translate", "--to", "es", "--engine", "apertium")
    # A hanging pipeline is killed as a whole at the timeout, not waited for.
    assert time.monotonic() - started < 15
    assert result.exit_code == 3, result.output
    assert "skipped 1 in es (fr→es)" in result.output
    assert f"apertium fr-es (for fr→es) {message}" in result.output
    po = catalog(workspace, "es", "mixed")
    by_ctxt = {e.msgctxt: e for e in po}
    assert by_ctxt["caption"].msgstr == "" and not by_ctxt["caption"].fuzzy
    assert by_ctxt["body"].msgstr == "They spoke on Sunday." and by_ctxt["body"].fuzzy
    assert provenance(by_ctxt["body"]).startswith("apertium en→es (eng-spa")


@pytest.mark.apertium
def test_engines_lists_apertium_pairs_with_pivots(run: Invoke) -> None:
    require_tool("apertium")
    result = run("engines")
    assert result.exit_code == 0, result.output
    part = result.output.split("apertium:")[1].split("tm:")[0]
    assert "en→es (eng-spa)" in part and "fr→es (fr-es)" in part
    assert "fr→es→en" in part and "en→es→fr" in part
