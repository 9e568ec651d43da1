"""The README stays true: every setting, command and route is documented, and CI runs its test command."""

import re

from fastapi.routing import APIRoute

from conftest import REPO
from cybernorms.app import ROUTERS
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


def test_every_route_is_documented():
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                assert f"`{route.path}`" in README, route.path


def test_ci_runs_the_readme_test_command():
    test_command = next(block for block in _shell_blocks() if "pytest" in block)
    assert test_command in (REPO / ".ci" / "run").read_text()

