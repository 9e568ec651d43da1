"""Schemathesis, an independent fuzzer, drives every route from the OpenAPI document, writes included.

It sends generated valid and invalid requests and checks each answer: no server
error, a status and a content type the document declares, bodies that match their
schemas, invalid input refused, 405 with an Allow header. One check is left out:
`positive_data_acceptance`, because the document cannot say that one parameter
depends on another (?graph= or ?default; a group with a proposition, or a state),
nor hold the grammar of SPARQL: such requests are schema-valid and still refused,
with a 4xx that says why.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from conftest import REPO, serve

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
TOKEN = "fuzzing-token"


@pytest.fixture(scope="module")
def writable(build_dir, tmp_path_factory):
    contributions = tmp_path_factory.mktemp("fuzzed") / "contributions.jsonl"
    yield from serve(REPO, build_dir, {"CYBERNORMS_QUERY_TIMEOUT": "2", "CYBERNORMS_CONTRIBUTIONS_FILE": str(contributions),
                                       "CYBERNORMS_WRITE_TOKENS": f'{{"fuzzer": "{TOKEN}"}}'})


def test_every_route_survives_the_fuzzer(writable, tmp_path):
    run = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{writable}/openapi.json", "--checks", "all",
         "--exclude-checks", "positive_data_acceptance", "--max-examples", "20", "--seed", "1",
         # One worker: with several, CPython 3.11 can fail compiling the fuzzer's own patterns in threads.
         "--workers", "1", "--header", f"Authorization: Bearer {TOKEN}", "--no-color"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO / "tests"), "SCHEMATHESIS_HOOKS": "schemathesis_hooks"},
        capture_output=True, text=True, timeout=600,
    )
    summary = run.stdout[run.stdout.rfind("SUMMARY"):]
    print(summary)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    operations = sum(len(methods) for methods in httpx.get(f"{writable}/openapi.json").json()["paths"].values())
    assert f"Tested: {operations}" in summary  # every operation was reached, none skipped
    generated = re.search(r"(\d+) generated", summary)
    assert generated and int(generated.group(1)) > 20 * operations, summary
    assert httpx.get(f"{writable}/-/health").status_code == 200
