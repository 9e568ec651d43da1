"""Query results as a plain text table for the terminal."""

from pyoxigraph import Literal, QueryBoolean, QuerySolutions


def _cell(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, Literal) else str(term).strip("<>")


def render_table(results) -> str:
    if isinstance(results, QueryBoolean):
        return "true" if bool(results) else "false"
    if not isinstance(results, QuerySolutions):
        return "\n".join(f"{s} {p} {o} ." for s, p, o in results)
    columns = [variable.value for variable in results.variables]
    rows = [[_cell(solution[name]) for name in columns] for solution in results]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(columns)]
    line = lambda cells: "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
    count = f"({len(rows)} row{'s' if len(rows) != 1 else ''})"
    return "\n".join([line(columns), line("-" * w for w in widths), *map(line, rows), count])
