"""OneOffice: customers and licence orders (oneoffice.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: environments, the key, the methods, the connection probe and the answers' labels.
- ``search.py``: the quick lookup, over the local order book.
- ``orders.py``: the order book (OneOffice cannot list orders) and the renewal rule.
- ``pages.py``: its records' own pages (a customer with its orders, an order).

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from dataclasses import replace

from app.vendors.oneoffice.catalog import VENDOR as CATALOG
from app.vendors.oneoffice.pages import PAGES

# The record pages join the definition here, declared beside the catalog whose operations they run.
VENDOR = replace(CATALOG, record_pages=PAGES)

__all__ = ["VENDOR"]
