"""Synthetic iinsight contacts, added straight to a simulator's store (the app is never changed).

Each new contact copies a seeded contact of a random company (position, department,
address, flags) under a new name, e-mail and phone, so pages look like the seed's:
same fields, same kinds of values, same sizes on the wire.
"""

from __future__ import annotations

import random
from dataclasses import fields

from app.sandbox.iinsight.seed import FIRST_NAMES, LAST_NAMES
from app.sandbox.iinsight.store import Contact, Store

_OWN = {"contact_id", "company_id", "last_name", "first_name", "email", "phone1"}


def grow_contacts(store: Store, total: int, seed: int = 20261122) -> int:
    """Add contacts until the store holds ``total``; returns how many were added."""
    rng = random.Random(seed)
    templates = sorted(store.contacts.values(), key=lambda contact: contact.contact_id)
    names = [f.name for f in fields(Contact) if f.name not in _OWN]
    added = 0
    while len(store.contacts) < total:
        template = rng.choice(templates)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        domain = template.email.partition("@")[2] or "example.com.au"
        details = {name: getattr(template, name) for name in names}
        # The seed's phone numbers come from ACMA's fictional ranges; only the last four digits change.
        phone = template.phone1[:-4] + f"{rng.randint(0, 9999):04d}" if template.phone1 else ""
        email = f"{first}.{last}.{store.next_contact_id}@{domain}".lower().replace("'", "")
        store.add_contact(template.company_id, last, first_name=first, email=email, phone1=phone, **details)
        added += 1
    return added
