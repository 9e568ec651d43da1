"""SHACL validation of the data against ontology/shapes.ttl, with a report a curator can act on.

The build, `cybernorms validate` and the check of curators' changes all validate here.
"""

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from .sources import ParsedInputs


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str
    value: str
    files: tuple[str, ...]

    def describe(self) -> str:
        lines = [
            f"- {self.message}",
            f"    focus node: {self.focus}",
            f"    path:       {self.path or '(the node itself)'}",
        ]
        if self.value:
            lines.append(f"    value:      {self.value}")
        lines.append(f"    shape:      {self.shape}")
        lines.append(f"    file:       {', '.join(self.files) or '(not found in any input file)'}")
        return "\n".join(lines)


class _PreparedQueries(Graph):
    """A graph that parses each SPARQL text once. pyshacl asks a SPARQL-based constraint's query again for every
    focus node, and rdflib would parse it afresh each time: most of the time of a validation."""

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text)


def find_violations(inputs: ParsedInputs, shapes: Graph, focus_nodes: list[URIRef] | None = None) -> list[Violation]:
    """Every violation in the inputs, or only those of FOCUS_NODES (IRIs) when given."""
    data = _PreparedQueries(store=inputs.graph.store, identifier=inputs.graph.identifier)  # a view, not a copy
    conforms, results, _ = validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=False, focus_nodes=focus_nodes
    )
    if conforms:
        return []
    violations = []
    # Top-level results only: nested sh:detail results repeat the same defect.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        violations.append(
            Violation(
                focus=str(focus),
                path=_shorten(inputs.graph, path),
                message=str(results.value(result, SH.resultMessage) or "constraint not met"),
                shape=_shorten(shapes, _named_shape(results, shapes, result)),
                value="" if value is None or value == focus else str(value),
                files=tuple(inputs.origins.get(focus, ())),
            )
        )
    return sorted(violations, key=lambda v: (v.files, v.focus, v.path, v.message))


def _named_shape(results: Graph, shapes: Graph, result):
    """The node shape a result comes from, even when a blank property shape fired."""
    shape = results.value(result, SH.sourceShape)
    if isinstance(shape, BNode):
        return shapes.value(None, SH.property, shape) or shape
    return shape


def _shorten(graph: Graph, node) -> str:
    if node is None:
        return ""
    return node.n3(graph.namespace_manager)


def format_report(violations: list[Violation]) -> str:
    noun = "violation" if len(violations) == 1 else "violations"
    return "\n".join([f"{len(violations)} SHACL {noun}:", *(v.describe() for v in violations)])
