"""Creating a workspace: ``presslate init``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME, CONFIG_TEMPLATE, PublishConfig
from .errors import WorkspaceError
from .files import LOCK_NAME, write_atomic
from .journal import JOURNAL_NAME
from .workspace_find import has_tool_section

GITIGNORE_NAME = ".gitignore"
GITIGNORE_HEADER = "# written by presslate: what publish, review and compile generate"


def generated_patterns(out_dir: str = PublishConfig.out_dir) -> tuple[str, ...]:
    """Git ignore patterns for what presslate generates in a workspace: the published site,
    review pages, compiled catalogs, its lock and journal, and a killed write's temporary file."""
    return (f"/{out_dir.strip('/')}/", "/review/", "*.mo", f"/{LOCK_NAME}", f"/{JOURNAL_NAME}",
            ".*.tmp")


@dataclass(frozen=True)
class InitResult:
    config: Path
    gitignore: Path
    ignored: tuple[str, ...]  # the patterns added to it (none when all were there)


def init_workspace(root: Path, *, force: bool = False) -> InitResult:
    """Write a commented ``presslate.toml`` in ``root`` (refuses to replace one unless ``force``,
    and never writes one beside a ``[tool.presslate]`` table, which it would override), and a
    ``.gitignore`` for what presslate generates (patterns missing from an existing one are
    added at its end; the rest of it is kept as it is)."""
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
    gitignore, added = _write_gitignore(root)
    return InitResult(config=path, gitignore=gitignore, ignored=added)


def _write_gitignore(root: Path) -> tuple[Path, tuple[str, ...]]:
    path = root / GITIGNORE_NAME
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read it: {exc}", path=path,
                             hint="fix or remove it, then run presslate init --force") from exc
    present = {line.strip() for line in text.splitlines()}
    added = tuple(p for p in generated_patterns() if p not in present)
    if added:
        head = "" if not text else ("\n" if text.endswith("\n") else "\n\n")
        block = ([GITIGNORE_HEADER] if GITIGNORE_HEADER not in present else []) + list(added)
        write_atomic(path, text + head + "\n".join(block) + "\n")
    return path, added
