"""PGi / ZipConferencing: conference-account provisioning (pgi.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: environments, the key, every operation and the answers' labels.
- ``search.py``: how the quick lookup asks it.
- ``pages.py``: its records' own pages (details, related records, actions).

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from dataclasses import replace

from app.vendors.pgi.catalog import VENDOR as CATALOG
from app.vendors.pgi.pages import PAGES

# The record pages join the definition here, declared beside the catalog whose operations they run.
VENDOR = replace(CATALOG, record_pages=PAGES)

__all__ = ["VENDOR"]
