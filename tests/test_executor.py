"""``presslate translate`` on worker processes and on Ray: the same catalogs, byte for byte, as
in this process, even when a worker is killed mid-run; an engine's failure on a worker reads
as it does here."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from presslate.i18n.engines.apertium import ApertiumEngine
from presslate.i18n.engines.base import Hop, Route
from presslate.i18n.errors import ConfigError, EngineError
from presslate.i18n.executor import EngineSpec, Executor, ExecutorSettings
from presslate.i18n.translate import TranslateOptions, translate_articles
from presslate.i18n.workspace import Workspace

from .conftest import EXAMPLES, Invoke, require_tool
from .support.argos_model import build_argos_model
from .support.articles import add_article

TARGETS = ("es", "fr")


def catalogs(root: Path) -> dict[str, bytes]:
    found = sorted((root / "catalogs").rglob("*.po"))
    return {str(p.relative_to(root)): p.read_bytes() for p in found if p.parent.parent.name in TARGETS}


def clear(root: Path) -> None:
    for locale in TARGETS:
        for path in (root / "catalogs" / locale).rglob("*.po"):
            path.unlink()


@pytest.fixture
def pulled(run: Invoke, workspace: Path) -> Path:
    """The bundled examples (English, French, several formats) pulled into the workspace."""
    require_tool("apertium")
    for source in sorted(EXAMPLES.glob("*.*")):
        result = run("pull", str(source))
        assert result.exit_code == 0, result.output
    return workspace


def in_process(root: Path) -> dict[str, bytes]:
    translate_articles(Workspace.open(root), TranslateOptions(targets=TARGETS, engine="apertium"))
    result = catalogs(root)
    assert len(result) >= 8 and all(b"presslate-mt: apertium" in data for data in result.values())
    clear(root)
    return result


@pytest.mark.apertium
@pytest.mark.ray
def test_the_three_executors_write_the_same_catalogs(pulled: Path, run: Invoke, ray_cluster: Path) -> None:
    expected = in_process(pulled)
    result = run("translate", "--to", ",".join(TARGETS), "--engine", "apertium", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert catalogs(pulled) == expected
    clear(pulled)
    result = run("translate", "--to", ",".join(TARGETS), "--engine", "apertium", "--ray", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert catalogs(pulled) == expected
    for settings in (ExecutorSettings("workers", 2), ExecutorSettings("ray", 2)):  # groups
        clear(pulled)
        translate_articles(Workspace.open(pulled), TranslateOptions(
            targets=TARGETS, engine="apertium", executor=settings, group_entries=1))
        assert catalogs(pulled) == expected, settings


@pytest.mark.apertium
@pytest.mark.ray
def test_ray_already_connected_elsewhere_refuses_another_address(pulled: Path, run: Invoke,
                                                                  ray_cluster: Path) -> None:
    """Ray connects once per process: an address other than the cluster this process is
    connected to is an error naming both, before anything is written; that cluster's own
    address, or auto, uses it."""
    import ray

    expected = in_process(pulled)
    current = ray.get_runtime_context().gcs_address
    for other in ("10.255.255.1:6379", "ray://10.255.255.1:10001", current.rsplit(":", 1)[0] + ":1"):
        result = run("translate", "--to", ",".join(TARGETS), "--engine", "apertium", "--ray", other)
        assert result.exit_code == 2, result.output
        assert f"cannot use the Ray cluster at '{other}'" in result.output
        assert f"already connected to the one at '{current}'" in result.output
        assert catalogs(pulled) == {}
    host, port = current.rsplit(":", 1)
    for same in (current, f"localhost:{port}" if host == "127.0.0.1" else current, "auto"):
        result = run("translate", "--to", ",".join(TARGETS), "--engine", "apertium", "--ray", same)
        assert result.exit_code == 0, result.output
        assert catalogs(pulled) == expected
        clear(pulled)


def _kill_one(pids: list[int]) -> None:
    os.kill(pids[0], signal.SIGKILL)


@pytest.mark.apertium
def test_a_killed_worker_process_loses_nothing(pulled: Path) -> None:
    expected = in_process(pulled)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        workers = [p.pid for p in multiprocessing.active_children() if p.pid]
        if 0 < done < total and not killed and workers:
            killed.append(workers[0])
            _kill_one(workers)

    # translate.executor in the configuration, batches cut as by default
    (pulled / "presslate.toml").write_text('[translate]\nexecutor = "workers"\nworkers = 2\n',
                                           encoding="utf-8")
    options = TranslateOptions(targets=TARGETS, engine="apertium")
    summary = translate_articles(Workspace.open(pulled), options, progress=progress)
    assert killed, "no worker was running to be killed"
    assert not summary.skipped
    assert catalogs(pulled) == expected


def ray_workers() -> list[int]:
    """The Ray actors holding engines, found as an operator would (ps: ray::PresslateTranslator)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if title.startswith(b"ray::PresslateTranslator"):
            pids.append(int(entry.name))
    return pids


