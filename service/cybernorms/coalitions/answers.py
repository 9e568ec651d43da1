"""Answers to the coalition questions, computed from two named queries.

Every answer starts from a snapshot of the record on one day, looked up in the timeline compiled
from queries/stance-timeline.rq and queries/membership-timeline.rq (the same files served at
/queries/{name}; on every day the snapshot holds what actor-stances.rq and members-as-of.rq give);
the JSON-LD API, the pages and the CLI all call these methods, so the exposures agree.
"""

from collections import Counter
from datetime import date

from ..engine.named_queries import NamedQuery, parse_boolean, parse_date, substitutions
from ..engine.store import GraphStore
from .names import Names
from .rules import (
    BASIS_OF,
    CATEGORIES,
    CATEGORY_OF,
    MemberStance,
    agreement,
    alignment_score,
    blocs,
    contradicts,
    majority_side,
    side,
    verdict,
)
from .snapshot import Snapshot
from .timeline import Timeline

SNAPSHOTS_KEPT = 32  # a day's snapshot is reused until a curator's change makes the answers forget it

KINDS = {"actor": ("state", "group"), "group": ("group",), "proposition": ("proposition",), "area": ("area",)}


class Answers:
    def __init__(self, graph: GraphStore, queries: dict[str, NamedQuery]):
        self.graph = graph
        self.queries = queries
        self._names: Names | None = None
        self._timeline: Timeline | None = None
        self._snapshots: dict[str, Snapshot] = {}

    @property
    def names(self) -> Names:
        if self._names is None:
            self._names = Names(self.graph.store)
        return self._names

    def forget(self) -> None:
        """Drop the names, the timeline and the snapshots read from the graph: it has changed."""
        self._names = None
        self._timeline = None
        self._snapshots = {}

    @property
    def timeline(self) -> Timeline:
        if self._timeline is None:
            self._timeline = Timeline.from_rows(self.rows("stance-timeline", {}), self.rows("membership-timeline", {}),
                                                self.names.codes())
        return self._timeline

    def bind(self, query: NamedQuery, given: dict[str, str]) -> dict:
        """Resolve each parameter (names to IRIs, days to dates); a missing day means today."""
        unknown = set(given) - {parameter.name for parameter in query.parameters}
        if unknown:
            accepted = ", ".join(p.name for p in query.parameters) or "none"
            raise ValueError(f"Unknown parameter {', '.join(sorted(unknown))} for '{query.name}'; it takes: {accepted}.")
        bound = {}
        for parameter in query.parameters:
            value = given.get(parameter.name)
            if parameter.kind == "date":
                bound[parameter.name] = date.today() if value is None else parse_date(value)
            elif parameter.kind == "boolean":
                if value is not None:
                    bound[parameter.name] = parse_boolean(parameter.name, value)
            elif value is not None:
                bound[parameter.name] = self.names.resolve(value, *KINDS[parameter.kind])
            elif not parameter.optional:
                raise ValueError(f"Missing the '{parameter.name}' parameter: {parameter.description}.")
        return bound

    def rows(self, name: str, given: dict[str, str]) -> list[dict[str, str]]:
        query = self.queries[name]
        results = self.graph.run(query.text, substitutions=substitutions(self.bind(query, given)))
        names = [variable.value for variable in results.variables]
        return [{n: solution[n].value for n in names if solution[n] is not None} for solution in results]

    def snapshot(self, as_of: str | None, consensus: bool = True) -> Snapshot:
        """The record on a day; without CONSENSUS, stances held by joining a consensus are left out."""
        day = (date.today() if as_of is None else parse_date(as_of)).isoformat()
        snapshots = self._snapshots  # if forget() runs meanwhile, this snapshot goes with the old ones
        key = (day, consensus)
        if key not in snapshots:
            if len(snapshots) >= SNAPSHOTS_KEPT:
                snapshots.pop(next(iter(snapshots)))
            snapshots[key] = self.timeline.snapshot(day, consensus)
        return snapshots[key]

    def profile(self, group: str, proposition: str, as_of: str | None = None) -> dict:
        group_iri = self.names.resolve(group, "group")
        proposition_iri = self.names.resolve(proposition, "proposition")
        snapshot = self.snapshot(as_of)
        members = _member_stances(snapshot, group_iri, proposition_iri)
        collective = snapshot.stances.get((group_iri, proposition_iri))
        counts = _counts(members)
        return {
            "group": group_iri,
            "proposition": proposition_iri,
            "as_of": snapshot.as_of,
            "verdict": verdict(members),
            "member_count": len(members),
            "members_complete": snapshot.complete.get(group_iri),
            "counts": counts,
            "by_basis": _by_basis(members),
            "shares": {c: round(n / len(members), 3) if members else 0.0 for c, n in counts.items()},
            "collective_stance": _stance_entry(collective),
            "stances": [
                {
                    "member": m.member,
                    "code": m.code,
                    "stance": m.category,
                    "basis": BASIS_OF.get(m.basis),
                    "documents": m.documents,
                    "contradicts_group": contradicts(m.stance, collective and collective["stance"]),
                }
                for m in members
            ],
        }

    def alignment(self, a: str, b: str, area: str | None = None, as_of: str | None = None,
                  consensus: bool = False) -> dict:
        a_iri, b_iri = self.names.resolve(a, *KINDS["actor"]), self.names.resolve(b, *KINDS["actor"])
        area_iri = self.names.resolve(area, "area") if area else None
        snapshot = self.snapshot(as_of, consensus)
        mine, theirs = snapshot.addressed_by(a_iri), snapshot.addressed_by(b_iri)
        items = [
            _compared(mine[p], theirs[p])
            for p in sorted(set(mine) & set(theirs))
            if area_iri in (None, mine[p]["area"])
        ]
        by_area = {}
        for item in items:
            by_area.setdefault(item["area"], []).append(item["agreement"])
        return {
            "a": a_iri,
            "b": b_iri,
            "as_of": snapshot.as_of,
            "area": area_iri,
            "bases": _bases(consensus),
            "shared_propositions": len(items),
            "score": _mean([i["agreement"] for i in items]),
            "by_area": [{"area": area, "shared_propositions": len(v), "score": _mean(v)} for area, v in sorted(by_area.items())],
            "agree": [i for i in items if i["agreement"] == 1.0],
            "differ": [i for i in items if i["agreement"] == 0.0],
            "partly": [i for i in items if i["agreement"] == 0.5],
        }

    def matrix(self, area: str | None = None, as_of: str | None = None) -> dict:
        area_iri = self.names.resolve(area, "area") if area else None
        snapshot = self.snapshot(as_of)
        propositions = sorted(p for p, info in snapshot.propositions.items() if area_iri in (None, info["area"]))
        groups = [_matrix_row(snapshot, group, propositions) for group in sorted(snapshot.members, key=snapshot.code)]
        return {"as_of": snapshot.as_of, "area": area_iri, "propositions": propositions, "groups": groups}

    def group_row(self, group: str, as_of: str | None = None) -> dict:
        """One group's row of the matrix (GROUP an IRI), with the day it is for."""
        snapshot = self.snapshot(as_of)
        return {"as_of": snapshot.as_of, **_matrix_row(snapshot, group, sorted(snapshot.propositions))}

    def like_minded(self, state: str, as_of: str | None = None, min_shared: int = 3, consensus: bool = False) -> dict:
        if min_shared < 1:
            raise ValueError("min_shared must be at least 1.")
        iri = self.names.resolve(state, "state")
        snapshot = self.snapshot(as_of, consensus)
        ranked = [entry for other in snapshot.actors() - {iri}
                  if (entry := _aligned(snapshot, iri, other))["shared_propositions"] >= min_shared]
        ranked.sort(key=lambda e: (-e["score"], -e["shared_propositions"], e["code"]))
        own_bloc = next((b for b in _blocs(snapshot) if iri in b["states"]), None)
        return {"state": iri, "as_of": snapshot.as_of, "min_shared": min_shared, "bases": _bases(consensus),
                "like_minded": ranked, "bloc": own_bloc}

    def blocs(self, as_of: str | None = None, consensus: bool = False) -> dict:
        snapshot = self.snapshot(as_of, consensus)
        return {"as_of": snapshot.as_of, "bases": _bases(consensus), "blocs": _blocs(snapshot)}

    def gaps(self, group: str | None = None, proposition: str | None = None, state: str | None = None,
             as_of: str | None = None) -> dict:
        if state:
            return self._state_gaps(self.names.resolve(state, "state"), as_of)
        if not (group and proposition):
            raise ValueError("Ask for gaps with both 'group' and 'proposition', or with 'state'.")
        group_iri = self.names.resolve(group, "group")
        proposition_iri = self.names.resolve(proposition, "proposition")
        snapshot = self.snapshot(as_of)
        members = _member_stances(snapshot, group_iri, proposition_iri)
        reference = side(snapshot.stance(group_iri, proposition_iri)) or majority_side(members)
        return {
            "group": group_iri,
            "proposition": proposition_iri,
            "as_of": snapshot.as_of,
            "reference_side": reference,
            "silent": [m.code for m in members if m.category == "silent"],
            "dissenting": [m.code for m in members if reference and side(m.stance) not in (None, reference)],
        }

    def _state_gaps(self, state: str, as_of: str | None) -> dict:
        snapshot = self.snapshot(as_of)
        minority = []
        for group, member_list in sorted(snapshot.members.items(), key=lambda item: snapshot.code(item[0])):
            if state not in member_list:
                continue
            for proposition, row in sorted(snapshot.addressed_by(state).items()):
                own = side(row["stance"])
                majority = majority_side(_member_stances(snapshot, group, proposition))
                if own and majority and own != majority:
                    minority.append({"group": group, "code": snapshot.code(group), "proposition": proposition,
                                     "own_side": own, "majority_side": majority, "document": row["document"]})
        return {"state": state, "as_of": snapshot.as_of, "minority_in": minority}

    def changes(self, start: str | None, end: str | None) -> dict:
        if not (start and end):
            raise ValueError("Give both 'from' and 'to' days (YYYY-MM-DD).")
        if parse_date(start) > parse_date(end):
            raise ValueError(f"'from' ({start}) comes after 'to' ({end}); give the earlier day first.")
        before, after = self.snapshot(start), self.snapshot(end)
        stances = [
            {"actor": actor, "code": after.code(actor), "proposition": proposition,
             "before": CATEGORY_OF.get(before.stance(actor, proposition), "silent"), "after": CATEGORY_OF[row["stance"]],
             "document": row["document"], "date": row["date"]}
            for (actor, proposition), row in sorted(after.stances.items())
            if before.stance(actor, proposition) != row["stance"]
        ]
        joined, left = [], []
        for group in sorted(set(before.members) | set(after.members)):
            was, now = set(before.members.get(group, [])), set(after.members.get(group, []))
            joined += [{"group": group, "member": m} for m in sorted(now - was)]
            left += [{"group": group, "member": m} for m in sorted(was - now)]
        return {"from": before.as_of, "to": after.as_of, "stances": stances, "joined": joined, "left": left}


