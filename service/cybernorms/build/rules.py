"""Positions derived at build time by the rules in ontology/rules/: SPARQL CONSTRUCT queries, run in order."""

from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, serialize
from rdflib import Graph


def derive(asserted: Graph, rules: list[Path]) -> Graph:
    """What the rules add to ASSERTED; each rule reads the asserted triples and what the rules before it added."""
    store = Store()
    store.load(asserted.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    added = []
    for rule in rules:
        triples = list(store.query(rule.read_text(encoding="utf-8")))
        store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
        added += triples
    return Graph().parse(data=serialize(added, format=RdfFormat.N_TRIPLES).decode(), format="nt")
