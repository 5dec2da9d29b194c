"""Every read-modify-write of the workspace happens under its lock: what another command writes
while a slow one runs is never lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli
from tests.conftest import REPO
from tests.test_catalog_safety import start, wait_for

BRIDGE = """\
# The bridge closes

The council voted on Tuesday to close the old bridge.

Subscribe to our newsletter for more local news.
"""

FERRY = """\
# A ferry returns

A ferry will cross the river again from May.
"""


class SlowSource:
    """A local HTTP server whose article arrives only when the test lets it."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.release = threading.Event()


@pytest.fixture
def slow_source() -> Iterator[tuple[str, SlowSource]]:
    state = SlowSource()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requested.set()
            state.release.wait(60)
            body = FERRY.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/ferry.md", state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()


def test_a_segment_decision_made_during_a_slow_pull_survives(workspace: Path, tmp_path: Path,
                                                              slow_source: tuple[str, SlowSource]
                                                              ) -> None:
    url, server = slow_source
    bridge = tmp_path / "bridge.md"
    bridge.write_text(BRIDGE, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(workspace), "pull", str(bridge)]).exit_code == 0
    record = workspace / "catalogs" / "the-bridge-closes.article.json"
    newsletter = next(s["id"] for s in json.loads(record.read_text(encoding="utf-8"))["segments"]
                      if s["text"].startswith("Subscribe"))

    # The pull reads the bridge again (unchanged), then waits for the slow ferry article.
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    pull = subprocess.Popen([sys.executable, "-m", "presslate.cli.main", "-C", str(workspace),
                             "pull", str(bridge), url], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert server.requested.wait(60), "the pull never asked for the slow source"
        # Meanwhile an editor excludes the newsletter line; the pull holds no lock while it reads.
        edit = runner.invoke(cli, ["-C", str(workspace), "segment", "the-bridge-closes",
                                   newsletter,
                                   "--exclude"])
        assert edit.exit_code == 0, edit.output
        server.release.set()
        out, err = pull.communicate(timeout=120)
    finally:
        pull.kill()
    assert pull.returncode == 0, err
    assert "pulled a-ferry-returns" in out

    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["overrides"] == {newsletter: {"included": False}}
    seg = next(s for s in data["segments"] if s["id"] == newsletter)
    assert seg["included"] is False
    pot = (workspace / "catalogs" / "the-bridge-closes.pot").read_text(encoding="utf-8")
    assert "Subscribe to our newsletter" not in pot


def _hold(tmp_path: Path, workspace: Path, code: str) -> subprocess.Popen[str]:
    """A process holding a lock of the workspace until killed (``code`` takes it)."""
    held = tmp_path / "held"
    holder = start(f"""
        import time
        from pathlib import Path
        from presslate.i18n.files import COMMIT, workspace_lock
        from presslate.i18n.workspace import Workspace
        ws = Workspace.open({str(workspace)!r})
        with {code}:
            Path({str(held)!r}).touch()
            time.sleep(60)
    """, tmp_path)
    wait_for(held, holder)
    return holder


def test_a_reader_does_not_wait_for_a_writer_still_at_work(tmp_path: Path, workspace: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A long translate holds the write lock; status and check still answer meanwhile (they see
    the state before it), and a second writer waits."""
    bridge = tmp_path / "bridge.md"
    bridge.write_text(BRIDGE, encoding="utf-8")
    assert CliRunner().invoke(cli, ["-C", str(workspace), "pull", str(bridge)]).exit_code == 0
    holder = _hold(tmp_path, workspace, "ws.lock()")
    try:
        monkeypatch.setenv("PRESSLATE_LOCK_TIMEOUT", "0.3")
        assert CliRunner().invoke(cli, ["-C", str(workspace), "status"]).exit_code == 0
        assert CliRunner().invoke(cli, ["-C", str(workspace), "show", "the-bridge-closes"]
                                  ).exit_code == 0
        result = CliRunner().invoke(cli, ["-C", str(workspace), "pull", str(bridge)])
        assert result.exit_code == 2
        assert "another presslate process is writing this workspace" in result.output
    finally:
        holder.kill()
        holder.communicate(timeout=10)


def test_a_reader_waits_while_files_are_renamed_into_place(tmp_path: Path, workspace: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (workspace / "presslate.toml").write_text('target_languages = ["fr"]\n', encoding="utf-8")
    holder = _hold(tmp_path, workspace, "workspace_lock(ws.root, kind=COMMIT)")
    try:
        monkeypatch.setenv("PRESSLATE_LOCK_TIMEOUT", "0.3")
        result = CliRunner().invoke(cli, ["-C", str(workspace), "status"])
        assert result.exit_code == 2
        assert "another presslate process is writing this workspace" in result.output
    finally:
        holder.kill()
        holder.communicate(timeout=10)


def test_a_damaged_journal_is_named_and_left_alone(workspace: Path) -> None:
    (workspace / "presslate.toml").write_text('target_languages = ["fr"]\n', encoding="utf-8")
    journal = workspace / ".presslate-journal.json"
    journal.write_text('{"state": "committed", "id": "../../x", "files": ["a"]}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(workspace), "status"])
    assert result.exit_code == 2
    assert f"{journal}: the journal of an interrupted write is damaged" in result.output
    assert "remove it" in result.output
    assert journal.exists()