def _matrix_row(snapshot: Snapshot, group: str, propositions: list[str]) -> dict:
    cells = []
    for proposition in propositions:
        members = _member_stances(snapshot, group, proposition)
        cells.append({
            "proposition": proposition,
            "verdict": verdict(members),
            "counts": _counts(members),
            "by_basis": _by_basis(members),
            "collective_stance": CATEGORY_OF.get(snapshot.stance(group, proposition)),
            "profile": _profile_path(snapshot, group, proposition),
        })
    return {"group": group, "code": snapshot.code(group), "member_count": len(snapshot.members.get(group, [])),
            "members_complete": snapshot.complete.get(group), "propositions": cells}


def _member_stances(snapshot: Snapshot, group: str, proposition: str) -> list[MemberStance]:
    members = []
    for member in snapshot.members.get(group, []):
        row = snapshot.stances.get((member, proposition))
        entry = MemberStance(member, snapshot.code(member), row["stance"] if row else None, row["basis"] if row else None)
        if row:
            entry.documents.append(_cited(row))
        members.append(entry)
    return members


def _counts(members: list[MemberStance]) -> dict[str, int]:
    found = Counter(m.category for m in members)
    return {category: found[category] for category in CATEGORIES}


def _by_basis(members: list[MemberStance]) -> dict[str, int]:
    """How many members hold their stance on each basis (own document, signature, declaration, consensus, vote)."""
    found = Counter(m.basis for m in members)
    return {name: found[basis] for basis, name in BASIS_OF.items()}


