"""Coalition profiles and alignment on tests/fixtures/coalitions.ttl, every figure worked out by hand.

The fixture: group EXG with members XA, XB, XC, XD since 2010, XE since 2022-05-01 and XF from
2010 to 2015, and XG, an observer since 2010. On P1 (sovereignty area): XA endorses (2019) then
rejects (2023); XB endorses with a qualification (2020); XC rejects (2020-01-01), addresses it
without a side (2025-06-01) and endorses in a paper dated only "2025"; XD is silent; XE endorses
(2022); XF endorses (2012); XG rejects (2020); the group itself endorses (2020). Two positions on
P1 are marked unverified and never count: XD endorses (2020) and XB rejects (2022). On P2
(attribution area): XA endorses (2019), XB rejects (2020-06-01), XC endorses (2020-01-01), XD
addresses it without a side (2020-02-01). On P3 (IHL area): XB and XD address it without a side
(2020); XA endorses in a paper dated only "2024".

A stance dated only by its year counts from the last day of that year.
"""

import re
import shutil
from contextlib import ExitStack
from itertools import permutations

import httpx
import pytest
from conftest import REPO, run_cli, serve
from stores import STORES

FIXTURE = REPO / "tests" / "fixtures" / "coalitions.ttl"
ID = "https://w3id.org/cybernorms/id/"


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("coalitions")
    for folder in ("ontology", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "data").mkdir()
    shutil.copy(FIXTURE, root / "data")
    return root


@pytest.fixture(scope="module", params=["embedded", *sorted(STORES)])
def api(request, fixture_root, tmp_path_factory):
    """The service on the fixture: embedded, or published into an external store and answering from it."""
    with ExitStack() as stack:
        settings = {}
        if request.param != "embedded":
            store = stack.enter_context(STORES[request.param](tmp_path_factory.mktemp(request.param)))
            published = run_cli(*store.publish_args(), root=fixture_root, build_dir=fixture_root / "build",
                                env={"STORE_PASSWORD": store.password or ""})
            assert published.returncode == 0, published.stderr
            settings = {"CYBERNORMS_ENDPOINT": store.query_url}
        for base in serve(fixture_root, fixture_root / f"build-{request.param}", settings):
            with httpx.Client(base_url=base, timeout=60) as client:
                yield client


def profile(api, proposition, as_of):
    response = api.get("/api/v1/groups/EXG/profile", params={"proposition": proposition, "as_of": as_of})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/ld+json"
    return response.json()


def by_code(answer):
    return {entry["code"]: entry for entry in answer["stances"]}


def test_profile_in_2021_is_a_majority_with_one_dissenter(api):
    answer = profile(api, "P1", "2021-01-01")
    # XE has not joined yet and XF left in 2015: four members.
    assert answer["member_count"] == 4
    assert answer["counts"] == {"endorses": 1, "endorses_with_qualification": 1, "rejects": 1, "no_side": 0, "silent": 1}
    assert answer["shares"]["silent"] == 0.25
    # Two of the three members that took a side support the claim.
    assert answer["verdict"] == "majority"
    assert answer["collective_stance"]["stance"] == "endorses"
    members = by_code(answer)
    assert members["XA"]["stance"] == "endorses"  # the 2023 rejection is not yet issued
    assert members["XA"]["documents"] == [{"document": ID + "document/dA1", "date": "2019-01-01", "locator": "para 1"}]
    assert [code for code, entry in members.items() if entry["contradicts_group"]] == ["XC"]
    assert members["XD"]["documents"] == []


def test_profile_in_2024_is_split(api):
    answer = profile(api, "P1", "2024-01-01")
    assert answer["member_count"] == 5
    # XA now rejects (2023); XE has joined and endorses.
    assert answer["counts"] == {"endorses": 1, "endorses_with_qualification": 1, "rejects": 2, "no_side": 0, "silent": 1}
    assert answer["verdict"] == "split"
    assert sorted(c for c, e in by_code(answer).items() if e["contradicts_group"]) == ["XA", "XC"]


