"""The build's OWL 2 RL closure (reasonable, with the schema rules it lacks) equals owlrl's, the reference.

On the real data (asserted and derived positions), the coalition fixture and the example data: the
inferred triples the build keeps are the same set as those owlrl's closure gives, after writing string
literals typed xsd:string as plain literals (the same literal in RDF 1.1).
"""

import owlrl
import pytest
from conftest import EXAMPLE_DATA, REPO
from rdflib import Graph

from cybernorms.build.reasoning import _novel, _plain, infer
from cybernorms.build.rules import derive
from cybernorms.build.sources import ontology_files, parse_files, rdf_files, rule_files
from cybernorms.settings import Settings

FIXTURE = REPO / "tests" / "fixtures" / "coalitions.ttl"


def owlrl_inferred(asserted: Graph, derived: Graph) -> Graph:
    expanded = Graph()
    expanded += asserted
    expanded += derived
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(expanded)
    return _novel(expanded, asserted)


def plain(graph: Graph) -> set:
    return {(s, p, _plain(o)) for s, p, o in graph}


@pytest.mark.parametrize("data", ["real", "fixture", "example"])
def test_the_fast_closure_equals_owlrl_s(data):
    settings = Settings(root=REPO)
    files = {"real": rdf_files(settings.data_dir), "fixture": [FIXTURE], "example": [EXAMPLE_DATA]}[data]
    asserted = parse_files(ontology_files(settings) + files, REPO).graph
    derived = derive(asserted, rule_files(settings))
    fast, reference = plain(infer(asserted, derived)), plain(owlrl_inferred(asserted, derived))
    assert len(reference) > 200  # a closure with something in it
    assert fast - reference == set() and reference - fast == set()
