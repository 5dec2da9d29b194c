"""Where engine calls run: in this process, in local worker processes, or on a Ray cluster.

``presslate translate`` keeps the workspace on the driver (catalogs, the lock, facts protection,
provenance, the atomic save); only engine calls leave it. An executor wraps each machine engine
in a :class:`RemoteEngine` with the same interface: the route is chosen on the driver from the
engine's pairs, then the texts of a pair are cut into batches of ``batch_size`` segments, sent
to the workers (each holds its own Apertium pipeline or CTranslate2 model, built once) and put
back in order. At most ``2 × workers`` batches are in flight, so what waits on the driver stays
bounded. A segment's translation depends only on its own text and route (see
:mod:`presslate.i18n.engines.apertium`), so the result is the same, byte for byte, whichever
executor ran it and however the batches were cut.

A worker that dies mid-run (killed, out of memory) loses no work: local workers are started
again and the unfinished batches sent once more; Ray actors are restarted by Ray, which retries
their calls. A worker that cannot translate a pair (the Apertium pair is not installed there)
fails that pair with the engine's own message, as in the driver.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from .config import EXECUTORS
from .engines.base import Advance, Engine, Hop, Route, Translation
from .errors import ConfigError, EngineError, PresslateError

MAX_BATCH = 1000  # segments per batch sent to a worker, at most
RESTARTS = 3  # times local workers are started again after one died


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExecutorSettings:
    """``kind``: in-process (the default), workers or ray; ``workers`` 0: one per core (workers)
    or per CPU of the cluster (ray); ``address``: the Ray cluster ("" starts a local instance,
    ``auto`` connects to the running one); ``batch_size`` 0: each pair's texts in two batches
    per worker (at most :data:`MAX_BATCH` segments each)."""

    kind: str = "in-process"
    workers: int = 0
    address: str = ""
    batch_size: int = 0


@dataclass(frozen=True)
class EngineSpec:
    """What a worker needs to build an engine: its name and settings (no workspace, no files)."""

    name: str
    beam_size: int = 4
    max_batch_tokens: int = 2048
    timeout: float = 300.0

    def build(self, folder: str | None = None) -> Engine:
        from .engines import engine_by_name

        if self.name == "argos" and folder is not None:
            from pathlib import Path

            from .engines.argos import ArgosEngine

            return ArgosEngine(beam_size=self.beam_size, max_batch_tokens=self.max_batch_tokens,
                               folder=Path(folder))
        return engine_by_name(self.name, beam_size=self.beam_size,
                              max_batch_tokens=self.max_batch_tokens, timeout=self.timeout)


# What a worker sends back: the translations, or the engine's error (raised again on the driver).
Outcome = tuple[list[Translation] | None, PresslateError | None]


def run_batch(engine: Engine, route: Route, texts: Sequence[str]) -> Outcome:
    try:
        return engine.translate(route, texts), None
    except PresslateError as exc:
        return None, exc


class Pool(Protocol):
    workers: int

    def hops(self, spec: EngineSpec) -> list[Hop]: ...

    def submit(self, spec: EngineSpec, route: Route, texts: list[str]) -> Any: ...

    def results(self, pending: Sequence[Any]) -> Iterator[tuple[Any, Outcome]]:
        """Yield (handle, outcome) as batches finish; retries batches whose worker died."""
        ...

    def close(self) -> None: ...


class RemoteEngine:
    """An engine whose calls run on a pool's workers; the :class:`Engine` interface."""

    def __init__(self, spec: EngineSpec, pool: Pool, batch_size: int = 0) -> None:
        self.name = spec.name
        self.spec = spec
        self.pool = pool
        self.batch_size = batch_size
        self._hops: list[Hop] | None = None

    def hops(self) -> list[Hop]:
        if self._hops is None:
            self._hops = self.pool.hops(self.spec)
        return self._hops

    def translate(self, route: Route, texts: Sequence[str],
                  advance: Advance | None = None) -> list[Translation]:
        # Few large batches: each batch starts the engine's pipeline once (Apertium loads its
        # dictionaries), so two per worker keep them all busy at the least cost.
        size = self.batch_size or min(MAX_BATCH, max(1, -(-len(texts) // (2 * max(1, self.pool.workers)))))
        batches = [list(texts[i:i + size]) for i in range(0, len(texts), size)]
        out: list[list[Translation] | None] = [None] * len(batches)
        window = 2 * max(1, self.pool.workers)
        waiting = iter(range(len(batches)))
        in_flight: dict[Any, int] = {}
        finished = 0
        error: PresslateError | None = None

        def feed() -> None:
            while error is None and len(in_flight) < window:
                number = next(waiting, None)
                if number is None:
                    return
                in_flight[self.pool.submit(self.spec, route, batches[number])] = number

        feed()
        while in_flight:
            for handle, (done, failed) in self.pool.results(list(in_flight)):
                number = in_flight.pop(handle)
                if failed is not None:
                    error = error or failed
                    continue
                out[number] = done
                finished += len(batches[number])
                if advance is not None:
                    advance(finished)
                break  # refill the window before waiting again
            feed()
        if error is not None:
            raise error
        return [t for batch in out for t in batch or ()]


# -- local worker processes ------------------------------------------------------------

_WORKER_ENGINES: dict[EngineSpec, Engine] = {}


def _worker_hops(spec: EngineSpec) -> list[Hop]:
    return list(_worker_engine(spec).hops())


def _worker_engine(spec: EngineSpec) -> Engine:
    engine = _WORKER_ENGINES.get(spec)
    if engine is None:
        engine = _WORKER_ENGINES[spec] = spec.build()
    return engine


def _worker_translate(spec: EngineSpec, route: Route, texts: list[str]) -> Outcome:
    return run_batch(_worker_engine(spec), route, texts)


Job = tuple[EngineSpec, Route, list[str]]


class ProcessPool:
    """``workers`` local processes (spawned: no state copied from the driver), each building
    its engines once. A pool whose worker died is started again and its batches resent."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._jobs: dict[Future[Outcome], tuple[ProcessPoolExecutor, Job]] = {}
        self._restarts = 0

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._executor

    def hops(self, spec: EngineSpec) -> list[Hop]:
        return list(spec.build().hops())  # the same machine: the driver sees the same pairs

    def submit(self, spec: EngineSpec, route: Route, texts: list[str]) -> Future[Outcome]:
        pool = self._pool()
        future = pool.submit(_worker_translate, spec, route, texts)
        self._jobs[future] = (pool, (spec, route, texts))
        return future

    def results(self, pending: Sequence[Any]) -> Iterator[tuple[Any, Outcome]]:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            pool, job = self._jobs.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:
                outcome = self._again(pool, job)
            yield future, outcome

    def _again(self, broken: ProcessPoolExecutor, job: Job) -> Outcome:
        """A worker died, and every batch sent to its pool with it: start a new pool (once) and
        run the batch there."""
        if broken is self._executor:
            self._restarts += 1
            if self._restarts > RESTARTS:
                raise EngineError(f"the worker processes died {RESTARTS + 1} times",
                                  hint="run with fewer --workers, or without them, to see why")
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        return self._pool().submit(_worker_translate, *job).result()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


# -- executors ---------------------------------------------------------------------------


class Executor:
    """Makes the engines of a run; ``with`` closes their workers at its end."""

    def __init__(self, settings: ExecutorSettings) -> None:
        if settings.kind not in EXECUTORS:
            raise ConfigError(f"unknown executor {settings.kind!r}",
                              hint=f"use one of {', '.join(EXECUTORS)}")
        if settings.workers < 0:
            raise ConfigError(f"--workers must be 0 (one per core) or more, not {settings.workers}")
        self.settings = settings
        self._pool: Pool | None = None

    @property
    def pool(self) -> Pool:
        if self._pool is None:
            if self.settings.kind == "workers":
                self._pool = ProcessPool(self.settings.workers or default_workers())
            else:
                from .ray_pool import RayPool

                self._pool = RayPool(self.settings.address, self.settings.workers)
        return self._pool

    def engine(self, spec: EngineSpec) -> Engine:
        if self.settings.kind == "in-process":
            return spec.build()
        return RemoteEngine(spec, self.pool, self.settings.batch_size)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


EngineFactory = Callable[[EngineSpec], Engine]
