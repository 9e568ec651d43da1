"""Names people use for things in the graph: ISO codes, short names, slugs and IRIs."""

from difflib import get_close_matches

from pyoxigraph import Store

from ..namespaces import BASE

_NAMES = f"""
PREFIX cn: <{BASE}ontology#>
SELECT ?thing ?name ?kind WHERE {{
  {{ ?thing cn:alpha2 ?name . BIND ("state" AS ?kind) }}
  UNION {{ ?thing cn:shortName ?name . BIND ("group" AS ?kind) }}
  UNION {{ ?thing cn:formerShortName ?name . BIND ("former group" AS ?kind) }}
  UNION {{ ?thing a cn:Proposition . BIND (STRAFTER(STR(?thing), "/id/proposition/") AS ?name) BIND ("proposition" AS ?kind) }}
  UNION {{ ?thing a cn:NormArea . BIND (STRAFTER(STR(?thing), "/id/area/") AS ?name) BIND ("area" AS ?kind) }}
}}
"""


class UnknownName(LookupError):
    def __init__(self, kind: str, name: str, suggestions: list[str], ambiguous: bool = False, renamed: bool = False):
        if renamed:
            message = f"No {kind} is called '{name}' any more: it is now '{suggestions[0]}'."
        elif ambiguous:
            message = f"'{name}' names more than one {kind}: {', '.join(suggestions)}; give the full IRI."
        else:
            hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
            message = f"No {kind} called '{name}'.{hint}"
        super().__init__(message)
        self.suggestions = suggestions


class Names:
    """Resolves a name or IRI to the IRI of a state, group, proposition or area."""

    def __init__(self, store: Store):
        self.by_kind: dict[str, dict[str, str]] = {}
        for row in store.query(_NAMES, use_default_graph_as_union=True):
            self.by_kind.setdefault(row["kind"].value, {})[row["name"].value] = row["thing"].value

    def resolve(self, name: str, *kinds: str) -> str:
        known = [(key, iri) for kind in kinds for key, iri in self.by_kind.get(kind, {}).items()]
        if name in {iri for _, iri in known}:
            return name
        matches = sorted({iri for key, iri in known if key.casefold() == name.casefold()})
        if len(matches) == 1:
            return matches[0]
        if matches:  # e.g. AU: Australia's ISO code and the African Union's short name
            raise UnknownName(" or ".join(kinds), name, matches, ambiguous=True)
        if "group" in kinds:
            self._refuse_former_name(name)
        folded = {key.casefold(): key for key, _ in known}
        suggestions = [folded[k] for k in get_close_matches(name.casefold(), list(folded), n=5, cutoff=0.5)]
        raise UnknownName(" or ".join(kinds), name, suggestions)

    def _refuse_former_name(self, name: str) -> None:
        """A group's old short name: say what it is called now."""
        codes = self.codes()
        for key, iri in self.by_kind.get("former group", {}).items():
            if key.casefold() == name.casefold():
                raise UnknownName("group", name, [codes[iri]], renamed=True)

    def codes(self) -> dict[str, str]:
        """IRI to the name used for it: ISO alpha-2 for states, short name for groups."""
        return {iri: key for kind in ("state", "group") for key, iri in self.by_kind.get(kind, {}).items()}
