"""The `cybernorms` command: build, validate, query and serve the graph."""

import copy
import json
import os
import sys
import time
from pathlib import Path

import click

from .build.pipeline import BuildFailed, build
from .build.sources import InputError, ontology_files, parse_file, parse_files, rdf_files, shapes_file
from .build.validation import find_violations, format_report
from .coalitions.rules import BASIS_OF
from .engine.negotiation import GRAPH_OFFERS, RESULT_OFFERS, offer_by_name, offers_for
from .engine.sandbox import NETWORK_OFF, forbid_network
from .engine.store import GraphStore, QueryFailed, QueryRefused, QuerySyntaxError, UpdateRefused
from .engine.table import render_table
from .settings import get_settings

FORMAT_NAMES = sorted({offer.name for offer in RESULT_OFFERS + GRAPH_OFFERS} | {"table"})


def _echo_progress(line: str) -> None:
    click.echo(line, err=True)


def _build_or_exit(settings) -> None:
    try:
        build(settings, progress=_echo_progress)
    except (BuildFailed, InputError) as error:
        click.echo(f"build failed: {error}", err=True)
        sys.exit(1)


@click.group()
@click.version_option(package_name="cybernorms")
def main() -> None:
    """Build, check, query and serve the cyber-norms knowledge graph."""


