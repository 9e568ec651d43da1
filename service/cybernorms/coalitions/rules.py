"""Where coalitions stand and how aligned actors are: the rules, applied to rows of the named queries.

Rules (documented in the README):
- A stance is support (endorses, or endorses with a qualification), rejection, or no side
  (addresses the proposition without taking a side). A member with no stance is silent.
- Verdict of a group on a proposition, over its members on the date:
  no members     when the group has no recorded members on the date;
  mostly silent  when more than half the members are silent;
  no side taken  when members addressed it but none took a side;
  unanimous      when every member that took a side took the same one;
  majority       when one side holds more than half of the members that took a side;
  split          otherwise (the sides are even).
- Majority side of a group: the side held by more than half of the members that took one.
- Blocs: states are linked when their alignment is at least BLOC_SCORE over at least
  BLOC_SHARED shared propositions; a bloc is a connected set of two or more linked states.
- Alignment of two actors: over the propositions both addressed, each scores 1 when both
  support or both reject, 0 when one supports and the other rejects, 0.5 when either takes
  no side; the score is the mean, always reported with the number of shared propositions.
"""

from dataclasses import dataclass, field

CN = "https://w3id.org/cybernorms/ontology#"
SUPPORT = {CN + "endorses", CN + "endorsesWithQualification"}
REJECT = {CN + "rejects"}
CATEGORY_OF = {
    CN + "endorses": "endorses",
    CN + "endorsesWithQualification": "endorses_with_qualification",
    CN + "rejects": "rejects",
    CN + "addressesWithoutSide": "no_side",
}
CATEGORIES = ("endorses", "endorses_with_qualification", "rejects", "no_side", "silent")
BASIS_OF = {  # how a holder came to hold a stance (ontology: cn:basis)
    CN + "byOwnDocument": "own_document",
    CN + "bySignature": "signature",
    CN + "byCollectiveDeclaration": "collective_declaration",
    CN + "byConsensus": "consensus",
    CN + "byRecordedVote": "recorded_vote",
}


def side(stance: str | None) -> str | None:
    """'support', 'reject', or None for no side or silence."""
    if stance in SUPPORT:
        return "support"
    if stance in REJECT:
        return "reject"
    return None


@dataclass(frozen=True)
class Sides:
    """The propositions an actor supports, rejects and addresses at all, each a set of bits."""
    support: int
    reject: int
    addressed: int


def alignment_score(a: Sides, b: Sides) -> tuple[float | None, int]:
    """The mean agreement (see agreement) over the propositions both addressed, and their number, counted at once
    over every proposition; blocs and like-minded states compare every pair of states this way."""
    shared = (a.addressed & b.addressed).bit_count()
    if not shared:
        return None, 0
    same_side = (a.support & b.support).bit_count() + (a.reject & b.reject).bit_count()
    both_took_a_side = ((a.support | a.reject) & (b.support | b.reject)).bit_count()
    return round((same_side + 0.5 * (shared - both_took_a_side)) / shared, 3), shared


@dataclass
class MemberStance:
    member: str
    code: str
    stance: str | None  # a cn: stance IRI, or None when silent
    basis: str | None = None  # a cn: basis IRI, or None when silent
    documents: list[dict] = field(default_factory=list)  # {"document", "date", "locator"}

    @property
    def category(self) -> str:
        return CATEGORY_OF.get(self.stance, "silent")


def majority_side(members: list[MemberStance]) -> str | None:
    """The side held by more than half of the members that took one."""
    sides = [side(m.stance) for m in members if side(m.stance)]
    for candidate in ("support", "reject"):
        if sides.count(candidate) * 2 > len(sides):
            return candidate
    return None


def verdict(members: list[MemberStance]) -> str:
    if not members:
        return "no members"
    if sum(m.category == "silent" for m in members) * 2 > len(members):
        return "mostly silent"
    sides = {side(m.stance) for m in members} - {None}
    if not sides:
        return "no side taken"
    if len(sides) == 1:
        return "unanimous"
    return "majority" if majority_side(members) else "split"


BLOC_SCORE = 0.8
BLOC_SHARED = 5


def blocs(sides: dict[str, Sides]) -> list[set[str]]:
    """Connected sets of states linked by strong alignment (see BLOC_SCORE and BLOC_SHARED); SIDES by state."""
    linked = {state: set() for state in sides}
    ordered = list(sides.items())
    for i, (a, mine) in enumerate(ordered):
        for b, theirs in ordered[i + 1:]:
            if _strongly_aligned(mine, theirs):
                linked[a].add(b)
                linked[b].add(a)
    states = list(sides)
    seen, found = set(), []
    for state in states:
        if state in seen or not linked[state]:
            continue
        component, frontier = set(), [state]
        while frontier:
            current = frontier.pop()
            if current not in component:
                component.add(current)
                frontier.extend(linked[current] - component)
        seen |= component
        found.append(component)
    return found


def _strongly_aligned(a: Sides, b: Sides) -> bool:
    if (a.addressed & b.addressed).bit_count() < BLOC_SHARED:  # most pairs: no need to score them
        return False
    score, _ = alignment_score(a, b)
    return score >= BLOC_SCORE


def contradicts(member_stance: str | None, collective_stance: str | None) -> bool:
    mine, group = side(member_stance), side(collective_stance)
    return mine is not None and group is not None and mine != group


def agreement(a_stance: str, b_stance: str) -> float:
    a, b = side(a_stance), side(b_stance)
    if a is None or b is None:
        return 0.5
    return 1.0 if a == b else 0.0
