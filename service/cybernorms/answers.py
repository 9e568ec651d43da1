"""Answers to the coalition questions, computed from the named queries' rows.

The JSON-LD API and the CLI both call these functions, and the rows come from
the same queries/*.rq files served at /queries/{name}, so the three agree.
"""

from datetime import date

from .coalitions import (
    CATEGORIES,
    CATEGORY_OF,
    MemberStance,
    agreement,
    blocs,
    contradicts,
    majority_side,
    members_from_rows,
    side,
    verdict,
)
from .named_queries import NamedQuery, parse_date, substitutions
from .names import Names
from .snapshot import Snapshot
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
            elif value is None and parameter.optional:
                continue
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


    def snapshot(self, as_of: str | None) -> Snapshot:
        day = (parse_date(as_of) if as_of else date.today()).isoformat()
        return Snapshot.from_rows(
            day, self.rows("members-as-of", {"as_of": day}), self.rows("actor-stances", {"as_of": day})
        )

    def matrix(self, area: str | None = None, as_of: str | None = None) -> dict:
        snapshot = self.snapshot(as_of)
        area_iri = self.names.resolve(area, "area") if area else None
        propositions = sorted(p for p, info in snapshot.propositions.items() if area_iri in (None, info["area"]))
        groups = []
        for group in sorted(snapshot.members, key=snapshot.codes.get):
            cells = []
            for proposition in propositions:
                members = _member_stances(snapshot, group, proposition)
                counts = {c: sum(m.category == c for m in members) for c in CATEGORIES}
                collective = snapshot.stance(group, proposition)
                cells.append({"proposition": proposition, "verdict": verdict(members), "counts": counts,
                              "collective_stance": CATEGORY_OF.get(collective)})
            groups.append({"group": group, "code": snapshot.codes[group], "members": len(snapshot.members[group]),
                           "propositions": cells})
        return {"as_of": snapshot.as_of, "area": area_iri, "propositions": propositions, "groups": groups}

    def like_minded(self, state: str, as_of: str | None = None, min_shared: int = 3) -> dict:
        snapshot = self.snapshot(as_of)
        iri = self.names.resolve(state, "state")
        ranked = [entry for other in snapshot.actors() - {iri}
                  if (entry := _aligned(snapshot, iri, other))["shared_propositions"] >= min_shared]
        ranked.sort(key=lambda e: (-e["score"], -e["shared_propositions"], e["code"]))
        own_bloc = next((b for b in self._blocs(snapshot) if iri in b["members"]), None)
        return {"state": iri, "as_of": snapshot.as_of, "min_shared": min_shared, "like_minded": ranked, "bloc": own_bloc}

    def blocs(self, as_of: str | None = None) -> dict:
        snapshot = self.snapshot(as_of)
        return {"as_of": snapshot.as_of, "blocs": self._blocs(snapshot)}

    def _blocs(self, snapshot: Snapshot) -> list[dict]:
        states = sorted(a for a in snapshot.actors() if "/id/state/" in a)
        pairs = {(a, b): _aligned(snapshot, a, b) for i, a in enumerate(states) for b in states[i + 1:]}
        found = []
        for bloc in blocs(states, {k: (v["score"], v["shared_propositions"]) for k, v in pairs.items()}):
            overlaps = sorted(
                ({"group": g, "code": snapshot.codes[g], "jaccard": round(len(bloc & set(m)) / len(bloc | set(m)), 3)}
                 for g, m in snapshot.members.items() if bloc & set(m)),
                key=lambda o: (-o["jaccard"], o["code"]),
            )
            found.append({"members": sorted(bloc), "codes": sorted(snapshot.codes.get(m, m) for m in bloc),
                          "overlapping_groups": overlaps[:3]})
        return found

    def gaps(self, group: str | None = None, proposition: str | None = None, state: str | None = None,
             as_of: str | None = None) -> dict:
        snapshot = self.snapshot(as_of)
        if state:
            return self._state_gaps(snapshot, self.names.resolve(state, "state"))
        if not (group and proposition):
            raise ValueError("Ask for gaps with both 'group' and 'proposition', or with 'state'.")
        group_iri = self.names.resolve(group, "group")
        proposition_iri = self.names.resolve(proposition, "proposition")
        members = _member_stances(snapshot, group_iri, proposition_iri)
        reference = side(snapshot.stance(group_iri, proposition_iri)) or majority_side(members)
        return {
            "group": group_iri, "proposition": proposition_iri, "as_of": snapshot.as_of,
            "reference_side": reference,
            "silent": [m.code for m in members if m.category == "silent"],
            "dissenting": [m.code for m in members if reference and side(m.stance) not in (None, reference)],
        }

    def _state_gaps(self, snapshot: Snapshot, state: str) -> dict:
        minority = []
        for group, member_list in sorted(snapshot.members.items(), key=lambda g: snapshot.codes[g[0]]):
            if state not in member_list:
                continue
            for proposition, row in sorted(snapshot.addressed_by(state).items()):
                mine = side(row["stance"])
                majority = majority_side(_member_stances(snapshot, group, proposition))
                if mine and majority and mine != majority:
                    minority.append({"group": group, "code": snapshot.codes[group], "proposition": proposition,
                                     "own_side": mine, "majority_side": majority, "document": row["document"]})
        return {"state": state, "as_of": snapshot.as_of, "minority_in": minority}

    def changes(self, start: str, end: str) -> dict:
        if not (start and end):
            raise ValueError("Give both 'from' and 'to' days (YYYY-MM-DD).")
        before, after = self.snapshot(start), self.snapshot(end)
        stances = []
        for key, row in sorted(after.stances.items()):
            previous = before.stance(*key)
            if previous != row["stance"]:
                stances.append({"actor": key[0], "code": after.codes.get(key[0], key[0]), "proposition": key[1],
                                "from": CATEGORY_OF.get(previous), "to": CATEGORY_OF[row["stance"]],
                                "document": row["document"], "date": row["date"]})
        joined, left = [], []
        for group in sorted(set(before.members) | set(after.members)):
            was, now = set(before.members.get(group, [])), set(after.members.get(group, []))
            joined += [{"group": group, "member": m} for m in sorted(now - was)]
            left += [{"group": group, "member": m} for m in sorted(was - now)]
        return {"from": before.as_of, "to": after.as_of, "stances": stances, "joined": joined, "left": left}


def _member_stances(snapshot: Snapshot, group: str, proposition: str) -> list[MemberStance]:
    members = []
    for member in snapshot.members.get(group, []):
        row = snapshot.stances.get((member, proposition))
        entry = MemberStance(member, snapshot.codes.get(member, member), "", row["stance"] if row else None)
        if row:
            entry.documents.append({"document": row["document"], "date": row["date"], "locator": row["locator"]})
        members.append(entry)
    return members


def _aligned(snapshot: Snapshot, a: str, b: str) -> dict:
    mine, theirs = snapshot.addressed_by(a), snapshot.addressed_by(b)
    shared = sorted(set(mine) & set(theirs))
    scores = [agreement(mine[p]["stance"], theirs[p]["stance"]) for p in shared]
    return {"actor": b, "code": snapshot.codes.get(b, b.rsplit("/", 1)[-1]), "shared_propositions": len(shared),
            "score": _mean(scores)}


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
