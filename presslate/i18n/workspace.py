"""The workspace: a folder with an optional config, its templates, article records and catalogs.

Layout (gettext/Babel convention, ``catalogs_dir`` configurable)::

    presslate.toml
    catalogs/<slug>.pot                      template, one entry per distinct segment
    catalogs/<slug>.article.json             the article's structure and metadata
    catalogs/<locale>/LC_MESSAGES/<slug>.po  one catalog per target locale
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .article import Article, validate_slug
from .config import Config, load_config
from .errors import WorkspaceError
from .files import workspace_lock, write_atomic
from .record import RecordError

ARTICLE_SUFFIX = ".article.json"


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: Config
    config_path: Path | None = None

    @classmethod
    def open(cls, root: Path | str = ".") -> Workspace:
        path = Path(root)
        if not path.is_dir():
            raise WorkspaceError(
                "no such workspace folder", path=path, hint="create it, or run `presslate init`"
            )
        config, config_path = load_config(path)
        return cls(root=path, config=config, config_path=config_path)

    @property
    def catalogs(self) -> Path:
        return self.root / self.config.catalogs_dir

    def template_path(self, slug: str) -> Path:
        return self.catalogs / f"{validate_slug(slug)}.pot"

    def article_path(self, slug: str) -> Path:
        return self.catalogs / f"{validate_slug(slug)}{ARTICLE_SUFFIX}"

    def catalog_path(self, slug: str, locale: str) -> Path:
        return self.catalogs / locale / "LC_MESSAGES" / f"{validate_slug(slug)}.po"

    def slugs(self) -> list[str]:
        """Every article in the workspace, sorted."""
        if not self.catalogs.is_dir():
            return []
        return sorted(
            p.name[: -len(ARTICLE_SUFFIX)] for p in self.catalogs.glob(f"*{ARTICLE_SUFFIX}")
        )

    def locales(self, slug: str | None = None) -> list[str]:
        """Locales with a catalog (for ``slug``, or for any article)."""
        if not self.catalogs.is_dir():
            return []
        found = []
        for sub in sorted(self.catalogs.iterdir()):
            messages = sub / "LC_MESSAGES"
            if not messages.is_dir():
                continue
            if (slug is None and any(messages.glob("*.po"))) or (slug is not None and (
                messages / f"{slug}.po"
            ).is_file()):
                found.append(sub.name)
        return found

    def has_article(self, slug: str) -> bool:
        return self.article_path(slug).is_file()

    def load_article(self, slug: str) -> Article:
        path = self.article_path(slug)
        if not path.is_file():
            known = self.slugs()
            hint = (
                f"known articles: {', '.join(known[:10])}" if known
                else "pull one first: presslate pull FILE"
            )
            raise WorkspaceError(f"no article {slug!r} in this workspace", path=path, hint=hint)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            article = Article.from_json(data)
        except OSError as exc:
            raise WorkspaceError(f"cannot read the article record: {exc.strerror or exc}",
                                 path=path) from exc
        except RecursionError as exc:
            raise self._damaged(path, "nested too deeply") from exc
        except RecordError as exc:
            raise self._damaged(path, str(exc)) from exc
        except json.JSONDecodeError as exc:
            raise self._damaged(path, f"not valid JSON: {exc.msg} (column {exc.colno})",
                                line=exc.lineno) from exc
        except UnicodeDecodeError as exc:
            raise self._damaged(path, f"not UTF-8 text (byte {exc.start})") from exc
        if article.slug != slug:
            raise self._damaged(path, f"slug: {article.slug!r} does not match the file's name "
                                      f"({slug}{ARTICLE_SUFFIX})")
        return article

    @staticmethod
    def _damaged(path: Path, problem: str, line: int | None = None) -> WorkspaceError:
        return WorkspaceError(
            f"the article record is damaged: {problem}",
            path=path, line=line,
            hint=f"restore it from version control (git checkout -- {path}); or delete it and "
                 "pull the article again, which loses the editor's segment decisions "
                 "(include, exclude, language) it held",
        )

    @staticmethod
    def article_json(article: Article) -> str:
        """The text of an article's record (``<slug>.article.json``)."""
        return json.dumps(article.to_json(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    def save_article(self, article: Article) -> Path:
        path = self.article_path(article.slug)
        write_atomic(path, self.article_json(article))
        return path

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace's write lock (see :func:`presslate.i18n.files.workspace_lock`)."""
        timeout = float(os.environ.get("PRESSLATE_LOCK_TIMEOUT", "30"))
        self.root.mkdir(parents=True, exist_ok=True)
        with workspace_lock(self.root, timeout=timeout):
            yield

    def resolve_slugs(self, slugs: tuple[str, ...] | list[str]) -> list[str]:
        """The given slugs, checked to exist, or every article when none is given."""
        if not slugs:
            return self.slugs()
        for slug in slugs:
            if not self.has_article(slug):
                self.load_article(slug)  # raises with the list of known ones
        return list(slugs)


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, for messages and references."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return str(path)


