"""The record as it stood on one day: who belonged to which group, and every actor's latest stances."""

from dataclasses import dataclass, field

from .rules import Sides, side


@dataclass
class Snapshot:
    as_of: str
    members: dict[str, list[str]] = field(default_factory=dict)  # group IRI -> member IRIs
    complete: dict[str, bool | None] = field(default_factory=dict)  # group IRI -> is its member list complete
    codes: dict[str, str] = field(default_factory=dict)  # actor IRI -> ISO alpha-2 or short name
    stances: dict[tuple[str, str], dict] = field(default_factory=dict)  # (actor, proposition) -> row
    propositions: dict[str, dict] = field(default_factory=dict)  # proposition IRI -> {"label", "area"}
    _index: dict | None = field(default=None, repr=False)
    _sides: dict | None = field(default=None, repr=False)

    def code(self, actor: str) -> str:
        return self.codes.get(actor, actor)

    def stance(self, actor: str, proposition: str) -> str | None:
        row = self.stances.get((actor, proposition))
        return row["stance"] if row else None

    def addressed_by(self, actor: str) -> dict[str, dict]:
        return self._by_actor().get(actor, {})

    def actors(self) -> set[str]:
        return set(self._by_actor())

    def _by_actor(self) -> dict[str, dict[str, dict]]:
        """Each actor's stances by proposition, indexed once: alignment asks for them actor by actor."""
        if self._index is None:
            index = {}
            for (actor, proposition), row in self.stances.items():
                index.setdefault(actor, {})[proposition] = row
            self._index = index
        return self._index

    def sides(self, actor: str) -> Sides:
        """The actor's stances as sets of propositions (one bit each), for counting agreement pair by pair."""
        if self._sides is None:
            bit = {proposition: 1 << n for n, proposition in enumerate(sorted({p for _, p in self.stances}))}
            self._sides = {}
            for holder, rows in self._by_actor().items():
                sides = {"support": 0, "reject": 0, None: 0}
                for proposition, row in rows.items():
                    sides[side(row["stance"])] |= bit[proposition]
                self._sides[holder] = Sides(support=sides["support"], reject=sides["reject"],
                                            addressed=sides["support"] | sides["reject"] | sides[None])
        return self._sides.get(actor, Sides(0, 0, 0))