@main.command("build")
def build_command() -> None:
    """Parse, SHACL-validate and reason over ontology/ and data/; write build/graph.nq and its manifest."""
    _build_or_exit(get_settings())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check Turtle (.ttl) or JSON-LD (.jsonld) FILES against the shapes, together with the ontology and data."""
    settings = get_settings()
    try:
        parsed = parse_files([*ontology_files(settings), *rdf_files(settings.data_dir), *files], settings.root)
        violations = find_violations(parsed, parse_file(shapes_file(settings)))
    except InputError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    if violations:
        click.echo(format_report(violations))
        sys.exit(1)
    click.echo(f"valid: {len(files)} file(s) conform to the shapes")


@main.command()
@click.argument("query_file", type=click.File("r"))
@click.option("--format", "format_name", type=click.Choice(FORMAT_NAMES), default="table", show_default=True,
              help="Print a table, or serialize in a SPARQL results or RDF format.")
def query(query_file, format_name: str) -> None:
    """Run the SPARQL query in QUERY_FILE (use - for standard input) against the built graph."""
    settings = get_settings()
    _build_or_exit(settings)
    graph = GraphStore.from_artifact(settings, network_barred=not settings.fetch_allow and forbid_network())
    try:
        results = graph.run(query_file.read())
        output = render_table(results).encode() + b"\n" if format_name == "table" else _serialize(results, format_name)
    except QuerySyntaxError as error:
        click.echo(f"The query is not valid SPARQL: {error}", err=True)
        sys.exit(1)
    except (QueryRefused, QueryFailed, UpdateRefused, RuntimeError) as error:  # RuntimeError: evaluation failed
        click.echo(f"The query cannot be run: {error}", err=True)
        sys.exit(1)
    except OSError as error:  # a SERVICE call: refused by the kernel, or from an allowed endpoint that failed
        click.echo(f"The query cannot be run: {NETWORK_OFF if graph.network_barred else error}", err=True)
        sys.exit(1)
    sys.stdout.buffer.write(output)


def _serialize(results, format_name: str) -> bytes:
    offers = offers_for(results)
    offer = offer_by_name(format_name, offers)
    if offer is None:
        kinds = ", ".join(sorted({o.name for o in offers}))
        raise click.UsageError(f"Format '{format_name}' does not fit this kind of query; choose one of: {kinds}.")
    return results.serialize(format=offer.serializer)


def _answers():
    from .coalitions.answers import Answers
    from .engine.named_queries import load_named_queries

    settings = get_settings()
    _build_or_exit(settings)
    return Answers(GraphStore.from_artifact(settings), load_named_queries(settings.queries_dir))


def _ask(method, *args) -> dict:
    from .coalitions.names import UnknownName

    try:
        return method(*args)
    except (UnknownName, ValueError) as error:
        click.echo(str(error), err=True)
        sys.exit(1)


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


AS_OF_OPTION = click.option("--as-of", help="Answer as the record stood on this day (YYYY-MM-DD); default today.")
CONSENSUS_OPTION = click.option("--consensus", is_flag=True,
                                help="Count stances held only by joining a consensus (left out by default).")


@main.command()
@click.argument("group")
@click.argument("proposition")
@AS_OF_OPTION
def profile(group: str, proposition: str, as_of: str | None) -> None:
    """Where GROUP's members stand on PROPOSITION: counts, verdict and each member's documents."""
    answer = _ask(_answers().profile, group, proposition, as_of)
    collective = answer["collective_stance"]
    recorded = "" if answer["members_complete"] is not False else ", member list incomplete"
    click.echo(f"{_short(answer['group'])} on {_short(answer['proposition'])}, as of {answer['as_of']}: "
               f"{answer['verdict']} ({answer['member_count']} members{recorded})")
    click.echo("group's own stance: " + (collective["stance"] if collective else "none recorded"))
    for category, count in answer["counts"].items():
        click.echo(f"  {category:<28} {count:>4}  {answer['shares'][category]:.0%}")
    for entry in answer["stances"]:
        cited = "; ".join(f"{_short(d['document'])} ({d['locator']})" for d in entry["documents"])
        flag = "  CONTRADICTS GROUP" if entry["contradicts_group"] else ""
        click.echo(f"{entry['code']:<8} {entry['stance']:<28} {entry['basis'] or '':<22} {cited}{flag}")


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--area", help="Only propositions in this area (sovereignty, attribution, ...).")
@AS_OF_OPTION
@CONSENSUS_OPTION
def alignment(a: str, b: str, area: str | None, as_of: str | None, consensus: bool) -> None:
    """How aligned actors A and B are (states by ISO code, groups by short name), overall and by area."""
    answer = _ask(_answers().alignment, a, b, area, as_of, consensus)
    score = "n/a" if answer["score"] is None else f"{answer['score']:.2f}"
    click.echo(f"{_short(answer['a'])} and {_short(answer['b'])}, as of {answer['as_of']}: "
               f"score {score} over {answer['shared_propositions']} shared propositions")
    for figures in answer["by_area"]:
        click.echo(f"  {_short(figures['area']):<40} {figures['score']:.2f} over {figures['shared_propositions']}")
    for heading in ("agree", "differ", "partly"):
        for item in answer[heading]:
            click.echo(f"{heading:<7} {item['label']}: {_short(item['a']['document'])} / {_short(item['b']['document'])}")


@main.command()
@click.option("--area", help="Only propositions in this area.")
@AS_OF_OPTION
def matrix(area: str | None, as_of: str | None) -> None:
    """Which groups hold which propositions: one verdict per group and proposition."""
    answer = _ask(_answers().matrix, area, as_of)
    click.echo(f"as of {answer['as_of']}; columns: " + ", ".join(_short(p) for p in answer["propositions"]))
    for group in answer["groups"]:
        verdicts = " | ".join(cell["verdict"] for cell in group["propositions"])
        click.echo(f"{group['code']:<28} ({group['member_count']:>3}) {verdicts}")


@main.command("like-minded")
@click.argument("state")
@AS_OF_OPTION
@click.option("--min-shared", type=click.IntRange(min=1), default=3, show_default=True,
              help="Fewest shared propositions to rank a pair.")
@CONSENSUS_OPTION
def like_minded(state: str, as_of: str | None, min_shared: int, consensus: bool) -> None:
    """The states and groups most aligned with STATE, and the bloc it falls in."""
    answer = _ask(_answers().like_minded, state, as_of, min_shared, consensus)
    for entry in answer["like_minded"]:
        click.echo(f"{entry['code']:<28} {entry['score']:.2f} over {entry['shared_propositions']}")
    bloc = answer["bloc"]
    click.echo("bloc: " + (", ".join(bloc["codes"]) if bloc else "none"))


@main.command("blocs")
@AS_OF_OPTION
@CONSENSUS_OPTION
def blocs_command(as_of: str | None, consensus: bool) -> None:
    """Blocs of states that emerge from their stances, beside the groups they overlap most."""
    for bloc in _ask(_answers().blocs, as_of, consensus)["blocs"]:
        overlaps = ", ".join(f"{o['code']} ({o['jaccard']:.2f})" for o in bloc["overlapping_groups"])
        click.echo(f"{', '.join(bloc['codes'])}\n  overlaps: {overlaps}")


@main.command()
@click.option("--group", help="A group, with --proposition: its silent and dissenting members.")
@click.option("--proposition", help="The proposition, with --group.")
@click.option("--state", help="A state: the groups where its stance is in the minority.")
@AS_OF_OPTION
def gaps(group: str | None, proposition: str | None, state: str | None, as_of: str | None) -> None:
    """Outreach gaps: who in a group is silent or dissents, or where a state is in the minority."""
    answer = _ask(_answers().gaps, group, proposition, state, as_of)
    if state:
        for gap in answer["minority_in"]:
            click.echo(f"{gap['code']:<28} {_short(gap['proposition'])}: {gap['own_side']} against a {gap['majority_side']} majority")
        if not answer["minority_in"]:
            click.echo("in no group is this state's stance in the minority")
        return
    click.echo(f"reference side: {answer['reference_side'] or 'none (no collective stance, no majority)'}")
    click.echo("silent:     " + ", ".join(answer["silent"]))
    click.echo("dissenting: " + ", ".join(answer["dissenting"]))


@main.command()
@click.argument("start")
@click.argument("end")
def changes(start: str, end: str) -> None:
    """What changed between the days START and END (YYYY-MM-DD): stances, members joined and left."""
    answer = _ask(_answers().changes, start, end)
    for change in answer["stances"]:
        click.echo(f"stance  {change['code']:<10} {_short(change['proposition'])}: {change['before']} -> {change['after']}")
    for heading in ("joined", "left"):
        for entry in answer[heading]:
            click.echo(f"{heading:<7} {_short(entry['member']):<10} {_short(entry['group'])}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as a JSON object.")
def stats(as_json: bool) -> None:
    """Count what the graph holds (queries/stats.rq and others): states, groups, memberships, stances by area and
    basis, attributions by incident, and how much of today's matrix is more than silence."""
    answers = _answers()
    [totals] = answers.rows("stats", {})
    counts = {name: _number(value) for name, value in totals.items()}
    by_area: dict[str, dict[str, int]] = {}
    by_basis: dict[str, int] = {}
    for row in answers.rows("stance-counts", {}):
        basis = BASIS_OF[row["basis"]]
        by_area.setdefault(row["area"], {})[basis] = int(row["stances"])
        by_basis[basis] = by_basis.get(basis, 0) + int(row["stances"])
    counts["stances_by_basis"] = by_basis
    counts["stances_by_area"] = by_area
    counts["attributions_by_incident"] = {row["incident_label"]: int(row["attributions"])
                                          for row in answers.rows("attributions-by-incident", {})}
    counts["matrix"] = _matrix_figures(answers.matrix())
    if as_json:
        click.echo(json.dumps(counts, indent=2))
    else:
        click.echo("\n".join(f"{name}: {json.dumps(value)}" for name, value in counts.items()))


