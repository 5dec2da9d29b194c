"""A pull and a publish take effect whole or not at all, and a translate article by article,
whatever write fails and whenever the process is killed; the next command finishes or rolls
back an interrupted one.

Each operation is run once per write, fsync and rename it makes, with a failure injected at
that point (an OSError, or the process killed); the workspace the next command sees must then
be, file for file, the complete state before the operation or the complete state after it. A
translate saves its articles in groups (here one article a group), so there each article's
files must be wholly old or wholly new, and running it again must finish the job with the
same bytes as an undisturbed run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli, main
from presslate.i18n import translate as translate_module
from presslate.i18n.catalog import load_po, save_po
from presslate.i18n.langid import CACHE_DIR
from tests.conftest import require_tool

CONFIG = """\
source_language = "en"
target_languages = ["fr", "de", "es"]

[publish]
formats = ["html", "json"]

[qa]
# Spares each of the many runs loading the language models; the gate is not what is tested.
severity = { target_language = "off" }
"""

STORY = """\
# The bridge closes

The council voted on Tuesday to close the old bridge.

Traffic will use the new road.
"""

# The same article, one paragraph changed a little and one new (a merge makes fuzzy and new entries).
STORY_V2 = """\
# The bridge closes

The council voted on Tuesday to close the old bridge for good.

Traffic will use the new road.

Shops near the bridge fear for their trade.
"""

# Two more articles sharing paragraphs with the first (the translation memory fills them).
FERRY = """\
# A ferry returns

Traffic will use the new road.

A ferry will cross the river again from May.
"""

QUAY = """\
# The bridge closes

