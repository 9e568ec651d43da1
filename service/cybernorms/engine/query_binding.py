"""Parameters written into the text of this service's own queries, for a store that takes no pre-bound variables.

The embedded engine pre-binds a query's parameters (pyoxigraph's substitutions); a store reached over
the SPARQL 1.1 Protocol cannot, so each parameter is written into the text as its term, with the same
answer: the outermost SELECT still gives the variable, as `(term AS ?name)`; a subquery that projected
it no longer does, since it is the same term everywhere; GROUP BY and ORDER BY keep it as `(term)`.
A flag (a boolean parameter, read through COALESCE with its default) that was not given stays a
variable, and subqueries no longer project or group by it: unbound either way, but some stores
(Virtuoso) join unbound variables as SQL joins NULLs, never. Other parameters left out (every actor,
when none is named) range over their values and stay as they are. Only for the service's own query texts (queries/, the reading pages), whose
layout is known; a client's query is never rewritten.
"""

import re

_KEPT = "\x00"
_FLAG = re.compile(r"^# param: (\w+) boolean\?? ", flags=re.MULTILINE)
_COMMENT = re.compile(r"(^|\s)#[^\n]*")
_PROJECTION = re.compile(r"\bSELECT\b(.*?)(?=\bWHERE\b|\{)", flags=re.DOTALL | re.IGNORECASE)
_GROUPING = re.compile(r"\bGROUP\s+BY\b(.*?)(?=\bHAVING\b|\bORDER\s+BY\b|\bLIMIT\b|\bOFFSET\b|\bVALUES\b|\}|$)",
                       flags=re.DOTALL | re.IGNORECASE)
_ORDERING = re.compile(r"\bORDER\s+BY\b(.*?)(?=\bLIMIT\b|\bOFFSET\b|\bVALUES\b|\}|$)", flags=re.DOTALL | re.IGNORECASE)


def bind_parameters(text: str, terms: dict[str, str]) -> str:
    """TEXT with each variable named in TERMS (name -> term in SPARQL syntax, such as <iri>) replaced by its term."""
    flags_left_out = [name for name in _FLAG.findall(text) if name not in terms]
    text = _COMMENT.sub(r"\1", text)
    for name in flags_left_out:
        variable = _variable(name)
        text = _in_projections(text, variable, outermost="?" + name, inner="")
        text = _in_clause(_GROUPING, "GROUP BY", text, variable, "")
    for name, term in terms.items():
        variable = _variable(name)
        text = _in_projections(text, variable, outermost=f"({term} AS {_KEPT}{name})", inner="")
        text = _in_clause(_GROUPING, "GROUP BY", text, variable, f"({term})")
        text = _in_clause(_ORDERING, "ORDER BY", text, variable, f"({term})")
        text = variable.sub(lambda _, term=term: term, text)
    return text.replace(_KEPT, "?")  # the outermost projections, marked so that the replacements left them


def _variable(name: str) -> re.Pattern:
    return re.compile(rf"[?$]{re.escape(name)}\b")


def _in_projections(text: str, variable: re.Pattern, outermost: str, inner: str) -> str:
    """The variable in the first SELECT clause written as OUTERMOST, in the later ones (subqueries) as INNER."""
    first = True

    def rewritten(match: re.Match) -> str:
        nonlocal first
        replacement = outermost if first else inner
        first = False
        return "SELECT" + variable.sub(lambda _: replacement.replace("?", _KEPT), match.group(1), count=1)

    return _PROJECTION.sub(rewritten, text)


def _in_clause(clause: re.Pattern, keyword: str, text: str, variable: re.Pattern, replacement: str) -> str:
    return clause.sub(lambda match: keyword + variable.sub(lambda _: replacement, match.group(1)), text)
