"""The canned queries in queries/ run as they are at /sparql, with the columns researchers rely on."""

import re

import pytest

from conftest import REPO, run_cli

EXPECTED_COLUMNS = {
    "stances.rq": ["holder", "holder_code", "proposition", "proposition_label", "area", "stance", "basis", "document", "date",
                   "source"],
    "memberships.rq": ["group", "group_label", "member", "member_code", "role", "from", "to"],
}


def run_named(client, name):
    response = client.post(
        "/sparql", content=(REPO / "queries" / name).read_text(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_columns_are_exactly_as_published(client, name):
    assert run_named(client, name)["head"]["vars"] == EXPECTED_COLUMNS[name]


def test_every_query_file_has_a_header_and_runs(client):
    for path in sorted((REPO / "queries").glob("*.rq")):
        header = path.read_text().splitlines()[:3]
        assert header[0].startswith("# summary: ") and header[1].startswith("# description: "), path.name
        if "# param: " not in path.read_text():  # parameterized queries run at /queries/{name}
            assert run_named(client, path.name)["results"]["bindings"], path.name


def test_nato_profile_on_sovereignty_lists_members_with_their_documents(client):
    response = client.get(
        "/api/v1/groups/NATO/profile", params={"proposition": "sovereignty-is-a-rule", "as_of": "2026-11-28"}
    )
    answer = response.json()
    assert answer["member_count"] == 32
    assert sum(answer["counts"].values()) == 32
    for entry in answer["stances"]:
        assert (entry["stance"] == "silent") == (entry["documents"] == [])
    assert {e["code"] for e in answer["stances"] if e["stance"] == "rejects"} >= {"GB"}
    assert {e["code"] for e in answer["stances"] if e["stance"] == "endorses"} >= {"FR", "NL"}


def test_every_stance_row_cites_a_url_and_a_locator(client):
    rows = run_named(client, "stances.rq")["results"]["bindings"]
    assert rows
    for row in rows:
        assert set(EXPECTED_COLUMNS["stances.rq"]) <= set(row)
        assert row["source"]["value"].startswith("http") and row["source"]["value"].endswith(")")


def test_memberships_use_alpha2_codes_for_states(client):
    rows = run_named(client, "memberships.rq")["results"]["bindings"]
    state_rows = [row for row in rows if "/id/state/" in row["member"]["value"]]
    assert state_rows
    for row in state_rows:
        assert row["member"]["value"].endswith("/" + row["member_code"]["value"])


def test_named_query_api_and_cli_agree_on_the_nato_profile(client, build_dir):
    params = {"group": "NATO", "proposition": "sovereignty-is-a-rule", "as_of": "2026-11-28"}
    rows = client.get("/queries/group-profile", params=params).json()["results"]["bindings"]
    from_query = {r["member_code"]["value"]: r.get("stance", {}).get("value", "silent").rsplit("#")[-1] for r in rows}
    api = client.get("/api/v1/groups/NATO/profile", params={k: params[k] for k in ("proposition", "as_of")}).json()
    names = {"endorsesWithQualification": "endorses_with_qualification", "addressesWithoutSide": "no_side"}
    assert {e["code"]: e["stance"] for e in api["stances"]} == {c: names.get(s, s) for c, s in from_query.items()}
    cli = run_cli("profile", "NATO", "sovereignty-is-a-rule", "--as-of", "2026-11-28", build_dir=build_dir)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.splitlines()[0].endswith(f"{api['verdict']} ({api['member_count']} members)")
    for category, count in api["counts"].items():
        assert re.search(rf"^  {category}\s+{count}\s", cli.stdout, flags=re.MULTILINE), category


def test_alignment_of_two_states_lists_their_shared_propositions(client):
    answer = client.get("/api/v1/alignment", params={"a": "FR", "b": "GB", "as_of": "2026-11-28"}).json()
    listed = answer["agree"] + answer["differ"] + answer["partly"]
    assert answer["shared_propositions"] == len(listed) > 0
    sovereignty = [i for i in listed if i["proposition"].endswith("/sovereignty-is-a-rule")]
    assert sovereignty and sovereignty[0] in answer["differ"]  # France endorses it, the UK rejects it
    assert all(i["a"]["document"].startswith("https://w3id.org/cybernorms/id/document/") for i in listed)


def test_one_name_names_one_thing_and_an_old_group_name_says_the_new_one(client):
    # AU is Australia's ISO code; the African Union, once "AU" here, is now "African-Union".
    alignment = client.get("/api/v1/alignment", params={"a": "AU", "b": "FR"}).json()
    assert alignment["a"].endswith("/id/state/AU")
    group = client.get("/api/v1/alignment", params={"a": "African-Union", "b": "FR"}).json()
    assert group["a"].endswith("/id/group/AU")
    renamed = client.get("/api/v1/groups/AU/profile", params={"proposition": "sovereignty-is-a-rule"})
    assert renamed.status_code == 404
    assert renamed.json()["error"]["message"] == "No group is called 'AU' any more: it is now 'African-Union'."
