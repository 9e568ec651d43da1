"""Query solutions made from rows of terms: pyoxigraph builds them only by parsing a results document."""

from pyoxigraph import QueryResultsFormat, QuerySolutions, parse_query_results


def solutions_of(variables: list, rows: list[list]) -> QuerySolutions:
    """ROWS (terms or None, in the order of VARIABLES) as solutions; SPARQL TSV writes each term in full, so
    reading it back gives the same terms."""
    lines = ["\t".join(str(variable) for variable in variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return parse_query_results(("\n".join(lines) + "\n").encode(), format=QueryResultsFormat.TSV)
