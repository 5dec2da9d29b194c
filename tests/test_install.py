"""presslate as a user installs it: a wheel built from the repository, installed into a fresh
virtualenv, runs its command and pulls an article; and the editable install the setup makes
installs nothing under a generic top-level name."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv holding the wheel built from the repository (its dependencies are
    taken from the test's own environment, read-only, after the wheel's own files)."""
    base = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--disable-pip-version-check", "-q", "-w", base / "dist", REPO)
    [wheel] = (base / "dist").glob("presslate-*.whl")
    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # without PYTHONPATH: a checkout on it (with its presslate.egg-info) would make pip take
    # presslate as installed already and install nothing
    run(sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python,
        "install", "-q", "--no-deps", wheel, env=clean_env())
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    # The dependencies: this environment's site-packages as a plain path (its .pth files,
    # the editable install's among them, are not read from there).
    (site / "zz-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return venv


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env


def test_the_wheel_holds_the_package_under_its_own_name(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    done = run(python, "-c", "import presslate, presslate.i18n.catalog, presslate.cli.main;"
               "print(presslate.__file__); print(presslate.i18n.catalog.__file__);"
               "import importlib.util as u; print(u.find_spec('i18n'), u.find_spec('cli'))",
               cwd=tmp_path, env=clean_env())
    package, catalog, generic = done.stdout.splitlines()
    assert package.startswith(str(installed)) and catalog.startswith(str(installed))
    assert generic == "None None", "the wheel must not install top-level i18n or cli packages"
    templates = Path(catalog).parent / "templates"
    assert (templates / "article.html").is_file() and (templates / "review.html").is_file()


def test_the_installed_command_runs_and_pulls(installed: Path, tmp_path: Path) -> None:
    presslate = installed / "bin" / "presslate"
    env = clean_env()
    helped = run(presslate, "--help", cwd=tmp_path, env=env)
    assert "pull" in helped.stdout and "translate" in helped.stdout
    run(presslate, "init", cwd=tmp_path, env=env)
    pulled = run(presslate, "pull", EXAMPLES / "markdown-festival.md", cwd=tmp_path, env=env)
    assert "pulled " in pulled.stdout
    assert list((tmp_path / "catalogs").glob("*.pot"))
    run(presslate, "translate", "--to", "fr", "--engine", "none", cwd=tmp_path, env=env)
    assert list((tmp_path / "catalogs" / "fr" / "LC_MESSAGES").glob("*.po"))



def test_the_repository_layout(tmp_path: Path) -> None:
    """The library and the commands at the top of the repository, importable in place as
    presslate.i18n and presslate.cli."""
    assert (REPO / "i18n" / "__init__.py").is_file() and (REPO / "cli" / "main.py").is_file()
    import presslate.cli.main
    import presslate.i18n.catalog

    assert Path(presslate.i18n.catalog.__file__).resolve().parent == (REPO / "i18n").resolve()
    assert Path(presslate.cli.main.__file__).resolve().parent == (REPO / "cli").resolve()
