"""The Argos engine end to end on small real packages built by the suite (random weights).

The output is not a translation; these tests check the pipeline: every entry
filled in order, fuzzy with provenance, pivoting, one batch per language pair,
incremental runs, human entries untouched, package management and bad packages.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.catalog import MACHINE, entry_state, load_po, provenance, save_po
from presslate.i18n.engines import argos

from .conftest import Invoke
from .support.argos_model import build_argos_model
from .support.articles import add_article

pytestmark = pytest.mark.argos

BODY = [
    "The minister said on Sunday that talks would resume. Officials confirmed the date.",
    "Russia transferred its advanced air defence system to Syria in October.",
    "The meeting would be the first since ties were strained. It is expected next week!",
    "Markets rose slightly.",
]


@pytest.fixture(autouse=True)
def argos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """argostranslate.settings makes its data, config and cache folders when imported: keep them here."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))


@pytest.fixture(scope="session")
def argos_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Small real .argosmodel files: en→de and en→es, es→fr (for pivoting), built once."""
    pytest.importorskip("ctranslate2")
    pytest.importorskip("sentencepiece")
    folder = tmp_path_factory.mktemp("argosmodels")
    return {f"{a}_{b}": build_argos_model(folder, a, b, seed=n)
            for n, (a, b) in enumerate([("en", "de"), ("en", "es"), ("es", "fr")])}


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Invoke,
             argos_files: dict[str, Path]) -> Path:
    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    for file in argos_files.values():
        result = run("models", "install", str(file))
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count translate_batch calls (and the sentences in each) on every loaded model."""
    seen: list[int] = []
    real = argos.load_translator

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def translate_batch(self, batch: list[list[str]], **kwargs: Any) -> Any:
            seen.append(len(batch))
            return self.inner.translate_batch(batch, **kwargs)

    monkeypatch.setattr(argos, "load_translator", lambda path: Counting(real(path)))
    return seen


def articles(workspace: Path) -> None:
    add_article(workspace, "one", [("headline", "Talks resume in Moscow", "en"),
                                   *[("body", t, "en") for t in BODY]])
    add_article(workspace, "two", [("headline", "Markets rose slightly in Paris", "en"),
                                   ("body", BODY[0], "en"), ("body", "A second story ends here.", "en")])


def catalog(workspace: Path, slug: str, locale: str) -> Any:
    return load_po(workspace / "catalogs" / locale / "LC_MESSAGES" / f"{slug}.po")


def test_models_install_list_remove(run: Invoke, packages: Path) -> None:
    listed = run("models", "list")
    assert listed.exit_code == 0
    for name in ("translate-en_de-1_0", "translate-en_es-1_0", "translate-es_fr-1_0"):
        assert name in listed.output
    assert "en→de" in listed.output
    removed = run("models", "remove", "en_de")
    assert removed.exit_code == 0, removed.output
    assert not (packages / "translate-en_de-1_0").exists()
    again = run("models", "remove", "en_de")
    assert again.exit_code == 2
    assert "no installed Argos package" in again.output


def test_models_list_json(run: Invoke, packages: Path) -> None:
    data = json.loads(run("models", "list", "--json").output)
    assert data["directory"] == str(packages)
    listed = {(p["name"], p["source"], p["target"], p["usable"]) for p in data["packages"]}
    assert listed == {("translate-en_de-1_0", "en", "de", True), ("translate-en_es-1_0", "en", "es", True),
                      ("translate-es_fr-1_0", "es", "fr", True)}


def test_engines_lists_direct_and_pivot_pairs(run: Invoke, packages: Path) -> None:
    result = run("engines")
    assert result.exit_code == 0, result.output
    argos_part = result.output.split("apertium:")[0]
    assert "en→de (translate-en_de-1_0)" in argos_part
    assert "en→es→fr" in argos_part


def test_every_entry_filled_in_order_fuzzy_with_provenance(run: Invoke, workspace: Path,
                                                           packages: Path, calls: list[int]) -> None:
    articles(workspace)
    result = run("translate", "--to", "de,fr", "--engine", "argos")
    assert result.exit_code == 0, result.output
    for slug in ("one", "two"):
        pot = load_po(workspace / "catalogs" / f"{slug}.pot")
        for locale, path in (("de", "argos en→de (en_de 1.0)"),
                             ("fr", "argos en→es→fr (en_es 1.0, es_fr 1.0)")):
            po = catalog(workspace, slug, locale)
            assert [(e.msgctxt, e.msgid) for e in po] == [(e.msgctxt, e.msgid) for e in pot]
            for entry in po:
                assert entry.msgstr.strip(), entry.msgid
                assert entry.fuzzy
                assert entry_state(entry) == MACHINE
                assert provenance(entry) == path
    # One call per hop for all segments of both articles: en→de, en→es, es→fr.
    assert len(calls) == 3
    sentences = sum(len(t.split(". ")) for t in BODY) + 2 + 2
    assert sum(calls) >= sentences
    assert "de: 8 filled by argos" in result.output