def _matrix_figures(matrix: dict) -> dict:
    """How many cells of the matrix have a verdict other than 'mostly silent' (and 'no members')."""
    verdicts = [cell["verdict"] for group in matrix["groups"] for cell in group["propositions"]]
    spoken = sum(verdict not in ("mostly silent", "no members") for verdict in verdicts)
    return {"as_of": matrix["as_of"], "cells": len(verdicts), "not_mostly_silent": spoken,
            "share_not_mostly_silent": round(spoken / len(verdicts), 3) if verdicts else 0.0}


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


@main.command()
def export() -> None:
    """Write the graph's Turtle, N-Quads and JSON-LD dumps, and the ontology's HTML page, beside the compiled graph;
    and curators' contributions, if any, into data/contributions.ttl for review."""
    from .publishing.dumps import export as write_dumps
    from .publishing.dumps import export_contributions
    from .publishing.ontology_page import write_page

    settings = get_settings()
    _build_or_exit(settings)
    written = [*write_dumps(settings, GraphStore.from_artifact(settings)), write_page(settings)]
    for path in [*written, export_contributions(settings)]:
        if path is not None:
            click.echo(f"{path} ({path.stat().st_size} bytes)")


@main.command()
@click.option("--endpoint", required=True, help="The store's SPARQL query URL, such as http://127.0.0.1:7878/query.")
@click.option("--graph-store", required=True,
              help="The store's Graph Store Protocol URL, such as http://127.0.0.1:7878/store.")
@click.option("--user", help="A user allowed to write to the store, if it asks for one.")
@click.option("--password-env", metavar="VAR", help="The environment variable holding that user's password.")
def publish(endpoint: str, graph_store: str, user: str | None, password_env: str | None) -> None:
    """Build when needed, then load the graph into a SPARQL 1.1 store, each named graph replaced whole, and count
    the triples back; serve it from there with `serve --endpoint`."""
    from .engine.remote_store import store_auth
    from .publishing.publish import PublishFailed
    from .publishing.publish import publish as publish_graph

    if password_env and password_env not in os.environ:
        raise click.UsageError(f"--password-env names {password_env}, which is not set in the environment.")
    settings = get_settings()
    _build_or_exit(settings)
    began = time.perf_counter()
    try:
        counts = publish_graph(settings, endpoint, graph_store, store_auth(user, os.environ.get(password_env or "")),
                               progress=_echo_progress)
    except PublishFailed as error:
        click.echo(f"publish failed: {error}", err=True)
        sys.exit(1)
    for graph, triples in counts.items():
        click.echo(f"{graph}: {triples} triples in the store")
    click.echo(f"published in {time.perf_counter() - began:.1f} s", err=True)


@main.command()
@click.option("--host", help="Interface to listen on (default from CYBERNORMS_HOST, else 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default from CYBERNORMS_PORT, else 8000).")
@click.option("--endpoint", help="Answer from this SPARQL 1.1 store (its query URL), loaded by `cybernorms publish`, "
                                 "instead of the embedded graph (default from CYBERNORMS_ENDPOINT).")
def serve(host: str | None, port: int | None, endpoint: str | None) -> None:
    """Build when needed, then serve the graph over HTTP; or serve what an external store holds."""
    import uvicorn

    from .engine.release import NotPublished
    from .engine.remote_store import StoreFailed
    from .http.app import create_app

    settings = get_settings()
    if endpoint:
        settings = settings.model_copy(update={"endpoint": endpoint})
    if not settings.endpoint:
        _build_or_exit(settings)
    # The service logs each request itself, with its id, in place of uvicorn's access log.
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["cybernorms"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    try:
        app = create_app(settings)
    except (NotPublished, StoreFailed, ValueError) as error:
        click.echo(f"cannot serve: {error}", err=True)
        sys.exit(1)
    uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_config=log_config,
                access_log=False)
