"""presslate init in a git repository: what presslate generates is ignored, so a newsroom's
`git status` is clean after publish, review and compile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from presslate.i18n.workspace_init import generated_patterns

from .conftest import Invoke
from .export_fixtures import SLUG, write_workspace

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args],
        cwd=root, check=True, capture_output=True, text=True).stdout


def test_git_status_is_clean_after_publish_in_a_fresh_workspace(run: Invoke, workspace: Path) -> None:
    git(workspace, "init", "-q")
    result = run("init")
    assert result.exit_code == 0, result.output
    assert ".gitignore" in result.output
    write_workspace(workspace)  # an article with fr/he/ar catalogs, as pull and translate leave them
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "articles")
    tracked = git(workspace, "ls-files").split()
    assert ".gitignore" in tracked and "presslate.toml" in tracked
    assert not [name for name in tracked if name.endswith(".mo") or name.startswith("public/")]

    assert run("publish").exit_code in (0, 1)  # a held-back locale still writes the reports
    assert run("review", SLUG, "--lang", "fr").exit_code == 0
    assert run("compile").exit_code == 0
    assert run("export", SLUG, "--lang", "he", "--fallback", "machine").exit_code == 0
    generated = [p for p in workspace.rglob("*") if p.is_file() and ".git" not in p.parts
                 and p.relative_to(workspace).as_posix() not in tracked]
    names = {p.relative_to(workspace).as_posix() for p in generated}
    assert "public/publish-report.json" in names and f"review/{SLUG}.fr.html" in names
    assert f"catalogs/fr/LC_MESSAGES/{SLUG}.mo" in names and f"public/he/{SLUG}.html" in names
    assert git(workspace, "status", "--porcelain", "--untracked-files=all") == ""


def test_init_adds_only_missing_patterns_to_an_existing_gitignore(run: Invoke, workspace: Path) -> None:
    ignore = workspace / ".gitignore"
    ignore.write_text("node_modules/\n*.mo", encoding="utf-8")  # no final newline
    assert run("init").exit_code == 0
    lines = ignore.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["node_modules/", "*.mo"]
    assert lines.count("*.mo") == 1
    assert set(generated_patterns()) <= set(lines)
    before = ignore.read_text(encoding="utf-8")
    result = run("init", "--force")
    assert result.exit_code == 0
    assert ".gitignore" not in result.output  # nothing left to add
    assert ignore.read_text(encoding="utf-8") == before
