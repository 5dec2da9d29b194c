"""CLDR facts kept in the user's cache folder (presslate.i18n.cldr): the same answers as Babel,
read back without Babel, and a damaged, stale or unwritable cache changes no answer."""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n import cldr
from presslate.i18n.langid import _language_scripts
from presslate.i18n.locales import _canonical
from presslate.i18n.qa.checks import _common_capitalized
from presslate.i18n.qa.numbers import month_names, number_symbols

REPO = Path(__file__).resolve().parent.parent
FACTS = (number_symbols, month_names, _common_capitalized, _canonical, _language_scripts)
CODES = ("en", "fr", "de", "he", "ar", "pt_BR", "zh_Hant", "sr_Latn", "ca", "nb", "xx", "fr_ZZ", "und")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cldr.forget()
    yield tmp_path / "cache" / "presslate" / cldr.FILE_NAME
    cldr.forget()


@contextlib.contextmanager
def _cache_folder(folder: Path) -> Iterator[None]:
    """``XDG_CACHE_HOME`` set to ``folder`` within the block (hypothesis tests cannot take a
    function's monkeypatch), every fact forgotten before and after it."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    cldr.forget()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old
        cldr.forget()


def _without_babel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any read of Babel's locale data fail loudly."""
    import babel.localedata

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Babel's locale data was read")

    monkeypatch.setattr(babel.localedata, "load", refuse)


def test_answers_are_babels_and_come_back_from_the_file_without_babel(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    direct = {f.__name__: {code: inspect.unwrap(f)(code) for code in CODES} for f in FACTS}
    first = {f.__name__: {code: f(code) for code in CODES} for f in FACTS}
    assert first == direct
    cldr.forget()  # writes the file, forgets the process's answers
    assert cache_home.exists()
    _without_babel(monkeypatch)
    again = {f.__name__: {code: f(code) for code in CODES} for f in FACTS}
    assert again == direct
    assert type(again["number_symbols"]["fr"]) is tuple
    assert type(again["month_names"]["fr"]) is frozenset


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(__import__("babel").localedata.locale_identifiers())),
                min_size=1, max_size=6))
def test_any_babel_locale_round_trips(tmp_path_factory: pytest.TempPathFactory, codes: list[str]) -> None:
    with _cache_folder(tmp_path_factory.mktemp("cache")):
        direct = {(f, code): inspect.unwrap(f)(code) for f in FACTS for code in codes}
        assert {key: key[0](key[1]) for key in direct} == direct  # computed and kept
        cldr.forget()  # written to the file
        again = {key: key[0](key[1]) for key in direct}  # read from it
        assert again == direct
        assert [type(v) for v in again.values()] == [type(v) for v in direct.values()]


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"version": "other", "facts": {}}',
    b'{"version": null, "facts": []}', "\u00e9".encode("latin-1"),
])
def test_a_damaged_or_stale_file_changes_no_answer(cache_home: Path, damage: bytes) -> None:
    cache_home.parent.mkdir(parents=True)
    cache_home.write_bytes(damage)
    assert number_symbols("fr") == inspect.unwrap(number_symbols)("fr")
    assert _canonical("fr_ZZ") is None and _canonical("pt_br") == "pt_BR"
    cldr.forget()
    data = json.loads(cache_home.read_text(encoding="utf-8"))  # written afresh, whole
    assert data["version"] == cldr.store.version or data["version"].startswith(f"{cldr._FORMAT};")


def test_answers_of_the_wrong_shape_are_computed_again(cache_home: Path) -> None:
    number_symbols("de")
    month_names("de")
    cldr.forget()
    data = json.loads(cache_home.read_text(encoding="utf-8"))
    for name, answers in data["facts"].items():
        if ".number_symbols:" in name:
            answers["de"] = [",."]  # a text, not a pair of texts
        if ".month_names:" in name:
            answers["de"] = ["januar"]  # a text, not a list of texts
    cache_home.write_text(json.dumps(data), encoding="utf-8")
    assert number_symbols("de") == (",", ".")
    assert month_names("de") == inspect.unwrap(month_names)("de")


