"""The release record of a published graph: which build an external store holds, kept in a graph of its own.

`cybernorms publish` writes it last, once every graph is in the store, and removes it first; a store
whose release graph names a build therefore holds all of that build. `serve --endpoint` reads it as
the embedded service reads the build's manifest.
"""

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from ..namespaces import ASSERTED_GRAPH, INFERRED_GRAPH, RELEASE_GRAPH

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
XSD = "http://www.w3.org/2001/XMLSchema#"
BUILDER = "cybernorms"  # the release record's creator: this package, with the version that built the graph
GRAPHS = {"asserted": ASSERTED_GRAPH, "inferred": INFERRED_GRAPH}


class NotPublished(LookupError):
    """The store holds no complete published graph."""


def release_triples(manifest: dict) -> bytes:
    """The release record of MANIFEST (a build's), as N-Triples."""
    release = NamedNode(RELEASE_GRAPH)
    facts = [
        (release, NamedNode(OWL_VERSION), Literal(manifest["version"])),
        (release, NamedNode(DCTERMS + "identifier"), Literal(manifest["input_hash"])),
        (release, NamedNode(DCTERMS + "created"), Literal(manifest["built_at"])),
        (release, NamedNode(DCTERMS + "creator"), Literal(f"{BUILDER} {manifest['builder']}")),
    ]
    for name, graph in GRAPHS.items():
        facts.append((release, NamedNode(VOID + "subset"), NamedNode(graph)))
        facts.append((NamedNode(graph), NamedNode(VOID + "triples"),
                      Literal(str(manifest["triples"][name]), datatype=NamedNode(XSD + "integer"))))
    return serialize([Quad(*fact) for fact in facts], format=RdfFormat.N_TRIPLES)


RELEASE_QUERY = f"""SELECT ?version ?input_hash ?built_at ?builder ?subset ?triples WHERE {{
  GRAPH <{RELEASE_GRAPH}> {{
    <{RELEASE_GRAPH}> <{OWL_VERSION}> ?version ; <{DCTERMS}identifier> ?input_hash ; <{DCTERMS}created> ?built_at ;
        <{DCTERMS}creator> ?builder ; <{VOID}subset> ?subset .
    ?subset <{VOID}triples> ?triples .
  }}
}}"""


def read_release(store, where: str) -> dict:
    """The manifest of the build the store holds; NotPublished, saying what to do, when there is none."""
    rows = list(store.query(RELEASE_QUERY, named_graphs=[RELEASE_GRAPH]))
    if not rows:
        raise NotPublished(f"The store at {where} holds no published graph (no release record in <{RELEASE_GRAPH}>): "
                           "run `cybernorms publish` against it first.")
    counted = {row["subset"].value: int(row["triples"].value) for row in rows}
    triples = {name: counted[graph] for name, graph in GRAPHS.items()}
    return {"version": rows[0]["version"].value, "input_hash": rows[0]["input_hash"].value,
            "built_at": rows[0]["built_at"].value, "builder": rows[0]["builder"].value.removeprefix(f"{BUILDER} "),
            "triples": triples,
            "graphs": {"asserted": ASSERTED_GRAPH, "inferred": INFERRED_GRAPH}}
