"""Answers to the coalition questions, computed from the named queries' rows.

The JSON-LD API and the CLI both call these functions, and the rows come from
the same queries/*.rq files served at /queries/{name}, so the three agree.
"""

from datetime import date

from .coalitions import CATEGORIES, CATEGORY_OF, agreement, contradicts, members_from_rows, verdict
from .named_queries import NamedQuery, parse_date, substitutions
from .names import Names
from .store import GraphStore

KINDS = {"actor": ("state", "group"), "group": ("group",), "proposition": ("proposition",), "area": ("area",)}


class Answers:
    def __init__(self, graph: GraphStore, queries: dict[str, NamedQuery]):
        self.graph = graph
        self.queries = queries
        self.names = Names(graph.store)

    def bind(self, query: NamedQuery, given: dict[str, str]) -> dict:
        """Resolve each parameter (names to IRIs, days to dates); a missing day means today."""
        bound = {}
        for parameter in query.parameters:
            value = given.get(parameter.name)
            if parameter.kind == "date":
                bound[parameter.name] = parse_date(value) if value else date.today()
            elif value is None:
                raise ValueError(f"Missing the '{parameter.name}' parameter: {parameter.description}.")
            else:
                bound[parameter.name] = self.names.resolve(value, *KINDS[parameter.kind])
        return bound

    def rows(self, name: str, given: dict[str, str]) -> list[dict[str, str]]:
        query = self.queries[name]
        results = self.graph.run(query.text, substitutions=substitutions(self.bind(query, given)))
        names = [variable.value for variable in results.variables]
        return [{n: solution[n].value for n in names if solution[n] is not None} for solution in results]

    def profile(self, group: str, proposition: str, as_of: str | None = None) -> dict:
        rows = self.rows("group-profile", {"group": group, "proposition": proposition, "as_of": as_of})
        group_iri = self.names.resolve(group, "group")
        proposition_iri = self.names.resolve(proposition, "proposition")
        day = rows[0]["as_of"] if rows else (as_of or date.today().isoformat())
        collective = [r for r in self.rows("actor-stances", {"actor": group_iri, "as_of": day}) if r["proposition"] == proposition_iri]
        collective_stance = collective[0]["stance"] if collective else None
        members = members_from_rows(rows)
        counts = {category: sum(m.category == category for m in members) for category in CATEGORIES}
        return {
            "group": group_iri,
            "proposition": proposition_iri,
            "as_of": day,
            "verdict": verdict(members),
            "members": len(members),
            "counts": counts,
            "shares": {c: round(n / len(members), 3) if members else 0.0 for c, n in counts.items()},
            "collective_stance": _stance_entry(collective_stance, collective),
            "stances": [
                {
                    "member": m.member,
                    "code": m.code,
                    "label": m.label,
                    "stance": m.category,
                    "documents": m.documents,
                    "contradicts_group": contradicts(m.stance, collective_stance),
                }
                for m in members
            ],
        }

    def alignment(self, a: str, b: str, area: str | None = None, as_of: str | None = None) -> dict:
        rows = self.rows("alignment", {"a": a, "b": b, "as_of": as_of})
        area_iri = self.names.resolve(area, "area") if area else None
        shared = {}
        for row in rows:  # one entry per proposition: the first document pair is enough to cite
            if area_iri in (None, row["area"]):
                shared.setdefault(row["proposition"], row)
        items = [_compared(row) for row in shared.values()]
        by_area = {}
        for item in items:
            by_area.setdefault(item["area"], []).append(item["agreement"])
        return {
            "a": self.names.resolve(a, "state", "group"),
            "b": self.names.resolve(b, "state", "group"),
            "as_of": rows[0]["as_of"] if rows else (as_of or date.today().isoformat()),
            "area": area_iri,
            "shared_propositions": len(items),
            "score": _mean([i["agreement"] for i in items]),
            "by_area": {label: {"shared_propositions": len(v), "score": _mean(v)} for label, v in sorted(by_area.items())},
            "agree": [i for i in items if i["agreement"] == 1.0],
            "differ": [i for i in items if i["agreement"] == 0.0],
            "partly": [i for i in items if i["agreement"] == 0.5],
        }


def _stance_entry(stance: str | None, rows: list[dict]) -> dict | None:
    if stance is None:
        return None
    return {"stance": CATEGORY_OF[stance], "documents": [{k: r[k] for k in ("document", "date", "locator")} for r in rows]}


def _compared(row: dict) -> dict:
    return {
        "proposition": row["proposition"],
        "label": row["proposition_label"],
        "area": row["area_label"],
        "agreement": agreement(row["a_stance"], row["b_stance"]),
        "a": {"stance": row["a_stance"], "document": row["a_document"], "locator": row["a_locator"]},
        "b": {"stance": row["b_stance"], "document": row["b_document"], "locator": row["b_locator"]},
    }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None