def test_dropped_placeholders_mean_one_more_batch_without_masks(run: Invoke, workspace: Path,
                                                                 packages: Path, calls: list[int]) -> None:
    add_article(workspace, "nums", [("body", "The S-300 arrived in 2018.", "en"),
                                    ("body", "Officials spoke 3 times.", "en"),
                                    ("body", "No numbers here.", "en")])
    result = run("translate", "--to", "de", "--engine", "argos")
    assert result.exit_code == 0, result.output
    # The random model cannot copy [[1]]: the two masked texts go again, together, unmasked.
    assert calls == [3, 2]
    assert "translated again without glossary/number masks (the engine dropped them): 2" in result.output
    po = catalog(workspace, "nums", "de")
    assert all(e.msgstr and "[[" not in e.msgstr and e.fuzzy for e in po)


def test_second_run_translates_nothing_and_writes_nothing(run: Invoke, workspace: Path, packages: Path,
                                                          calls: list[int]) -> None:
    articles(workspace)
    assert run("translate", "--to", "de", "--engine", "argos").exit_code == 0
    po_path = workspace / "catalogs" / "de" / "LC_MESSAGES" / "one.po"
    before = (po_path.read_bytes(), po_path.stat().st_mtime_ns)
    calls.clear()
    again = run("translate", "--to", "de", "--engine", "argos")
    assert again.exit_code == 0, again.output
    assert calls == []
    assert "kept: 8 earlier machine suggestions" in again.output
    assert (po_path.read_bytes(), po_path.stat().st_mtime_ns) == before


def test_human_entries_never_touched_even_when_refreshing(run: Invoke, workspace: Path,
                                                          packages: Path, calls: list[int]) -> None:
    articles(workspace)
    assert run("translate", "--to", "de", "--engine", "argos").exit_code == 0
    path = workspace / "catalogs" / "de" / "LC_MESSAGES" / "one.po"
    po = load_po(path)
    human = po[1]
    human.msgstr = "Der Minister sagte am Sonntag, die Gespräche würden fortgesetzt."
    human.flags.remove("fuzzy")
    save_po(path, po)
    calls.clear()
    result = run("translate", "one", "--to", "de", "--engine", "argos", "--refresh-machine")
    assert result.exit_code == 0, result.output
    assert "kept: 1 reviewed by a person" in result.output
    after = load_po(path)
    assert after[1].msgstr == human.msgstr and not after[1].fuzzy
    assert all(e.fuzzy and provenance(e) for i, e in enumerate(after) if i != 1)
    # The refreshed entries went through the engine again, as one batch.
    assert len(calls) == 1


def test_translation_memory_exact_match_first(run: Invoke, workspace: Path, packages: Path,
                                              calls: list[int]) -> None:
    articles(workspace)
    assert run("translate", "one", "--to", "de", "--engine", "argos").exit_code == 0
    path = workspace / "catalogs" / "de" / "LC_MESSAGES" / "one.po"
    po = load_po(path)
    shared = next(e for e in po if e.msgid == BODY[0])
    shared.msgstr = "Der Minister sagte, die Gespräche gehen weiter. Beamte bestätigten das Datum."
    shared.flags.remove("fuzzy")
    save_po(path, po)
    result = run("translate", "two", "--to", "de")
    assert result.exit_code == 0, result.output
    two = catalog(workspace, "two", "de")
    entry = next(e for e in two if e.msgid == BODY[0])
    assert entry.msgstr == shared.msgstr and entry.fuzzy
    assert provenance(entry) == "tm exact match (reviewed in one)"
    assert "de: 1 filled by tm" in result.output and "de: 2 filled by argos" in result.output


