"""``presslate translate`` reads, fills and saves articles in groups: the catalogs it holds at
once are bounded by the group, not the workspace; the catalogs come out the same, byte for
byte, whatever the group size; a catalog nothing changed is neither formatted nor written."""

from __future__ import annotations

import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli
from presslate.i18n import translate as translate_module
from presslate.i18n.catalog import load_po, save_po
from presslate.i18n.charsets import encode_po
from presslate.i18n.translate import TranslateOptions, translate_articles
from presslate.i18n.workspace import Workspace

from .conftest import require_tool
from .support.articles import add_article

CONFIG = 'source_language = "en"\ntarget_languages = ["fr", "de"]\n'


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "catalogs").rglob("*.po"))}


def generated(root: Path, count: int) -> Path:
    root.mkdir(parents=True)
    (root / "presslate.toml").write_text(CONFIG, encoding="utf-8")
    for a in range(count):
        add_article(root, f"article-{a:03d}", [
            ("headline", f"Headline number {a}", "en"),
            ("body", f"The council met on day {a} to discuss the budget.", "en"),
            ("body", f"Le maire a parlé le jour {a}.", "fr")])
    return root


def review(root: Path, slug: str, locale: str, translations: dict[str, str]) -> None:
    path = root / "catalogs" / locale / "LC_MESSAGES" / f"{slug}.po"
    po = load_po(path)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    save_po(path, po)


def held_at_saves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of catalogs the run holds each time it saves."""
    held: list[int] = []
    save = translate_module._Run.save

    def counting(run: translate_module._Run) -> None:
        held.append(len(run.catalogs))
        save(run)

    monkeypatch.setattr(translate_module._Run, "save", counting)
    return held


def test_a_run_holds_one_group_of_catalogs_at_a_time(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated(tmp_path / "ws", 12)
    held = held_at_saves(monkeypatch)
    # About 2 articles a group: each has 3 entries in each of 2 locales.
    summary = translate_articles(Workspace.open(root), TranslateOptions(engine="none", group_entries=12))
    assert held == [4] * 6  # 2 articles × 2 locales, six times
    assert len(summary.catalogs) == 24 and summary.not_requested == 12 * 3 * 2 - 12
    assert summary.as_written == (("fr", 12),)


def peak_memory(root: Path, group: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """The most memory the run's own objects take when it saves a group (the moment it holds
    the most). Interpreter-wide tables are left out (pathlib interns every path's parts, and
    the interned strings' table grows by a megabyte or two at a time whenever earlier tests
    happened to fill it), as are the snapshots' own traces."""
    import pathlib

    held: list[int] = []
    save = translate_module._Run.save
    ignore = (tracemalloc.Filter(False, pathlib.__file__), tracemalloc.Filter(False, tracemalloc.__file__))

    def measured(run: translate_module._Run) -> None:
        snapshot = tracemalloc.take_snapshot().filter_traces(ignore)
        held.append(sum(stat.size for stat in snapshot.statistics("filename")))
        save(run)

    monkeypatch.setattr(translate_module._Run, "save", measured)
    tracemalloc.start()
    try:
        translate_articles(Workspace.open(root), TranslateOptions(engine="none", group_entries=group))
        return max(held)
    finally:
        tracemalloc.stop()
        monkeypatch.setattr(translate_module._Run, "save", save)