@pytest.mark.parametrize("as_of, verdict", [("2020-03-01", "unanimous"), ("2019-06-01", "mostly silent")])
def test_profile_verdicts_on_the_second_claim(api, as_of, verdict):
    # 2020-03-01: XA and XC endorse, XD takes no side, XB's rejection comes in June: 1 of 4 silent.
    # 2019-06-01: only XA has spoken: 3 of 4 silent.
    assert profile(api, "P2", as_of)["verdict"] == verdict


def test_alignment_counts_shared_propositions_and_areas(api):
    answer = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "as_of": "2021-01-01"}).json()
    # P1: endorses vs endorses with qualification = 1; P2: endorses vs rejects = 0.
    assert answer["shared_propositions"] == 2
    assert answer["score"] == 0.5
    assert answer["by_area"] == [
        {"area": ID + "area/attribution", "shared_propositions": 1, "score": 0.0},
        {"area": ID + "area/sovereignty", "shared_propositions": 1, "score": 1.0},
    ]
    assert [item["proposition"] for item in answer["agree"]] == [ID + "proposition/P1"]
    assert [item["proposition"] for item in answer["differ"]] == [ID + "proposition/P2"]


def test_alignment_as_of_a_later_date_and_by_area(api):
    later = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "as_of": "2024-01-01"}).json()
    assert (later["shared_propositions"], later["score"]) == (2, 0.0)
    one_area = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "area": "sovereignty", "as_of": "2021-01-01"}).json()
    assert (one_area["shared_propositions"], one_area["score"]) == (1, 1.0)


CATEGORY = {"": "silent", "endorses": "endorses", "rejects": "rejects",
            "endorsesWithQualification": "endorses_with_qualification", "addressesWithoutSide": "no_side"}


# Days either side of the dates of the fixture's year-only and unverified stances.
DAYS = ["2021-01-01", "2024-01-01", "2024-12-30", "2024-12-31", "2025-03-01", "2025-12-30", "2025-12-31"]


def category(row: dict, column: str) -> str:
    return CATEGORY[row.get(column, {}).get("value", "").rsplit("#")[-1]]


@pytest.mark.parametrize("proposition, as_of", [("P1", "2021-01-01"), ("P1", "2024-01-01"), ("P2", "2020-03-01"), ("P1", "2015-12-31"),
                                                ("P3", "2024-12-30"), ("P3", "2024-12-31"), ("P1", "2025-03-01"),
                                                ("P1", "2025-12-30"), ("P1", "2025-12-31")])
def test_named_query_agrees_with_the_api(api, proposition, as_of):
    params = {"group": "EXG", "proposition": proposition, "as_of": as_of}
    response = api.get("/queries/group-profile", params=params)
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    # As lists: a member must have one row, with its latest stance only.
    from_query = sorted((r["member_code"]["value"], category(r, "stance")) for r in rows)
    from_api = sorted((e["code"], e["stance"]) for e in profile(api, proposition, as_of)["stances"])
    assert from_query == from_api


def test_year_only_membership_end_counts_for_the_whole_year(api):
    # XF's membership ends in "2015": still a member on the last day of 2015, not on the first of 2016.
    assert "XF" in by_code(profile(api, "P1", "2015-12-31"))
    assert "XF" not in by_code(profile(api, "P1", "2016-01-01"))
    # Before anyone joined in 2010 the group has no members to count.
    before = profile(api, "P1", "2009-12-31")
    assert (before["member_count"], before["verdict"]) == (0, "no members")


@pytest.mark.parametrize("as_of", DAYS)
def test_alignment_named_query_agrees_with_the_api(api, as_of):
    for a, b in permutations(["XA", "XB", "XC", "XD"], 2):
        rows = get(api, "/queries/alignment", a=a, b=b, as_of=as_of)["results"]["bindings"]
        answer = get(api, "/api/v1/alignment", a=a, b=b, as_of=as_of)
        from_query = sorted((r["proposition"]["value"], category(r, "a_stance"), category(r, "b_stance")) for r in rows)
        from_api = sorted((i["proposition"], i["a"]["stance"], i["b"]["stance"])
                          for i in answer["agree"] + answer["differ"] + answer["partly"])
        assert from_query == from_api, (a, b)


def test_named_queries_refuse_unknown_parameters_and_names(api):
    assert api.get("/queries/actor-stances", params={"actor": "XA", "colour": "red"}).status_code == 422
    assert api.get("/queries/group-profil").status_code == 404
    assert "group-profile" in api.get("/queries/group-profil").json()["error"]["message"]


