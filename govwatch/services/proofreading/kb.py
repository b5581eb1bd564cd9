"""The knowledge base in use: the newest approved version of each file edited in the admin
(storage.KnowledgeBaseFile), the bundled file for the others. The engine stays pure: this module loads
the YAML from the database and hands a KnowledgeBase to it."""

from __future__ import annotations

import threading

from govwatch.proofread.kb import KnowledgeBase, default_kb
from govwatch.storage import proofread_queries as q

_lock = threading.Lock()
_cached: tuple[tuple[tuple[str, int], ...], KnowledgeBase] | None = None


def current_kb() -> KnowledgeBase:
    """The knowledge base to proofread with (rebuilt only when an approved version changes; one query a
    call). Raises KnowledgeBaseError if a stored version no longer validates (edits are validated on save)."""
    global _cached
    signature = q.kb_signature()
    if not signature:
        return default_kb()
    with _lock:
        if _cached is not None and _cached[0] == signature:
            return _cached[1]
    kb = q.build_kb({name: row.text for name, row in q.newest_approved().items()})
    with _lock:
        _cached = (signature, kb)
    return kb
