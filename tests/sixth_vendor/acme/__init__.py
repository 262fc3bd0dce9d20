"""Acme Notes: a notebook service (a vendor made up for the tests).

- ``catalog.py``: environments, the login, three operations (a paginated list, a look-up, a
  delete), labels, how a note is titled and named, the self-check's read.
- ``search.py``: how the quick lookup asks Acme Notes.
"""

from tests.sixth_vendor.acme.catalog import VENDOR

__all__ = ["VENDOR"]
