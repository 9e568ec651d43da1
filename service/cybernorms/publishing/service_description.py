"""The SPARQL 1.1 Service Description of /sparql: its graphs with VoID counts, what it takes, and the prefixes used."""

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, VOID, XSD

from ..namespaces import ASSERTED_GRAPH, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH, INFERRED_GRAPH
from .dumps import PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")
GRAPHS = (ASSERTED_GRAPH, INFERRED_GRAPH, CONTRIBUTIONS_GRAPH, CONTRIBUTIONS_INFERRED_GRAPH)
UPDATES = (f"Curators' SPARQL updates, with a bearer token, may change the graph <{CONTRIBUTIONS_GRAPH}> and "
           "nothing else.")


def describe_service(endpoint: str, triples: dict[str, int], takes_updates: bool) -> Graph:
    """TRIPLES counts the triples of each named graph (those missing count as none)."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("sh", SH)
    service, dataset, default = URIRef(endpoint + "#service"), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if takes_updates:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
        graph.add((service, RDFS.comment, Literal(UPDATES, lang="en")))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    for prefix, namespace in PREFIXES.items():  # as SHACL declares prefixes, which SPARQL editors read
        declaration = BNode()
        graph.add((service, SH.declare, declaration))
        graph.add((declaration, SH.prefix, Literal(prefix)))
        graph.add((declaration, SH.namespace, Literal(namespace, datatype=XSD.anyURI)))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(sum(triples.get(iri, 0) for iri in GRAPHS), datatype=XSD.integer)))
    for iri in GRAPHS:
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples.get(iri, 0), datatype=XSD.integer)))
    return graph
