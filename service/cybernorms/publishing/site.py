"""The pages a person reads: Jinja2 templates in templates/, styles and pinned vendor files in static/."""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

STATIC = Path(__file__).parent / "static"
STANCE_WORDS = {  # the word and the symbol shown with each colour, so that no reader depends on colour
    "endorses": ("endorses", "✓"),
    "endorses_with_qualification": ("endorses with a qualification", "✓*"),
    "rejects": ("rejects", "✗"),
    "no_side": ("addresses it without a side", "○"),
    "silent": ("no stance recorded", "·"),
}
VERDICT_CLASSES = {"unanimous": "unanimous", "majority": "majority", "split": "split", "no side taken": "no-side",
                   "mostly silent": "silent", "no members": "silent"}
BASIS_WORDS = {"own_document": "own document", "signature": "joint statement", "collective_declaration":
               "collective declaration", "consensus": "consensus", "recorded_vote": "recorded vote"}
CITATION = "Cyber norms knowledge graph, version {version} (data {data_hash}), CC BY 4.0"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(stance_words=STANCE_WORDS, verdict_classes=VERDICT_CLASSES, basis_words=BASIS_WORDS)
    env.filters["local"] = lambda iri: iri.rsplit("/", 1)[-1]
    return env


def href(iri: str, base_iri: str) -> str:
    """Where to read IRI: here for the IRIs the graph mints, elsewhere as it is."""
    return "/" + iri[len(base_iri):] if iri.startswith(base_iri + "id/") else iri


def render(template: str, manifest: dict, service: str, base_iri: str, **context) -> str:
    """A page: TEMPLATE with CONTEXT, and what every page shows (version, licence, how to cite)."""
    release = {"version": manifest["version"], "built_at": manifest["built_at"][:10], "data_hash": manifest["input_hash"][:12]}
    return environment().get_template(template).render(
        release=release, citation=CITATION.format(version=release["version"], data_hash=release["data_hash"]),
        service=service.rstrip("/"), href=lambda iri: href(iri, base_iri), **context)
