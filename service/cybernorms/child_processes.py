"""Work that must be killable runs in a child process: a fresh interpreter, started and waited for here."""

import multiprocessing

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
        if ours.poll(START_SECONDS) and ours.recv() == READY:
            return process, ours
    except (OSError, EOFError):
        pass
    finally:
        theirs.close()
    stop_child(process, ours)
    raise ChildDidNotStart("A child process did not start; see the log above.")


def stop_child(process, connection) -> None:
    if process.pid is not None:
        process.kill()
        process.join()
    connection.close()
