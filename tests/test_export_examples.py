"""Golden exports of the bundled example articles, from the repository's own reviewed catalogs."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pytest

from presslate.i18n.export import ExportOptions, export_article
from presslate.i18n.workspace import Workspace

from .conftest import REPO
from .test_export import check_golden

ARTICLES = ("harbour-strike", "wildfire-carrow-ridge", "municipales-saint-aubin", "festival-lanternes")
LOCALES = ("en", "fr", "es")


@pytest.fixture(scope="module")
def examples_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the repository's workspace: its catalogs and its target languages."""
    root = tmp_path_factory.mktemp("examples")
    shutil.copytree(REPO / "catalogs", root / "catalogs")
    (root / "presslate.toml").write_text('target_languages = ["en", "fr", "es"]\n'
                                         'publish.fallback = "refuse"\n', encoding="utf-8")
    return Workspace.open(root)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("slug", ARTICLES)
def test_example_article_exports_as_its_golden_html(examples_ws: Workspace, slug: str,
                                                    locale: str, tmp_path: Path) -> None:
    # fallback "refuse": every entry of the repository's catalogs is reviewed, so this
    # exports the reviewed translation of every segment or fails.
    path = export_article(examples_ws, ExportOptions(slug=slug, locale=locale, out_dir=tmp_path))
    text = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)
    assert f'<html lang="{locale}" dir="ltr">' in text
    check_golden(f"examples/{slug}.{locale}.html", text)


@pytest.mark.parametrize("fmt", ["md", "json", "txt"])
def test_example_article_other_formats(examples_ws: Workspace, fmt: str, tmp_path: Path) -> None:
    path = export_article(examples_ws, ExportOptions(slug="municipales-saint-aubin", locale="es",
                                                     fmt=fmt, out_dir=tmp_path))
    check_golden(f"examples/municipales-saint-aubin.es.{fmt}", path.read_text(encoding="utf-8"))
