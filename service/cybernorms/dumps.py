"""Whole-graph dumps (Turtle, N-Quads, JSON-LD) and their DCAT and VoID description."""

import os
from pathlib import Path

from pyoxigraph import RdfFormat
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from .build import DUMPS_FOLDER
from .settings import Settings
from .store import GraphStore

DUMPS = {  # file name -> (format, media type); the graph's union, or its quads with graph names
    "cybernorms.ttl": (RdfFormat.TURTLE, "text/turtle"),
    "cybernorms.nq": (RdfFormat.N_QUADS, "application/n-quads"),
    "cybernorms.jsonld": (RdfFormat.JSON_LD, "application/ld+json"),
}
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")


def dumps_dir(settings: Settings) -> Path:
    return settings.artifact_dir / DUMPS_FOLDER


def export(settings: Settings, graph: GraphStore) -> list[Path]:
    """Write every dump beside the compiled graph; each file appears whole or not at all."""
    folder = dumps_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (rdf_format, _) in DUMPS.items():
        target, temporary = folder / name, folder / (name + ".tmp")
        if rdf_format is RdfFormat.N_QUADS:
            graph.store.dump(str(temporary), format=rdf_format)
        else:
            temporary.write_bytes(graph.run("CONSTRUCT WHERE { ?s ?p ?o }").serialize(format=rdf_format))
        os.replace(temporary, target)
        written.append(target)
    return written


def describe_dataset(base: str, manifest: dict) -> Graph:
    """DCAT and VoID: version, licence, counts and a download URL for each dump."""
    description = Graph()
    description.bind("dcat", DCAT)
    description.bind("void", VOID)
    description.bind("dcterms", DCTERMS)
    dataset = URIRef(base + "/-/dataset")
    triples = manifest["triples"]["asserted"] + manifest["triples"]["inferred"]
    for predicate, value in (
        (RDF.type, DCAT.Dataset),
        (RDF.type, VOID.Dataset),
        (DCTERMS.title, Literal("Cyber norms knowledge graph", lang="en")),
        (DCTERMS.description, Literal("States, groups, memberships, documents, incidents and the positions actors take on international law and norms in cyberspace, each with its source.", lang="en")),
        (DCTERMS.license, LICENCE),
        (DCAT.version, Literal(manifest["version"])),
        (DCTERMS.identifier, Literal(manifest["input_hash"])),
        (VOID.triples, Literal(triples, datatype=XSD.integer)),
        (VOID.sparqlEndpoint, URIRef(base + "/sparql")),
    ):
        description.add((dataset, predicate, value))
    for name, (_, media_type) in DUMPS.items():
        distribution = BNode()
        description.add((dataset, DCAT.distribution, distribution))
        description.add((dataset, VOID.dataDump, URIRef(f"{base}/-/dumps/{name}")))
        description.add((distribution, RDF.type, DCAT.Distribution))
        description.add((distribution, DCAT.downloadURL, URIRef(f"{base}/-/dumps/{name}")))
        description.add((distribution, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media_type)))
        description.add((distribution, DCTERMS.license, LICENCE))
        description.add((distribution, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return description
