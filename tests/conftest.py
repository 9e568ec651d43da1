"""Fixtures that run the real command line and a real server, as a user would."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import typing
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("cybernorms")


def run_cli(*args: str, root: Path = REPO, build_dir: Path | None = None, timeout: int = 300,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `cybernorms ARGS` in a fresh process, with ENV added to the environment, and capture what it prints."""
    env = {**os.environ, **(env or {}), "CYBERNORMS_ROOT": str(root)}
    if build_dir is not None:
        env["CYBERNORMS_BUILD_DIR"] = str(build_dir)
    return subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, timeout=timeout)


EXAMPLE_DATA = REPO / "tests" / "shapes" / "valid" / "example.ttl"


def example_checkout(destination: Path) -> Path:
    """The real ontology and queries with the small example data: quick to build, safe to change."""
    for folder in ("ontology", "queries"):
        shutil.copytree(REPO / folder, destination / folder)
    (destination / "data").mkdir()
    shutil.copy(EXAMPLE_DATA, destination / "data")
    return destination


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("build")


@pytest.fixture(scope="session")
def server(build_dir) -> str:
    """`cybernorms serve` on the real data, on a free loopback port; yields its base URL."""
    yield from serve(REPO, build_dir)


@contextmanager
def untouched_port():
    """A listening loopback port; leaving the block fails if anything connected to it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        yield listener.getsockname()[1]
        with pytest.raises(BlockingIOError):
            listener.accept()


def descendants(pid: int) -> list[int]:
    """The processes started by PID and by them, from /proc (a server's query workers, say)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *descendants(int(child))]
    return found


class Served(str):
    """The base URL of a running `cybernorms serve`, with its process and its log (a file)."""

    process: subprocess.Popen
    log: typing.IO[str]


def serve(root: Path, build_dir: Path, settings: dict[str, str] | None = None):
    """Run `cybernorms serve` on ROOT, with extra CYBERNORMS_* settings, until the caller is done; yields the base URL."""
    port = free_port()
    env = {**os.environ, "CYBERNORMS_ROOT": str(root), "CYBERNORMS_BUILD_DIR": str(build_dir), **(settings or {})}
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen([str(CLI), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                               text=True)
    base = Served(f"http://127.0.0.1:{port}")
    base.process = process
    base.log = log
    try:
        wait_until_answering(process, f"{base}/-/health", log, 180)
        yield base
    finally:
        stop(process)
        log.close()


def wait_until_answering(process: subprocess.Popen, url: str, log: typing.IO[str], seconds: float) -> None:
    """Wait until URL answers (any status below 500); fail, with what PROCESS logged, if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{process.args[0]} exited early:\n{log.read()}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args[0]} did not answer {url} within {seconds:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """Stop a server, killing it if it will not stop (busy with a long query, say)."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server, timeout=60) as http:
        yield http