def test_peak_memory_does_not_grow_with_the_number_of_articles(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixty articles more cost a fraction of what holding their catalogs would: what grows is
    the list of the files written (for the summary), not the catalogs."""
    peak_memory(generated(tmp_path / "warm", 2), 30, monkeypatch)  # modules imported, caches filled
    grows = {}
    for group in (30, 10**9):  # 5 articles a group; all of them in one
        small = peak_memory(generated(tmp_path / f"small-{group}", 20), group, monkeypatch)
        large = peak_memory(generated(tmp_path / f"large-{group}", 80), group, monkeypatch)
        grows[group] = large - small
    # Measured: 0.03 MB in groups, 0.7 MB holding every catalog.
    assert grows[30] < 0.2 * grows[10**9], grows


def workspace_with_history(root: Path) -> Path:
    """Articles whose catalogs were reviewed in part, and one whose catalog is out of step with
    its template (what a merge makes of it differs from the file: a reviewed entry becomes a
    change awaiting review)."""
    generated(root, 6)
    assert translate_articles(Workspace.open(root), TranslateOptions(engine="none")).catalogs
    old = "The council met on day 0 to discuss the budget."
    review(root, "article-000", "fr", {"Headline number 0": "Titre numéro 0",
                                      old: "Le conseil s'est réuni le jour 0 pour le budget."})
    review(root, "article-000", "de", {"Headline number 0": "Schlagzeile Nummer 0"})
    review(root, "article-002", "fr", {"Headline number 2": "Titre numéro 2"})
    review(root, "article-004", "fr", {"The council met on day 4 to discuss the budget.":
                                      "Le conseil s'est réuni le jour 4 pour le budget."})
    # The texts of article-000 and article-004 change; their catalogs are not merged (as left
    # by an older presslate): the run's memory notes for the earlier articles must not offer
    # article-004's translation, no longer reviewed once merged.
    for number in (0, 4):
        add_article(root, f"article-00{number}", [
            ("headline", f"Headline number {number}", "en"),
            ("body", f"The council met on day {number} to discuss the budgets.", "en"),
            ("body", f"Le maire a parlé le jour {number}.", "fr")])
    # A later article holds the reviewed sentence as it was (the memory of the run's start fills
    # it) and sentences close to reviewed ones (memory notes).
    add_article(root, "article-005", [("headline", "Headline number 5", "en"),
                                      ("body", old, "en"),
                                      ("body", "Le maire a parlé le jour 5.", "fr")])
    return root


@pytest.mark.parametrize("group", [1, 7, 20])
def test_groups_write_the_same_catalogs_as_one_group(tmp_path: Path, group: int) -> None:
    base = workspace_with_history(tmp_path / "base")
    one = tmp_path / "one"
    shutil.copytree(base, one)
    whole = translate_articles(Workspace.open(one), TranslateOptions(engine="tm", group_entries=10**9))
    assert whole.total_filled and whole.kept_changed  # the memory and the merge both did work
    grouped_root = tmp_path / "grouped"
    shutil.copytree(base, grouped_root)
    grouped = translate_articles(Workspace.open(grouped_root),
                                 TranslateOptions(engine="tm", group_entries=group))
    assert files(grouped_root) == files(one)
    assert grouped.filled == whole.filled and grouped.skipped == whole.skipped
    assert sorted(p.relative_to(grouped_root) for p in grouped.catalogs) == \
        sorted(p.relative_to(one) for p in whole.catalogs)


def test_nothing_to_do_formats_and_writes_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = workspace_with_history(tmp_path / "ws")
    translate_articles(Workspace.open(root), TranslateOptions(engine="tm"))
    before = files(root)
    formatted: list[object] = []
    real = encode_po

    def counting(po: object) -> bytes:
        formatted.append(po)
        return real(po)

    monkeypatch.setattr(translate_module, "encode_po", counting)
    summary = translate_articles(Workspace.open(root), TranslateOptions(engine="tm"))
    assert not summary.catalogs and formatted == []
    assert files(root) == before


def test_a_changed_catalog_is_written_as_before(tmp_path: Path) -> None:
    """The change tracking writes what changed, as presslate formats it, and nothing else (a
    catalog another tool rewrapped is left as it is when nothing in it changed, as pull does)."""
    root = generated(tmp_path / "ws", 3)
    translate_articles(Workspace.open(root), TranslateOptions(engine="none"))
    fr = root / "catalogs" / "fr" / "LC_MESSAGES"
    msgcat = require_tool("msgcat")
    subprocess.run([msgcat, "-w", "30", "-o", str(fr / "article-001.po"), str(fr / "article-001.po")],
                   check=True)
    kept = (fr / "article-001.po").read_bytes()
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    # A translator empties an entry used as written: it is filled as written again.
    po = load_po(fr / "article-002.po")
    po.find("Le maire a parlé le jour 2.", msgctxt="body").msgstr = ""
    save_po(fr / "article-002.po", po)
    result = CliRunner().invoke(cli, ["-C", str(root), "translate", "--engine", "none"])
    assert result.exit_code == 0, result.output
    assert "wrote catalogs/fr/LC_MESSAGES/article-002.po" in result.output
    assert "article-001" not in result.output and "article-000" not in result.output
    assert (fr / "article-001.po").read_bytes() == kept
    assert (fr / "article-002.po").read_bytes() == (reference / "catalogs" / "fr" / "LC_MESSAGES" /
                                                    "article-002.po").read_bytes()


def test_an_interrupted_run_keeps_the_groups_it_saved(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = generated(tmp_path / "ws", 6)
    done = tmp_path / "done"
    shutil.copytree(root, done)
    translate_articles(Workspace.open(done), TranslateOptions(engine="none"))
    collect = translate_module._collect
    calls = [0]

    def interrupted(run: object, slug: str, *args: object) -> int:
        calls[0] += 1
        if calls[0] == 4:  # the fourth article: Ctrl-C
            raise KeyboardInterrupt
        return collect(run, slug, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(translate_module, "_collect", interrupted)
    monkeypatch.setattr(translate_module, "GROUP_ENTRIES", 6)  # one article a group
    result = CliRunner().invoke(cli, ["-C", str(root), "translate", "--engine", "none"])
    assert result.exit_code == 3, result.output
    assert "interrupted; the catalogs of 3 of 6 articles were saved" in result.output
    assert "run presslate translate again to finish" in result.output
    saved = files(root)
    assert sorted({Path(name).stem for name in saved}) == ["article-000", "article-001", "article-002"]
    assert all(saved[name] == files(done)[name] for name in saved)
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["-C", str(root), "translate", "--engine", "none"])
    assert result.exit_code == 0, result.output
    assert files(root) == files(done)
