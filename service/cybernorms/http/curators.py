"""Curators' changes over HTTP: who is writing (by bearer token), SPARQL updates, and the answer to a change.

Only the contributions graph can be written, only with a curator's token, and only when
the operator has configured tokens (CYBERNORMS_WRITE_TOKENS); otherwise the service is
read-only.
"""

import hashlib
import hmac

from fastapi import Request
from fastapi.responses import JSONResponse

from ..contributions.changes import ChangeInvalid, ChangeRequest, Contributions
from ..contributions.update import refuse_reaching_out, updated_within
from .errors import ClientError

WRITES_OFF = ("Writes are off on this service: it serves its graph read-only. The operator turns curators' writes on "
              "by setting CYBERNORMS_WRITE_TOKENS.")

def curator(request: Request) -> str:
    """The name of the curator whose bearer token the request carries."""
    tokens: dict[str, str] = request.app.state.settings.write_tokens
    if not tokens:
        raise ClientError(403, WRITES_OFF)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ClientError(401, "Writing needs a curator's token: send the header 'Authorization: Bearer TOKEN'.",
                          headers={"WWW-Authenticate": 'Bearer realm="cybernorms"'})
    # Digests have one length, and every token is compared: the time taken tells nothing about any of them.
    offered = hashlib.sha256(token.strip().encode()).digest()
    found = None
    for name, expected in tokens.items():
        if hmac.compare_digest(offered, hashlib.sha256(expected.encode()).digest()):
            found = name
    if found is None:
        raise ClientError(403, "This token is not a curator's token on this service; check it, or ask the operator for one.")
    return found



async def change_answered(request: Request, operation: str, who: str, new_content) -> JSONResponse:
    contributions: Contributions = request.app.state.contributions
    try:
        applied = await contributions.change(ChangeRequest(operation, who, request.state.request_id), new_content)
    except ChangeInvalid as error:
        report = [{"message": v.message, "focus_node": v.focus, "path": v.path, "value": v.value, "shape": v.shape}
                  for v in error.violations]
        raise ClientError(422, f"The change breaks {len(report)} shape constraint(s) and was not applied; "
                               "correct the data as each message says.", details={"violations": report}) from error
    body = {"change": applied.change, "operation": operation, "added": applied.added, "removed": applied.removed,
            "triples": applied.triples}
    return JSONResponse(body)



async def run_update(request: Request, updates: list[str]) -> JSONResponse:
    """A SPARQL update sent to /sparql: it may change the contributions graph and nothing else."""
    who = curator(request)
    if len(updates) != 1 or not updates[0].strip():
        raise ClientError(400, "Send exactly one non-empty SPARQL update.")
    if {"using-graph-uri", "using-named-graph-uri"} & set(request.query_params):
        raise ClientError(400, "using-graph-uri and using-named-graph-uri are not supported: an update reads only the "
                               "contributions graph.")
    text, settings = updates[0], request.app.state.settings
    # Without allowed endpoints, the update's process is barred from the network; it reads the text itself if it cannot be.
    refuse_reaching_out(text, settings.fetch_allow, network_barred=not settings.fetch_allow, resolve=False)
    return await change_answered(request, "UPDATE", who,
                         lambda current: updated_within(current, text, settings.fetch_allow, settings.query_timeout))


def update_by_get(request: Request) -> ClientError:
    """The error for an update sent with GET, which the protocol does not allow."""
    if not request.app.state.settings.write_tokens:
        return ClientError(403, WRITES_OFF)
    return ClientError(400, "Send a SPARQL update with POST: as application/sparql-update, or as an 'update' field "
                            "of application/x-www-form-urlencoded.")
