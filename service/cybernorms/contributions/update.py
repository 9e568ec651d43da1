"""A curator's SPARQL update, run on a scratch copy of the contributions graph, in a process of its own.

The update never touches the served store: it runs on a store holding only the current
contributions, in their graph, and what that graph holds afterwards replaces the
contributions like a PUT (validated and journalled the same way). It runs in a child
process, killed at the query deadline, since pyoxigraph cannot stop an update. Whatever
would reach further is refused: LOAD and SERVICE reach no network while no endpoint is
allowed (the process is barred from it, engine/sandbox.py) and only what engine/outbound.py
allows otherwise; whole-graph operations on other graphs before it runs; writes to any
other graph after.
"""

import traceback

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store

from ..engine.child_processes import READY, ChildDidNotStart, start_child, stop_child
from ..engine.outbound import FetchRefused, check_fetched
from ..engine.query_text import fetched, managed_graphs
from ..engine.sandbox import NETWORK_OFF, forbid_network
from ..namespaces import CONTRIBUTIONS_GRAPH
from .bodies import stored_lines
from .errors import (ChangeNotMade, FetchFailed, UpdateCrashed, UpdateInvalid, UpdateNotStarted, UpdateRefused,
                     UpdateTimedOut)

CONTRIBUTIONS = NamedNode(CONTRIBUTIONS_GRAPH)
ONLY_CONTRIBUTIONS = (f"Only the contributions graph, <{CONTRIBUTIONS_GRAPH}>, can be changed: write inside "
                      f"GRAPH <{CONTRIBUTIONS_GRAPH}> {{ ... }}, or begin the update with WITH <{CONTRIBUTIONS_GRAPH}>.")


def refuse_reaching_out(text: str, fetch_allow: list[str], network_barred: bool, resolve: bool = True) -> None:
    """Refuse, before anything runs, what names another graph, or (unless the kernel bars the network from the
    process that runs the update) what would fetch from where the service may not.

    Without RESOLVE, host names are not looked up: the quick check made before the update waits its turn.
    """
    if not network_barred:
        try:
            check_fetched(fetched("LOAD", text), fetch_allow, "A LOAD source", "Put the triples in the update "
                          "(INSERT DATA) or send them to /rdf-graph-store with PUT or POST.", resolve)
            check_fetched(fetched("SERVICE", text), fetch_allow, "A SERVICE endpoint",
                          "Write the triples in the update instead.", resolve)
        except FetchRefused as error:
            raise UpdateRefused(str(error)) from error
    others = [name for name in managed_graphs(text) if name != f"<{CONTRIBUTIONS_GRAPH}>"]
    if others:
        raise UpdateRefused(f"This update names {', '.join(others)}. {ONLY_CONTRIBUTIONS}")


def updated_within(current: frozenset[str], text: str, fetch_allow: list[str], seconds: float) -> set[str]:
    """The contributions after the update TEXT, computed in a child process given SECONDS once it has started."""
    try:
        child, connection = start_child(_update_in_child, current, text, fetch_allow)
    except ChildDidNotStart as error:
        raise UpdateNotStarted("The update could not be started; nothing was changed. Try again in a moment.") from error
    try:
        if not connection.poll(seconds):
            raise UpdateTimedOut(f"The update ran out of time after {seconds:g} s and was stopped; nothing was "
                                 "changed. Narrow its WHERE clause: bind variables, avoid patterns that share no "
                                 "variable and unbounded property paths.")
        outcome, value = connection.recv()
    except EOFError as error:
        raise UpdateCrashed("The update engine failed on this update; nothing was changed.") from error
    finally:
        stop_child(child, connection)
    if outcome == "refused":
        raise value
    if outcome == "failed":
        raise RuntimeError(f"The update failed in its process:\n{value}")  # logged under the request's id
    return value


def _update_in_child(connection, current: frozenset[str], text: str, fetch_allow: list[str]) -> None:
    network_barred = not fetch_allow and forbid_network()
    connection.send(READY)
    try:
        refuse_reaching_out(text, fetch_allow, network_barred)  # again, with DNS: here it is under the deadline
        connection.send(("done", updated_contributions(current, text, network_barred)))
    except ChangeNotMade as error:
        connection.send(("refused", error))
    except Exception:
        connection.send(("failed", traceback.format_exc()))


def updated_contributions(current: frozenset[str], text: str, network_barred: bool) -> set[str]:
    """The contributions (N-Triples lines) after running the update TEXT on them."""
    scratch = Store()
    scratch.load("\n".join(current).encode(), format=RdfFormat.N_TRIPLES, to_graph=CONTRIBUTIONS)
    try:
        scratch.update(text)
    except SyntaxError as error:
        raise UpdateInvalid(f"The update is not valid SPARQL: {error}") from error
    except RuntimeError as error:
        raise UpdateInvalid(f"The update failed: {error}.") from error
    except OSError as error:  # LOAD or SERVICE: refused by the kernel, or from an allowed endpoint that failed
        if network_barred:
            raise UpdateRefused(f"{NETWORK_OFF} Put the triples in the update (INSERT DATA) instead.") from error
        raise FetchFailed(f"The update could not fetch what it names: {error}") from error
    for quad in scratch:
        if quad.graph_name != CONTRIBUTIONS:
            target = "the default graph" if isinstance(quad.graph_name, DefaultGraph) else quad.graph_name
            raise UpdateRefused(f"This update writes to {target}. {ONLY_CONTRIBUTIONS}")
    return set(stored_lines(scratch))
