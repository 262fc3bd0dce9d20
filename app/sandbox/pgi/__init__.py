"""Sandbox simulator of PGi / ZipConferencing client provisioning (vendor id ``pgi``).

Written from the vendor document (pgi-zipconferencing.txt) and ASSUMPTIONS.md alone.
Mounted by the framework at ``/pgi/api``; the paths in routes.py are the document's.

Demo API key (header ``X-AUTH-TOKEN``): ``pgi-demo-key-2026``.

Seeded data (the same every run) a tester can try:

* ``clientId`` 10863894 — active (Laurentian Freight Logistics, Montreal; the id the
  document uses in its deactivate example).  companyId 418203, hubId 530117.
* ``clientId`` 10863897 — inactive (same company, same hub).
* ``clientId`` 24410582 — inactive (Harborview Legal Services, Boston MA).
* ``clientId`` 24410577 — active, same company as 24410582.
* ``clientId`` 99999999 — never provisioned (404).
* Re-provisioning ``company.externalId`` 1001 with ``client.externalId`` 5001 answers
  client 10863894 again (idempotency by the external id pair).

Decisions where the document is silent (for docs/vendor-notes.md):

* ``externalId`` values are shown as numbers; a whole number or a non-blank string is
  accepted and 50 and "50" are the same key (they are the caller's own ids).
* ``enterpriseId`` and ``clientId`` must be whole numbers (JSON numbers; booleans,
  fractions and numeric strings are refused; 12345678.0 is the JSON number 12345678).
  ``null`` for an optional field means "not given"; for a required one, "missing".
* The USA test ignores case and spaces only, as settled: "U.S.A." is not the USA.
* ``client.email`` must at least look like ``someone@somewhere``.
* Provision answers 200 both when it creates and when it finds the pair; all
  problems of one body are named in one 400 message, separated by "; ".
* Unknown fields are refused with 400 ("the vendors may refuse unknown ones").
* A body without ``Content-Type: application/json`` is refused with 415.
* Re-provisioning a known pair updates names, e-mail and contact but answers the
  stored ids, password, passcodes and hub, and leaves the active flag alone.
* ``client/get`` answers inactive clients too: they still exist and are provisioned.
* Authentication is checked inside each route, so an unknown path (404) or a wrong
  method (405) is reported as such even without a key.
"""

from __future__ import annotations

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.pgi.routes import ERRORS, build_app
from app.sandbox.pgi.seed import seed
from app.sandbox.pgi.store import PgiStore
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["pgi"])


def create(control: SimulatorControl) -> Simulator:
    store = PgiStore()
    seed(store)
    return Simulator(
        vendor="pgi",
        hosts={"api": build_app(store, {DEMO_CREDENTIALS["api_key"]})},
        errors=ERRORS,
        control=control,
        state=store,
    )
