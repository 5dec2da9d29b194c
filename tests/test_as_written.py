"""Text used as written follows its source: a correction reaches every edition that uses it,
and a segment whose language changes stops (or starts) being used as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.cli.main import cli
from presslate.i18n.catalog import SOURCE_NOTE, load_po, save_po
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke, require_tool

THREE = "The union said the port had been closed three times this year because of the dispute."
FOUR = THREE.replace("three times", "four times")
CAPTION = "Les dockers devant le port de Marseille, lundi matin, pendant la grève."


def article(body: str = THREE, caption_lang: str = "fr") -> dict[str, Any]:
    return {
        "headline": "Harbour workers strike again",
        "lang": "en",
        "images": [{"caption": CAPTION, "lang": caption_lang}],
        "body": [body, "Talks resume next week with a mediator appointed by the ministry."],
    }


def pull(run: Invoke, tmp_path: Path, data: dict[str, Any]) -> str:
    source = tmp_path / "story.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("pull", str(source), "--slug", "story")
    assert result.exit_code == 0, result.output
    return result.output


def entry(workspace: Path, locale: str, msgid: str) -> Any:
    path = Workspace.open(workspace).catalog_path("story", locale)
    [found] = [e for e in load_po(path) if e.msgid == msgid and not e.obsolete]
    return found


def export_text(run: Invoke, workspace: Path, locale: str) -> str:
    result = run("export", "story", "--lang", locale, "--format", "txt", "--out", str(workspace / "out"))
    assert result.exit_code == 0, result.output
    return (workspace / "out" / locale / "story.txt").read_text(encoding="utf-8")


@pytest.fixture
def translated(run: Invoke, workspace: Path, tmp_path: Path) -> Path:
    """An English article with a French caption, with en and fr catalogs; a person translated
    the caption into English and the body into French."""
    (workspace / "presslate.toml").write_text('target_languages = ["en", "fr"]\n', encoding="utf-8")
    pull(run, tmp_path, article())
    assert run("translate", "--engine", "none").exit_code == 0
    ws = Workspace.open(workspace)
    for locale, texts in {"en": {CAPTION: "Dockers outside the port of Marseille on Monday morning."},
                          "fr": {THREE: "Le syndicat a dit que le port avait fermé trois fois cette année "
                                        "à cause du conflit."}}.items():
        path = ws.catalog_path("story", locale)
        catalog = load_po(path)
        for e in catalog:
            if e.msgid in texts:
                e.msgstr = texts[e.msgid]
        save_po(path, catalog)
    return workspace


def test_a_correction_reaches_the_articles_own_edition(run: Invoke, translated: Path,
                                                       tmp_path: Path) -> None:
    assert entry(translated, "en", THREE).msgstr == THREE
    output = pull(run, tmp_path, article(FOUR))
    assert "1 used as written now follow" in output
    fixed = entry(translated, "en", FOUR)
    assert fixed.msgstr == FOUR and "fuzzy" not in fixed.flags and fixed.previous_msgid is None
    assert SOURCE_NOTE in fixed.tcomment
    page = export_text(run, translated, "en")
    assert "four times" in page and "three times" not in page
    check = json.loads(run("check", "--lang", "en", "--format", "json").output)
    assert not [f for f in check["findings"] if f["check"] == "fuzzy" and "closed" in f["source"]]
    status = json.loads(run("status", "--lang", "en", "--json").output)["catalogs"]
    assert status[0]["percent"] == 100.0


def test_check_shows_what_changed_in_a_translated_entry(run: Invoke, translated: Path,
                                                        tmp_path: Path) -> None:
    pull(run, tmp_path, article(FOUR))
    check = json.loads(run("check", "--lang", "fr", "--format", "json").output)
    [fuzzy] = [f for f in check["findings"] if f["check"] == "fuzzy"]
    assert "three" in fuzzy["message"] and "four" in fuzzy["message"]
    assert "update the translation" in fuzzy["message"]
    page = export_text(run, translated, "fr")
    assert "trois fois" not in page  # unreviewed: the fallback shows the current source


def test_a_persons_edit_of_text_used_as_written_is_kept_for_review(run: Invoke, translated: Path,
                                                                   tmp_path: Path) -> None:
    path = Workspace.open(translated).catalog_path("story", "en")
    catalog = load_po(path)
    for e in catalog:
        if e.msgid == THREE:
            e.msgstr = THREE.replace("the port", "the harbour")  # an editor's own wording
    save_po(path, catalog)
    assert "harbour" in export_text(run, translated, "en")
    pull(run, tmp_path, article(FOUR))
    kept = entry(translated, "en", FOUR)
    assert kept.msgstr == THREE.replace("the port", "the harbour") and "fuzzy" in kept.flags
    check = json.loads(run("check", "--lang", "en", "--format", "json").output)
    [fuzzy] = [f for f in check["findings"] if f["check"] == "fuzzy"]
    assert "three" in fuzzy["message"] and "four" in fuzzy["message"]
    page = export_text(run, translated, "en")
    assert "four times" in page and "three times" not in page


def test_a_segment_whose_language_changes_stops_or_starts_being_used_as_written(
        run: Invoke, translated: Path) -> None:
    ws = Workspace.open(translated)
    [caption] = [s for s in ws.load_article("story").segments if s.kind == "caption"]
    assert entry(translated, "fr", CAPTION).msgstr == CAPTION  # French: used as written in fr
    result = run("segment", "story", caption.id, "--lang", "en")
    assert result.exit_code == 0, result.output
    in_fr = entry(translated, "fr", CAPTION)
    assert in_fr.msgstr == "" and SOURCE_NOTE not in (in_fr.tcomment or "")
    in_en = entry(translated, "en", CAPTION)  # a person's translation is never replaced
    assert in_en.msgstr == "Dockers outside the port of Marseille on Monday morning."
    assert run("segment", "story", caption.id, "--lang", "fr").exit_code == 0
    assert entry(translated, "fr", CAPTION).msgstr == CAPTION
    assert SOURCE_NOTE in entry(translated, "fr", CAPTION).tcomment


# -- any sequence of edits --------------------------------------------------------------------

WORDS = ["port", "harbour", "strike", "grève", "quai", "mediator", "lundi", "four", "trois"]
LANGS = ["en", "fr"]
START = [("Harbour workers strike again", "en"), (CAPTION, "fr"), (THREE, "en"),
         ("Le syndicat appelle à une nouvelle grève mardi.", "fr"),
         ("Talks resume next week with a mediator.", "en")]

edit = st.one_of(
    st.tuples(st.just("word"), st.integers(0, 4), st.sampled_from(WORDS)),
    st.tuples(st.just("lang"), st.integers(0, 4), st.sampled_from(LANGS)),
    st.tuples(st.just("editor-lang"), st.integers(0, 4), st.sampled_from(LANGS)),
    st.tuples(st.just("translate"), st.just(0), st.just("")),
)


def _json(texts: list[tuple[str, str]]) -> dict[str, Any]:
    (head, head_lang), (cap, cap_lang), *body = texts
    return {"headline": {"text": head, "lang": head_lang}, "lang": "en",
            "images": [{"caption": cap, "lang": cap_lang}],
            "body": [{"text": t, "lang": lang} for t, lang in body]}


def _check_editions(runner: CliRunner, root: Path) -> None:
    ws = Workspace.open(root)
    record = ws.load_article("story")
    for locale in ws.locales("story"):
        catalog = {(e.msgctxt, e.msgid): e for e in load_po(ws.catalog_path("story", locale))
                   if not e.obsolete}
        for seg in record.included:
            found = catalog.get((seg.kind, seg.text))
            assert found is not None, (locale, seg.text)
            if SOURCE_NOTE in (found.tcomment or ""):
                # used as written: the current source text, in the catalog's language
                assert found.msgstr == seg.text and "fuzzy" not in found.flags, (locale, seg.text)
                assert seg.lang == locale, (locale, seg.text, seg.lang)
            elif seg.lang == locale:
                assert found.msgstr in ("", seg.text) or found.msgstr.startswith("EN:"), found
    out = root / "out"
    for lang in LANGS:
        result = runner.invoke(cli, ["-C", str(root), "export", "story", "--lang", lang, "--format",
                                     "txt", "--out", str(out), "--fallback", "source"])
        assert result.exit_code == 0, result.output
        page = (out / lang / "story.txt").read_text(encoding="utf-8")
        catalog = {(e.msgctxt, e.msgid): e for e in load_po(ws.catalog_path("story", lang))
                   if not e.obsolete}
        for seg in record.included:
            if seg.lang != lang:
                continue
            found = catalog[(seg.kind, seg.text)]
            if found.msgstr.startswith("EN:") and "fuzzy" not in found.flags:
                assert found.msgstr in page  # a person's reviewed text for this edition
            else:
                assert seg.text in page, (lang, seg.text, page)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(edit, min_size=1, max_size=6))
def test_as_written_text_follows_every_sequence_of_source_edits(tmp_path_factory: Any,
                                                                edits: list[Any]) -> None:
    root = tmp_path_factory.mktemp("ws")
    (root / "presslate.toml").write_text('target_languages = ["en", "fr"]\n', encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    texts = list(START)
    source = root / "story.json"

    def pull() -> None:
        source.write_text(json.dumps(_json(texts), ensure_ascii=False), encoding="utf-8")
        run("pull", str(source), "--slug", "story")

    pull()
    run("translate", "--engine", "none")
    # A person translates the first French segment into English (a person's text, kept).
    ws = Workspace.open(root)
    path = ws.catalog_path("story", "en")
    catalog = load_po(path)
    for e in catalog:
        if e.msgid == CAPTION:
            e.msgstr = "EN: dockers outside the port"
    save_po(path, catalog)
    for action, index, value in edits:
        if action == "word":
            text, lang = texts[index]
            words = text.split()
            words[len(words) // 2] = value
            texts[index] = (" ".join(words), lang)
            pull()
        elif action == "lang":
            texts[index] = (texts[index][0], value)
            pull()
        elif action == "editor-lang":
            seg = ws.load_article("story").segments[index]
            run("segment", "story", seg.id, "--lang", value)
        else:
            run("translate", "--engine", "none")
        _check_editions(runner, root)
    run("translate", "--engine", "none")
    _check_editions(runner, root)
    for locale in LANGS:
        catalog = {(e.msgctxt, e.msgid): e for e in load_po(ws.catalog_path("story", locale))}
        for seg in ws.load_article("story").included:
            if seg.lang == locale:  # after translate, every segment in the language is as written
                found = catalog[(seg.kind, seg.text)]
                assert found.msgstr == seg.text or found.msgstr.startswith("EN:"), found


@pytest.mark.parametrize("previous", [True, False], ids=["--previous", "no-previous"])
def test_a_catalog_merged_by_gnu_msgmerge_does_not_publish_the_old_text(
        run: Invoke, translated: Path, tmp_path: Path, previous: bool) -> None:
    """Another tool merges the new template: the old text kept fuzzy is never published,
    and check does not advise approving it as it is."""
    import subprocess

    msgmerge = require_tool("msgmerge")
    ws = Workspace.open(translated)
    en = ws.catalog_path("story", "en")
    before = en.read_text(encoding="utf-8")
    pull(run, tmp_path, article(FOUR))
    en.write_text(before, encoding="utf-8")  # as if the catalog had not been merged
    args = [msgmerge, "-q", "-U", "--backup=off", *(["--previous"] if previous else []),
            str(en), str(ws.template_path("story"))]
    subprocess.run(args, check=True)
    stale = entry(translated, "en", FOUR)
    assert stale.msgstr == THREE and "fuzzy" in stale.flags  # what msgmerge leaves
    page = export_text(run, translated, "en")
    assert "four times" in page and "three times" not in page
    check = json.loads(run("check", "--lang", "en", "--format", "json").output)
    for finding in check["findings"]:
        if finding["check"] == "fuzzy" and finding["source"] == FOUR:
            assert "empty the translation" in finding["message"] and "four" in finding["message"]
    if previous:  # msgmerge kept the old text as #| msgid: the old copy is recognised
        assert not [f for f in check["findings"] if f["source"] == FOUR]
        run("translate", "--engine", "none")
        fixed = entry(translated, "en", FOUR)
        assert fixed.msgstr == FOUR and "fuzzy" not in fixed.flags


def test_a_translators_flag_stays_with_its_entry_through_merges(run: Invoke, translated: Path,
                                                                tmp_path: Path) -> None:
    ws = Workspace.open(translated)
    path = ws.catalog_path("story", "fr")
    catalog = load_po(path)
    [body] = [e for e in catalog if e.msgid.startswith("Talks resume")]
    body.msgstr = "Les négociations reprennent dans 15 jours."  # a number the source lacks
    body.flags.append("presslate-no-numbers")
    save_po(path, catalog)
    pull(run, tmp_path, article(FOUR))  # the article changes elsewhere
    assert "presslate-no-numbers" in entry(translated, "fr", body.msgid).flags
    check = json.loads(run("check", "--lang", "fr", "--format", "json").output)
    assert not [f for f in check["findings"] if f["check"] == "numbers"]


def test_a_fuzzy_flag_a_person_set_on_text_used_as_written_stays(run: Invoke, translated: Path,
                                                                 tmp_path: Path) -> None:
    path = Workspace.open(translated).catalog_path("story", "en")
    catalog = load_po(path)
    [body] = [e for e in catalog if e.msgid.startswith("Talks resume")]
    body.flags.append("fuzzy")  # "check this paragraph again"
    save_po(path, catalog)
    pull(run, tmp_path, article(FOUR))  # the article changes elsewhere
    kept = entry(translated, "en", body.msgid)
    assert "fuzzy" in kept.flags and kept.msgstr == body.msgid
    assert body.msgid in export_text(run, translated, "en")
