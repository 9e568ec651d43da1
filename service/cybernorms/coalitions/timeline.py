"""The record compiled once per version of the graph: every actor's dated stances and every group's
membership intervals, so that the record on any day is a lookup, not a query.

Read from queries/stance-timeline.rq and queries/membership-timeline.rq. On every day it gives what
queries/actor-stances.rq and queries/members-as-of.rq give in SPARQL (tests/test_timeline.py checks it).
"""

from dataclasses import dataclass

from .snapshot import Snapshot

CONSENSUS = "https://w3id.org/cybernorms/ontology#byConsensus"
COMPLETE = {"true": True, "false": False}


def _began(start: str, day: str) -> bool:
    """A membership begun by DAY; a start given only by its year counts for the whole year."""
    return start <= day[: len(start)]


def _not_ended(end: str | None, day: str) -> bool:
    return end is None or end >= day[: len(end)]


@dataclass
class Timeline:
    stances: dict[tuple[str, str], list[dict]]  # (actor, proposition) -> its rows, by day then document
    memberships: list[dict]  # by group code, member code and start
    codes: dict[str, str]

    @classmethod
    def from_rows(cls, stance_rows: list[dict], membership_rows: list[dict], codes: dict[str, str]) -> "Timeline":
        stances = {}
        for row in stance_rows:  # ordered by actor, area, proposition: the order of actor-stances.rq
            stances.setdefault((row["actor"], row["proposition"]), []).append(row)
        for rows in stances.values():
            rows.sort(key=lambda row: (row["day"], row["document"]))
        return cls(stances, membership_rows, codes)

    def snapshot(self, day: str, consensus: bool = True) -> Snapshot:
        """The record on DAY (YYYY-MM-DD); without CONSENSUS, stances held by joining a consensus are left out."""
        snapshot = Snapshot(day, codes=self.codes)
        seen = set()
        for row in self.memberships:
            if _began(row["start"], day) and _not_ended(row.get("end"), day):
                group = row["group"]
                snapshot.complete[group] = COMPLETE.get(row.get("members_complete"))
                if (group, row["member"]) not in seen:
                    seen.add((group, row["member"]))
                    snapshot.members.setdefault(group, []).append(row["member"])
        for key, rows in self.stances.items():
            held = [row for row in rows if row["day"] <= day and (consensus or row["basis"] != CONSENSUS)]
            if held:
                # The latest day's stance; of two documents that day, the first cited, as actor-stances.rq orders them.
                latest = held[-1]["day"]
                row = next(row for row in held if row["day"] == latest)
                snapshot.stances[key] = row
                snapshot.propositions[key[1]] = {"label": row["proposition_label"], "area": row["area"]}
        return snapshot
