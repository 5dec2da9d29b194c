"""Workspace transactions: the files of one operation take effect together or not at all.

A :class:`Transaction` collects the files an operation writes (a pull's record,
template and merged catalogs; a translate's catalogs; a publish's MO files,
exports and report), then commits them:

1. the journal ``.presslate-journal.json`` is written (atomically) in the
   *prepared* state, naming every destination and the transaction's id;
2. each file is written to a temporary file beside its destination
   (``.<name>.<id>.tmp``) and synced, and so are their folders;
3. the journal is rewritten in the *committed* state: the commit point;
4. every temporary file is renamed over its destination, the folders synced;
5. the journal is removed.

:func:`recover` runs first in every command that takes the workspace lock: a
committed journal is finished (the renames left are done), a prepared one is
rolled back (its temporary files deleted), and temporary files left by a save
that no journal covers (an older presslate's) are deleted. A workspace
therefore always holds the complete state before an operation or the
complete state after it, whatever the moment a process is killed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import PresslateError, WorkspaceError
from .files import COMMIT, fsync_dir, held_lock, stage_file, workspace_lock

JOURNAL_NAME = ".presslate-journal.json"
PREPARED = "prepared"
COMMITTED = "committed"
_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
# A temporary file of an atomic save (mkstemp's or a transaction's): .<name>.<8 chars>.tmp
_TEMP_RE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did."""

    finished: int = 0  # files renamed into place from a committed journal
    rolled_back: int = 0  # temporary files of an uncommitted transaction deleted
    strays: int = 0  # temporary files no journal covers, deleted

    def __bool__(self) -> bool:
        return bool(self.finished or self.rolled_back or self.strays)


def journal_path(root: Path) -> Path:
    return root / JOURNAL_NAME


def temp_path(dest: Path, txid: str) -> Path:
    return dest.parent / f".{dest.name}.{txid}.tmp"


class Transaction:
    """The files one operation writes in a workspace; :meth:`commit` writes them all or none.

    Commit it holding the workspace's exclusive lock.
    """

    def __init__(self, root: Path, *, timeout: float = 30.0) -> None:
        self.root = root
        self.timeout = timeout
        self._files: dict[Path, bytes] = {}

    def write(self, path: Path, data: str | bytes) -> None:
        """Add ``path`` (a later write of the same path replaces an earlier one)."""
        self._files[path] = data.encode("utf-8") if isinstance(data, str) else data

    @property
    def paths(self) -> list[Path]:
        return list(self._files)

    def commit(self) -> None:
        """Write every file, or none (readers wait for the renames, not longer)."""
        if not self._files:
            return
        if held_lock(self.root) != "exclusive":
            raise RuntimeError("a workspace transaction is committed under the workspace lock")
        with workspace_lock(self.root, timeout=self.timeout, kind=COMMIT):
            self._commit()

    def _commit(self) -> None:
        import secrets  # only a command that writes needs it

        txid = "".join(secrets.choice(_ID_CHARS) for _ in range(8))
        dests = list(self._files)
        journal = journal_path(self.root)
        staged: list[Path] = []
        current = journal
        try:
            _write_journal(journal, PREPARED, txid, dests, self.root)
            for current in dests:
                staged.append(stage_file(current, self._files[current], "utf-8",
                                         temp=temp_path(current, txid)))
            for folder in {dest.parent for dest in dests}:
                fsync_dir(folder)
            current = journal
            _write_journal(journal, COMMITTED, txid, dests, self.root)
        except BaseException as exc:
            for tmp in staged:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            with contextlib.suppress(OSError):
                journal.unlink()
            if isinstance(exc, OSError):
                raise PresslateError(
                    f"cannot write: {exc.strerror or exc}", path=current,
                    hint="check the free space and the folders' permissions; nothing was changed",
                ) from exc
            raise
        try:
            _finish(self.root, txid, dests)
        except OSError:
            try:  # once more: the journal still says what is left to do
                _finish(self.root, txid, dests)
            except OSError as exc:
                raise WorkspaceError(
                    f"the write was interrupted after its commit point: {exc.strerror or exc}",
                    path=journal,
                    hint="fix the cause (free space, permissions); the next presslate command in "
                         "this workspace finishes it",
                ) from exc


