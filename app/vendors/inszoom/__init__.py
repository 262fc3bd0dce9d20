"""INSZoom: immigration clients, passports, visas and cases (inszoom.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: environments, keys, the token login, every operation, its records and labels.
- ``search.py``: how the quick lookup asks it.

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from app.vendors.inszoom.catalog import VENDOR

__all__ = ["VENDOR"]
