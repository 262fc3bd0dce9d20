"""A sixth vendor, Acme Notes, declared in the tests alone: proof that a vendor is data plus its own
package, and that the CLI, the quick lookup, the self-check and the generic tab take it as it is.

- ``acme/``: the client side, laid out as a real vendor's package in app/vendors/.
- ``simulator.py``: its sandbox, a small Starlette app as in app/sandbox/.
- ``conftest.py``: registers both where the real five are registered, for one test at a time.
"""
