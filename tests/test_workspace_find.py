"""The workspace is found upwards from the current folder (or -C DIR), as git finds its
repository; a run that finds no workspace, or no article, fails instead of passing on nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from presslate.cli.main import cli
from presslate.i18n import workspace_find
from tests.conftest import EXAMPLES, REPO
from tests.support.articles import add_article

HARBOUR = EXAMPLES / "scrape-harbour-strike.txt"
FR_PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
         'msgctxt "body"\nmsgid "Ships queued outside the harbour."\n'
         'msgstr "Des navires attendaient devant le port."\n')


def presslate(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def make_workspace(root: Path, *, config: str | None = 'target_languages = ["fr"]\n') -> Path:
    """A workspace with one article and its French catalog (a reviewed translation)."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "presslate.toml").write_text(config, encoding="utf-8")
    add_article(root, "story", [("body", "Ships queued outside the harbour.", "en")])
    po = root / "catalogs" / "fr" / "LC_MESSAGES" / "story.po"
    po.parent.mkdir(parents=True)
    po.write_text(FR_PO, encoding="utf-8")
    return root


# Every command that reads the workspace's articles, with arguments that would be valid.
READERS = {
    "check": ["check"],
    "publish": ["publish"],
    "publish-dry-run": ["publish", "--dry-run"],
    "status": ["status"],
    "compile": ["compile"],
    "translate": ["translate", "--to", "fr", "--engine", "none"],
    "export": ["export", "story", "--lang", "fr"],
    "review": ["review", "story", "--lang", "fr"],
    "show": ["show", "story"],
    "segment": ["segment", "story", "body-1", "--exclude"],
    "xliff-export": ["xliff", "export", "story", "--lang", "fr"],
}


@pytest.mark.parametrize("args", list(READERS.values()), ids=list(READERS))
def test_commands_outside_any_workspace_fail_saying_where_they_looked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    folder = tmp_path / "unrelated" / "deeper"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    result = presslate(*args)
    assert result.exit_code == 2, result.output
    assert f"no presslate workspace in {folder.resolve()} or any parent folder" in result.output
    assert "presslate.toml, pyproject.toml with [tool.presslate], catalogs/" in result.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["deeper", "unrelated"]  # nothing written


