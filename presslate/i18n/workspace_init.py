"""Creating a workspace: ``presslate init``."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME, CONFIG_TEMPLATE
from .errors import WorkspaceError
from .files import write_atomic


def init_workspace(root: Path, *, force: bool = False) -> Path:
    """Write a commented ``presslate.toml`` in ``root`` (refuses to replace one unless ``force``)."""
    path = root / CONFIG_NAME
    if path.exists() and not force:
        raise WorkspaceError("a configuration already exists", path=path,
                             hint="edit it, or pass --force to replace it with the defaults")
    write_atomic(path, CONFIG_TEMPLATE)
    return path
