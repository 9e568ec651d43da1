"""Coalition profiles and alignment on tests/fixtures/coalitions.ttl, every figure worked out by hand.

The fixture: group EXG with members XA, XB, XC, XD since 2010, XE since 2022-05-01 and XF from
2010 to 2015. On P1 (sovereignty area): XA endorses (2019) then rejects (2023); XB endorses with a
qualification (2020); XC rejects (2020); XD is silent; XE endorses (2022); XF endorses (2012);
the group itself endorses (2020). On P2 (attribution area): XA endorses (2019), XB rejects
(2020-06-01), XC endorses (2020-01-01).
"""

import shutil

import httpx
import pytest

from conftest import REPO, run_cli, serve

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


@pytest.fixture(scope="module")
def api(fixture_root):
    for base in serve(fixture_root, fixture_root / "build"):
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
    assert answer["members"] == 4
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
    assert answer["members"] == 5
    # XA now rejects (2023); XE has joined and endorses.
    assert answer["counts"] == {"endorses": 1, "endorses_with_qualification": 1, "rejects": 2, "no_side": 0, "silent": 1}
    assert answer["verdict"] == "split"
    assert sorted(c for c, e in by_code(answer).items() if e["contradicts_group"]) == ["XA", "XC"]


@pytest.mark.parametrize("as_of, verdict", [("2020-03-01", "unanimous"), ("2019-06-01", "mostly silent")])
def test_profile_verdicts_on_the_second_claim(api, as_of, verdict):
    # 2020-03-01: XA and XC endorse, XB's rejection comes in June, XD silent: 2 of 4 silent.
    # 2019-06-01: only XA has spoken: 3 of 4 silent.
    assert profile(api, "P2", as_of)["verdict"] == verdict


def test_alignment_counts_shared_propositions_and_areas(api):
    answer = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "as_of": "2021-01-01"}).json()
    # P1: endorses vs endorses with qualification = 1; P2: endorses vs rejects = 0.
    assert answer["shared_propositions"] == 2
    assert answer["score"] == 0.5
    assert answer["by_area"] == {
        "Attribution": {"shared_propositions": 1, "score": 0.0},
        "Sovereignty": {"shared_propositions": 1, "score": 1.0},
    }
    assert [item["proposition"] for item in answer["agree"]] == [ID + "proposition/P1"]
    assert [item["proposition"] for item in answer["differ"]] == [ID + "proposition/P2"]


def test_alignment_as_of_a_later_date_and_by_area(api):
    later = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "as_of": "2024-01-01"}).json()
    assert (later["shared_propositions"], later["score"]) == (2, 0.0)
    one_area = api.get("/api/v1/alignment", params={"a": "XA", "b": "XB", "area": "sovereignty", "as_of": "2021-01-01"}).json()
    assert (one_area["shared_propositions"], one_area["score"]) == (1, 1.0)


def test_named_query_agrees_with_the_api(api):
    response = api.get("/queries/group-profile", params={"group": "EXG", "proposition": "P1", "as_of": "2021-01-01"})
    assert response.status_code == 200
    rows = response.json()["results"]["bindings"]
    from_query = {row["member_code"]["value"]: row.get("stance", {}).get("value", "").rsplit("#")[-1] for row in rows}
    assert from_query == {"XA": "endorses", "XB": "endorsesWithQualification", "XC": "rejects", "XD": ""}


def test_cli_agrees_with_the_api(fixture_root):
    result = run_cli("profile", "EXG", "P1", "--as-of", "2021-01-01", root=fixture_root, build_dir=fixture_root / "cli-build")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "EXG on P1, as of 2021-01-01: majority (4 members)"
    assert "XC       rejects" in result.stdout and "CONTRADICTS GROUP" in result.stdout
    alignment = run_cli("alignment", "XA", "XB", "--as-of", "2021-01-01", root=fixture_root, build_dir=fixture_root / "cli-build")
    assert alignment.stdout.splitlines()[0] == "XA and XB, as of 2021-01-01: score 0.50 over 2 shared propositions"


def test_unknown_names_give_404_with_the_closest(api):
    response = api.get("/api/v1/groups/EXGG/profile", params={"proposition": "P1"})
    assert response.status_code == 404
    assert "EXG" in response.json()["error"]["message"]
    assert api.get("/api/v1/alignment", params={"a": "XA", "b": "XZ"}).status_code == 404


def test_malformed_date_gives_422_with_the_format(api):
    response = api.get("/api/v1/groups/EXG/profile", params={"proposition": "P1", "as_of": "21/01/2021"})
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["error"]["message"]
