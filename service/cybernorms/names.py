"""Names people use for things in the graph: ISO codes, short names, slugs and IRIs."""

from difflib import get_close_matches

from pyoxigraph import Store

from .namespaces import BASE

_NAMES = f"""
PREFIX cn: <{BASE}ontology#>
SELECT ?thing ?name ?kind WHERE {{
  {{ ?thing cn:alpha2 ?name . BIND ("state" AS ?kind) }}
  UNION {{ ?thing cn:shortName ?name . BIND ("group" AS ?kind) }}
  UNION {{ ?thing a cn:Proposition . BIND (STRAFTER(STR(?thing), "/id/proposition/") AS ?name) BIND ("proposition" AS ?kind) }}
  UNION {{ ?thing a cn:NormArea . BIND (STRAFTER(STR(?thing), "/id/area/") AS ?name) BIND ("area" AS ?kind) }}
}}
"""


class UnknownName(LookupError):
    def __init__(self, kind: str, name: str, suggestions: list[str]):
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No {kind} called '{name}'.{hint}")
        self.suggestions = suggestions


class Names:
    """Resolves a name or IRI to the IRI of a state, group, proposition or area."""

    def __init__(self, store: Store):
        self.by_kind: dict[str, dict[str, str]] = {}
        for row in store.query(_NAMES, use_default_graph_as_union=True):
            self.by_kind.setdefault(row["kind"].value, {})[row["name"].value] = row["thing"].value

    def resolve(self, name: str, *kinds: str) -> str:
        known = {}
        for kind in kinds:
            known.update(self.by_kind.get(kind, {}))
        if name in known.values():
            return name
        folded = {key.casefold(): iri for key, iri in known.items()}
        if name.casefold() in folded:
            return folded[name.casefold()]
        suggestions = get_close_matches(name, list(known), n=5, cutoff=0.5)
        raise UnknownName(" or ".join(kinds), name, suggestions)
