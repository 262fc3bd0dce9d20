"""IQ Reseller simulator (vendor id ``iqreseller``), written from iqreseller.txt and
iqreseller-integrations.md (the methods real integrations call).

Two hosts sharing one store, mounted by the framework at /iqreseller/signin and
/iqreseller/api (routes.py; sessions and records in store.py, seed.py, seed_sales.py).  A path that
belongs to the other host answers 404.

signin host
  ``POST /api/IntegrationAPI/Session``  headers Content-Type and Accept:
  application/json, body ``{"APIToken": "<api key>"}`` → 200 ``{"Data": "<session token>"}``.
  ``DELETE /api/IntegrationAPI/Session``  header ``Authorization: Bearer <session token>``,
  no body → 200 with an empty body; the session is over.

api host
  ``POST /webapi.svc/{Area}/json/{Method}``  header ``iqr-session-token``, JSON body; the
  format segment may also be ``JSON``, as most integrations write it.
  Methods (paths are otherwise case-sensitive):

  - ``CV/json/GetCVs``             ``{}`` (whole list) or ``{"Page", "PageSize"}`` (1-based)
                                   → list of 340 CVs; pages of 100 end with a page of 40.
  - ``CV/json/GetCV``              ``{"CVID": <number>}`` → one CV, or 404.
  - ``Customer/json/GetCustomers`` ``{}`` or ``{"Page", "PageSize"}`` → list of 60 customers.
  - ``Inventory/json/GetItems``    ``{}`` or ``{"Page", "PageSize"}`` → list of 120 items.

  and the GET methods integrations call, their parameters in the query string
  (routes.py lists them with the document section each follows; sales.py answers
  them): 236 sales orders ``SO/JSON/GetSOs`` (0-based pages, 500 past the last) and
  their XML form, an order's lines, a CV's contacts, conditions, the inventory of a
  PO, one item; and ``POST SO/UDFS/JSON`` changing an order's own fields.

Sessions end after 20 minutes without a call (each accepted call restarts the 20
minutes; ``control.token_lifetime_s`` replaces these 20 minutes) and in any case
12 hours after they started.  The document gives no lifetime; these are our choice.

Errors are ``{"Message": "..."}``: 400 bad body, 401 bad key / missing, unknown,
ended or expired session, 404 unknown path or method or record, 405 wrong HTTP
method on a known path, 406 no ``Accept: application/json``, 415 a POST body
without ``Content-Type: application/json``, 500 (injected, or a GetSOs page past
the last).

Reading of the document beyond ASSUMPTIONS.md: ``Accept: */*`` does not count as
``application/json``; DELETE needs no Accept or Content-Type but refuses a body
(400, "No request payload is accepted"); an empty POST body to the api is a 400
(the client sends ``{}``); unknown body keys are a 400; ``CVID``/``Page``/``PageSize``
must be JSON numbers; a GetCVs page past the end is ``[]`` (GetSOs: a 500, as
integrations saw).  CV fields beyond the six settled ones (Title, Skills as one
comma-separated string, YearsExperience, UpdatedAt as ISO 8601 UTC) are invented
for the sandbox.
"""

from __future__ import annotations

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.iqreseller.routes import ERRORS, api_app, signin_app
from app.sandbox.iqreseller.seed import make_customers, make_cvs, make_items
from app.sandbox.iqreseller.seed_sales import make_conditions, make_contacts, make_orders, make_po_inventories
from app.sandbox.iqreseller.store import IqrStore
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["iqreseller"])


def create(control: SimulatorControl) -> Simulator:
    cvs, items = make_cvs(), make_items()
    orders, order_lines = make_orders(cvs, items)
    store = IqrStore(
        api_keys={DEMO_CREDENTIALS["api_key"]},
        cvs=cvs,
        customers=make_customers(),
        items=items,
        orders=orders,
        order_lines=order_lines,
        conditions=make_conditions(),
        contacts=make_contacts(cvs),
        po_inventories=make_po_inventories(items),
    )
    hosts = {"signin": signin_app(store, control), "api": api_app(store, control)}
    return Simulator(vendor="iqreseller", hosts=hosts, errors=ERRORS, control=control, state=store)
