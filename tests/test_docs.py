"""The README stays true: every setting, command and route is documented, and CI runs its test command."""

import re
import shlex
import subprocess

import pytest
from fastapi.routing import APIRoute

from conftest import REPO
from cybernorms.http.app import ROUTERS
from cybernorms.cli import main
from cybernorms.settings import Settings

README = (REPO / "README.md").read_text()


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"`CYBERNORMS_{name.upper()}`" in README, name


def test_every_command_is_documented():
    for name in main.commands:
        assert f"`cybernorms {name}" in README, name


README_HOST = "http://127.0.0.1:8000"


def _url_map() -> dict[str, tuple[set[str], str]]:
    """The URL map's rows: path -> (media types in the Formats column, the example command)."""
    section = README.split("## URL map", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if len(cells) == 4 and cells[0].startswith("`/"):
            rows[cells[0].strip("`")] = (set(re.findall(r"`([a-z]+/[a-z0-9.+-]+)`", cells[2])), cells[3].strip("`"))
    return rows


def test_every_route_has_a_row_in_the_url_map():
    documented = _url_map()
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                assert route.path in documented, route.path


@pytest.mark.parametrize("path", sorted(_url_map()))
def test_every_example_in_the_url_map_works(server, tmp_path, path):
    media_types, command = _url_map()[path]
    words = [word.replace(README_HOST, server) for word in shlex.split(command)]
    assert words[0] == "curl" and any(server in word for word in words), command
    done = subprocess.run([*words, "--silent", "--write-out", "\n%{http_code} %{content_type}"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    status, _, content_type = done.stdout.rsplit("\n", 1)[-1].partition(" ")
    assert status == "200", command
    assert content_type.split(";")[0] in media_types, command


def test_ci_runs_the_readme_test_command():
    test_command = next(block for block in _shell_blocks() if "pytest" in block)
    assert test_command in (REPO / ".ci" / "run").read_text()