@pytest.mark.apertium
@pytest.mark.ray
def test_a_killed_ray_worker_loses_nothing(pulled: Path, ray_cluster: Path) -> None:
    expected = in_process(pulled)
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        workers = ray_workers()
        if 0 < done < total and not killed and workers:
            killed.append(workers[0])
            _kill_one(workers)

    options = TranslateOptions(targets=TARGETS, engine="apertium",
                               executor=ExecutorSettings("ray", 2, batch_size=3))
    summary = translate_articles(Workspace.open(pulled), options, progress=progress)
    assert killed, "no Ray worker was running to be killed"
    assert not summary.skipped
    assert catalogs(pulled) == expected


@pytest.mark.apertium
def test_a_pair_missing_on_the_worker_fails_with_the_engine_s_message() -> None:
    require_tool("apertium")
    route = Route("apertium", (Hop("xx", "yy", "xxx-yyy"),))
    with pytest.raises(EngineError) as here:
        ApertiumEngine().translate(route, ["A test."])
    with Executor(ExecutorSettings("workers", 1)) as executor, pytest.raises(EngineError) as there:
        executor.engine(EngineSpec("apertium")).translate(route, ["A test."])
    assert str(there.value) == str(here.value)
    assert there.value.pair == here.value.pair == ("xx", "yy")


def test_bad_executor_settings_are_refused(run: Invoke, workspace: Path) -> None:
    (workspace / "presslate.toml").write_text('[translate]\nexecutor = "cluster"\n', encoding="utf-8")
    result = run("translate", "--to", "fr")
    assert result.exit_code == 2
    assert "translate.executor" in result.output and "in-process, workers, ray" in result.output
    (workspace / "presslate.toml").write_text('[translate]\nworkers = -1\n', encoding="utf-8")
    result = run("translate", "--to", "fr")
    assert result.exit_code == 2 and "translate.workers" in result.output
    with pytest.raises(ConfigError):
        Executor(ExecutorSettings("threads"))


@pytest.mark.argos
@pytest.mark.ray
def test_argos_packages_reach_the_ray_workers(run: Invoke, workspace: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch, ray_cluster: Path) -> None:
    """A package installed only here is sent to the actors through the object store, unpacked in
    their cache once, and translates as it does here."""
    pytest.importorskip("ctranslate2")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):  # argostranslate.settings writes there
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    model = build_argos_model(tmp_path / "models", "en", "es", seed=3)
    assert run("models", "install", str(model)).exit_code == 0
    add_article(workspace, "one", [("headline", "Talks resume in Moscow", "en"),
                                   ("body", "The minister said on Sunday that talks would resume.", "en"),
                                   ("body", "Markets rose slightly.", "en")])
    here = run("translate", "--to", "es", "--engine", "argos")
    assert here.exit_code == 0, here.output
    po = workspace / "catalogs" / "es" / "LC_MESSAGES" / "one.po"
    expected = po.read_bytes()
    assert b"presslate-mt: argos en\xe2\x86\x92es (en_es 1.0)" in expected
    po.unlink()
    there = run("translate", "--to", "es", "--engine", "argos", "--ray", "--workers", "1")
    assert there.exit_code == 0, there.output
    assert po.read_bytes() == expected
    cache = ray_cluster / "presslate" / "ray-models"
    unpacked = list(cache.glob("translate-en_es-1_0-*/translate-en_es-1_0"))
    assert len(unpacked) == 1 and (unpacked[0] / "model" / "model.bin").is_file()
