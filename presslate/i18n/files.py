"""Atomic saves and the workspace lock.

A save writes a temporary file in the destination's folder, fsyncs it and
renames it over the destination, so a reader (or a crash) only ever sees the
old file or the new one, never half of one. Several files saved together go
through a transaction (:mod:`presslate.i18n.journal`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import PresslateError, WorkspaceError


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename).

    For one file outside a workspace's state (a report, an XLIFF export); the
    files of a workspace are written by a :class:`presslate.i18n.journal.Transaction`.
    """
    tmp: Path | None = None
    try:
        tmp = stage_file(path, data, encoding)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise PresslateError(
            f"cannot write: {exc.strerror or exc}", path=path,
            hint="check the free space and the folder's permissions; nothing was changed",
        ) from exc
    fsync_dir(path.parent)


def stage_file(path: Path, data: str | bytes, encoding: str = "utf-8", *,
               temp: Path | None = None) -> Path:
    """Write ``data`` to a synced temp file beside ``path`` (``temp`` when given, created
    afresh); returns the temp file."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if temp is None:
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
            tmp = Path(tmp_name)
        else:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            tmp = temp
    except OSError as exc:
        raise PresslateError(
            f"cannot write here: {exc.strerror}", path=path, hint="check the folder's permissions"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


LOCK_NAME = ".presslate.lock"
_held = threading.local()  # the locks this thread holds: resolved root -> "exclusive" | "shared"


def _holding() -> dict[Path, str]:
    if not hasattr(_held, "roots"):
        _held.roots = {}
    held: dict[Path, str] = _held.roots
    return held


def held_lock(root: Path) -> str | None:
    """``"exclusive"`` or ``"shared"`` when this thread holds the workspace's lock, else ``None``."""
    return _holding().get(root.resolve())


class LockHandle:
    """An open lock file of a workspace (``None`` handle: a read-only folder, no lock)."""

    def __init__(self, path: Path, handle: IO[str] | None, timeout: float) -> None:
        self.path = path
        self.handle = handle
        self.timeout = timeout

    def acquire(self, *, shared: bool) -> None:
        """Take the lock, waiting up to ``timeout`` seconds (a shared lock waits for writers only)."""
        if self.handle is None:
            return
        deadline = time.monotonic() + self.timeout
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        while True:
            try:
                fcntl.flock(self.handle.fileno(), mode | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WorkspaceError(
                        f"another presslate process is writing this workspace (waited {self.timeout:g}s)",
                        path=self.path,
                        hint="wait for it to finish, or set PRESSLATE_LOCK_TIMEOUT to wait longer",
                    ) from exc
                time.sleep(0.05)

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def workspace_lock(root: Path, *, timeout: float = 30.0, shared: bool = False) -> Iterator[LockHandle]:
    """Hold the workspace's lock; wait up to ``timeout`` seconds for it.

    Writers hold it exclusively, so two presslate processes never write the same
    workspace at once (the second waits, then fails with a message naming the
    lock file); readers hold it shared, so they never see a write half done.
    A reader in a folder it cannot write reads without the lock. The lock is
    reentrant within a thread (an exclusive lock covers a nested shared one).
    """
    key = root.resolve()
    holding = _holding()
    current = holding.get(key)
    if current == "exclusive" or (current == "shared" and shared):
        yield LockHandle(root / LOCK_NAME, None, timeout)
        return
    if current == "shared":
        raise RuntimeError("a shared workspace lock cannot be made exclusive")
    lock_path = root / LOCK_NAME
    try:
        handle: IO[str] | None = open(lock_path, "a+")  # noqa: SIM115 - held for the block's duration
    except OSError as exc:
        if not (shared and exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM)):
            raise WorkspaceError(f"cannot open the workspace lock: {exc.strerror}", path=lock_path,
                                 hint="check the folder's permissions") from exc
        handle = None  # a read-only workspace: nobody can be writing it through presslate
    lock = LockHandle(lock_path, handle, timeout)
    try:
        lock.acquire(shared=shared)
        holding[key] = "shared" if shared else "exclusive"
        try:
            yield lock
        finally:
            holding.pop(key, None)
    finally:
        if handle is not None:
            handle.close()