The quay will be rebuilt.
"""

TRANSLATIONS = {
    "fr": {"The bridge closes": "Le pont ferme",
           "The council voted on Tuesday to close the old bridge.":
               "Le conseil a voté mardi la fermeture du vieux pont.",
           "Traffic will use the new road.": "La circulation passera par la nouvelle route."},
    "de": {"The bridge closes": "Die Brücke schließt",
           "The council voted on Tuesday to close the old bridge.":
               "Der Rat hat am Dienstag beschlossen, die alte Brücke zu schließen.",
           "Traffic will use the new road.": "Der Verkehr wird die neue Straße nutzen."},
    "es": {"The bridge closes": "El puente cierra",
           "The council voted on Tuesday to close the old bridge.":
               "El consejo votó el martes cerrar el viejo puente.",
           "Traffic will use the new road.": "El tráfico usará la nueva carretera."},
}

JOURNAL_NAME = ".presslate-journal.json"
_DATES = re.compile(rb"(POT-Creation-Date|PO-Revision-Date): [0-9 :+-]+")
_TEMP = re.compile(r"\.tmp$")

Snapshot = dict[str, bytes]


def presslate(ws: Path, *args: str) -> int:
    result = CliRunner().invoke(cli, ["-C", str(ws), *args], catch_exceptions=False)
    return result.exit_code


def done_ok(args: list[str], code: int) -> bool:
    """The operation ran to its end (translate exits 3: the memory has no match for some entries)."""
    return code == (3 if args[0] == "translate" else 0)


def snapshot(ws: Path) -> Snapshot:
    """Every file of the workspace and its contents (dates of the minute left out); not the
    lock file, nor the kept language-detection results (a cache, saved after the commit and
    only when the command succeeds, never part of the workspace's state)."""
    return {str(p.relative_to(ws)): _DATES.sub(rb"\1: <date>", p.read_bytes())
            for p in sorted(ws.rglob("*")) if p.is_file() and p.name != ".presslate.lock"
            and CACHE_DIR not in p.relative_to(ws).parts}


def review_all(ws: Path, slug: str) -> None:
    """A translator translates and approves every entry of the article, in every locale."""
    for locale, texts in TRANSLATIONS.items():
        path = ws / "catalogs" / locale / "LC_MESSAGES" / f"{slug}.po"
        po = load_po(path)
        for entry in po:
            if entry.msgid in texts:
                entry.msgstr = texts[entry.msgid]
        save_po(path, po)


def new_workspace(base: Path) -> tuple[Path, Path]:
    ws = base / "ws"
    ws.mkdir(parents=True)
    (ws / "presslate.toml").write_text(CONFIG, encoding="utf-8")
    story = base / "story.md"
    story.write_text(STORY, encoding="utf-8")
    assert presslate(ws, "pull", str(story), "--slug", "bridge") == 0
    assert presslate(ws, "translate", "--engine", "none") == 0  # creates the fr, de, es catalogs
    review_all(ws, "bridge")
    return ws, story


def setup_pull(base: Path) -> list[str]:
    """A translated article whose source changed; the operation pulls it again."""
    _, story = new_workspace(base)
    story.write_text(STORY_V2, encoding="utf-8")
    return ["pull", str(story), "--slug", "bridge"]


def setup_translate(base: Path) -> list[str]:
    """Two more articles pulled; the operation fills their catalogs from the translation memory
    (one group, so one transaction, per article in the tests below)."""
    ws, _ = new_workspace(base)
    for slug, text in (("ferry", FERRY), ("quay", QUAY)):
        source = base / f"{slug}.md"
        source.write_text(text, encoding="utf-8")
        assert presslate(ws, "pull", str(source), "--slug", slug) == 0
    return ["translate", "ferry", "quay", "--engine", "tm", "--to", "fr,de,es"]


def setup_publish(base: Path) -> list[str]:
    """A published article whose French translation a translator then corrected; the operation
    publishes again (MO files, exports and the report change)."""
    ws, _ = new_workspace(base)
    assert presslate(ws, "publish") == 0
    path = ws / "catalogs" / "fr" / "LC_MESSAGES" / "bridge.po"
    po = load_po(path)
    po.find("Traffic will use the new road.", msgctxt="body").msgstr = \
        "La circulation empruntera la nouvelle route."
    save_po(path, po)
    return ["publish"]


SETUPS: dict[str, Callable[[Path], list[str]]] = {
    "pull": setup_pull, "translate": setup_translate, "publish": setup_publish}


class Injected(OSError):
    pass


@contextmanager
def failing_at(k: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make the k-th write (os.fdopen), fsync or rename (os.replace) fail with an OSError."""
    calls: list[str] = []

    def wrap(name: str) -> None:
        # fsync itself is skipped (what is tested is the order of things, not the disk), for speed.
        real = getattr(os, name) if name != "fsync" else (lambda fd: None)

        def failing(*args: object, **kwargs: object) -> object:
            calls.append(name)
            if len(calls) == k:
                raise Injected(28, f"No space left on device (injected at {name} #{k})")
            return real(*args, **kwargs)

        monkeypatch.setattr(os, name, failing)

    for name in ("fdopen", "fsync", "replace"):
        wrap(name)
    try:
        yield calls
    finally:
        monkeypatch.undo()


def by_article(state: Snapshot) -> dict[str, Snapshot]:
    """The files of each article (its catalogs); the workspace's other files under ""."""
    found: dict[str, Snapshot] = {}
    for name, data in state.items():
        path = Path(name)
        slug = path.stem if path.suffix == ".po" and path.parts[0] == "catalogs" else ""
        found.setdefault(slug, {})[name] = data
    return found


def assert_whole(ws: Path, old: Snapshot, new: Snapshot, what: str, *, per_article: bool = False) -> None:
    """The workspace is the old state or the new (``per_article``: each article's files are)."""
    after = snapshot(ws)
    assert not [name for name in after if _TEMP.search(name)], f"{what}: temp files left"
    assert JOURNAL_NAME not in after, f"{what}: the journal is left"
    parts = [(old, new, after)]
    if per_article:
        before, done, found = by_article(old), by_article(new), by_article(after)
        parts = [(before.get(slug, {}), done.get(slug, {}), found.get(slug, {}))
                 for slug in sorted(before.keys() | done.keys() | found.keys())]
    for was, will, now in parts:
        assert now in (was, will), (
            f"{what}: neither the old nor the new state; differs from the old in "
            f"{sorted(k for k in was.keys() | now.keys() if was.get(k) != now.get(k))}, from the new in "
            f"{sorted(k for k in will.keys() | now.keys() if will.get(k) != now.get(k))}")
    msgfmt = require_tool("msgfmt")
    for po in ws.rglob("*.po"):
        check = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(po)], capture_output=True,
                               text=True)
        assert check.returncode == 0, f"{what}: {po}: {check.stderr}"


def prepare(tmp_path: Path, name: str) -> tuple[Path, list[str], Snapshot, Snapshot]:
    """The workspace before the operation (kept pristine), its arguments, and both states."""
    pristine = tmp_path / "pristine"
    args = SETUPS[name](pristine)
    old = snapshot(pristine / "ws")
    done = tmp_path / "done"
    shutil.copytree(pristine, done, symlinks=True)
    assert done_ok(args, presslate(done / "ws", *args))
    new = snapshot(done / "ws")
    assert new != old
    return pristine, args, old, new


def fresh(pristine: Path, tmp_path: Path, k: int) -> Path:
    """A copy of the pristine workspace (the operation reads its sources in the pristine folder)."""
    run = tmp_path / f"run-{k}"
    shutil.copytree(pristine, run, symlinks=True)
    return run / "ws"


