"""Clients' queries run in worker processes that can be killed.

pyoxigraph cannot cancel a query, and pathological input can crash it, so each
query runs in a worker process holding its own copy of the graph. A query that
passes its deadline costs its worker, which is killed (the CPU is free at once)
and replaced; a query that crashes its worker costs that one request. Other
clients are served by the other workers meanwhile.
"""

import asyncio
import logging
import multiprocessing
from dataclasses import dataclass, field

import anyio

from ..settings import Settings
from .child_processes import READY, ChildDidNotStart, start_child, stop_child
from .sandbox import forbid_network
from .store import Answer, GraphStore, ResultLimits

log = logging.getLogger("cybernorms.workers")


class QueryTimedOut(Exception):
    """The query ran past its deadline; its worker was killed."""


class WorkerLost(Exception):
    """The worker ended while answering: the engine crashed on this query."""


class Busy(Exception):
    """Every worker is busy and too many queries are already waiting."""


@dataclass(frozen=True)
class QueryJob:
    query: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: dict | None = None
    base_iri: str | None = None  # relative IRIs in a query without BASE resolve against it


def _serve_queries(connection, settings: Settings, limits: ResultLimits) -> None:
    """A worker's life: bar the network unless endpoints are allowed, load the graph, answer each job until the end."""
    # A worker that asks an external store for its answers needs the network.
    network_barred = not settings.fetch_allow and not settings.endpoint and forbid_network()
    graph = GraphStore.open(settings, network_barred)
    connection.send(READY)
    while True:
        try:
            job: QueryJob = connection.recv()
        except EOFError:
            return
        try:
            answer = graph.answer(job.query, job.accept, job.default_graphs, job.named_graphs, job.substitutions, limits,
                                  job.base_iri)
            connection.send((True, answer))
        except Exception as error:  # the client's fault (syntax, refused, too large) or the engine's
            connection.send((False, error))


@dataclass
class Worker:
    process: multiprocessing.Process
    connection: object

    @classmethod
    def start(cls, settings: Settings, limits: ResultLimits) -> "Worker":
        return cls(*start_child(_serve_queries, settings, limits))

    def call(self, job: QueryJob, seconds: float) -> Answer:
        """Send the job and wait at most SECONDS for the answer (blocking: run it in a thread)."""
        try:
            self.connection.send(job)
            if not self.connection.poll(seconds):
                raise QueryTimedOut()
            ok, value = self.connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError) as error:
            raise WorkerLost() from error
        if ok:
            return value
        raise value

    def stop(self) -> None:
        stop_child(self.process, self.connection)


@dataclass
class QueryWorkers:
    """A fixed number of workers; a query waits for an idle one, within its own deadline."""

    settings: Settings
    limits: ResultLimits
    _idle: asyncio.Queue = field(default_factory=asyncio.Queue)
    _waiting: int = 0
    _live: int = 0
    _restarts: set = field(default_factory=set)

    async def start(self) -> None:
        count = self.settings.query_workers
        self._threads = anyio.CapacityLimiter(count)
        workers = await asyncio.gather(*(anyio.to_thread.run_sync(Worker.start, self.settings, self.limits)
                                         for _ in range(count)))
        for worker in workers:
            self._idle.put_nowait(worker)
        self._live = count

    def counts(self) -> dict[str, int]:
        """How many workers are configured, alive (not being replaced) and idle."""
        return {"configured": self.settings.query_workers, "live": self._live, "idle": self._idle.qsize()}

    async def stop(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()

    async def answer(self, job: QueryJob, seconds: float) -> Answer:
        worker = await self._idle_worker(seconds)
        try:
            answer = await anyio.to_thread.run_sync(worker.call, job, seconds, limiter=self._threads)
        except (QueryTimedOut, WorkerLost):
            self._replace(worker)
            raise
        except BaseException:
            self._idle.put_nowait(worker)
            raise
        self._idle.put_nowait(worker)
        return answer

    async def _idle_worker(self, seconds: float) -> Worker:
        if self._idle.empty() and self._waiting >= self.settings.max_waiting_queries:
            raise Busy()
        self._waiting += 1
        try:
            return await asyncio.wait_for(self._idle.get(), timeout=seconds)
        except TimeoutError as error:
            raise Busy() from error
        finally:
            self._waiting -= 1

    def _replace(self, worker: Worker) -> None:
        self._live -= 1
        task = asyncio.create_task(self._restart(worker))
        self._restarts.add(task)  # keep a reference until it is done
        task.add_done_callback(self._restarts.discard)

    async def _restart(self, worker: Worker) -> None:
        await anyio.to_thread.run_sync(worker.stop)
        try:
            fresh = await anyio.to_thread.run_sync(Worker.start, self.settings, self.limits)
        except ChildDidNotStart:
            log.exception("a query worker could not be replaced; serving with one fewer")
            return
        self._idle.put_nowait(fresh)
        self._live += 1
