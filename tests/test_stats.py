"""`cybernorms stats --json` on a graph small enough to count by hand."""

import json
from datetime import date

from conftest import example_checkout, run_cli


def test_stats_counts_the_example_graph(tmp_path):
    result = run_cli("stats", "--json", root=example_checkout(tmp_path))
    assert result.returncode == 0, result.stderr
    # tests/shapes/valid/example.ttl, counted by hand: two states; an organisation and a signatory group;
    # a joint statement, a position paper, a web page and a news article; a proposition and a norm;
    # the facts are two memberships and one attribution checked against the source text, and one
    # position checked through a secondary source. That position is state A's own paper on a sovereignty
    # proposition; the incident has one attribution. Both memberships ended by 2010, so today's matrix is empty.
    assert json.loads(result.stdout) == {
        "states": 2,
        "groups": 2,
        "memberships": 2,
        "documents": 4,
        "propositions": 2,
        "stances": 1,
        "incidents": 1,
        "attributions": 1,
        "facts": 4,
        "facts_checked_against_source_text": 3,
        "share_checked_against_source_text": 0.75,
        "stances_by_basis": {"own_document": 1},
        "stances_by_area": {"sovereignty": {"own_document": 1}},
        "attributions_by_incident": {"Example incident": 1},
        "matrix": {"as_of": date.today().isoformat(), "cells": 0, "not_mostly_silent": 0, "share_not_mostly_silent": 0.0},
    }
