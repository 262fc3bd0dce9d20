"""Sandbox simulator of iinsight's contacts API (vendor id ``iinsight``).

Written from the vendor document (iinsight-contacts.txt) and ASSUMPTIONS.md alone.
The host ``api`` is mounted at ``/iinsight/api``; its paths are the document's
(``POST /auth/login``, ``GET /api1/company_contacts``, ...).

Sign in with ``DEMO_CREDENTIALS`` (username ``demo.rehab``, password ``sandbox-pass``).
Tokens last 3600 s unless the control knob ``token_lifetime_s`` says otherwise.

What a tester can try (the seed is fixed, so these never change):

- ``company_contacts`` / ``case_contacts`` with ``modified_since=1900-01-01``: 1,151
  company contacts over 164 companies (pages 1-12, the last holding 51; page 13 is
  empty) and 304 case contacts on 60 cases (pages 1-4); seeded dates run from 2018 to 30-06-2026, so
  ``modified_since=2026-07-01`` returns only what was changed through the API.
- Case ``case_id=1`` is ``NAT111`` (``case`` in case_contacts shows the case code; every
  parameter takes the numeric ``case_id``).  On it: contact 101 Olivia Nguyen (bill to
  and referrer, 3 invoices: check_delete says delete=false, transfer_invoices=true and
  delete_from_case is refused with 409), contact 102 Daniel Kowalski (employer and bill
  to cc, no invoices: can be deleted), contact 103 Dr Sarah Whitfield (no role) and
  contact 104 Michael O'Brien (disabled on the case: disable is refused with 409).
- Duplicate check: associate a new contact (no contact_id) named John Citizen with
  phone1 "(02) 5550 4321" (any case or spacing); the answer lists contacts 105 and 106.
  Repeat with ``proceed_registration_anyway=Yes`` to create it anyway.
- Company 1 is "Southern Cross Workers Insurance"; contacts/new with that
  company_name and no company_id files the new contact under company 1.
- Fault knobs: ``fail_next`` answers in the document's 500 shape; ``malformed_next``
  sends truncated JSON.
"""

from __future__ import annotations

from app.sandbox.control import SimulatorControl
from app.sandbox.demo import DEMO_CREDENTIALS as ALL_DEMO_CREDENTIALS
from app.sandbox.iinsight.routes import ERRORS, IInsightApi
from app.sandbox.iinsight.seed import build_store
from app.sandbox.simulator import Simulator

DEMO_CREDENTIALS = dict(ALL_DEMO_CREDENTIALS["iinsight"])


def create(control: SimulatorControl) -> Simulator:
    # Seeding takes a few tens of milliseconds, cheap enough to do eagerly at start-up.
    store = build_store()
    app = IInsightApi(store, control, DEMO_CREDENTIALS).app()
    return Simulator(vendor="iinsight", hosts={"api": app}, errors=ERRORS, control=control, state=store)
