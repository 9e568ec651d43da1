"""Answers kept by what determines them, with an ETag, so that a repeated query is not evaluated again.

The key is the query text, its bound parameters, the dataset it names, the negotiated format and the base
IRI, together with the version of the data and of the contributions: a curator's change makes every
earlier answer unreachable (and the cache is emptied). Queries whose answer may differ from one run to
the next (NOW, RAND, UUID, STRUUID, BNODE, SERVICE) are never kept.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

UNREPEATABLE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)


@dataclass(frozen=True)
class Kept:
    body: bytes
    media_type: str
    etag: str


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(query: str, *determinants) -> str | None:
        """The key of an answer, or None when the query's answer may change between two runs."""
        if UNREPEATABLE.search(query):
            return None
        return hashlib.sha256(repr((query, *determinants)).encode("utf-8")).hexdigest()

    def get(self, key: str) -> Kept | None:
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
            return kept

    def put(self, key: str, body: bytes, media_type: str) -> Kept:
        kept = Kept(body, media_type, f'"{key[:32]}"')
        if len(body) > self.max_bytes // 8:  # one large answer must not push out many small ones
            return kept
        with self._lock:
            if key not in self._answers:
                self._answers[key] = kept
                self._bytes += len(body)
                while self._bytes > self.max_bytes:
                    _, evicted = self._answers.popitem(last=False)
                    self._bytes -= len(evicted.body)
        return kept

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self._bytes = 0


def not_modified(if_none_match: str | None, etag: str) -> bool:
    """Whether the client's If-None-Match already names this answer."""
    if not if_none_match:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags
