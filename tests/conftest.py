"""Shared fixtures: a CLI runner, a workspace under tmp_path, the shared scrape."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presslate.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = Path(os.environ.get("PRESSLATE_SHARED", REPO.parent / "shared"))
SHARED_ARTICLE = SHARED / "articles" / "i24news-netanyahu-putin.txt"

Invoke = Callable[..., Result]


@pytest.fixture(scope="session", autouse=True)
def _no_workspace_above_the_test_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The workspace search never climbs above pytest's temporary folder, so a stray
    presslate.toml or catalogs/ folder in /tmp cannot turn a test's folder into a workspace."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRESSLATE_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))
        yield


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """An empty workspace folder (no config: defaults)."""
    root = tmp_path / "ws"
    root.mkdir()
    return root


@pytest.fixture
def run(workspace: Path) -> Invoke:
    """Run ``presslate -C <workspace> ARGS...``; returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["-C", str(workspace), *args], input=input,
                             catch_exceptions=False)

    return invoke


@pytest.fixture
def shared_article() -> Path:
    """The real scrape in ../shared; skips when absent, fails instead under PRESSLATE_REQUIRE_SHARED."""
    if not SHARED_ARTICLE.is_file():
        if os.environ.get("PRESSLATE_REQUIRE_SHARED"):
            pytest.fail(f"{SHARED_ARTICLE} is missing and PRESSLATE_REQUIRE_SHARED is set")
        pytest.skip(f"{SHARED_ARTICLE} is not here (the shared folder sits beside the repository)")
    return SHARED_ARTICLE


@pytest.fixture
def langid_dev() -> Path:
    """The shared language-identification set (the same sentences in 18 languages)."""
    path = SHARED / "data" / "langid-dev" / "flores200-devtest-nonnews.tsv"
    if not path.is_file():
        if os.environ.get("PRESSLATE_REQUIRE_SHARED"):
            pytest.fail(f"{path} is missing and PRESSLATE_REQUIRE_SHARED is set")
        pytest.skip(f"{path} is not here (the shared folder sits beside the repository)")
    return path


def require_tool(command: str) -> str:
    """The path of an external tool (msgfmt, apertium, chromium); skips when missing,
    fails instead when PRESSLATE_REQUIRE_TOOLS is set (as in CI)."""
    import shutil

    found = shutil.which(command)
    if found is None:
        if os.environ.get("PRESSLATE_REQUIRE_TOOLS"):
            pytest.fail(f"{command} is not installed and PRESSLATE_REQUIRE_TOOLS is set")
        pytest.skip(f"{command} is not installed")
    return found


@pytest.fixture(scope="session")
def ray_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One local Ray instance for the whole session (two CPUs, no dashboard); the executor and
    archive mode use it as it is. Its workers' cache folder (where Argos packages sent to them
    are unpacked) is returned. Fails rather than skips when Ray is not installed."""
    try:
        import ray
    except ImportError:
        pytest.fail("Ray is not installed: pip install -e '.[ray]' (scripts/setup.sh does)")
    cache = tmp_path_factory.mktemp("ray-workers-cache")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR,
             runtime_env={"env_vars": {"XDG_CACHE_HOME": str(cache)}})
    try:
        yield cache
    finally:
        ray.shutdown()
