"""A curator's SPARQL update, run on a scratch copy of the contributions graph.

The update never touches the served store: it runs on a store holding only the current
contributions, in their graph, and what that graph holds afterwards replaces the
contributions like a PUT (validated and journalled the same way). Whatever would reach
further is refused: LOAD and SERVICE (which fetch from the network) and whole-graph
operations on other graphs before it runs, writes to any other graph after.
"""

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from .errors import ClientError
from .namespaces import CONTRIBUTIONS_GRAPH
from .query_text import read_update
from .rdf_bodies import stored_lines

CONTRIBUTIONS = NamedNode(CONTRIBUTIONS_GRAPH)
ONLY_CONTRIBUTIONS = (f"Only the contributions graph, <{CONTRIBUTIONS_GRAPH}>, can be changed: write inside "
                      f"GRAPH <{CONTRIBUTIONS_GRAPH}> {{ ... }}, or begin the update with WITH <{CONTRIBUTIONS_GRAPH}>.")


def refuse_reaching_out(text: str) -> None:
    """Refuse, before anything runs, what would fetch from the network or name another graph."""
    found = read_update(text)
    if found.loads:
        raise ClientError(403, "LOAD is refused: this service never fetches documents. Put the triples in the update "
                               "(INSERT DATA) or send them to /rdf-graph-store with PUT or POST.")
    if found.calls_service:
        raise ClientError(400, "SERVICE is not allowed: this service never fetches from the network.")
    others = [name for name in found.managed_graphs if name != f"<{CONTRIBUTIONS_GRAPH}>"]
    if others:
        raise ClientError(403, f"This update names {', '.join(others)}. {ONLY_CONTRIBUTIONS}")


def updated_contributions(current: frozenset[str], text: str) -> set[str]:
    """The contributions (N-Triples lines) after running the update TEXT on them."""
    scratch = Store()
    scratch.load("\n".join(current).encode(), format=RdfFormat.N_TRIPLES, to_graph=CONTRIBUTIONS)
    try:
        scratch.update(text)
    except SyntaxError as error:
        raise ClientError(400, f"The update is not valid SPARQL: {error}") from error
    except RuntimeError as error:
        raise ClientError(400, f"The update failed: {error}.") from error
    for quad in scratch:
        if quad.graph_name != CONTRIBUTIONS:
            target = "the default graph" if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name
            raise ClientError(403, f"This update writes to {target}. {ONLY_CONTRIBUTIONS}")
    return set(stored_lines(scratch))
