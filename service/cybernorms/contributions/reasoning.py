"""The OWL 2 RL inferences about the contributions, kept current beside the server.

The closure takes from a fraction of a second to a few seconds as contributions grow: it
runs in a process of its own (never holding up writes or queries), one run at a time, each
from the latest contributions, so a burst of writes costs a few runs rather than one each.
The result goes to a file that every query process reads (see engine/following_store.py).
"""

import asyncio
import logging
import multiprocessing
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import anyio
from pyoxigraph import RdfFormat, parse
from rdflib import Graph

from ..build.artifact import ntriples_lines
from ..build.reasoning import closure, infer_from_ontology
from ..build.sources import parse_file
from ..engine.journal import read_inferred, write_inferred
from .bodies import triple_line

log = logging.getLogger("cybernorms.contributions")


@lru_cache(maxsize=1)  # a reasoning process keeps the ontology's closure from one run to the next
def _ontology(files: tuple[str, ...]) -> tuple[Graph, set]:
    ontology = Graph()
    for file in files:
        ontology += parse_file(Path(file))
    return ontology, closure(ontology)


def infer_lines(ontology_files: tuple[str, ...], lines: list[str]) -> list[str]:
    """What OWL 2 RL adds to the contributions (N-Triples lines) with the ontology, as sorted N-Triples lines."""
    if not lines:
        return []
    ontology, ontology_closure = _ontology(ontology_files)
    inferred = infer_from_ontology(ontology, ontology_closure, Graph().parse(data="\n".join(lines), format="nt"))
    # Written by pyoxigraph, like every other line, so that the same triple always reads the same.
    return sorted({triple_line(quad) for quad in parse("".join(ntriples_lines(inferred)), format=RdfFormat.N_TRIPLES)})


class Reasoner:
    """Brings the inferences file up to date with the contributions whenever asked, coalescing requests."""

    def __init__(self, ontology_files: list[Path], inferred: Path, published: Callable[[], None]):
        self.ontology_files = tuple(str(path) for path in ontology_files)
        self.inferred = inferred
        self.inferred_change, _ = read_inferred(inferred)  # the change the file was made after
        self.published = published  # called once a new file is in place
        self._process: ReasoningProcess | None = None
        self._task: asyncio.Task | None = None

    def infer_now(self, change: int, lines: list[str]) -> None:
        """In this process and at once: at start-up, when the file is missing or stale."""
        write_inferred(self.inferred, change, infer_lines(self.ontology_files, lines))
        self.inferred_change = change

    def follow(self, current: Callable[[], tuple[int, frozenset[str]]]) -> None:
        """Start a run unless one is going; it repeats until the file matches CURRENT() (change number, lines)."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(current))

    async def _run(self, current: Callable[[], tuple[int, frozenset[str]]]) -> None:
        while (latest := current())[0] != self.inferred_change:
            change, lines = latest
            try:
                inferred = await anyio.to_thread.run_sync(self._infer, sorted(lines)) if lines else []
                await anyio.to_thread.run_sync(write_inferred, self.inferred, change, inferred)
            except Exception:
                log.exception("the inferences about the contributions could not be brought up to date")
                self._process = None
                return  # tried again at the next change
            self.inferred_change = change
            self.published()

    def _infer(self, lines: list[str]) -> list[str]:
        if self._process is None:
            self._process = ReasoningProcess(self.ontology_files)
        return self._process.infer(lines)


class ReasoningProcess:
    """A process that infers for the server, and ends when the server does: it reads its work from a pipe whose only
    writer is the server, so that the pipe closes, even on kill -9, and the process sees it."""

    def __init__(self, ontology_files: tuple[str, ...]):
        context = multiprocessing.get_context("spawn")
        jobs_in, self._jobs = context.Pipe(duplex=False)
        self._results, results_out = context.Pipe(duplex=False)
        context.Process(target=_reason, args=(jobs_in, results_out, ontology_files), daemon=True).start()
        jobs_in.close()
        results_out.close()

    def infer(self, lines: list[str]) -> list[str]:
        """Blocking: call it in a thread. EOFError when the process has died."""
        self._jobs.send(lines)
        return self._results.recv()


def _reason(jobs, results, ontology_files: tuple[str, ...]) -> None:
    while True:
        try:
            lines = jobs.recv()
        except EOFError:
            return  # the server is gone
        try:
            results.send(infer_lines(ontology_files, lines))
        except BrokenPipeError:
            return