def _write_journal(journal: Path, state: str, txid: str, dests: list[Path], root: Path) -> None:
    data = {"presslate_journal": 1, "state": state, "id": txid,
            "files": [_portable(dest, root) for dest in dests]}
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    tmp = stage_file(journal, text.encode("utf-8"), "utf-8")
    try:
        os.replace(tmp, journal)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(journal.parent)


def _portable(path: Path, root: Path) -> str:
    """``path`` relative to the workspace when inside it (the folder may move), else absolute."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path.absolute())


def _finish(root: Path, txid: str, dests: list[Path]) -> int:
    """Rename every temporary file still there into place; remove the journal."""
    done = 0
    for dest in dests:
        tmp = temp_path(dest, txid)
        if tmp.exists():
            os.replace(tmp, dest)
            done += 1
    for folder in {dest.parent for dest in dests}:
        fsync_dir(folder)
    with contextlib.suppress(FileNotFoundError):
        journal_path(root).unlink()
    fsync_dir(root)
    return done


def _read_journal(journal: Path, root: Path) -> tuple[str, str, list[Path]]:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
        state, txid, files = data["state"], data["id"], data["files"]
        if (state not in (PREPARED, COMMITTED) or not isinstance(txid, str)
                or not re.fullmatch(r"[a-z0-9_]{8}", txid)
                or not isinstance(files, list) or not all(isinstance(f, str) and f for f in files)):
            raise ValueError("unexpected content")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(
            f"the journal of an interrupted write is damaged: {exc}", path=journal,
            hint="look at the files it names; remove it to leave the workspace as it is",
        ) from exc
    return state, txid, [root / name for name in files]


def pending(root: Path) -> bool:
    """An interrupted transaction waits to be finished or rolled back, or the temporary file
    of its journal is left (other stray temporary files are harmless to a reader; the next
    writer removes them)."""
    return journal_path(root).exists() or any(
        _TEMP_RE.match(p.name) for p in root.glob(f".{JOURNAL_NAME}.*.tmp"))


def recover(root: Path, catalogs: Path) -> Recovery:
    """Finish or roll back an interrupted transaction; delete stray temporary files.

    Call it holding the workspace's write and commit locks.
    """
    journal = journal_path(root)
    finished = rolled_back = 0
    if journal.exists():
        state, txid, dests = _read_journal(journal, root)
        try:
            if state == COMMITTED:
                finished = _finish(root, txid, dests)
            else:
                for dest in dests:
                    tmp = temp_path(dest, txid)
                    if tmp.exists():
                        tmp.unlink()
                        rolled_back += 1
                journal.unlink()
                fsync_dir(root)
        except OSError as exc:
            raise WorkspaceError(
                f"cannot finish an interrupted write: {exc.strerror or exc}",
                path=getattr(exc, "filename", None) or journal,
                hint="fix the cause (free space, permissions) and run the command again",
            ) from exc
    strays = _remove_strays(root, catalogs)
    result = Recovery(finished, rolled_back, strays)
    if result:
        log.warning("finished an interrupted write in %s (%d renamed, %d rolled back, "
                    "%d stray temporary files removed)", root, finished, rolled_back, strays)
    return result


def _strays(root: Path, catalogs: Path) -> list[Path]:
    """Temporary files of saves that never finished: the journal's own beside it, any in the
    catalogs folder (where an older presslate saved one file at a time)."""
    found = [p for p in root.glob(f".{JOURNAL_NAME}.*.tmp") if _TEMP_RE.match(p.name)]
    if catalogs.is_dir():
        for folder, _, names in os.walk(catalogs):
            found.extend(Path(folder) / name for name in names if _TEMP_RE.match(name))
    return found


def _remove_strays(root: Path, catalogs: Path) -> int:
    removed = 0
    for path in _strays(root, catalogs):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    return removed