def test_cli_agrees_with_the_api(api, fixture_root):
    result = run_cli("profile", "EXG", "P1", "--as-of", "2021-01-01", root=fixture_root, build_dir=fixture_root / "cli-build")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "EXG on P1, as of 2021-01-01: majority (4 members)"
    api_answer = profile(api, "P1", "2021-01-01")
    for entry in api_answer["stances"]:
        assert re.search(rf"^{entry['code']}\s+{entry['stance']}\b", result.stdout, flags=re.MULTILINE), entry
    assert [line.split()[0] for line in lines if "CONTRADICTS GROUP" in line] == ["XC"]
    alignment = run_cli("alignment", "XA", "XB", "--as-of", "2021-01-01", root=fixture_root, build_dir=fixture_root / "cli-build")
    assert alignment.stdout.splitlines()[0] == "XA and XB, as of 2021-01-01: score 0.50 over 2 shared propositions"


def test_unknown_names_give_404_with_the_closest(api):
    response = api.get("/api/v1/groups/EXGG/profile", params={"proposition": "P1"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No group called 'EXGG'. Did you mean: EXG, EXH?"
    # XZ is as close to each of the eight states XA-XH: the message offers five, not a long list.
    unknown = api.get("/api/v1/alignment", params={"a": "XA", "b": "XZ"})
    assert unknown.status_code == 404
    message = unknown.json()["error"]["message"]
    assert message.startswith("No state or group called 'XZ'. Did you mean: ")
    assert len(message.split(": ", 1)[1].rstrip("?").split(", ")) == 5


def test_malformed_date_gives_422_with_the_format(api):
    response = api.get("/api/v1/groups/EXG/profile", params={"proposition": "P1", "as_of": "21/01/2021"})
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["error"]["message"]


def get(api, path, **params):
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_matrix_gives_a_verdict_per_group_and_proposition(api):
    answer = get(api, "/api/v1/matrix", as_of="2021-01-01")
    assert answer["propositions"] == [ID + "proposition/P1", ID + "proposition/P2", ID + "proposition/P3"]
    [group] = answer["groups"]
    assert (group["code"], group["member_count"]) == ("EXG", 4)
    # P2 in 2021: XA and XC endorse, XB rejects, XD takes no side. P3: two take no side, two silent.
    assert [cell["verdict"] for cell in group["propositions"]] == ["majority", "majority", "no side taken"]
    assert group["propositions"][1]["counts"] == {"endorses": 2, "endorses_with_qualification": 0, "rejects": 1, "no_side": 1, "silent": 0}
    assert [cell["collective_stance"] for cell in group["propositions"]] == ["endorses", None, None]
    only_attribution = get(api, "/api/v1/matrix", area="attribution", as_of="2021-01-01")
    assert only_attribution["propositions"] == [ID + "proposition/P2"]


def test_matrix_agrees_with_the_profile_it_links_to(api):
    cell = get(api, "/api/v1/matrix", as_of="2024-01-01")["groups"][0]["propositions"][0]
    assert cell["profile"] == "/api/v1/groups/EXG/profile?proposition=P1&as_of=2024-01-01"
    linked = api.get(cell["profile"]).json()
    assert (cell["verdict"], cell["counts"]) == (linked["verdict"], linked["counts"])
    assert cell["verdict"] == "split"


def test_like_minded_ranks_by_score_then_shared_propositions(api):
    answer = get(api, "/api/v1/states/XA/like-minded", as_of="2021-01-01", min_shared=1)
    # EXG and XF agree with XA on P1 only; XB and XC agree on one of two propositions;
    # XD shares only P2, on which it takes no side; XG shares only P1, which it rejects.
    assert [(e["code"], e["score"], e["shared_propositions"]) for e in answer["like_minded"]] == [
        ("EXG", 1.0, 1), ("XF", 1.0, 1), ("XB", 0.5, 2), ("XC", 0.5, 2), ("XD", 0.5, 1), ("XG", 0.0, 1),
    ]
    assert answer["bloc"] is None  # no pair reaches 0.8 over 5 shared propositions
    assert get(api, "/api/v1/states/XA/like-minded", as_of="2021-01-01")["like_minded"] == []


def test_gaps_for_a_group_and_for_a_state(api):
    answer = get(api, "/api/v1/gaps", group="EXG", proposition="P1", as_of="2024-01-01")
    assert answer["reference_side"] == "support"  # the group's own stance
    assert (answer["silent"], answer["dissenting"]) == (["XD"], ["XA", "XC"])
    # In 2021 XC rejects P1 while two of three members with a side support it.
    minority = get(api, "/api/v1/gaps", state="XC", as_of="2021-01-01")["minority_in"]
    assert [(g["code"], g["proposition"], g["own_side"]) for g in minority] == [("EXG", ID + "proposition/P1", "reject")]
    assert api.get("/api/v1/gaps", params={"group": "EXG"}).status_code == 422


def test_changes_between_two_days(api):
    answer = get(api, "/api/v1/changes", **{"from": "2021-01-01", "to": "2024-01-01"})
    assert [(c["code"], c["before"], c["after"]) for c in answer["stances"]] == [("XA", "endorses", "rejects"), ("XE", "silent", "endorses")]
    assert answer["joined"] == [{"group": ID + "group/EXG", "member": ID + "state/XE"}]
    assert answer["left"] == []
    assert api.get("/api/v1/changes", params={"from": "2021-01-01", "to": "soon"}).status_code == 422
    assert api.get("/api/v1/changes", params={"from": "2024-01-01", "to": "2021-01-01"}).status_code == 422


def test_context_is_published(api):
    response = api.get("/api/v1/context.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    assert response.json()["@context"]["group"] == {"@type": "@id"}
    assert get(api, "/api/v1/blocs")["@context"].endswith("/api/v1/context.jsonld")


@pytest.mark.parametrize("as_of", DAYS)
def test_matrix_named_query_agrees_with_the_api(api, as_of):
    rows = api.get("/queries/matrix", params={"as_of": as_of}).json()["results"]["bindings"]
    from_query = {
        r["proposition"]["value"]: (r["verdict"]["value"], {c: int(r[c]["value"]) for c in ("endorses", "endorses_with_qualification", "rejects", "no_side", "silent")})
        for r in rows
    }
    cells = get(api, "/api/v1/matrix", as_of=as_of)["groups"][0]["propositions"]
    assert from_query == {cell["proposition"]: (cell["verdict"], cell["counts"]) for cell in cells}


def stances_of(api, actor: str, as_of: str) -> list[tuple[str, str, str]]:
    """The rows of /queries/actor-stances: (proposition, stance, document), local names only."""
    rows = get(api, "/queries/actor-stances", actor=actor, as_of=as_of)["results"]["bindings"]
    return sorted(tuple(r[c]["value"].rsplit("/", 1)[-1].rsplit("#")[-1] for c in ("proposition", "stance", "document"))
                  for r in rows)


def test_a_year_only_stance_counts_from_the_last_day_of_its_year(api):
    # XA endorses P3 in a paper dated only "2024": on 30 December 2024 XA is still silent, and with XB and
    # XD taking no side, three of the five members (XA-XE) are silent.
    before = profile(api, "P3", "2024-12-30")
    assert by_code(before)["XA"]["stance"] == "silent"
    assert (before["counts"]["silent"], before["verdict"]) == (3, "mostly silent")
    assert ("P3", "endorses", "dA3") not in stances_of(api, "XA", "2024-12-30")
    on_the_day = profile(api, "P3", "2024-12-31")
    assert by_code(on_the_day)["XA"]["documents"] == [{"document": ID + "document/dA3", "date": "2024", "locator": "para 1"}]
    assert (on_the_day["counts"]["endorses"], on_the_day["counts"]["silent"], on_the_day["verdict"]) == (1, 2, "unanimous")
    assert ("P3", "endorses", "dA3") in stances_of(api, "XA", "2024-12-31")

    # XC's paper dated "2025" counts from 31 December 2025: until then its 2020 rejection, then from
    # 1 June its paper of that day, are the latest; from 31 December the "2025" paper comes after the June one.
    for as_of, stance, document in [("2025-03-01", "rejects", "dC"), ("2025-12-30", "addressesWithoutSide", "dC2"),
                                    ("2025-12-31", "endorses", "dC3")]:
        assert [row for row in stances_of(api, "XC", as_of) if row[0] == "P1"] == [("P1", stance, document)], as_of
        [cited] = by_code(profile(api, "P1", as_of))["XC"]["documents"]
        assert cited["document"] == ID + "document/" + document, as_of


def test_unverified_positions_are_left_out_of_the_coalition_answers(api):
    # XD's endorsement of P1 (2020) is unverified: XD stays silent on P1.
    xd = by_code(profile(api, "P1", "2021-01-01"))["XD"]
    assert (xd["stance"], xd["documents"]) == ("silent", [])
    assert "P1" not in {proposition for proposition, _, _ in stances_of(api, "XD", "2021-01-01")}
    alignment = get(api, "/api/v1/alignment", a="XA", b="XD", as_of="2021-01-01")
    assert [i["proposition"] for i in alignment["agree"] + alignment["differ"] + alignment["partly"]] == [ID + "proposition/P2"]
    # XB's unverified rejection of P1 (2022) neither counts nor hides its verified qualified endorsement (2020).
    xb = by_code(profile(api, "P1", "2024-01-01"))["XB"]
    assert (xb["stance"], [d["document"] for d in xb["documents"]]) == ("endorses_with_qualification", [ID + "document/dB"])
    assert stances_of(api, "XB", "2024-01-01") == [
        ("P1", "endorsesWithQualification", "dB"), ("P2", "rejects", "dB"), ("P3", "addressesWithoutSide", "dB")]


def test_an_observer_is_not_counted_as_a_member(api):
    # XG observes EXG since 2010 and rejects P1 (2020). Counted, it would make P1 in 2021 two against two: split.
    answer = profile(api, "P1", "2021-01-01")
    assert sorted(by_code(answer)) == ["XA", "XB", "XC", "XD"]
    assert (answer["member_count"], answer["counts"]["rejects"], answer["verdict"]) == (4, 1, "majority")
    rows = get(api, "/queries/members-as-of", as_of="2021-01-01")["results"]["bindings"]
    assert sorted(r["member_code"]["value"] for r in rows) == ["XA", "XB", "XC", "XD"]
    assert get(api, "/api/v1/matrix", as_of="2021-01-01")["groups"][0]["member_count"] == 4
    # Between 2009 and 2021, XA-XD joined; XF came and went; the observer never joined.
    changes = get(api, "/api/v1/changes", **{"from": "2009-12-31", "to": "2021-01-01"})
    assert [entry["member"] for entry in changes["joined"]] == [ID + "state/" + code for code in ("XA", "XB", "XC", "XD")]
    assert get(api, "/api/v1/gaps", group="EXG", proposition="P1", as_of="2021-01-01")["dissenting"] == ["XC"]


def test_an_iri_is_taken_only_when_it_names_a_known_thing_of_the_kind_asked_for(api):
    unknown = ID + "state/ZZ"
    refused = api.get("/api/v1/alignment", params={"a": unknown, "b": "XA"})
    assert refused.status_code == 404 and unknown in refused.json()["error"]["message"]
    assert api.get("/api/v1/groups/EXG/profile", params={"proposition": ID + "proposition/P9"}).status_code == 404
    assert api.get("/api/v1/gaps", params={"state": unknown}).status_code == 404
    assert api.get("/queries/actor-stances", params={"actor": unknown}).status_code == 404
    assert api.get("/queries/alignment", params={"a": "XA", "b": unknown}).status_code == 404
    # XA is known, but as a state, not as a group or a proposition.
    assert api.get("/queries/group-profile", params={"group": ID + "state/XA", "proposition": "P1"}).status_code == 404
    assert api.get("/api/v1/groups/EXG/profile", params={"proposition": ID + "state/XA"}).status_code == 404
    # The IRI of a known thing is taken as its name.
    by_iri = get(api, "/api/v1/alignment", a=ID + "state/XA", b=ID + "state/XB", as_of="2021-01-01")
    assert (by_iri["a"], by_iri["shared_propositions"]) == (ID + "state/XA", 2)
    assert stances_of(api, ID + "state/XA", "2021-01-01") == stances_of(api, "XA", "2021-01-01")


def test_a_consensus_is_held_by_each_member_on_its_day_but_a_dissenter_keeps_its_own(api):
    answer = profile(api, "P4", "2026-03-01")
    stances = {e["code"]: (e["stance"], e["basis"]) for e in answer["stances"]}
    # Members on 2026-02-01: XA-XE (XF left in 2015, XG observes, XH joins in June).
    assert stances == {"XA": ("endorses", "consensus"), "XB": ("rejects", "own_document"),
                       "XC": ("endorses", "consensus"), "XD": ("endorses", "consensus"),
                       "XE": ("endorses", "consensus")}
    assert answer["by_basis"]["consensus"] == 4 and answer["by_basis"]["own_document"] == 1
    assert answer["collective_stance"]["basis"] == "own_document"  # the group's own report
    later = {e["code"]: e["stance"] for e in profile(api, "P4", "2026-07-01")["stances"]}
    assert later["XH"] == "silent"  # joined after the adoption: no derived stance
    # XB's same-day statement replaces the derived stance: it holds one position on P4, its own.
    rows = get(api, "/queries/stances")["results"]["bindings"]
    xb_on_p4 = [r["basis"]["value"] for r in rows
                if r["holder_code"]["value"] == "XB" and r["proposition"]["value"] == ID + "proposition/P4"]
    assert xb_on_p4 == ["own document"]


def test_stances_held_by_consensus_do_not_count_towards_alignment_unless_asked(api):
    assert get(api, "/api/v1/alignment", a="XA", b="XC", as_of="2026-03-01", area="sovereignty")["shared_propositions"] == 1
    counted = get(api, "/api/v1/alignment", a="XA", b="XC", as_of="2026-03-01", area="sovereignty", consensus="true")
    assert counted["shared_propositions"] == 2 and "consensus" in counted["bases"]
    rows = get(api, "/queries/alignment", a="XA", b="XC", as_of="2026-03-01")["results"]["bindings"]
    assert ID + "proposition/P4" not in {r["proposition"]["value"] for r in rows}


def test_a_group_with_an_incomplete_member_list_says_so(api):
    assert profile(api, "P1", "2026-03-01")["members_complete"] is True
    partial = get(api, "/api/v1/groups/EXH/profile", proposition="P1", as_of="2026-03-01")
    assert (partial["members_complete"], partial["member_count"]) == (False, 1)
    groups = {g["code"]: g for g in get(api, "/api/v1/matrix", as_of="2026-03-01")["groups"]}
    assert groups["EXH"]["members_complete"] is False and groups["EXG"]["members_complete"] is True


def test_a_recorded_vote_is_each_voter_s_stance_and_counts_towards_alignment(api):
    answer = profile(api, "P5", "2026-04-02")
    stances = {e["code"]: (e["stance"], e["basis"]) for e in answer["stances"]}
    assert stances == {"XA": ("endorses", "recorded_vote"), "XB": ("rejects", "recorded_vote"),
                       "XC": ("no_side", "recorded_vote"), "XD": ("silent", None), "XE": ("silent", None)}
    assert answer["by_basis"]["recorded_vote"] == 3
    assert profile(api, "P5", "2026-03-31")["counts"]["silent"] == 5  # before the vote
    aligned = get(api, "/api/v1/alignment", a="XA", b="XB", as_of="2026-04-02", area="governance")
    assert (aligned["shared_propositions"], aligned["score"]) == (1, 0.0)
    assert "recorded_vote" in aligned["bases"]


def test_norms_a_group_enforces_by_attribution_count_its_members_statements_only(api):
    def enforced(as_of):
        rows = get(api, "/queries/norms-enforced-by-attribution", as_of=as_of)["results"]["bindings"]
        return {(r["group_code"]["value"], r["proposition"]["value"].rsplit("/", 1)[1]):
                (int(r["statements"]["value"]), r["attributors"]["value"]) for r in rows}
    assert enforced("2026-04-30") == {}  # XG observes EXG; no group holds XG
    # XA belongs to EXG and, since 2026-01-01, to EXH.
    assert enforced("2026-05-01") == {("EXG", "P2"): (1, "XA"), ("EXH", "P2"): (1, "XA")}
    assert enforced("2026-06-01") == enforced("2026-05-01")  # XF left EXG in 2015