def test_xliff_import_outside_any_workspace_fails(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "story.fr.xlf").write_text("<xliff/>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = presslate("xliff", "import", "story", "story.fr.xlf", "--lang", "fr")
    assert result.exit_code == 2 and "no presslate workspace in" in result.output


def test_the_same_with_dash_c(tmp_path: Path) -> None:
    result = presslate("-C", str(tmp_path), "check")
    assert result.exit_code == 2
    assert f"no presslate workspace in {tmp_path.resolve()}" in result.output


def test_a_missing_dash_c_folder_is_an_error(tmp_path: Path) -> None:
    result = presslate("-C", str(tmp_path / "nowhere"), "check")
    assert result.exit_code == 2 and "no such folder" in result.output


@pytest.mark.parametrize("sub", ["catalogs", "catalogs/fr/LC_MESSAGES", "notes/2026"])
def test_commands_in_a_subfolder_work_on_the_workspace_above(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sub: str) -> None:
    root = make_workspace(tmp_path / "ws")
    (root / sub).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(root)
    at_root = presslate("check", "--format", "json")
    status_at_root = presslate("status", "--json")
    monkeypatch.chdir(root / sub)
    below = presslate("check", "--format", "json")
    assert below.exit_code == at_root.exit_code == 0, below.output
    assert below.output == at_root.output  # paths stay relative to the workspace's root
    report = json.loads(below.output)
    assert [c["path"] for c in report["catalogs"]] == ["catalogs/fr/LC_MESSAGES/story.po"]
    assert presslate("status", "--json").output == status_at_root.output
    # publish writes where the workspace says, not in the current folder
    published = presslate("publish")
    assert published.exit_code == 0, published.output
    assert (root / "public" / "fr" / "story.html").is_file()
    assert not (root / sub / "public").exists()


@pytest.mark.parametrize("sub", ["catalogs", "catalogs/fr/LC_MESSAGES", "notes"])
def test_dash_c_behaves_like_cd(tmp_path: Path, sub: str) -> None:
    root = make_workspace(tmp_path / "ws")
    (root / sub).mkdir(parents=True, exist_ok=True)
    result = presslate("-C", str(root / sub), "translate", "--to", "es", "--engine", "none")
    assert result.exit_code == 0, result.output
    assert "wrote catalogs/es/LC_MESSAGES/story.po" in result.output
    assert (root / "catalogs" / "es" / "LC_MESSAGES" / "story.po").is_file()
    assert not (root / sub / "catalogs" / "es").exists() or sub == "catalogs"


def test_a_workspace_without_configuration_is_found_by_its_catalogs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace(tmp_path / "ws", config=None)
    monkeypatch.chdir(root / "catalogs" / "fr" / "LC_MESSAGES")
    result = presslate("status", "--json")
    assert result.exit_code == 0, result.output
    assert [row["locale"] for row in json.loads(result.output)["catalogs"]] == ["fr"]


def test_the_nearest_workspace_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = make_workspace(tmp_path / "outer")
    inner = outer / "desk" / "inner"
    inner.mkdir(parents=True)
    (inner / "presslate.toml").write_text('target_languages = ["es"]\n', encoding="utf-8")
    (inner / "drafts").mkdir()
    monkeypatch.chdir(inner / "drafts")
    result = presslate("pull", str(HARBOUR), "--slug", "harbour")
    assert result.exit_code == 0, result.output
    assert (inner / "catalogs" / "harbour.pot").is_file()
    assert not (outer / "catalogs" / "harbour.pot").exists()
    assert not (inner / "drafts" / "catalogs").exists()
    # and from the outer workspace's own subfolder, the outer one is used
    monkeypatch.chdir(outer / "desk")
    assert json.loads(presslate("status", "--json").output)["catalogs"][0]["slug"] == "story"


def test_a_pyproject_without_a_presslate_table_is_not_a_workspace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace(tmp_path / "ws")
    project = root / "tools"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "tools"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    assert presslate("status").exit_code == 0  # went on up to ws
    (project / "pyproject.toml").write_text('[tool.presslate]\nsource_language = "fr"\n',
                                            encoding="utf-8")
    result = presslate("status")
    assert result.exit_code == 2 and "no article in this workspace" in result.output


def test_pull_into_an_empty_folder_starts_a_workspace_there(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = presslate("pull", str(HARBOUR), "--slug", "harbour")
    assert result.exit_code == 0, result.output
    assert "-> catalogs/harbour.pot" in result.output
    assert (tmp_path / "catalogs" / "harbour.article.json").is_file()
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    again = presslate("pull", str(EXAMPLES / "markdown-festival.md"), "--slug", "festival")
    assert again.exit_code == 0, again.output
    assert (tmp_path / "catalogs" / "festival.pot").is_file()
    assert not (tmp_path / "notes" / "catalogs").exists()
    # a relative source is recorded relative to the workspace's root, as when run there
    (tmp_path / "notes" / "wildfire.html").write_bytes((EXAMPLES / "html-wildfire.html").read_bytes())
    assert presslate("pull", "wildfire.html", "--slug", "wildfire").exit_code == 0
    record = json.loads((tmp_path / "catalogs" / "wildfire.article.json").read_text("utf-8"))
    assert record["source"] == "notes/wildfire.html"
    # a relative source outside the workspace is recorded with its absolute path
    monkeypatch.chdir(EXAMPLES)
    assert presslate("-C", str(tmp_path), "pull", "markdown-festival.md", "--slug", "fest").exit_code == 0
    record = json.loads((tmp_path / "catalogs" / "fest.article.json").read_text("utf-8"))
    assert record["source"] == str(EXAMPLES / "markdown-festival.md")


def test_init_writes_here_or_in_the_workspace_above(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    monkeypatch.chdir(fresh)
    assert presslate("init").exit_code == 0
    assert (fresh / "presslate.toml").is_file()
    (fresh / "sub").mkdir()
    monkeypatch.chdir(fresh / "sub")
    again = presslate("init")
    assert again.exit_code == 2 and "a configuration already exists" in again.output
    assert str((fresh / "presslate.toml").resolve()) in again.output
    assert not (fresh / "sub" / "presslate.toml").exists()


def test_init_never_shadows_a_pyproject_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.presslate]\ntarget_languages = ["fr"]\n',
                                             encoding="utf-8")
    for args in (["init"], ["init", "--force"]):
        result = presslate("-C", str(tmp_path), *args)
        assert result.exit_code == 2 and "pyproject.toml ([tool.presslate])" in result.output
    assert not (tmp_path / "presslate.toml").exists()


NO_ARTICLE = ["check", "publish", "status", "compile", "translate"]


@pytest.mark.parametrize("command", NO_ARTICLE)
def test_a_workspace_with_no_article_is_an_error(tmp_path: Path, command: str) -> None:
    (tmp_path / "presslate.toml").write_text('target_languages = ["fr"]\n', encoding="utf-8")
    result = presslate("-C", str(tmp_path), command)
    assert result.exit_code == 2, result.output
    assert "no article in this workspace" in result.output
    assert "presslate pull FILE" in result.output
    # Nothing written (the workspace's lock file, ignored by git, aside).
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".presslate.lock") == [
        "presslate.toml"]


