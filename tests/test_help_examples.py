"""Every example in every command's --help works as printed, in a workspace holding the
bundled examples (examples/*, pulled with the slugs scripts/pull-examples.sh gives them)."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from presslate.cli.main import COMMANDS, cli

from .conftest import REPO

# Examples that cannot run offline in a test, and why (the test checks they are still printed).
NOT_RUN = {
    "presslate pull https://example.org/news/story.html --slug story": "fetches a URL",
    "presslate models download fr en": "downloads a package",
    "presslate models install translate-en_fr-1_9.argosmodel": "needs a downloaded package file",
    "presslate models remove translate-en_fr-1_9": "needs that package installed",
    "presslate archive translate examples/ --to fr,es --out translated/":
        "starts a Ray instance (tests/test_archive.py runs archive translate on one)",
    "presslate archive translate archive.jsonl --to fr --out translated/ --ray auto":
        "needs a running Ray cluster",
}
CONFIG = """source_language = "en"
target_languages = ["en", "fr", "es"]
glossary = "glossary.tsv"
"""


def _examples(command: click.Command) -> list[str]:
    help_text = command.help or ""
    if "Example:" not in help_text:
        return []
    block = help_text.split("Example:", 1)[1]
    return [line.strip() for line in block.splitlines() if line.strip().startswith("presslate ")]


def _by_command() -> dict[str, list[str]]:
    ctx = click.Context(cli)
    found: dict[str, list[str]] = {"(presslate)": _examples(cli)}
    for name in sorted(COMMANDS):
        command = cli.get_command(ctx, name)
        assert command is not None
        leaves = sorted(command.commands.values(), key=lambda c: c.name or "") \
            if isinstance(command, click.Group) else [command]
        found[name] = [line for leaf in leaves for line in _examples(leaf)]
    return found


EXAMPLES = _by_command()


def test_every_command_has_an_example() -> None:
    assert [name for name, lines in EXAMPLES.items() if not lines] == []


def _prepare(root: Path) -> None:
    """The repository's own workspace: examples/ and the catalogs pulled from them."""
    shutil.copytree(REPO / "examples", root / "examples")
    shutil.copytree(REPO / "catalogs", root / "catalogs")
    shutil.copy(REPO / "glossary.tsv", root / "glossary.tsv")
    (root / "presslate.toml").write_text(CONFIG, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_help_examples_run_as_printed(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "newsroom-site"
    root.mkdir()
    _prepare(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    runner = CliRunner()
    for line in EXAMPLES[name]:
        if line in NOT_RUN:
            continue
        for part in line.split("&&"):
            args = shlex.split(part)
            assert args[0] == "presslate"
            result = runner.invoke(cli, args[1:], catch_exceptions=False)
            assert result.exit_code == 0, f"{part.strip()}\n{result.output}"
