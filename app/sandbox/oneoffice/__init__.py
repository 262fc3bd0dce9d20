"""OneOffice / ZeGenie enterprise simulator (vendor id ``oneoffice``), written from oneoffice.txt.

One endpoint, the host root (``$URL``: the sandbox's ``.../oneoffice/api``, with or
without the trailing slash).  Every call is ``GET $URL`` with header ``x-api-key`` and a
JSON body ``{"method": "<name>", "params": {...}}``.
Methods: createCustomer, createFirstOrder, createRenewalOrder, cancelOrder, suspendOrder.

Errors are ``{"error": {"code", "message"}}``: 400 invalid_params, 401 unauthorized,
404 not_found (unknown customer/order, or a path other than the root), 405
method_not_allowed (any HTTP method but GET), 409 duplicate / renewal_too_early /
order_cancelled, 500 internal_error (injected faults).

Seeded records (times are relative to the simulator clock when the sandbox starts):

- customers ``ACME`` (internal id 1), ``GLOBEX`` (2), ``INITECH`` (3); the next
  customer created gets internal id 4.
- ``ORD-ACME-1``: ACME, oo-std, 25 licences, monthly, 10 days left on the term, so
  a renewal is allowed now.
- ``ORD-GLOBEX-1``: GLOBEX, erp-std, 10 licences, yearly, 335 days left, so a
  renewal is refused (renewal_too_early).
- ``ORD-INITECH-1``: INITECH, oo-lite, 5 licences, monthly, expired 5 days ago, so a
  renewal starts its term today.

Reading of the document beyond ASSUMPTIONS.md: an unknown ``method`` name, unknown
parameters and a missing/wrong Content-Type are 400 invalid_params; exactly 15 days
left is not "more than 15 days", so the renewal is allowed; a renewal, cancel or
suspend that names a renewal order instead of a first order is 400 invalid_params;
suspending a suspended chain answers it unchanged; a suspended chain may be renewed
(the renewal stays suspended with the rest of its chain) or cancelled.
"""

from __future__ import annotations

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.oneoffice.routes import ERRORS, OneOfficeApi, build_app
from app.sandbox.oneoffice.seed import seed
from app.sandbox.oneoffice.store import OneOfficeStore
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["oneoffice"])


def create(control: SimulatorControl) -> Simulator:
    store = OneOfficeStore(api_keys={DEMO_CREDENTIALS["api_key"]})
    seed(store, int(control.now()))
    app = build_app(OneOfficeApi(store, control))
    return Simulator(vendor="oneoffice", hosts={"api": app}, errors=ERRORS, control=control, state=store)
