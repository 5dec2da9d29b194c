"""Finding the workspace a command works on, upwards from the current folder, as git does.

A folder is a workspace when it holds one of the markers below; the search starts in the
current folder (or the folder of ``-C DIR``) and goes up one parent at a time, stopping at
the first folder with a marker, so the nearest workspace wins. It stops without one at the
filesystem root, at a filesystem boundary (a mount point, as git does), and before entering
any folder listed in ``PRESSLATE_CEILING_DIRECTORIES`` (absolute paths separated by
``os.pathsep``, like ``GIT_CEILING_DIRECTORIES``; the starting folder itself is always
looked at).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from .config import CONFIG_NAME
from .errors import WorkspaceError

CEILING_ENV = "PRESSLATE_CEILING_DIRECTORIES"
DEFAULT_CATALOGS = "catalogs"
ARTICLE_SUFFIX = ".article.json"
MARKERS = (f"{CONFIG_NAME}, pyproject.toml with [tool.presslate], "
           f"{DEFAULT_CATALOGS}/ holding article records or templates")


def is_workspace(folder: Path) -> bool:
    """Whether ``folder`` holds a workspace marker (see :data:`MARKERS`)."""
    if (folder / CONFIG_NAME).is_file() or has_tool_section(folder / "pyproject.toml"):
        return True
    catalogs = folder / DEFAULT_CATALOGS
    try:
        return catalogs.is_dir() and any(
            p.name.endswith((ARTICLE_SUFFIX, ".pot")) for p in catalogs.iterdir())
    except OSError:
        return False


def has_tool_section(pyproject: Path) -> bool:
    """A ``[tool.presslate]`` table in ``pyproject.toml``. A file that does not parse counts
    when it names presslate, so that loading the workspace reports its error."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return "tool.presslate" in text
    tool = data.get("tool")
    return isinstance(tool, dict) and "presslate" in tool


def _ceilings() -> set[Path]:
    raw = os.environ.get(CEILING_ENV, "")
    return {Path(p).resolve() for p in raw.split(os.pathsep) if p and os.path.isabs(p)}


def _device(folder: Path) -> int | None:
    try:
        return folder.stat().st_dev
    except OSError:
        return None


def find_root(start: Path | str = ".", *, here_if_none: bool = False) -> Path:
    """The root of the workspace holding ``start``: ``start`` itself (as given) or the nearest
    parent folder with a marker (absolute).

    With nothing found, ``start`` when ``here_if_none`` (commands that create a workspace),
    else :class:`WorkspaceError` saying where it looked.
    """
    given = Path(start)
    if not given.is_dir():
        if here_if_none:
            return given
        raise WorkspaceError("no such folder", path=given,
                             hint="give an existing folder to -C, or create it first")
    here = given.resolve()
    ceilings = _ceilings()
    device = _device(here)
    stop = ""
    while True:
        if is_workspace(here):
            return given if here == given.resolve() else here
        parent = here.parent
        if parent == here:
            break
        if parent in ceilings:
            stop = f" below {parent} (listed in {CEILING_ENV})"
            break
        if _device(parent) != device:
            stop = f" on its filesystem (stopped at the mount point {here})"
            break
        here = parent
    if here_if_none:
        return given
    start_abs = given.resolve()
    raise WorkspaceError(
        f"no presslate workspace in {start_abs} or any parent folder{stop} "
        f"(looked for {MARKERS})",
        hint="run presslate inside a workspace or name one with -C DIR; "
        "`presslate init` or `presslate pull FILE` starts one in the current folder",
    )
