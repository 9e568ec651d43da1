"""`cybernorms query`: canned queries printed as tables or serialized."""

import csv
import io

from conftest import REPO, run_cli


def test_memberships_query_prints_a_table(build_dir):
    result = run_cli("query", str(REPO / "queries" / "memberships.rq"), build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    header, rule, *rows, count = result.stdout.splitlines()
    assert header.split() == ["group", "group_label", "member", "member_code", "role", "from", "to"]
    assert set(rule.replace(" ", "")) == {"-"}
    nato_rows = [row for row in rows if row.startswith("https://w3id.org/cybernorms/id/group/NATO ")]
    assert len(nato_rows) == 32
    assert count == f"({len(rows)} rows)"


def test_query_as_csv(build_dir):
    result = run_cli("query", str(REPO / "queries" / "stances.rq"), "--format", "csv", build_dir=build_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "holder", "holder_code", "proposition", "proposition_label", "area", "stance", "basis", "document", "date", "source",
    ]
    assert {row["holder_code"] for row in rows} >= {"GB", "FR", "NL"}


def test_query_with_a_syntax_error_exits_1(tmp_path, build_dir):
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE { ?x }")
    result = run_cli("query", str(broken), build_dir=build_dir)
    assert result.returncode == 1
    assert "not valid SPARQL" in result.stderr


def test_graph_format_refused_for_a_select(build_dir):
    result = run_cli("query", str(REPO / "queries" / "memberships.rq"), "--format", "turtle", build_dir=build_dir)
    assert result.returncode == 2
    assert "does not fit" in result.stderr
