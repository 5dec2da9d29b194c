"""Engine calls on Ray actors: each actor holds its engines (an Apertium pipeline, CTranslate2
models) for the whole run; Ray restarts an actor whose process dies and retries its calls.

Argos packages installed on the driver reach the actors through Ray's object store (one copy
per package and run, unpacked once per node into ``$XDG_CACHE_HOME/presslate/ray-models``), so
workers need no models of their own. Apertium runs on the workers: each must have Debian's
``apertium`` and the pairs used. On a cluster with GPUs, Argos runs one actor per GPU with
CTranslate2 on ``cuda`` (``ARGOS_DEVICE_TYPE``). Ray is imported only here.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .engines.base import Hop, Route
from .errors import ConfigError, EngineError
from .executor import EngineSpec, Outcome, run_batch

log = logging.getLogger(__name__)

def model_cache() -> Path:
    from .files import user_cache_dir

    folder = user_cache_dir()
    if folder is None:  # no home: as Path.home() says
        folder = Path.home() / ".cache" / "presslate"
    return folder / "ray-models"


def package_key(path: Path) -> str:
    """A package's identity: its name and a digest of its files' names, sizes and times."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        stat = file.stat()
        digest.update(f"{file.relative_to(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return f"{path.name}-{digest.hexdigest()[:16]}"


def pack(path: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(path, arcname=path.name)
    return buffer.getvalue()


def unpack(key: str, name: str, data: bytes, cache: Path) -> Path:
    """The package unpacked in ``cache/key/name`` (once: an unpacked copy is reused)."""
    target = cache / key
    if (target / name).is_dir():
        return target / name
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpack-", dir=cache))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
            tar.extractall(staging, filter="data")
        with contextlib.suppress(OSError):  # another actor of this node unpacked it first
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target / name


class PresslateTranslator:
    """The actor (its process title is ``ray::PresslateTranslator``): engines built once, by
    their settings and the models shipped to it."""

    def __init__(self) -> None:
        self._engines: dict[tuple[EngineSpec, str], Any] = {}

    def pid(self) -> int:
        return os.getpid()

    def hops(self, spec: EngineSpec) -> list[Hop]:
        return list(self._engine(spec, "").hops())

    def translate(self, spec: EngineSpec, route: Route, texts: list[str],
                  shipped: dict[str, tuple[str, Any]]) -> Outcome:
        try:
            folder = self._models(shipped)
        except OSError as exc:
            return None, EngineError(f"cannot unpack the Argos packages on a Ray worker: {exc}",
                                     pair=route.pair, hint="give the workers a writable XDG_CACHE_HOME")
        return run_batch(self._engine(spec, folder), route, texts)

    def _models(self, shipped: dict[str, tuple[str, Any]]) -> str:
        """A folder holding the shipped packages (links to their unpacked copies), "" for none."""
        if not shipped:
            return ""
        import ray

        cache = model_cache()
        keys = sorted(key for key, _ in shipped.values())
        folder = cache / "sets" / hashlib.sha256("\n".join(keys).encode()).hexdigest()[:16]
        if folder.is_dir():
            return str(folder)
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".set-", dir=cache))
        for name, (key, ref) in shipped.items():
            path = unpack(key, name, ray.get(ref), cache)
            (staging / name).symlink_to(path, target_is_directory=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(staging, folder)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
        return str(folder)

    def _engine(self, spec: EngineSpec, folder: str) -> Any:
        engine = self._engines.get((spec, folder))
        if engine is None:
            engine = self._engines[(spec, folder)] = spec.build(folder or None)
        return engine


def _host_port(address: str) -> tuple[str, str]:
    """``HOST:PORT`` (or ``ray://HOST:PORT``) as (IP address, port); the host as given when it
    cannot be resolved."""
    import socket

    host, _, port = address.removeprefix("ray://").rpartition(":")
    host = host.strip("[]")
    with contextlib.suppress(OSError, UnicodeError):
        host = socket.gethostbyname(host)
    return host, port


def _check_connected(ray: Any, address: str) -> None:
    """Ray was initialised in this process before (it connects once per process): ``address``
    must be the cluster it is connected to, or the run would silently go elsewhere."""
    current = ray.get_runtime_context().gcs_address or ""
    wanted, here = _host_port(address), _host_port(current)
    if address.startswith("ray://"):  # a client's port is not the cluster's: the host must match
        import ray.util.client

        same = ray.util.client.ray.is_connected() and wanted[0] == here[0]
    else:
        same = wanted == here
    if not same:
        raise ConfigError(
            f"cannot use the Ray cluster at {address!r}: this process is already connected to "
            f"the one at {current!r}",
            hint=f"use --ray {current} (or --ray auto), or call ray.shutdown() before connecting "
                 f"to {address}")


class RayPool:
    """Actors on a Ray cluster (``address`` "": a local instance started for the run)."""

    def __init__(self, address: str, workers: int) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError("the ray executor needs Ray", hint="pip install 'presslate[ray]'") from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "logging_level": logging.WARNING}
            if address:
                options["address"] = address
            elif workers:
                options["num_cpus"] = max(workers, os.cpu_count() or 1)
            try:
                ray.init(**options)
            except ConnectionError as exc:
                raise ConfigError(f"cannot connect to the Ray cluster at {address!r}: {exc}",
                                  hint="start it (ray start --head), or give its address: "
                                       "--ray HOST:6379, or --ray auto for the one running here") from exc
            self._started = True
        elif address and address != "auto":
            _check_connected(ray, address)
        resources = ray.cluster_resources()  # type: ignore[no-untyped-call]
        self.workers = workers or max(1, int(resources.get("CPU", 1)))
        self.gpus = int(resources.get("GPU", 0))
        self._actors: dict[str, list[Any]] = {}
        self._busy: dict[Any, int] = {}
        self._jobs: dict[Any, Any] = {}  # ref -> actor
        self._shipped: dict[str, tuple[str, Any]] = {}  # package name -> (key, ObjectRef)
        self._local: dict[EngineSpec, Any] = {}  # the driver's Argos engines: its packages

    def _make(self, spec: EngineSpec) -> list[Any]:
        actors = self._actors.get(spec.name)
        if actors is None:
            options: dict[str, Any] = {"max_restarts": -1, "max_task_retries": -1, "num_cpus": 1}
            count = self.workers
            if spec.name == "argos" and self.gpus:
                # one model per GPU, on CUDA
                options.update(num_gpus=1, num_cpus=0,
                               runtime_env={"env_vars": {"ARGOS_DEVICE_TYPE": "cuda"}})
                count = self.gpus
            cls = self._ray.remote(**options)(PresslateTranslator)
            actors = self._actors[spec.name] = [cls.remote() for _ in range(count)]
            for actor in actors:
                self._busy[actor] = 0
        return actors

    def hops(self, spec: EngineSpec) -> list[Hop]:
        if spec.name == "argos":
            return list(spec.build().hops())  # the driver's packages, shipped to the workers
        return list(self._get(self._make(spec)[0].hops.remote(spec)))

    def _ship(self, spec: EngineSpec, route: Route) -> dict[str, tuple[str, Any]]:
        if spec.name != "argos":
            return {}
        from .engines.argos import ArgosEngine

        engine = self._local.get(spec)
        if engine is None:
            engine = self._local[spec] = spec.build()
        assert isinstance(engine, ArgosEngine)
        packages = engine.packages()
        shipped = {}
        for hop in route.hops:
            if hop.model not in self._shipped and hop.model in packages:
                path = packages[hop.model].path
                self._shipped[hop.model] = (package_key(path), self._ray.put(pack(path)))
            if hop.model in self._shipped:
                shipped[hop.model] = self._shipped[hop.model]
        return shipped

    def submit(self, spec: EngineSpec, route: Route, texts: list[str]) -> Any:
        actors = self._make(spec)
        actor = min(actors, key=lambda a: self._busy[a])  # the least busy, in order
        ref = actor.translate.remote(spec, route, texts, self._ship(spec, route))
        self._busy[actor] += 1
        self._jobs[ref] = actor
        return ref

    def results(self, pending: Sequence[Any]) -> Iterator[tuple[Any, Outcome]]:
        ready, _ = self._ray.wait(list(pending), num_returns=1)
        for ref in ready:
            self._busy[self._jobs.pop(ref)] -= 1
            yield ref, self._get(ref)

    def _get(self, ref: Any) -> Any:
        try:
            return self._ray.get(ref)
        except self._ray.exceptions.RayError as exc:
            raise EngineError(f"a Ray worker failed: {str(exc).splitlines()[0]}",
                              hint="see the worker's log (ray logs), or run without --ray") from exc

    def worker_pids(self) -> list[int]:
        """The process ids of the actors (each is restarted elsewhere when it dies)."""
        return [self._get(actor.pid.remote()) for actors in self._actors.values() for actor in actors]

    def close(self) -> None:
        for actors in self._actors.values():
            for actor in actors:
                self._ray.kill(actor)
        self._actors.clear()
        if self._started:
            self._ray.shutdown()
