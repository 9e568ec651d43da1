"""Run a function in a forked process while this one goes on: the build validates beside its reasoning.

The child is forked, so it reads the parent's parsed graph where it lies instead of receiving a copy;
only the result comes back, through a pipe.
"""

import multiprocessing
from typing import Callable


class SideProcessFailed(Exception):
    """The forked process ended without giving a result."""


class SideProcess:
    def __init__(self, action: Callable[[], object]):
        context = multiprocessing.get_context("fork")
        self._result, result_out = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_result, args=(action, result_out), daemon=True)
        self._process.start()
        result_out.close()

    def result(self):
        """Wait for the function's value; its exception, if it raised one, is raised here."""
        try:
            failed, value = self._result.recv()
        except EOFError:
            raise SideProcessFailed(f"the side process ended with exit code {self._process.exitcode}") from None
        finally:
            self._process.join()
        if failed:
            raise value
        return value


def _send_result(action: Callable[[], object], result_out) -> None:
    try:
        outcome = (False, action())
    except Exception as error:  # given to the parent, which raises it
        outcome = (True, error)
    result_out.send(outcome)
