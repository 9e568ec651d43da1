"""Positions derived at build time by the rules in ontology/rules/: SPARQL CONSTRUCT queries, run in order."""

from pathlib import Path

import pyoxigraph
from pyoxigraph import Quad, RdfFormat, Store
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD


def derive(asserted: Graph, rules: list[Path]) -> set:
    """What the rules add to ASSERTED; each rule reads the asserted triples and what the rules before it added."""
    store = Store()
    store.load(asserted.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    added = set()
    for rule in rules:
        triples = list(store.query(rule.read_text(encoding="utf-8")))
        store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
        added |= {(_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object)) for t in triples}
    return added


def _rdflib_term(term):
    """The rdflib term for a pyoxigraph one, as rdflib's own N-Triples parser would give it."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))
