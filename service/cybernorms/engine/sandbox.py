"""Processes that run clients' queries and updates can be barred from the network, by the kernel.

SERVICE in a query and LOAD in an update make the engine open a connection of the
sender's choosing. While the operator allows no endpoint (CYBERNORMS_FETCH_ALLOW empty,
the default), each process that runs them first installs a seccomp filter: from then on,
creating any socket but a local (AF_UNIX) one fails, whatever the query says, so the
query text need not be read for them. Where the kernel or libseccomp cannot do this,
the text is read instead, failing closed (query_text.py).
"""

import errno
import logging
import socket

log = logging.getLogger("cybernorms.sandbox")

NETWORK_OFF = ("This service fetches nothing from the network: CYBERNORMS_FETCH_ALLOW names no endpoint, so SERVICE "
               "and LOAD cannot reach one.")


def forbid_network() -> bool:
    """Bar this process, and the threads it starts, from opening network sockets; whether the kernel now enforces it."""
    try:
        import pyseccomp

        rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
        rules.set_attr(pyseccomp.Attr.CTL_TSYNC, 1)  # every thread of the process, not only this one
        rules.add_rule(pyseccomp.ERRNO(errno.EACCES), "socket", pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX))
        rules.add_rule(pyseccomp.ERRNO(errno.EACCES), "io_uring_setup")  # io_uring opens sockets without socket()
        rules.load()
    except Exception:  # no libseccomp, not Linux, or a kernel without seccomp filters
        log.warning("the network could not be barred from this process; SERVICE and LOAD are found by reading the "
                    "query text instead", exc_info=True)
        return False
    return _network_refused()


def _network_refused() -> bool:
    """Whether opening an Internet socket now fails, as the filter promises."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    log.warning("a seccomp filter was loaded but Internet sockets still open; reading query text instead")
    return False
