"""IQ Reseller: CVs and any other IQ Reseller method (iqreseller.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: the two hosts, the session that must be ended, the methods and CV columns.
- ``search.py``: how the quick lookup asks it.

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from app.vendors.iqreseller.catalog import VENDOR

__all__ = ["VENDOR"]
