"""Export: a localized article as HTML, Markdown, JSON, plain text, or a newsroom format (IPTC
ninjs, a WordPress REST payload, Arc XP ANS), from the workspace alone.

``build_export`` renders one (the publishing gate writes what it renders);
``export_articles`` renders a batch and writes it, every file together, under
the workspace lock. Output goes to ``<out_dir>/<locale>/<slug>.<ext>``; the
path is checked to stay inside ``out_dir``. The same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..article import validate_slug
from ..errors import ExportError
from ..export_names import EXTENSIONS, FORMATS
from ..locales import parse_locale
from ..workspace import Workspace
from .notices import Notice

if TYPE_CHECKING:
    from .localize import LocalizedArticle


def __getattr__(name: str) -> Any:
    """``LocalizedArticle`` and ``localize_article``, imported when first asked for: ``publish``
    imports this package for its options, not for the localizer."""
    if name in ("LocalizedArticle", "localize_article"):
        from . import localize

        return getattr(localize, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ExportOptions:
    """One article in one locale and format.

    ``out_dir`` defaults to the workspace's ``publish.out_dir``; ``fallback``
    to ``publish.fallback``; ``template`` replaces the built-in HTML template.
    """

    slug: str
    locale: str
    fmt: str = "html"
    out_dir: Path | None = None
    fallback: str | None = None
    template: Path | None = None


def render_article(doc: LocalizedArticle, fmt: str, *, template: Path | None = None) -> str:
    """``doc`` as text in ``fmt``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if template is not None and fmt != "html":
        raise ExportError(f"--template applies to HTML, not to {fmt}", path=template,
                          hint="drop --template, or export with --format html")
    renderers: dict[str, Callable[[LocalizedArticle], str]]
    if fmt == "html":
        from .html import render_html

        return render_html(doc, template=template)
    from .jsonfmt import render_json
    from .markdown import render_markdown
    from .newsroom import render_ans, render_ninjs, render_wordpress
    from .text import render_text

    renderers = {"md": render_markdown, "json": render_json, "txt": render_text,
                 "ninjs": render_ninjs, "wordpress": render_wordpress, "ans": render_ans}
    return renderers[fmt](doc)


def out_root(ws: Workspace, out_dir: Path | None) -> Path:
    """The export folder: ``out_dir``, or ``publish.out_dir`` relative to the workspace."""
    return out_dir if out_dir is not None else ws.root / ws.config.publish.out_dir


def export_path(ws: Workspace, options: ExportOptions) -> Path:
    """``<out_dir>/<locale>/<slug>.<ext>``, refused if it would leave ``out_dir``."""
    slug = validate_slug(options.slug)
    locale = parse_locale(options.locale)
    if options.fmt not in EXTENSIONS:
        raise ExportError(f"unknown export format {options.fmt!r}",
                          hint=f"use one of {', '.join(FORMATS)}")
    root = out_root(ws, options.out_dir)
    path = root / locale / f"{slug}.{EXTENSIONS[options.fmt]}"
    if not path.resolve().is_relative_to(root.resolve()):
        raise ExportError("the export path leaves the output folder", path=path,
                          hint=f"check for a symbolic link under {root}")
    return path


@dataclass(frozen=True)
class Rendered:
    """An export ready to write: its path, its text and the localized article it shows."""

    path: Path
    text: str
    doc: LocalizedArticle

    @property
    def notices(self) -> tuple[Notice, ...]:
        """What the page says about itself (machine translation, text left untranslated)."""
        return self.doc.notices


def build_export(ws: Workspace, options: ExportOptions, *,
                 folders: Sequence[str] | None = None) -> Rendered:
    """The path and text of an export, without writing anything (``folders``: see
    :func:`build_formats`)."""
    path = export_path(ws, options)
    from .localize import localize_article

    doc = localize_article(ws, options.slug, options.locale, fallback=options.fallback, folders=folders)
    return Rendered(path, render_article(doc, options.fmt, template=options.template), doc)


def build_formats(ws: Workspace, options: ExportOptions, formats: Sequence[str], *,
                  folders: Sequence[str] | None = None) -> list[Rendered]:
    """:func:`build_export` of ``options`` in each of ``formats`` (``options.fmt`` ignored):
    the article is localized once and rendered per format. ``folders``: the workspace's
    locale folders, when the caller has listed them for many articles."""
    rendered: list[Rendered] = []
    doc: LocalizedArticle | None = None
    for fmt in formats:  # in build_export's order: the path checked first, then the article
        path = export_path(ws, replace(options, fmt=fmt))
        if doc is None:
            from .localize import localize_article

            doc = localize_article(ws, options.slug, options.locale, fallback=options.fallback,
                                   folders=folders)
        rendered.append(Rendered(path, render_article(doc, fmt, template=options.template), doc))
    return rendered


def export_article(ws: Workspace, options: ExportOptions) -> Path:
    """Write ``options.slug`` in ``options.locale`` and format; return the file written."""
    return export_articles(ws, [options])[0].path


def export_articles(ws: Workspace, batch: list[ExportOptions]) -> list[Rendered]:
    """Render every export first (bad input writes nothing), then write them all together."""
    with ws.lock():
        folders = ws.locale_folders() if len(batch) > 1 else None
        rendered = [build_export(ws, options, folders=folders) for options in batch]
        tx = ws.transaction()
        for item in rendered:
            tx.write(item.path, item.text)
        tx.commit()
    return rendered


__all__ = ["EXTENSIONS", "FORMATS", "ExportOptions", "LocalizedArticle", "Notice", "Rendered",
           "build_export", "build_formats", "export_article", "export_articles", "export_path",
           "localize_article", "render_article"]
