"""iinsight: case contacts and company contacts (iinsight.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: environments, the login, every operation, the duplicate check and its columns.
- ``search.py``: how the quick lookup asks it.

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from app.vendors.iinsight.catalog import VENDOR

__all__ = ["VENDOR"]
