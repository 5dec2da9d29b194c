"""Creating a workspace: ``presslate init``."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, CONFIG_TEMPLATE
from .errors import WorkspaceError
from .files import write_atomic
from .workspace_find import has_tool_section


def init_workspace(root: Path, *, force: bool = False) -> Path:
    """Write a commented ``presslate.toml`` in ``root`` (refuses to replace one unless ``force``,
    and never writes one beside a ``[tool.presslate]`` table, which it would override)."""
    path = root / CONFIG_NAME
    pyproject = root / "pyproject.toml"
    if not path.exists() and has_tool_section(pyproject):
        raise WorkspaceError("this workspace is configured in pyproject.toml ([tool.presslate])",
                             path=pyproject,
                             hint="edit the configuration there; a presslate.toml would replace it")
    if path.exists() and not force:
        raise WorkspaceError("a configuration already exists", path=path,
                             hint="edit it, or pass --force to replace it with the defaults")
    write_atomic(path, CONFIG_TEMPLATE)
    return path
