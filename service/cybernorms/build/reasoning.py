"""OWL 2 RL closure with reasonable (Rust), keeping only the triples it adds that say something.

owlrl's closure is the reference (tests/test_reasoning.py shows the two equal on the real data and the
fixtures); reasonable computes it some ten times faster. Two differences are made up for here:
reasonable gives plain string literals the type xsd:string, which RDF 1.1 makes the same literal, and
it leaves out the schema rules scm-dom1, scm-dom2, scm-rng1 and scm-rng2 (a property's domain and
range carried up its classes' superclasses and down to its subproperties), applied here.
"""

import reasonable
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, XSD

# Statements that hold of every term in any OWL 2 RL closure (x sameAs x,
# x subClassOf Thing, Nothing subClassOf x, facts about the RDF, RDFS, OWL and
# XSD vocabularies themselves): true, but they would bury the useful inferences.
BUILT_IN_NAMESPACES = tuple(str(namespace) for namespace in (RDF, RDFS, OWL, XSD))
REFLEXIVE = {OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf}
TRIVIAL_OBJECTS = {OWL.Thing, RDFS.Resource}


def _says_something(triple) -> bool:
    subject, predicate, obj = triple
    if isinstance(subject, Literal) or str(subject).startswith(BUILT_IN_NAMESPACES):
        return False
    if predicate in REFLEXIVE and subject == obj:
        return False
    if obj in TRIVIAL_OBJECTS and predicate in {RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range}:
        return False
    return True


def _plain(term):
    """A string literal typed xsd:string is the same literal as the plain one (RDF 1.1): write it plain."""
    if isinstance(term, Literal) and term.datatype == XSD.string and term.language is None:
        return Literal(str(term))
    return term


def _schema_rules(graph: Graph) -> None:
    """scm-dom1, scm-dom2, scm-rng1 and scm-rng2, to a fixpoint, on the schema already closed by reasonable."""
    while True:
        added = set()
        for relation in (RDFS.domain, RDFS.range):
            for prop, cls in graph.subject_objects(relation):
                added |= {(prop, relation, wider) for wider in graph.objects(cls, RDFS.subClassOf)}
                added |= {(narrower, relation, cls) for narrower in graph.subjects(RDFS.subPropertyOf, prop)}
        new = {triple for triple in added if triple not in graph}
        if not new:
            return
        for triple in new:
            graph.add(triple)


def closure(*graphs: Graph) -> Graph:
    """The OWL 2 RL closure of the graphs together."""
    expanded = Graph()
    for graph in graphs:
        expanded += graph
    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(expanded)
    for subject, predicate, obj in reasoner.reason():
        expanded.add((subject, predicate, _plain(obj)))
    _schema_rules(expanded)
    return expanded


def _novel(entailed: Graph, *known: Graph) -> Graph:
    inferred = Graph()
    for triple in entailed:
        if not any(triple in graph for graph in known) and _says_something(triple):
            inferred.add(triple)
    return inferred


def infer(asserted: Graph, derived: Graph) -> Graph:
    """The triples the rules derived and those OWL 2 RL entails from both, but for those already asserted."""
    return _novel(closure(asserted, derived), asserted)


def infer_from_ontology(ontology: Graph, ontology_closure: Graph, data: Graph) -> Graph:
    """What OWL 2 RL adds to DATA with the ontology: neither in DATA nor entailed by the ontology alone."""
    return _novel(closure(ontology, data), ontology_closure, data)
