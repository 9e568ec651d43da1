"""Curators' contributions: every change validated, written to the journal, then served.

Changes are made one at a time. Each is compared with the current contributions, the
difference is checked against the shapes (on the nodes it touches), appended to the
journal and flushed to the disk, and only then applied: to the data the next check
reads, to the served store and to the coalition answers. The inferences about the
contributions follow in the background. With an external store, the contributions are the
store's, shared with the other replicas (shared_store.py).
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import anyio

from ..build.sources import ontology_files, parse_file, shapes_file
from ..build.validation import Violation, format_report
from ..engine.journal import JournalWriter, inferred_path, load_journal, read_inferred
from ..engine.remote_store import RemoteStore
from ..engine.store import GraphStore
from ..namespaces import ASSERTED_GRAPH
from ..settings import Settings
from .bodies import triple_line
from .change_validation import ChangeValidator
from .reasoning import Reasoner
from .shared_store import SharedContributions

ASSERTED_TRIPLES = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ASSERTED_GRAPH}> {{ ?s ?p ?o }} }}"


class ChangeInvalid(ValueError):
    """The change would break shapes; nothing was changed."""

    def __init__(self, violations: list[Violation]):
        super().__init__(format_report(violations))
        self.violations = violations


@dataclass(frozen=True)
class Applied:
    change: int  # the number of the change now current (the previous one when nothing changed)
    added: int
    removed: int
    triples: int  # in the contributions graph afterwards


@dataclass(frozen=True)
class ChangeRequest:
    operation: str  # PUT, POST, DELETE or UPDATE
    curator: str
    request_id: str


class Contributions:
    """The contributions graph: its current triples (N-Triples lines), journal and inferences."""

    def __init__(self, settings: Settings, graph: GraphStore, on_change: Callable[[], None]):
        self.settings = settings
        self.graph = graph
        self.on_change = on_change  # called after each change and each new set of inferences
        journal = settings.contributions_path
        # With an external store, the contributions are the store's, shared with the other replicas.
        self.shared = SharedContributions(graph.store) if isinstance(graph.store, RemoteStore) else None
        lines, version = self.shared.read() if self.shared else load_journal(journal)
        # The change number and the lines it left, set together: the reasoner reads them from another thread.
        self.current: tuple[int, frozenset[str]] = (version, frozenset(lines))
        self._journal = JournalWriter(journal)
        self._lock = asyncio.Lock()
        self._validator: ChangeValidator | None = None  # made at the first write: parsing takes a second
        self._reasoner = Reasoner(ontology_files(settings), inferred_path(journal), self._inferred)
        if self._reasoner.inferred_change != version:
            self._reasoner.infer_now(version, sorted(lines))
            self._put_inferred()

    def _inferred(self) -> None:
        """A new set of inferences is in place."""
        self._put_inferred()
        self.on_change()

    def _put_inferred(self) -> None:
        """With an external store, the inferences go there too, for every replica to serve."""
        if self.shared:
            self.shared.put_inferred(read_inferred(self._reasoner.inferred)[1])

    async def follow_store(self) -> None:
        """With an external store: take up the changes other replicas made there since this one last looked."""
        if self.shared is None:
            return
        async with self._lock:
            if not await anyio.to_thread.run_sync(self._take_up_store):
                return
        self._reasoner.follow(lambda: self.current)

    def _take_up_store(self) -> bool:
        """Whether the store held changes this replica had not seen; it has now taken them up."""
        version = self.shared.change_number()
        if version == self.version:
            return False
        lines = self.shared.lines()
        if self._validator is not None:
            self._validator.apply(sorted(lines - self.current[1]), sorted(self.current[1] - lines))
        self.current = (version, lines)
        self.on_change()
        return True

    @property
    def version(self) -> int:
        return self.current[0]

    async def change(self, request: ChangeRequest, new_content: Callable[[frozenset[str]], set[str]]) -> Applied:
        """Make NEW_CONTENT(current lines) the contributions, if valid; it runs under the lock, so nothing interleaves."""
        async with self._lock:
            applied = await anyio.to_thread.run_sync(self._change, request, new_content)
        if applied.added or applied.removed:
            self._reasoner.follow(lambda: self.current)
        return applied

    def _change(self, request: ChangeRequest, new_content: Callable[[frozenset[str]], set[str]]) -> Applied:
        if self.shared:
            self._take_up_store()  # what the other replicas changed, read afresh
        version, current = self.current
        lines = frozenset(new_content(current))
        added, removed = sorted(lines - current), sorted(current - lines)
        if not (added or removed):
            return Applied(version, 0, 0, len(lines))
        # Without contributions the data is as built, and the build validated it.
        if lines and (violations := self._ready_validator().check(added, removed)):
            raise ChangeInvalid(violations)
        self._journal.append({
            "change": version + 1,
            "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "curator": request.curator,
            "request_id": request.request_id,
            "operation": request.operation,
            "added": added,
            "removed": removed,
        })
        # Durable: from here on the change is made, whatever happens to this process.
        if self.shared:
            self.shared.apply(version + 1, added, removed)
        if self._validator is not None:
            self._validator.apply(added, removed)
        self.current = (version + 1, lines)
        self.graph.store.catch_up()
        self.on_change()
        return Applied(version + 1, len(added), len(removed), len(lines))

    def _ready_validator(self) -> ChangeValidator:
        if self._validator is None:
            asserted = [triple_line(triple) for triple in self.graph.store.query(ASSERTED_TRIPLES)]
            self._validator = ChangeValidator(asserted, sorted(self.current[1]), parse_file(shapes_file(self.settings)))
        return self._validator
