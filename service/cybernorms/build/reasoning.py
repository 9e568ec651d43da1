"""OWL 2 RL closure with owlrl, keeping only the triples it adds that say something."""

import owlrl
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


def closure(*graphs: Graph) -> Graph:
    """The OWL 2 RL closure of the graphs together."""
    expanded = Graph()
    for graph in graphs:
        expanded += graph
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(expanded)
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
