"""SHACL checks of a change to the contributions, done on the nodes it touches before it is applied.

Validating the whole graph takes about 40 s on the real data; the asserted data passed
at build time, so a change can only break the constraints of the nodes it touches and of
the nodes that point at them (sh:class reads a neighbour's type, a position's date is
checked against its source's date).
"""

from rdflib import Graph, URIRef

from ..build.sources import ParsedInputs
from ..build.validation import Violation, find_violations


def _triples(lines: list[str]) -> list[tuple]:
    return list(Graph().parse(data="\n".join(lines), format="nt")) if lines else []


class ChangeValidator:
    """The asserted data plus the contributions as one rdflib graph, parsed once and kept level with the journal."""

    def __init__(self, asserted_lines: list[str], contribution_lines: list[str], shapes: Graph):
        self.asserted = Graph()
        self.asserted += _triples(asserted_lines)
        self.data = Graph()
        self.data += self.asserted
        self.data += _triples(contribution_lines)
        for prefix, namespace in shapes.namespaces():  # so that reports write cn:source, not the full IRI
            self.data.bind(prefix, namespace)
        self.shapes = shapes

    def check(self, added: list[str], removed: list[str]) -> list[Violation]:
        """The violations the change would cause around the nodes it touches; the data is left as it was."""
        inserted, deleted = self._apply(_triples(added), _triples(removed))
        try:
            focus = self._focus_nodes(inserted + deleted)
            return find_violations(ParsedInputs(self.data), self.shapes, focus) if focus else []
        finally:
            self._revert(inserted, deleted)

    def apply(self, added: list[str], removed: list[str]) -> None:
        self._apply(_triples(added), _triples(removed))

    def _apply(self, added: list[tuple], removed: list[tuple]) -> tuple[list[tuple], list[tuple]]:
        """Change the data; return what was really inserted and deleted (a contribution may repeat an asserted triple)."""
        inserted = [triple for triple in added if triple not in self.data]
        deleted = [triple for triple in removed if triple not in self.asserted]
        for triple in deleted:
            self.data.remove(triple)
        for triple in inserted:
            self.data.add(triple)
        return inserted, deleted

    def _revert(self, inserted: list[tuple], deleted: list[tuple]) -> None:
        for triple in inserted:
            self.data.remove(triple)
        for triple in deleted:
            self.data.add(triple)

    def _focus_nodes(self, triples: list[tuple]) -> list[URIRef]:
        subjects = {subject for subject, _, _ in triples}
        nodes = subjects | {obj for _, _, obj in triples if isinstance(obj, URIRef)}
        for subject in subjects:
            nodes.update(node for node in self.data.subjects(None, subject) if isinstance(node, URIRef))
        return sorted(nodes)