@pytest.mark.parametrize("args", [["check"], ["publish", "--dry-run"]], ids=["check", "publish"])
def test_a_gate_with_no_catalog_to_check_fails(tmp_path: Path, args: list[str]) -> None:
    add_article(tmp_path, "story", [("body", "Ships queued outside the harbour.", "en")])
    result = presslate("-C", str(tmp_path), *args)
    assert result.exit_code == 2, result.output
    assert "nothing to check: no catalog for story and no target_languages" in result.output


def test_the_repository_checks_its_own_catalogs_from_a_subfolder(
        monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("check", "harbour-strike", "--lang", "fr", "--format", "json")
    monkeypatch.chdir(REPO)
    at_root = presslate(*args)
    monkeypatch.chdir(REPO / "catalogs" / "fr" / "LC_MESSAGES")
    below = presslate(*args)
    assert below.exit_code == at_root.exit_code == 0, below.output
    assert below.output == at_root.output
    report = json.loads(below.output)
    assert [c["path"] for c in report["catalogs"]] == ["catalogs/fr/LC_MESSAGES/harbour-strike.po"]
    assert report["summary"]["entries"] > 0


def test_the_search_stops_at_a_ceiling_folder(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace(tmp_path / "ws")
    start = root / "a" / "b"
    start.mkdir(parents=True)
    monkeypatch.setenv(workspace_find.CEILING_ENV, str(root / "a"))
    result = presslate("-C", str(start), "status")
    assert result.exit_code == 2
    assert f"below {(root / 'a').resolve()} (listed in PRESSLATE_CEILING_DIRECTORIES)" in result.output
    monkeypatch.setenv(workspace_find.CEILING_ENV, str(tmp_path))  # above ws: found again
    assert presslate("-C", str(start), "status").exit_code == 0


def test_the_search_stops_at_a_filesystem_boundary(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_workspace(tmp_path / "ws")
    mount = root / "mnt"
    (mount / "sub").mkdir(parents=True)
    real = workspace_find._device
    monkeypatch.setattr(workspace_find, "_device",
                        lambda p: 999 if p.is_relative_to(mount.resolve()) else real(p))
    result = presslate("-C", str(mount / "sub"), "status")
    assert result.exit_code == 2
    assert f"stopped at the mount point {mount.resolve()}" in result.output
