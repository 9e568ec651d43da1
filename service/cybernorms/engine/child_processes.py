"""Work that must be killable runs in a child process: a fresh interpreter, started and waited for here."""

import logging
import multiprocessing

log = logging.getLogger("cybernorms.children")

READY = "ready"
START_SECONDS = 120


class ChildDidNotStart(RuntimeError):
    """The child ended, or said nothing, before it was ready."""


def start_child(target, *args):
    """Run TARGET(connection, *ARGS) in a fresh interpreter; return the process and our end once it sends READY."""
    context = multiprocessing.get_context("spawn")  # nothing shared with the server's threads or state
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, *args), daemon=True)
    try:
        process.start()
        ready = ours.poll(START_SECONDS) and ours.recv() == READY
    except Exception:  # it could not be started, or ended before it was ready: the same to the caller
        log.exception("a child process could not be started")
        ready = False
    finally:
        theirs.close()
    if ready:
        return process, ours
    stop_child(process, ours)
    raise ChildDidNotStart("A child process did not start; see the log above.")


def stop_child(process, connection) -> None:
    if process.pid is not None:
        process.kill()
        process.join()
    connection.close()
