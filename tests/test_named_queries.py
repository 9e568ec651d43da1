"""The canned queries in queries/ run as they are at /sparql, with the columns researchers rely on."""

import pytest

from conftest import REPO

EXPECTED_COLUMNS = {
    "stances.rq": ["holder", "holder_code", "proposition", "proposition_label", "area", "stance", "document", "date", "source"],
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
    assert answer["members"] == 32
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
