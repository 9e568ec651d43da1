"""The compiled timeline gives, on every day, the record the two reference queries give in SPARQL.

For the real data and the coalition fixture, on days around every change the fixture makes and across the
real record: the members of each group (queries/members-as-of.rq) and each actor's latest stance, with and
without stances held by consensus (queries/actor-stances.rq), equal the timeline's snapshot of that day.
"""

import shutil

import pytest
from conftest import REPO, run_cli

from cybernorms.coalitions.answers import Answers
from cybernorms.engine.named_queries import load_named_queries
from cybernorms.engine.store import GraphStore
from cybernorms.settings import Settings

DAYS = ["2007-06-01", "2012-12-30", "2012-12-31", "2015-12-31", "2016-01-01", "2019-05-29", "2020-01-01", "2020-06-01",
        "2021-12-31", "2022-05-01", "2024-11-18", "2025-06-01", "2025-12-31", "2026-02-01", "2026-04-01", "2026-06-01"]


@pytest.fixture(scope="module", params=["real", "fixture"])
def answers(request, tmp_path_factory):
    root = REPO
    if request.param == "fixture":
        root = tmp_path_factory.mktemp("timeline")
        for folder in ("ontology", "queries"):
            shutil.copytree(REPO / folder, root / folder)
        (root / "data").mkdir()
        shutil.copy(REPO / "tests" / "fixtures" / "coalitions.ttl", root / "data")
    build_dir = tmp_path_factory.mktemp("timeline-build")
    assert run_cli("build", root=root, build_dir=build_dir).returncode == 0
    settings = Settings(root=root, build_dir=build_dir)
    return Answers(GraphStore.from_artifact(settings), load_named_queries(settings.queries_dir))


def reference(answers: Answers, day: str, consensus: bool) -> tuple[dict, dict, dict]:
    """Members, completeness and latest stances as the SPARQL reference queries give them."""
    members, complete = {}, {}
    for row in answers.rows("members-as-of", {"as_of": day}):
        members.setdefault(row["group"], []).append(row["member"])
        complete[row["group"]] = {"true": True, "false": False}.get(row.get("members_complete"))
    stances = {}
    for row in answers.rows("actor-stances", {"as_of": day, "consensus": str(consensus).lower()}):
        stances.setdefault((row["actor"], row["proposition"]), (row["stance"], row["document"], row["date"], row["basis"]))
    return members, complete, stances


@pytest.mark.parametrize("consensus", [True, False])
def test_the_timeline_gives_each_day_what_the_reference_queries_give(answers, consensus):
    compared = 0
    for day in DAYS:
        snapshot = answers.timeline.snapshot(day, consensus)
        members, complete, stances = reference(answers, day, consensus)
        assert snapshot.members == members, day
        assert snapshot.complete == complete, day
        got = {key: (r["stance"], r["document"], r["date"], r["basis"]) for key, r in snapshot.stances.items()}
        assert got == stances, day
        compared += len(stances)
    assert compared > 50
