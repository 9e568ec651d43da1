"""The SPARQL 1.1 Service Description of /sparql, with VoID counts for each graph."""

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID, XSD

from ..namespaces import ASSERTED_GRAPH, INFERRED_GRAPH

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


def describe_service(endpoint: str, triples: dict[str, int]) -> Graph:
    """`triples` holds the manifest's counts of asserted and inferred triples."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    service, dataset, default = URIRef(endpoint + "#service"), BNode(), BNode()
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(triples["asserted"] + triples["inferred"], datatype=XSD.integer)))
    for iri, count in ((ASSERTED_GRAPH, triples["asserted"]), (INFERRED_GRAPH, triples["inferred"])):
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(count, datatype=XSD.integer)))
    return graph