def test_another_babel_install_starts_afresh(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    number_symbols("fr")
    cldr.forget()
    data = json.loads(cache_home.read_text(encoding="utf-8"))
    for answers in data["facts"].values():
        for code in answers:
            answers[code] = [["X", "Y"]]
    data["version"] = data["version"] + "-from-another-babel"
    cache_home.write_text(json.dumps(data), encoding="utf-8")
    assert number_symbols("fr") == inspect.unwrap(number_symbols)("fr")


def test_a_changed_function_does_not_read_the_old_ones_answers(cache_home: Path) -> None:
    def fact(code: str) -> str:
        return "old " + code

    first = cldr.kept_fact(str)(fact)
    assert first("fr") == "old fr"
    cldr.forget()

    def fact_again(code: str) -> str:
        return "new " + code

    fact_again.__qualname__ = fact.__qualname__  # the same name, another body
    second = cldr.kept_fact(str)(fact_again)
    assert second("fr") == "new fr"


def test_a_changed_table_in_the_functions_module_is_not_read_from_old_answers(
        cache_home: Path, tmp_path: Path) -> None:
    """A new version of presslate whose function reads another table (a global of its module)
    does not take the answers the old table gave."""
    import importlib.util

    def load(text: str) -> object:
        module_file = tmp_path / "facts_module.py"
        module_file.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("facts_module", module_file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return cldr.kept_fact(str)(module.fact)

    body = "TITLES = {titles!r}\n\ndef fact(code):\n    return TITLES + ' ' + code\n"
    first = load(body.format(titles="old"))
    assert first("fr") == "old fr"  # type: ignore[operator]
    cldr.forget()
    second = load(body.format(titles="newer"))
    assert second("fr") == "newer fr"  # type: ignore[operator]


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    cldr.forget()
    try:
        assert month_names("fr") == inspect.unwrap(month_names)("fr")
    finally:
        cldr.forget()  # the write fails quietly
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_answers_are_kept_per_function_within_a_limit(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cldr, "LIMIT", 3)
    for code in ("en", "fr", "de", "es", "it"):
        _canonical(code)
    cldr.forget()
    data = json.loads(cache_home.read_text(encoding="utf-8"))
    kept = [answers for name, answers in data["facts"].items() if "._canonical:" in name]
    assert [len(answers) for answers in kept] == [3]


def test_a_warm_check_reads_no_babel_locale_data(tmp_path: Path) -> None:
    """The cold ``check`` of a workspace reads the CLDR facts it needs from the user's cache
    folder once they are there: Babel is not even imported."""
    from benchmarks.pofilter_compare import build

    (tmp_path / "ws").mkdir()
    build(tmp_path / "ws")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    probe = ("import sys, runpy\nsys.argv = ['presslate', 'check']\n"
             "try:\n    runpy.run_module('presslate.cli.main', run_name='__main__')\n"
             "except SystemExit as e:\n    code = e.code\n"
             "print('BABEL', sorted(m for m in sys.modules if m.split('.')[0] == 'babel'), code,"
             " file=sys.stderr)\n")
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=tmp_path / "ws", env=env,
                           capture_output=True, text=True) for _ in range(2)]
    first, second = ([line for line in run.stderr.splitlines() if line.startswith("BABEL")][-1]
                     for run in runs)
    assert "'babel'" in first and first.endswith(" 1")  # the seeded workspace fails its check
    assert second == "BABEL [] 1"
    assert runs[0].stdout == runs[1].stdout  # the same findings


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XDG specification: a relative path is invalid. Taken as it is, it would make a
    cache folder in whatever folder a command runs in."""
    from presslate.i18n.files import user_cache_dir

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "presslate"
    cldr.forget()
    try:
        number_symbols("fr")
    finally:
        cldr.forget()
    assert not (tmp_path / "cache").exists()
    assert (tmp_path / "home" / ".cache" / "presslate" / cldr.FILE_NAME).exists()


@pytest.mark.parametrize("fault", ["write", "replace"])
def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """A process killed or refused mid-write (a full disk) leaves the facts file as it was
    (whole), no temporary file beside it, and the answers right."""
    number_symbols("fr")
    cldr.forget()
    before = cache_home.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if fault == "write":
        real_fdopen = os.fdopen

        class HalfWritten:
            """The temporary file, opened, then the write refused."""

            def __init__(self, fd: int, *args: Any, **kwargs: Any) -> None:
                self.file = real_fdopen(fd, *args, **kwargs)

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *exc: object) -> None:
                self.file.close()

            def write(self, data: str) -> None:
                self.file.write(data[:10])
                self.file.flush()
                fail()

        monkeypatch.setattr(os, "fdopen", HalfWritten)
    else:
        monkeypatch.setattr(os, "replace", fail)
    assert number_symbols("de") == (",", ".")
    cldr.forget()  # the write fails quietly
    monkeypatch.undo()
    assert cache_home.read_bytes() == before
    assert sorted(p.name for p in cache_home.parent.iterdir()) == [cldr.FILE_NAME]


def test_processes_writing_at_once_leave_a_whole_file(tmp_path: Path) -> None:
    """Several commands finishing together each replace the file: it is always one of them,
    whole, and answers are right whichever won."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    codes = ["fr", "de", "es", "it", "pt", "nl", "sv", "pl"]
    probe = ("import sys\nfrom presslate.i18n.qa.numbers import month_names, number_symbols\n"
             "for code in sys.argv[1:]:\n    number_symbols(code); month_names(code)\n")
    running = [subprocess.Popen([sys.executable, "-c", probe, *codes[i:i + 2]], env=env)
               for i in range(0, len(codes), 2)]
    assert [p.wait(timeout=120) for p in running] == [0] * len(running)
    path = tmp_path / "cache" / "presslate" / cldr.FILE_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["facts"]
    assert sorted(p.name for p in path.parent.iterdir()) == [cldr.FILE_NAME]
    with _cache_folder(tmp_path / "cache"):
        assert {c: number_symbols(c) for c in codes} == \
            {c: inspect.unwrap(number_symbols)(c) for c in codes}
