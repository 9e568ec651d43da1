"""Whole-graph dumps (Turtle, N-Quads, JSON-LD) and their DCAT and VoID description; the contributions for review."""

import os
from pathlib import Path

from pyoxigraph import RdfFormat, parse, serialize
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from ..build.artifact import DUMPS_FOLDER
from ..engine.journal import load_journal
from ..engine.store import GraphStore
from ..settings import Settings

DUMPS = {  # file name -> (format, media type); the graph's union, or its quads with graph names
    "cybernorms.ttl": (RdfFormat.TURTLE, "text/turtle"),
    "cybernorms.nq": (RdfFormat.N_QUADS, "application/n-quads"),
    "cybernorms.jsonld": (RdfFormat.JSON_LD, "application/ld+json"),
}
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
CONTRIBUTIONS_FILE = "contributions.ttl"
PREFIXES = {  # those the files in data/ use
    "cn": "https://w3id.org/cybernorms/ontology#", "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/", "org": "http://www.w3.org/ns/org#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    **{prefix: f"https://w3id.org/cybernorms/id/{kind}/" for prefix, kind in (
        ("state", "state"), ("group", "group"), ("doc", "document"), ("prop", "proposition"), ("pos", "position"),
        ("mship", "membership"), ("role", "role"), ("area", "area"), ("incident", "incident"), ("attr", "attribution"))},
}


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


def export_contributions(settings: Settings) -> Path | None:
    """Write the contributions as Turtle into data/ for a curator to review and commit; None when there are none."""
    lines, change = load_journal(settings.contributions_path)
    if not lines:
        return None
    triples = parse("\n".join(lines).encode(), format=RdfFormat.N_TRIPLES)
    header = (f"# Curators' contributions as of change {change} of {settings.contributions_path.name}, for review.\n"
              "# Once committed, empty the contributions graph (DELETE) so that they are not kept twice.\n")
    target = settings.data_dir / CONTRIBUTIONS_FILE
    target.write_bytes(header.encode() + serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES))
    return target


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
