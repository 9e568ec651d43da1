"""A query engine's store that keeps level with the contributions journal.

Every process that answers queries (the server and each query worker) holds its own
in-memory copy of the graph. Before each query the copy takes in the changes appended
to the journal since it last looked, and the latest inferences about them, so an answer
includes every write acknowledged before the query arrived. With nothing new, this costs
two stat calls.
"""

import os
import threading
from pathlib import Path

from pyoxigraph import Store

from ..namespaces import CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH
from .journal import inferred_path, read_changes, read_inferred


class FollowingStore:
    """A pyoxigraph Store (every other attribute is the Store's) whose contributions graphs follow the journal."""

    def __init__(self, store: Store, journal: Path):
        self._store = store
        self._journal = Path(journal)
        self._inferred = inferred_path(self._journal)
        self._read_up_to = 0
        self._inferred_seen = None
        self._lock = threading.Lock()  # queries run in several threads; one of them catches up at a time

    def catch_up(self) -> None:
        with self._lock:
            operations = self._journal_operations() + self._inferred_operations()
            if operations:
                # One update is one transaction: a query sees a change whole or not at all.
                self._store.update(" ;\n".join(operations))

    def _journal_operations(self) -> list[str]:
        try:
            if os.stat(self._journal).st_size <= self._read_up_to:
                return []
            with open(self._journal, "rb") as journal:
                journal.seek(self._read_up_to)
                changes, used = read_changes(journal.read())
        except FileNotFoundError:
            return []
        self._read_up_to += used
        operations = []
        for change in changes:
            if change["removed"]:
                operations.append(data_operation("DELETE", CONTRIBUTIONS_GRAPH, change["removed"]))
            if change["added"]:
                operations.append(data_operation("INSERT", CONTRIBUTIONS_GRAPH, change["added"]))
        return operations

    def _inferred_operations(self) -> list[str]:
        try:
            status = os.stat(self._inferred)
            seen = (status.st_ino, status.st_mtime_ns, status.st_size)
        except FileNotFoundError:
            seen = None
        if seen == self._inferred_seen:
            return []
        self._inferred_seen = seen
        _, lines = read_inferred(self._inferred)
        operations = [f"DROP SILENT GRAPH <{CONTRIBUTIONS_INFERRED_GRAPH}>"]
        if lines:
            operations.append(data_operation("INSERT", CONTRIBUTIONS_INFERRED_GRAPH, lines))
        return operations

    def query(self, *args, **kwargs):
        self.catch_up()
        return self._store.query(*args, **kwargs)

    def __len__(self) -> int:
        self.catch_up()
        return len(self._store)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def data_operation(verb: str, graph: str, lines: list[str]) -> str:
    """INSERT DATA or DELETE DATA of N-Triples lines (N-Triples is SPARQL's triple syntax, blank nodes aside)."""
    return f"{verb} DATA {{ GRAPH <{graph}> {{\n" + "\n".join(lines) + "\n} }"
