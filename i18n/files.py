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
from typing import Any

from .errors import LockError, PresslateError, WorkspaceError


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


def user_cache_dir() -> Path | None:
    """The user's cache folder for presslate (``$XDG_CACHE_HOME/presslate``, ``~/.cache``
    when unset or relative, as the XDG specification says: a relative one would put the
    cache in whatever folder a command runs in); ``None`` when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "presslate"


def installed_files(modules: tuple[str, ...], *, extra: tuple[str, ...] = ()) -> str:
    """A digest of where ``modules`` are installed: the name, size and modification time of
    each module's file, or of every file of a package's folder plus the ``extra`` paths
    inside it (a data folder, a model). Cheap to read, unlike the packages' metadata, and it
    changes when a package is installed again."""
    import hashlib
    import importlib.util

    parts = []
    for module in modules:
        spec = importlib.util.find_spec(module)
        places = [spec.origin] if spec and spec.origin else []
        if spec and spec.submodule_search_locations:
            folder = Path(next(iter(spec.submodule_search_locations)))
            with contextlib.suppress(OSError):
                places = [str(p) for p in sorted(folder.iterdir()) if p.is_file()]
            places += [str(folder / name) for name in extra]
        for place in places:
            with contextlib.suppress(OSError):
                st = Path(place).stat()
                parts.append(f"{module}/{Path(place).name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b(";".join(parts).encode(), digest_size=8).hexdigest()


def read_cached(path: Path, key: str, expected: str) -> dict[str, Any]:
    """The ``results`` of a file of the cache folder written for ``expected`` (its ``key``
    field: a version, a digest); nothing for a missing, damaged or other one, since a cache
    only saves time."""
    results: dict[str, Any] = read_cached_file(path, key, expected).get("results", {})
    return results


def read_cached_file(path: Path, key: str, expected: str) -> dict[str, Any]:
    """A file of the cache folder written for ``expected``, whole (its ``results`` a JSON
    object); an empty dict for a missing, damaged or other one."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get(key) != expected \
            or not isinstance(data.get("results"), dict):
        return {}
    return data


def write_cached(path: Path, data: str) -> None:
    """Write a file of the workspace's cache folder (``.presslate-cache``: results kept only to
    save time), which is made with a ``.gitignore`` of its own. A cache that cannot be written
    changes no result, so an ``OSError`` is swallowed."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            replace_unsynced(ignore, "# presslate's kept results (language detection, translation "
                                     "memory): only a saving of time\n*\n")
        replace_unsynced(path, data)


def replace_unsynced(path: Path, data: str) -> None:
    """Replace ``path`` with ``data`` through a temporary file renamed over it, so a reader
    sees the old file or the new one, but without fsync: for a cache, which a crash may lose
    (it is only computed again) and whose every write would otherwise wait for the disk.
    Raises ``OSError``; the temporary file is removed."""
    fd, tmp = _open_temp(path)
    _fill(fd, tmp, path, data.encode("utf-8"), sync=False)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def stage_file(path: Path, data: str | bytes, encoding: str = "utf-8", *,
               temp: Path | None = None) -> Path:
    """Write ``data`` to a synced temp file beside ``path`` (``temp`` when given, created
    afresh); returns the temp file."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temp(path, temp)
    except OSError as exc:
        raise PresslateError(
            f"cannot write here: {exc.strerror}", path=path, hint="check the folder's permissions"
        ) from exc
    _fill(fd, tmp, path, payload, sync=True)
    return tmp


def _open_temp(path: Path, temp: Path | None = None) -> tuple[int, Path]:
    """A new temporary file beside ``path`` (``temp`` when given), open for writing."""
    if temp is None:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        return fd, Path(name)
    return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temp


def _fill(fd: int, tmp: Path, path: Path, payload: bytes, *, sync: bool) -> None:
    """Write ``payload`` to the temporary file ``tmp`` (open as ``fd``), synced when asked,
    with the mode of ``path`` (0644 for a new file); removed again when that fails."""
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


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
WRITE = "write"  # held by a command that writes, for its whole read-modify-write
COMMIT = "commit"  # held exclusively while files are renamed into place, shared by readers
_held = threading.local()  # the locks this thread holds: (resolved root, kind) -> mode


def _holding() -> dict[tuple[Path, str], str]:
    if not hasattr(_held, "locks"):
        _held.locks = {}
    held: dict[tuple[Path, str], str] = _held.locks
    return held


def held_lock(root: Path, kind: str = WRITE) -> str | None:
    """``"exclusive"`` or ``"shared"`` when this thread holds that lock of the workspace, else ``None``."""
    return _holding().get((root.resolve(), kind))


class LockHandle:
    """An open lock of a workspace (no ``fd``: nested in one this thread holds)."""

    def __init__(self, path: Path, fd: int | None, timeout: float, kind: str) -> None:
        self.path = path
        self.fd = fd
        self.timeout = timeout
        self.kind = kind

    def acquire(self, *, shared: bool) -> None:
        """Take the lock, waiting up to ``timeout`` seconds."""
        if self.fd is None:
            return
        deadline = time.monotonic() + self.timeout
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        while True:
            try:
                fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    doing = "writing" if self.kind == WRITE or shared else "reading"
                    raise WorkspaceError(
                        f"another presslate process is {doing} this workspace (waited {self.timeout:g}s)",
                        path=self.path,
                        hint="wait for it to finish, or set PRESSLATE_LOCK_TIMEOUT to wait longer",
                    ) from exc
                time.sleep(0.05)

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def workspace_lock(root: Path, *, timeout: float = 30.0, shared: bool = False,
                   kind: str = WRITE) -> Iterator[LockHandle]:
    """Hold one of the workspace's two locks; wait up to ``timeout`` seconds for it.

    The write lock (the file ``.presslate.lock``) is held exclusively by a command
    that writes, for all its reading and writing, so two presslate processes never
    write the same workspace at once (the second waits, then fails with a message
    naming the lock file). The commit lock (the workspace folder itself) is held
    exclusively only while an operation's files are renamed into place, and shared
    by readers: a reader never sees a write half done, and only waits for a
    writer's last moment. Both are reentrant within a thread.
    """
    key = (root.resolve(), kind)
    holding = _holding()
    current = holding.get(key)
    if current == "exclusive" or (current == "shared" and shared):
        yield LockHandle(root, None, timeout, kind)
        return
    if current == "shared":
        raise RuntimeError("a shared workspace lock cannot be made exclusive")
    path = root / LOCK_NAME if kind == WRITE else root
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644) if kind == WRITE else os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise LockError(f"cannot open the workspace lock: {exc.strerror}", path=path,
                             hint="check the folder's permissions") from exc
    lock = LockHandle(path, fd, timeout, kind)
    try:
        lock.acquire(shared=shared)
        holding[key] = "shared" if shared else "exclusive"
        try:
            yield lock
        finally:
            holding.pop(key, None)
    finally:
        os.close(fd)
