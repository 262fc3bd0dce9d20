"""The local record index: what the app has seen of each vendor environment's records, searchable.

One encrypted SQLite file (FTS5) per vendor environment, or one in memory when no keyring works.
"""

from app.services.index.errors import IndexLocked, IndexUnavailable
from app.services.index.store import IndexHit, RecordIndex

__all__ = ["IndexHit", "IndexLocked", "IndexUnavailable", "RecordIndex"]