@contextmanager
def one_article_a_group() -> Iterator[None]:
    """translate saves each article in a transaction of its own (the states before and after
    are those of a run in one group: ``prepare`` made them so)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(translate_module, "GROUP_ENTRIES", 1)
        yield


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_a_failed_write_at_any_point_changes_all_or_nothing(name: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pristine, args, old, new = prepare(tmp_path, name)
    outcomes = []
    mixed = 0  # translate: faults that left some articles new and others old
    with one_article_a_group():
        for k in range(1, 200):
            ws = fresh(pristine, tmp_path, k)
            with failing_at(k, monkeypatch) as calls:
                code = presslate(ws, *args)
            if len(calls) < k:  # no fault was injected: the operation ran to its end
                assert done_ok(args, code)
                assert snapshot(ws) == new
                break
            outcomes.append(code)
            assert done_ok(args, code) or code == 2, f"{name}: fault {k} ({calls[k - 1]}): exit {code}"
            presslate(ws, "status")  # the next command (a reader) finishes or rolls back
            what = f"{name} with {calls[k - 1]} #{k} failing"
            assert_whole(ws, old, new, what, per_article=name == "translate")
            if name == "translate":
                mixed += snapshot(ws) not in (old, new)
                assert done_ok(args, presslate(ws, *args))  # running it again finishes the job
                assert snapshot(ws) == new, f"{what}, then run again"
            shutil.rmtree(ws.parent)
        else:
            pytest.fail("the operation never ran to its end")
    assert 2 in outcomes and len(outcomes) >= 8, outcomes  # failures before and after the commit
    assert mixed or name != "translate", "translate saved its articles in one transaction"


def run_killed_at(k: int, ws: Path, args: list[str]) -> int:
    """Run presslate in a child process that dies (``os._exit(137)``: no cleanup, no finally, as
    when killed) at its k-th rename; returns its exit code. The child is forked from this
    process, so it starts with the language models already loaded."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            calls = [0]
            real = os.replace

            def replace(*a: object, **kw: object) -> None:
                calls[0] += 1
                if calls[0] == k:
                    os._exit(137)
                real(*a, **kw)  # type: ignore[arg-type]

            os.replace = replace
            os.fsync = lambda fd: None  # what is tested is the order of things, not the disk
            try:
                main(["-C", str(ws), *args])
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.parametrize("name", sorted(SETUPS))
def test_a_process_killed_at_any_rename_leaves_a_whole_workspace(name: str, tmp_path: Path) -> None:
    pristine, args, old, new = prepare(tmp_path, name)
    killed = 0
    with one_article_a_group():
        for k in range(1, 100):
            ws = fresh(pristine, tmp_path, k)
            code = run_killed_at(k, ws, args)
            if code != 137:  # no kill: the operation ran to its end
                assert done_ok(args, code)
                assert snapshot(ws) == new
                break
            killed += 1
            # The next command: a reader, or the operation itself, alternately.
            if k % 2:
                presslate(ws, "status")
                assert_whole(ws, old, new, f"{name} killed at rename #{k}",
                             per_article=name == "translate")
            assert done_ok(args, presslate(ws, *args))
            assert snapshot(ws) == new, f"{name}: running it again after a kill at rename {k}"
            shutil.rmtree(ws.parent)
        else:
            pytest.fail("the operation never ran to its end")
    assert killed >= 4 if name != "translate" else killed >= 8  # translate: two transactions


def test_a_template_left_by_an_older_crash_is_merged_on_the_next_pull(tmp_path: Path) -> None:
    """The new template, the old record and the old catalogs (and a temp file): the next pull
    merges the catalogs instead of trusting the unchanged template, and removes the temp file."""
    pristine = tmp_path / "pristine"
    args = setup_pull(pristine)
    ws = pristine / "ws"
    done = tmp_path / "done"
    shutil.copytree(pristine, done)
    assert presslate(done / "ws", *args) == 0
    # What a crash between the template and the catalogs left behind.
    shutil.copy(done / "ws" / "catalogs" / "bridge.pot", ws / "catalogs" / "bridge.pot")
    stray = ws / "catalogs" / "fr" / "LC_MESSAGES" / ".bridge.po.k2x9q0ab.tmp"
    stray.write_text("half a catalog", encoding="utf-8")

    result = CliRunner().invoke(cli, ["-C", str(ws), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "merged into 3 catalogs" in result.output
    assert not stray.exists()
    for locale in TRANSLATIONS:
        po = load_po(ws / "catalogs" / locale / "LC_MESSAGES" / "bridge.po")
        assert po.find("Shops near the bridge fear for their trade.", msgctxt="body") is not None
    assert snapshot(ws) == snapshot(done / "ws")
    # And the gate no longer passes with the new paragraph untranslated.
    assert presslate(ws, "publish", "--dry-run") == 1


def test_an_in_sync_catalog_is_not_rewritten_by_a_pull(tmp_path: Path) -> None:
    """Merging every catalog on every pull changes nothing when they are in sync, even when a
    tool rewrapped them."""
    ws, story = new_workspace(tmp_path)
    fr = ws / "catalogs" / "fr" / "LC_MESSAGES" / "bridge.po"
    msgcat = require_tool("msgcat")
    subprocess.run([msgcat, "-w", "30", "-o", str(fr), str(fr)], check=True)
    before = snapshot(ws)
    result = CliRunner().invoke(cli, ["-C", str(ws), "pull", str(story), "--slug", "bridge"])
    assert result.exit_code == 0 and result.output.endswith("(unchanged)\n"), result.output
    assert snapshot(ws) == before
