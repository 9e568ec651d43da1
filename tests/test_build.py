"""`cybernorms build`: validation failures, caching, and the artifact with its manifest."""

import json
import time

from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from conftest import EXAMPLE_DATA, REPO, example_checkout, run_cli

BAD_STATE = """
@prefix cn: <https://w3id.org/cybernorms/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/cybernorms/id/state/xx> a cn:State ; rdfs:label "Nowhere"@en ; cn:alpha2 "xx" ; cn:alpha3 "XXX" .
"""


def test_second_build_comes_from_the_cache(tmp_path):
    first = run_cli("build", build_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "built:" in first.stderr and "from cache" not in first.stderr
    second = run_cli("build", build_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "from cache" in second.stderr and "built:" not in second.stderr


def test_manifest_describes_the_artifact(tmp_path):
    started = time.monotonic()
    assert run_cli("build", build_dir=tmp_path).returncode == 0
    wall_clock = time.monotonic() - started
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    quads = (tmp_path / "graph.nq").read_text().splitlines()
    asserted = sum(line.endswith("<https://w3id.org/cybernorms/graph/asserted> .") for line in quads)
    inferred = sum(line.endswith("<https://w3id.org/cybernorms/graph/inferred> .") for line in quads)
    assert manifest["triples"] == {"asserted": asserted, "inferred": inferred}
    assert asserted > 0 and inferred > 0
    ontology = Graph().parse(REPO / "ontology" / "cybernorms.ttl")
    assert manifest["version"] == str(ontology.value(URIRef("https://w3id.org/cybernorms/ontology"), OWL.versionInfo))
    assert len(manifest["input_hash"]) == 64
    timings = manifest["timings_s"]
    assert {"parse", "validate (SHACL)", "reason (OWL 2 RL)", "total"} <= set(timings)
    in_turn = [seconds for step, seconds in timings.items() if step not in ("total", "validate (SHACL)")]
    assert min(in_turn) >= 0 and sum(in_turn) <= timings["total"] + 0.01 and timings["total"] <= wall_clock
    assert 0 < timings["validate (SHACL)"] <= timings["total"]  # beside the other steps, within the build's time
    assert any(entry["path"] == "ontology/shapes.ttl" for entry in manifest["inputs"])


def test_changed_input_is_rebuilt(tmp_path):
    root = example_checkout(tmp_path)
    assert run_cli("build", root=root).returncode == 0
    with (root / "data" / "example.ttl").open("a") as data:
        data.write("\n# a curator's edit\n")
    again = run_cli("build", root=root)
    assert again.returncode == 0
    assert "built:" in again.stderr
    # Back to the first content: its hash differs from the last build's, so it is built again, not taken from the cache.
    (root / "data" / "example.ttl").write_text(EXAMPLE_DATA.read_text())
    back = run_cli("build", root=root)
    assert back.returncode == 0
    assert "built:" in back.stderr


def test_violation_fails_the_build_with_a_readable_report(tmp_path):
    root = example_checkout(tmp_path)
    (root / "data" / "bad-state.ttl").write_text(BAD_STATE)
    result = run_cli("build", root=root)
    assert result.returncode == 1
    assert "1 SHACL violation:" in result.stderr
    assert "A state needs exactly one cn:alpha2" in result.stderr
    assert "focus node: https://w3id.org/cybernorms/id/state/xx" in result.stderr
    assert "path:       <https://w3id.org/cybernorms/ontology#alpha2>" in result.stderr
    assert "file:       data/bad-state.ttl" in result.stderr
    assert not (root / "build" / "graph.nq").exists()


def test_violation_fails_validate_too(tmp_path):
    bad = tmp_path / "bad-state.ttl"
    bad.write_text(BAD_STATE)
    result = run_cli("validate", str(bad), root=example_checkout(tmp_path / "checkout"))
    assert result.returncode == 1
    assert "A state needs exactly one cn:alpha2" in result.stdout


def test_syntax_error_names_the_file(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<urn:a> <urn:b> .")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert "broken.ttl: not valid turtle" in result.stderr


def test_a_data_change_that_breaks_a_shape_fails_the_next_build_with_the_report(tmp_path):
    root = example_checkout(tmp_path)
    assert run_cli("build", root=root).returncode == 0
    data = root / "data" / "example.ttl"
    data.write_text(data.read_text().replace('cn:alpha2 "XA"', 'cn:alpha2 "xa"'))
    for attempt in ("after the change", "and again, since a failed build is not kept"):
        result = run_cli("build", root=root)
        assert result.returncode == 1, attempt
        assert "1 SHACL violation:" in result.stderr, attempt
        assert "A state needs exactly one cn:alpha2" in result.stderr
        assert "focus node: https://w3id.org/cybernorms/id/example/state-XA" in result.stderr
        assert "file:       data/example.ttl" in result.stderr


def test_a_change_to_the_shapes_rebuilds_and_validates_the_data_again(tmp_path):
    root = example_checkout(tmp_path)
    assert run_cli("build", root=root).returncode == 0
    shapes = root / "ontology" / "shapes.ttl"
    # A stricter rule that the example states, with alpha-3 codes XAA and XBB, do not meet.
    stricter = shapes.read_text().replace('sh:pattern "^[A-Z]{3}$"', 'sh:pattern "^[A-Z]{2}X$"')
    assert stricter != shapes.read_text()
    shapes.write_text(stricter)
    result = run_cli("build", root=root)
    assert result.returncode == 1
    assert "2 SHACL violations:" in result.stderr
    assert result.stderr.count("A state needs exactly one cn:alpha3") == 2
