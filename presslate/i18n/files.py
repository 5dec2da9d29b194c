"""Atomic saves and the workspace lock.

A save writes a temporary file in the destination's folder, fsyncs it and
renames it over the destination, so a reader (or a crash) only ever sees the
old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import PresslateError, WorkspaceError


def write_atomic(path: Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` atomically (temp file, fsync, rename)."""
    write_atomic_group([(path, data)], encoding=encoding)


def write_atomic_group(items: Sequence[tuple[Path, str | bytes]], *, encoding: str = "utf-8") -> None:
    """Replace several files together: every temp file is written and fsynced before any
    rename, so a failure (disk full, permissions) leaves all of them as they were."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in items:
            staged.append((_stage(path, data, encoding), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        failed = items[min(len(staged), len(items) - 1)][0]
        raise PresslateError(
            f"cannot write: {exc.strerror or exc}", path=getattr(exc, "filename", None) or failed,
            hint="check the free space and the folder's permissions; nothing was changed",
        ) from exc
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in {path.parent for path, _ in items}:
        _fsync_dir(folder)


def _stage(path: Path, data: str | bytes, encoding: str) -> Path:
    """Write ``data`` to a synced temp file beside ``path``; returns the temp file."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise PresslateError(
            f"cannot write here: {exc.strerror}", path=path, hint="check the folder's permissions"
        ) from exc
    tmp = Path(tmp_name)
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


def _fsync_dir(folder: Path) -> None:
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


@contextlib.contextmanager
def workspace_lock(root: Path, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold the workspace's write lock; wait up to ``timeout`` seconds for it.

    Two presslate processes never write the same workspace at once: the second
    waits, then fails with a message naming the lock file.
    """
    lock_path = root / ".presslate.lock"
    try:
        handle = open(lock_path, "a+")  # noqa: SIM115 - held for the block's duration
    except OSError as exc:
        raise WorkspaceError(f"cannot open the workspace lock: {exc.strerror}", path=lock_path) from exc
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise WorkspaceError(
                        f"another presslate process is writing this workspace (waited {timeout:g}s)",
                        path=lock_path,
                        hint="wait for it to finish, or set PRESSLATE_LOCK_TIMEOUT to wait longer",
                    ) from exc
                time.sleep(0.05)
        yield
    finally:
        handle.close()
