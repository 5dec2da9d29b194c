"""check, publish and export over many articles: what every article shares is read or computed
once per run, not once per article (the time of a run stays linear in the workspace's size;
``benchmarks/scale_bench.py`` measures it on thousands of articles)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import presslate.i18n.export.localize as export  # where the export takes localize_article from
from presslate.i18n.export import ExportOptions, build_export, build_formats
from presslate.i18n.publish import PublishOptions, publish
from presslate.i18n.qa import runner
from presslate.i18n.qa.runner import CheckOptions, check_workspace
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke
from tests.qa.catalogs import E, write_article

SAID = {"fr": "Le conseil s'est réuni lundi dans la salle {}.",
        "de": "Der Rat trat am Montag im Saal {} zusammen.",
        "pt_BR": "O conselho se reuniu na segunda-feira na sala {}."}


def _entries(n: int, locale: str = "fr") -> list[E]:
    return [E(f"The council met on Monday in hall {n}-{i}.", SAID[locale].format(f"{n}-{i}"),
              kind="headline" if i == 0 else "body")
            for i in range(4)]


def _articles(root: Path, count: int, locales: tuple[str, ...] = ("fr",)) -> Workspace:
    root.mkdir(exist_ok=True)
    (root / "presslate.toml").write_text('[publish]\nformats = ["html", "md", "json"]\n', encoding="utf-8")
    for n in range(count):
        write_article(root, f"story-{n}", {locale: _entries(n, locale) for locale in locales})
    return Workspace.open(root)


@pytest.fixture
def catalogs_listed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The folders listed with ``os.scandir`` during the test."""
    listed: list[str] = []
    real = os.scandir

    def counting(path: Any = ".") -> Any:
        listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", counting)
    yield listed


def _catalog_listings(listed: list[str], ws: Workspace) -> int:
    return sum(Path(p).resolve() == ws.catalogs.resolve() for p in listed)


@pytest.mark.parametrize("run_it", ["check", "publish", "publish --dry-run"])
def test_the_catalogs_folder_is_listed_a_fixed_number_of_times(
        tmp_path: Path, catalogs_listed: list[str], run_it: str) -> None:
    counts = []
    for count in (2, 6):
        ws = _articles(tmp_path / f"ws{count}", count, ("fr", "de"))
        catalogs_listed.clear()
        if run_it == "check":
            report = check_workspace(ws, CheckOptions())
            assert len(report.catalogs) == 2 * count
        else:
            result = publish(ws, PublishOptions(dry_run=run_it.endswith("dry-run")))
            assert len(result.published) == 2 * count
        counts.append(_catalog_listings(catalogs_listed, ws))
    assert counts[0] == counts[1] > 0, counts  # not once per article


def test_the_length_ratio_is_measured_once_per_language_pair(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _articles(workspace, 5)
    calls: list[int] = []
    real = runner.expected_ratio

    def counting(source: str, target: str, samples: Any = ()) -> Any:
        calls.append(len(samples))
        return real(source, target, samples)

    monkeypatch.setattr(runner, "expected_ratio", counting)
    report = check_workspace(ws, CheckOptions())
    assert calls == [20]  # one median of the pair en -> fr, over the 20 entries of 5 articles
    assert not [f for f in report.findings if f.check == "length_ratio"]


def test_publish_localizes_each_edition_once_for_all_its_formats(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _articles(workspace, 3)
    localized: list[tuple[str, str]] = []
    real = export.localize_article

    def counting(ws: Workspace, slug: str, locale: str, **kwargs: Any) -> Any:
        localized.append((slug, locale))
        return real(ws, slug, locale, **kwargs)

    monkeypatch.setattr(export, "localize_article", counting)
    report = publish(ws, PublishOptions())
    assert sorted(localized) == [(f"story-{n}", "fr") for n in range(3)]
    assert [len(d.files) for d in report.decisions] == [3, 3, 3]
    assert (workspace / "public" / "fr" / "story-2.md").is_file()


def test_one_localization_renders_each_format_as_build_export_does(workspace: Path) -> None:
    ws = _articles(workspace, 2, ("fr", "de"))
    formats = ("html", "md", "json", "txt", "ninjs", "wordpress")
    for slug, locale in (("story-0", "fr"), ("story-1", "de")):
        options = ExportOptions(slug=slug, locale=locale)
        together = build_formats(ws, options, formats, folders=ws.locale_folders())
        alone = [build_export(ws, ExportOptions(slug=slug, locale=locale, fmt=fmt)) for fmt in formats]
        assert [(r.path, r.text) for r in together] == [(r.path, r.text) for r in alone]
        assert '"de"' in together[0].text or "hreflang=\"de\"" in together[0].text
    assert build_formats(ws, ExportOptions(slug="story-0", locale="fr"), ()) == []


def test_locales_among_listed_folders_are_the_locales(run: Invoke, workspace: Path) -> None:
    ws = _articles(workspace, 2, ("fr", "pt_BR"))
    write_article(workspace, "other", {"de": _entries(9, "de")})
    (ws.catalogs / "es").mkdir()  # a folder without LC_MESSAGES: no locale
    (ws.catalogs / "it" / "LC_MESSAGES").mkdir(parents=True)  # no catalog in it
    folders = ws.locale_folders()
    assert folders == ["de", "fr", "it", "pt_BR"]
    for slug in ("story-0", "story-1", "other", "missing"):
        assert ws.locales(slug, folders=folders) == ws.locales(slug)
    assert ws.locales("story-1") == ["fr", "pt_BR"]
    assert ws.locales(folders=folders) == ws.locales() == ["de", "fr", "pt_BR"]
