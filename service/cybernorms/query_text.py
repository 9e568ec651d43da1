"""A light reading of SPARQL text, done before the engine sees it.

It finds the query form, whether the query names its own dataset, and what the
engine must never be given: updates, SERVICE calls (which would fetch from the
network) and nesting deep enough to crash the parser.
"""

import re
from dataclasses import dataclass

MAX_NESTING = 100

# Literals, IRIs and comments are blanked out first, so that words inside them
# (a label "FROM here", an IRI ending in #SERVICE) are not read as keywords.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    flags=re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w.-]*:)\s*)*", flags=re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")


def _keyword(word: str) -> re.Pattern:
    """A keyword standing alone: not part of a variable, a prefixed name or a longer word."""
    return re.compile(rf"(?<![\w?$:]){word}(?![\w:])", flags=re.IGNORECASE)


_SERVICE = _keyword("SERVICE")
_DATASET = _keyword("FROM")


UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryText:
    form: str  # the first keyword after the prologue, upper-cased ("" when there is none)
    names_dataset: bool  # has FROM or FROM NAMED
    calls_service: bool
    nesting: int  # deepest nesting of braces, parentheses and brackets

    @property
    def is_update(self) -> bool:
        return self.form in UPDATE_FORMS


def read_query(text: str) -> QueryText:
    bare = _OPAQUE.sub(" ", text)
    body = bare[_PROLOGUE.match(bare).end():]
    first = _FIRST_WORD.match(body)
    return QueryText(
        form=first.group().upper() if first else "",
        names_dataset=bool(_DATASET.search(body)),
        calls_service=bool(_SERVICE.search(body)),
        nesting=_deepest_nesting(bare),
    )


def _deepest_nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest
