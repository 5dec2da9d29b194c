"""A killed save leaves the old catalog intact; two processes never write a workspace at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli
from presslate.i18n.catalog import load_po
from tests.conftest import EXAMPLES, REPO

OLD = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
       'msgid "Ships queued outside the harbour."\nmsgstr "Des navires attendaient devant le port."\n')


def pull_example(workspace: Path) -> None:
    """An article in the workspace, so that `compile` has something to work on."""
    result = CliRunner().invoke(cli, ["-C", str(workspace), "pull",
                                      str(EXAMPLES / "scrape-harbour-strike.txt")])
    assert result.exit_code == 0, result.output


def start(code: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            pytest.fail(f"the helper process ended early: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            pytest.fail("the helper process never got there")
        time.sleep(0.02)


def test_a_process_killed_during_a_save_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    target.write_text(OLD, encoding="utf-8")
    marker = tmp_path / "stalled"
    # The child writes a much bigger catalog, and stalls inside write_atomic (at fsync).
    child = start(f"""
        import os, time
        from pathlib import Path
        from presslate.i18n import files
        def stalled_fsync(fd):
            Path({str(marker)!r}).touch()
            time.sleep(60)
        files.os.fsync = stalled_fsync
        files.write_atomic(Path({str(target)!r}), "msgid \\"x\\"\\nmsgstr \\"y\\"\\n" * 200000)
    """, tmp_path)
    try:
        wait_for(marker, child)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert target.read_text(encoding="utf-8") == OLD
    assert next(iter(load_po(target))).msgstr == "Des navires attendaient devant le port."


def test_a_second_process_fails_clearly_while_the_workspace_is_locked(tmp_path: Path,
                                                                      workspace: Path,
                                                                      monkeypatch: pytest.MonkeyPatch
                                                                      ) -> None:
    pull_example(workspace)
    held = tmp_path / "held"
    holder = start(f"""
        import time
        from pathlib import Path
        from presslate.i18n.workspace import Workspace
        with Workspace.open({str(workspace)!r}).lock():
            Path({str(held)!r}).touch()
            time.sleep(60)
    """, tmp_path)
    try:
        wait_for(held, holder)
        monkeypatch.setenv("PRESSLATE_LOCK_TIMEOUT", "0.3")
        result = CliRunner().invoke(cli, ["-C", str(workspace), "compile"])
        assert result.exit_code == 2
        assert "another presslate process is writing this workspace" in result.output
        assert "PRESSLATE_LOCK_TIMEOUT" in result.output
    finally:
        holder.kill()
        holder.communicate(timeout=10)


def test_a_second_process_waits_for_the_lock(tmp_path: Path, workspace: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    pull_example(workspace)
    held = tmp_path / "held"
    holder = start(f"""
        import time
        from pathlib import Path
        from presslate.i18n.workspace import Workspace
        with Workspace.open({str(workspace)!r}).lock():
            Path({str(held)!r}).touch()
            time.sleep(0.6)
    """, tmp_path)
    try:
        wait_for(held, holder)
        monkeypatch.setenv("PRESSLATE_LOCK_TIMEOUT", "20")
        started = time.monotonic()
        result = CliRunner().invoke(cli, ["-C", str(workspace), "compile"])
        assert result.exit_code == 0, result.output
        assert time.monotonic() - started > 0.2  # it waited for the holder to finish
    finally:
        holder.communicate(timeout=10)
