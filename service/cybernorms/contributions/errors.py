"""Why a curator's change was not made, as the contributions core says it; the HTTP layer picks the status code."""


class ChangeNotMade(Exception):
    """Nothing was changed; the message says why and what to do."""


class BodyTypeUnsupported(ChangeNotMade):
    """The body is in a media type graphs are not read from."""


class BodyInvalid(ChangeNotMade):
    """The body is not a graph of the kind the contributions hold (bad syntax, named graphs, blank nodes)."""


class UpdateInvalid(ChangeNotMade):
    """The update is not SPARQL, or the engine could not run it."""


class UpdateRefused(ChangeNotMade):
    """The update would reach beyond the contributions graph: another graph, or a source it may not fetch."""


class UpdateTimedOut(ChangeNotMade):
    """The update ran past its deadline and was stopped."""


class UpdateNotStarted(ChangeNotMade):
    """The process that runs updates could not be started; trying again later may work."""


class UpdateCrashed(ChangeNotMade):
    """The engine ended while running the update."""


class FetchFailed(ChangeNotMade):
    """A source the operator allowed (LOAD, SERVICE) failed to answer."""