def test_close_tm_match_offered_when_no_engine(run: Invoke, workspace: Path, packages: Path) -> None:
    add_article(workspace, "old", [("body", "The minister said on Sunday that talks would resume.", "en")])
    add_article(workspace, "new", [("body", "The minister said on Monday that talks would resume.", "en"),
                                   ("body", "Something else entirely different here.", "en")])
    assert run("translate", "old", "--to", "it", "--engine", "none").exit_code == 0
    path = workspace / "catalogs" / "it" / "LC_MESSAGES" / "old.po"
    po = load_po(path)
    po[0].msgstr = "Il ministro ha detto domenica che i colloqui riprenderanno."
    save_po(path, po)
    result = run("translate", "new", "--to", "it")
    assert result.exit_code == 3, result.output
    new = catalog(workspace, "new", "it")
    assert new[0].msgstr == po[0].msgstr and new[0].fuzzy
    assert provenance(new[0]).startswith("tm 9") and "% match (reviewed in old)" in provenance(new[0])
    assert new[1].msgstr == ""
    assert "skipped 1 in it (en→it)" in result.output
    assert "presslate models download en it" in result.output


def test_broken_package_names_the_pair_and_other_pairs_still_done(run: Invoke, workspace: Path,
                                                                   packages: Path) -> None:
    articles(workspace)
    (packages / "translate-en_de-1_0" / "model" / "model.bin").unlink()
    result = run("translate", "--to", "de,fr", "--engine", "argos")
    assert result.exit_code == 3, result.output
    assert "en→de" in result.output and "broken: missing model/model.bin" in result.output
    assert "presslate models remove translate-en_de-1_0" in result.output
    assert all(e.msgstr == "" for e in catalog(workspace, "one", "de"))
    assert all(e.msgstr and e.fuzzy for e in catalog(workspace, "one", "fr"))


@pytest.mark.parametrize("damage", ["not-a-zip", "truncated", "missing-model", "bad-metadata"])
def test_bad_package_files_are_refused(run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       argos_files: dict[str, Path], damage: str) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    good = argos_files["en_de"]
    bad = tmp_path / "bad.argosmodel"
    if damage == "not-a-zip":
        bad.write_text("this is not an archive\n")
        expected = "not a zip archive"
    elif damage == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        expected = "not a zip archive"
    else:
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.infolist():
                if damage == "missing-model" and item.filename.endswith("model.bin"):
                    continue
                data = src.read(item)
                if damage == "bad-metadata" and item.filename.endswith("metadata.json"):
                    data = b"{not json"
                dst.writestr(item, data)
        expected = "missing model/model.bin" if damage == "missing-model" else "not valid JSON"
    result = run("models", "install", str(bad))
    assert result.exit_code == 2
    assert expected in result.output and str(bad) in result.output
    assert not (tmp_path / "pk").exists() or not any(
        p for p in (tmp_path / "pk").iterdir() if not p.name.startswith("."))


@pytest.fixture
def index_server(tmp_path: Path, argos_files: dict[str, Path]) -> Iterator[str]:
    """A package index and one package served on loopback."""
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(argos_files["en_de"], root / "en_de.argosmodel")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    (root / "index.json").write_text(json.dumps([
        {"package_version": "0.9", "from_code": "en", "to_code": "de", "type": "translate",
         "links": [url + "missing.argosmodel"]},
        {"package_version": "1.0", "from_code": "en", "to_code": "de", "type": "translate",
         "links": [url + "en_de.argosmodel"]},
        {"package_version": "1.0", "from_code": "en", "to_code": "es", "links": [url + "x.argosmodel"]},
    ]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


def test_download_from_the_index(run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 index_server: str) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index_server)
    result = run("models", "download", "en", "de")
    assert result.exit_code == 0, result.output
    assert "installed translate-en_de-1_0 (en→de 1.0)" in result.output
    assert (tmp_path / "pk" / "translate-en_de-1_0" / "model" / "model.bin").is_file()
    missing = run("models", "download", "en", "ar")
    assert missing.exit_code == 2
    assert "no en→ar package" in missing.output and "en→de" in missing.output


def test_download_offline_is_a_clear_error(run: Invoke, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{port}/")
    result = run("models", "download", "fr", "en")
    assert result.exit_code == 2
    assert "cannot reach the Argos package index" in result.output
    assert "presslate models install FILE" in result.output


def test_progress_reports_every_entry_once_in_order(workspace: Path, packages: Path) -> None:
    from presslate.i18n.translate import TranslateOptions, translate_articles
    from presslate.i18n.workspace import Workspace

    articles(workspace)
    seen: list[tuple[int, int]] = []
    summary = translate_articles(Workspace.open(workspace), TranslateOptions(targets=("de", "fr")),
                                 progress=lambda done, total: seen.append((done, total)))
    assert summary.total_filled == 16 and not summary.partial
    assert seen[0] == (0, 16) and seen[-1] == (16, 16)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
    assert {total for _, total in seen} == {16}
