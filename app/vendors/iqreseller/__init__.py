"""IQ Reseller: CVs and any other IQ Reseller method (iqreseller.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: the two hosts, the session that must be ended, the methods and CV columns.
- ``method_call.py``: the generic call's verb, path and query, as integrations send them.
- ``search.py``: how the quick lookup asks it.
- ``pages.py``: its records' own pages (details, related records, actions).

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from dataclasses import replace

from app.vendors.iqreseller.catalog import VENDOR as CATALOG
from app.vendors.iqreseller.pages import PAGES

# The record pages join the definition here, declared beside the catalog whose operations they run.
VENDOR = replace(CATALOG, record_pages=PAGES)

__all__ = ["VENDOR"]