def _bases(consensus: bool) -> list[str]:
    """The bases of the stances an alignment counts: consensus only when asked for."""
    return [name for name in BASIS_OF.values() if consensus or name != "consensus"]


def _cited(row: dict) -> dict:
    return {"document": row["document"], "date": row["date"], "locator": row["locator"]}


def _stance_entry(row: dict | None) -> dict | None:
    return {"stance": CATEGORY_OF[row["stance"]], "basis": BASIS_OF[row["basis"]], "documents": [_cited(row)]} if row else None


def _compared(mine: dict, theirs: dict) -> dict:
    return {
        "proposition": mine["proposition"],
        "label": mine["proposition_label"],
        "area": mine["area"],
        "agreement": agreement(mine["stance"], theirs["stance"]),
        "a": {"stance": CATEGORY_OF[mine["stance"]], "basis": BASIS_OF[mine["basis"]], **_cited(mine)},
        "b": {"stance": CATEGORY_OF[theirs["stance"]], "basis": BASIS_OF[theirs["basis"]], **_cited(theirs)},
    }


def _aligned(snapshot: Snapshot, a: str, b: str) -> dict:
    score, shared = alignment_score(snapshot.sides(a), snapshot.sides(b))
    return {"actor": b, "code": snapshot.code(b), "shared_propositions": shared, "score": score}


def _blocs(snapshot: Snapshot) -> list[dict]:
    states = sorted(a for a in snapshot.actors() if "/id/state/" in a)
    found = []
    for bloc in blocs({state: snapshot.sides(state) for state in states}):
        overlaps = sorted(
            ({"group": g, "code": snapshot.code(g), "jaccard": round(len(bloc & set(m)) / len(bloc | set(m)), 3)}
             for g, m in snapshot.members.items() if bloc & set(m)),
            key=lambda o: (-o["jaccard"], o["code"]),
        )
        found.append({"states": sorted(bloc), "codes": sorted(map(snapshot.code, bloc)), "overlapping_groups": overlaps[:3]})
    return found


def _profile_path(snapshot: Snapshot, group: str, proposition: str) -> str:
    """Where the members and documents behind a matrix cell are listed."""
    return f"/api/v1/groups/{snapshot.code(group)}/profile?proposition={proposition.rsplit('/', 1)[-1]}&as_of={snapshot.as_of}"


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None
