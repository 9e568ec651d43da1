"""Curators' contributions kept in an external store, which every replica serving from it shares.

The store's contributions graph is the contributions: each change reads it afresh, is checked
against the shapes, written to this replica's journal (the audit record of what its curators did)
and then applied to the store with one update, which also counts the change up in a graph of its
own. Each replica reads that count every second, and when another replica has written, drops what
it kept from the old contributions. Two replicas changing at the very same moment each apply their
own difference to the store: neither is lost, but the shapes checked each against what it read.
"""

from ..engine.following_store import data_operation
from ..engine.remote_store import GRAPH_TRIPLES, RemoteStore
from ..namespaces import BASE, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH
from .bodies import triple_line

VERSION_GRAPH = BASE + "graph/contributions-version"
VERSION = "http://purl.org/dc/terms/hasVersion"
CHANGE_NUMBER = f"SELECT ?n WHERE {{ GRAPH <{VERSION_GRAPH}> {{ <{CONTRIBUTIONS_GRAPH}> <{VERSION}> ?n }} }}"


class SharedContributions:
    def __init__(self, store: RemoteStore):
        self.store = store

    def change_number(self) -> int:
        rows = list(self.store.query(CHANGE_NUMBER, named_graphs=[VERSION_GRAPH]))
        return max((int(row["n"].value) for row in rows), default=0)

    def lines(self) -> frozenset[str]:
        """The contributions (N-Triples lines), as the store holds them now."""
        triples = self.store.query(GRAPH_TRIPLES.format(graph=CONTRIBUTIONS_GRAPH), named_graphs=[CONTRIBUTIONS_GRAPH])
        return frozenset(triple_line(triple) for triple in triples)

    def read(self) -> tuple[frozenset[str], int]:
        """The contributions and their change number, as load_journal gives them."""
        number = self.change_number()
        return self.lines(), number

    def apply(self, number: int, added: list[str], removed: list[str]) -> None:
        """Make change NUMBER in the store: one update, so that a reader sees it whole."""
        operations = [f"DELETE WHERE {{ GRAPH <{VERSION_GRAPH}> {{ <{CONTRIBUTIONS_GRAPH}> <{VERSION}> ?n }} }}",
                      f"INSERT DATA {{ GRAPH <{VERSION_GRAPH}> {{ <{CONTRIBUTIONS_GRAPH}> <{VERSION}> {number} }} }}"]
        if removed:
            operations.insert(0, data_operation("DELETE", CONTRIBUTIONS_GRAPH, removed))
        if added:
            operations.insert(1 if removed else 0, data_operation("INSERT", CONTRIBUTIONS_GRAPH, added))
        self.store.update(" ;\n".join(operations))

    def put_inferred(self, lines: list[str]) -> None:
        """Replace the inferences about the contributions with LINES."""
        operations = [f"DROP SILENT GRAPH <{CONTRIBUTIONS_INFERRED_GRAPH}>"]
        if lines:
            operations.append(data_operation("INSERT", CONTRIBUTIONS_INFERRED_GRAPH, lines))
        self.store.update(" ;\n".join(operations))

