"""The workspace: a folder with an optional config, its templates, article records and catalogs.

Layout (gettext/Babel convention, ``catalogs_dir`` configurable)::

    presslate.toml
    catalogs/<slug>.pot                      template, one entry per distinct segment
    catalogs/<slug>.article.json             the article's structure and metadata
    catalogs/<locale>/LC_MESSAGES/<slug>.po  one catalog per target locale

Every path the workspace hands out for a slug or a locale is checked to stay inside the
catalogs folder (the second line of defence behind slug and locale validation).
How the CLI finds the workspace from a subfolder: :mod:`presslate.i18n.workspace_find`.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .article import Article, validate_slug
from .config import Config, load_config
from .errors import LockError, WorkspaceError
from .files import COMMIT, held_lock, workspace_lock
from .journal import Transaction, journal_path, pending, recover
from .record import RecordError
from .workspace_find import ARTICLE_SUFFIX, find_root

__all__ = ["ARTICLE_SUFFIX", "Workspace", "relative"]


@dataclass(frozen=True)
class Workspace:
    """A presslate workspace: its root folder, its configuration and where that was read from."""

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

    @classmethod
    def find(cls, start: Path | str = ".", *, here_if_none: bool = False) -> Workspace:
        """The workspace holding ``start``, found upwards as git finds its repository
        (see :func:`presslate.i18n.workspace_find.find_root`)."""
        return cls.open(find_root(start, here_if_none=here_if_none))

    @property
    def catalogs(self) -> Path:
        return self.root / self.config.catalogs_dir

    def template_path(self, slug: str) -> Path:
        return self._inside_catalogs(self.catalogs / f"{validate_slug(slug)}.pot")

    def article_path(self, slug: str) -> Path:
        return self._inside_catalogs(self.catalogs / f"{validate_slug(slug)}{ARTICLE_SUFFIX}")

    def catalog_path(self, slug: str, locale: str) -> Path:
        if locale in ("", ".", "..") or any(c in locale for c in ("/", "\\", "\0", os.sep)):
            raise WorkspaceError(f"refusing the locale {locale!r} as a folder name",
                                 path=self.catalogs, hint="use a locale code such as fr or pt_BR")
        return self._inside_catalogs(
            self.catalogs / locale / "LC_MESSAGES" / f"{validate_slug(slug)}.po")

    @functools.cached_property
    def _catalogs_resolved(self) -> Path:
        """The catalogs folder resolved once per workspace object (a folder swapped for a
        symbolic link later only makes :meth:`_inside_catalogs` refuse more)."""
        return self.catalogs.resolve()

    def _inside_catalogs(self, path: Path) -> Path:
        """``path``, after checking that it resolves (symbolic links followed) inside the
        catalogs folder."""
        try:
            path.resolve().relative_to(self._catalogs_resolved)
        except ValueError:
            raise WorkspaceError(
                "refusing a path that leads outside the catalogs folder", path=path,
                hint=f"check for symbolic links under {self.catalogs}",
            ) from None
        return path

    def slugs(self) -> list[str]:
        """Every article in the workspace, sorted."""
        if not self.catalogs.is_dir():
            return []
        return sorted(
            p.name[: -len(ARTICLE_SUFFIX)] for p in self.catalogs.glob(f"*{ARTICLE_SUFFIX}")
        )

    def locale_folders(self) -> list[str]:
        """The catalogs folder's locale folders (those holding ``LC_MESSAGES``), sorted.

        The catalogs folder also holds every article's template and record: its listing
        tells folders from files without a system call per entry (``os.scandir``), but it
        grows with the workspace, so a command that asks about many articles lists it once
        and hands the result to :meth:`locales` (``folders=``)."""
        try:
            with os.scandir(self.catalogs) as listing:
                folders = sorted(entry.name for entry in listing if entry.is_dir())
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [name for name in folders if (self.catalogs / name / "LC_MESSAGES").is_dir()]

    def locales(self, slug: str | None = None, *, folders: Sequence[str] | None = None) -> list[str]:
        """Locales with a catalog (for ``slug``, or for any article), among ``folders``
        (default: :meth:`locale_folders`, listed now)."""
        found = []
        for name in self.locale_folders() if folders is None else folders:
            messages = self.catalogs / name / "LC_MESSAGES"
            if (slug is None and any(messages.glob("*.po"))) or (slug is not None and (
                messages / f"{slug}.po"
            ).is_file()):
                found.append(name)
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
        with self.lock():
            tx = self.transaction()
            tx.write(path, self.article_json(article))
            tx.commit()
        return path

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the workspace's write lock (see :func:`presslate.i18n.files.workspace_lock`),
        after finishing or rolling back an interrupted write (:func:`presslate.i18n.journal.recover`)."""
        nested = held_lock(self.root) is not None
        self.root.mkdir(parents=True, exist_ok=True)
        with workspace_lock(self.root, timeout=_lock_timeout()):
            if not nested:
                with workspace_lock(self.root, timeout=_lock_timeout(), kind=COMMIT):
                    recover(self.root, self.catalogs)
            yield

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the workspace's commit lock shared while reading it: no write is half done
        meanwhile (a writer still working on its files is not waited for, only its renames).

        An interrupted write is finished (or rolled back) first; in a folder this process
        cannot write, that is refused with a message instead.
        """
        if held_lock(self.root) == "exclusive" or held_lock(self.root, COMMIT) is not None:
            yield  # this thread writes the workspace, or reads it already
            return
        for _ in range(3):
            if pending(self.root):
                self._recover_for_reading()
            with workspace_lock(self.root, timeout=_lock_timeout(), shared=True, kind=COMMIT):
                if not journal_path(self.root).exists():
                    yield
                    return
            # a write was interrupted between the check and the lock: recover again
        raise WorkspaceError("writes keep being interrupted in this workspace",
                             path=journal_path(self.root), hint="look for a failing presslate process")

    def _recover_for_reading(self) -> None:
        try:
            with self.lock():  # recovers
                pass
        except LockError as exc:
            if journal_path(self.root).exists():
                raise WorkspaceError(
                    "an interrupted write waits to be finished, and this folder cannot be "
                    f"written ({exc.message})", path=journal_path(self.root),
                    hint="run any presslate command where the workspace can be written",
                ) from exc
            # only the journal's stray temp file, harmless to a read

    def transaction(self) -> Transaction:
        """A :class:`presslate.i18n.journal.Transaction` of this workspace (commit it under :meth:`lock`)."""
        return Transaction(self.root, timeout=_lock_timeout())

    def resolve_slugs(self, slugs: tuple[str, ...] | list[str]) -> list[str]:
        """The given slugs, checked to exist, or every article when none is given; a workspace
        with no article is an error (a run that works on nothing must not pass)."""
        if not slugs:
            found = self.slugs()
            if not found:
                raise WorkspaceError(
                    "no article in this workspace", path=self.catalogs,
                    hint="pull one first: presslate pull FILE (or name the workspace with -C DIR)",
                )
            return found
        for slug in slugs:
            if not self.has_article(slug):
                self.load_article(slug)  # raises with the list of known ones
        return list(slugs)


def _lock_timeout() -> float:
    return float(os.environ.get("PRESSLATE_LOCK_TIMEOUT", "30"))


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it, for messages and references."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return str(path)


