"""A checkout whose data is N times the real data, in the same ontology and valid under the same shapes.

    .venv/bin/python tests/benchmarks/synthetic.py --times 10 TARGET

The ontology, rules and queries are copied as they are. The data is the real data, plus N - 1 copies of
what is said of documents, positions, incidents and attribution statements (the triples of which they
are the subject), each copy under IRIs of its own (".../document/X" becomes ".../document/X-copy-2").
What is said of anything else stays single: a joint statement's group is formed by one document only,
as the ontology's functional properties require. States, groups, memberships and
propositions are not copied, so that the copies add documents and stances to the same actors, as
years of further curation would. For measuring the build and the service at scale, never as facts.
"""

import argparse
import shutil
import sys
from pathlib import Path

from rdflib import Graph, URIRef

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "service"))
from cybernorms.build.artifact import ntriples_lines
from cybernorms.build.sources import rdf_files

ID = "https://w3id.org/cybernorms/id/"
COPIED_KINDS = ("document", "position", "incident", "attribution")


def _copied(term, copy: int):
    if isinstance(term, URIRef) and term.startswith(ID) and term[len(ID):].split("/", 1)[0] in COPIED_KINDS:
        return URIRef(f"{term}-copy-{copy}")
    return term


def synthetic_checkout(times: int, target: Path) -> Path:
    """Write the checkout to TARGET (replacing it) and return it."""
    shutil.rmtree(target, ignore_errors=True)
    for folder in ("ontology", "queries", "data"):
        shutil.copytree(REPO / folder, target / folder)
    real = Graph()
    for file in rdf_files(REPO / "data"):
        real.parse(file)
    about_copied = [t for t in real if _copied(t[0], 0) != t[0]]
    for copy in range(2, times + 1):
        triples = [tuple(_copied(term, copy) for term in triple) for triple in about_copied]
        (target / "data" / f"synthetic-copy-{copy}.ttl").write_text("".join(ntriples_lines(triples)), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(synthetic_checkout(args.times, args.target))


if __name__ == "__main__":
    main()
