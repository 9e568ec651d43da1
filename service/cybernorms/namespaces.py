"""IRIs that the code refers to by name."""

from rdflib import Namespace

BASE = "https://w3id.org/cybernorms/"
CN = Namespace(BASE + "ontology#")
ONTOLOGY = BASE + "ontology"
ASSERTED_GRAPH = BASE + "graph/asserted"
INFERRED_GRAPH = BASE + "graph/inferred"
CONTRIBUTIONS_GRAPH = BASE + "graph/contributions"
CONTRIBUTIONS_INFERRED_GRAPH = BASE + "graph/contributions-inferred"
SERVED_GRAPHS = (ASSERTED_GRAPH, INFERRED_GRAPH, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH)
RELEASE_GRAPH = BASE + "graph/release"  # in an external store: which build its graphs hold (publishing/release.py)
