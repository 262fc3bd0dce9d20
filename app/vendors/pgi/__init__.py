"""PGi / ZipConferencing: conference-account provisioning (pgi.txt).

Everything Switchboard knows about this vendor on the client side is in this package:

- ``catalog.py``: environments, the key, every operation and the answers' labels.
- ``search.py``: how the quick lookup asks it.

Its Qt flows, if any, are in ``app/ui/flows/``; its simulator is in ``app/sandbox/``.
"""

from app.vendors.pgi.catalog import VENDOR

__all__ = ["VENDOR"]
