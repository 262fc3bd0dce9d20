"""OneOffice / ZeGenie enterprise: customers and licence orders (oneoffice.txt).

Every call is ``GET $URL`` — the endpoint itself, path "/" — with header ``x-api-key``
and a JSON body ``{"method": "<name>", "params": {...}}``: a GET with a body, exactly
as documented.  The method name is a body constant of each operation; every input
is named as the document names it inside ``params`` (``id``, ``customer``, ``admin.email``: what
``-p`` and ``--body`` take) and sent inside ``params`` (``Field.key``: ``params.admin.email``).

The ids the user types are *our* ids (the document's "your internal id"): OneOffice
keeps them as ``remoteId`` / order ``id`` and every later call refers to them.
"""

from __future__ import annotations

from typing import Any

from app.contract.spec import Field, FieldKind, Operation
from app.contract.vendor import (
    ConnectionProbe,
    CredentialField,
    Environment,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import StaticHeaderKey
from app.vendors.oneoffice.records import record_facts
from app.vendors.oneoffice.search import quick_search

ENDPOINT = "/"  # $URL itself: the administrator's base URL is the whole endpoint

PRODUCTS = ("oo-lite", "oo-std", "oo-ent", "erp-std", "erp-admin", "erp-lim")
DURATIONS = ("monthly", "yearly")
# The document gives only the codes; the names say what each code is (the code stays on the wire and
# in brackets, as OneOffice support knows it).
PRODUCT_NAMES = {
    "oo-lite": "OneOffice Lite (oo-lite)",
    "oo-std": "OneOffice Standard (oo-std)",
    "oo-ent": "OneOffice Enterprise (oo-ent)",
    "erp-std": "ERP Standard (erp-std)",
    "erp-admin": "ERP Administrator (erp-admin)",
    "erp-lim": "ERP Limited (erp-lim)",
}
DURATION_NAMES = {"monthly": "Monthly (30 days)", "yearly": "Yearly (365 days)"}

# OneOffice's own sentence is shown when it gives one; these cover an answer with a code only.
# (401 unauthorized never gets here: the session turns it into "refused the API key".)
CODE_SENTENCES = {
    "invalid_params": "Some of the details were not accepted. Check the form and try again.",
    "not_found": "There is no customer or order with that id. Check the id and try again.",
    "duplicate": "A customer or order with that id already exists. Choose another id.",
    "renewal_too_early": "More than 15 days are left on the current term. "
    "Renew it when 15 days or fewer are left.",
    "order_cancelled": "That order is cancelled, so it cannot be changed any more.",
    "internal_error": "Try again shortly.",  # follows "OneOffice had a problem on its side (status 500)."
}


def _param(name: str, label: str, kind: FieldKind = FieldKind.TEXT, **details: Any) -> Field:
    """One of the document's ``params``: named as the document names it inside ``params`` (what a
    script gives with -p, and --body for ``admin``), sent inside ``params`` of the body."""
    return Field(name, label, kind, key=f"params.{name}", **details)


CUSTOMER_ID = _param(
    "customer",
    "Our customer id",
    required=True,
    help="The id you gave this customer when you created it in OneOffice (e.g. ABC).",
    placeholder="e.g. ABC",
    holds="customer",
)
FIRST_ORDER_ID = _param(
    "id",
    "First order id",
    required=True,
    help="Our id of the customer's first order (e.g. REMOTEORDER1). "
    "It acts on that order and on all its renewals.",
    placeholder="e.g. REMOTEORDER1",
    holds="order",
)

OPERATIONS = (
    Operation(
        id="customer.create",
        label="Add a customer",
        method="GET",
        path=ENDPOINT,
        body_constants={"method": "createCustomer"},
        fields=(
            _param(
                "id",
                "Our customer id",
                required=True,
                group="Customer",
                help="The customer's id in our own system (e.g. ABC). OneOffice keeps it as the "
                "remote id; you give it again when you place the customer's first order.",
                placeholder="e.g. ABC",
                holds="customer",
            ),
            _param("name", "Company name", required=True, group="Customer"),
            _param(
                "admin.email",
                "Administrator's email",
                FieldKind.EMAIL,
                required=True,
                group="Administrator",
                help="The person who will manage the customer's OneOffice account. "
                "OneOffice sends no email when the customer is created.",
            ),
            _param("admin.phone", "Administrator's phone", group="Administrator"),
            _param(
                "admin.displayName",
                "Administrator's name",
                group="Administrator",
                help="The name shown for the administrator, e.g. Isa Aswath.",
            ),
        ),
        description="Creates the customer in OneOffice before their first purchase. "
        "No email is sent to anyone.",
        category="Customers",
        done_text="{name} is now a OneOffice customer (our customer id {id}).",
    ),
    Operation(
        id="order.create_first",
        label="Place a first order",
        method="GET",
        path=ENDPOINT,
        body_constants={"method": "createFirstOrder"},
        fields=(
            CUSTOMER_ID,
            _param(
                "id",
                "Our order id",
                required=True,
                help="The order's id in our own system (e.g. REMOTEORDER1). Renewals, cancelling "
                "and suspending all refer to this first order's id.",
                placeholder="e.g. REMOTEORDER1",
                holds="order",
            ),
            _param(
                "product",
                "Product",
                FieldKind.CHOICE,
                required=True,
                choices=PRODUCTS,
                choice_labels=PRODUCT_NAMES,
                help="The product the licences are for, by OneOffice's code: the oo- codes are "
                "OneOffice plans, the erp- codes are ERP plans.",
            ),
            _param(
                "licenses",
                "Licences",
                FieldKind.INTEGER,
                required=True,
                minimum=1,
                help="How many licences the customer buys.",
                placeholder="e.g. 20",
            ),
            _param(
                "duration",
                "Term",
                FieldKind.CHOICE,
                required=True,
                choices=DURATIONS,
                choice_labels=DURATION_NAMES,
                help="How long each term lasts: monthly (30 days) or yearly (365 days).",
            ),
        ),
        description="The customer's first purchase: which product, how many licences and how long a term.",
        category="Orders",
        asks_first=True,
        confirm_text="Place order {id} for customer {customer}: {licenses} licences "
        "of {product}, {duration}? OneOffice bills the customer for it.",
        done_text="Order {id} is placed: {licenses} {product} licences for {customer}, {duration}.",
    ),
    Operation(
        id="order.create_renewal",
        label="Renew an order",
        method="GET",
        path=ENDPOINT,
        body_constants={"method": "createRenewalOrder"},
        fields=(
            _param(
                "parent",
                "First order id",
                required=True,
                help="Our id of the customer's first order; the same for every renewal.",
                placeholder="e.g. REMOTEORDER1",
                holds="order",
            ),
            _param(
                "id",
                "Renewal order id",
                required=True,
                help="Our id for this renewal; each renewal needs a new one.",
                placeholder="e.g. REMOTEORDER2",
                holds="renewal order",
            ),
        ),
        description="Adds one more term with the same product, licences and term length. "
        "OneOffice refuses it while more than 15 days are left on the current term; if the term "
        "has already ended, the new one starts today.",
        category="Orders",
        asks_first=True,
        confirm_text="Renew order {parent} for one more term, as renewal order {id}? "
        "OneOffice bills the customer for the new term.",
        done_text="Order {parent} is renewed by order {id}.",
    ),
    Operation(
        id="order.cancel",
        label="Cancel an order",
        method="GET",
        path=ENDPOINT,
        body_constants={"method": "cancelOrder"},
        fields=(FIRST_ORDER_ID,),
        description="Cancels the first order and all its renewals.",
        category="Orders",
        destructive=True,
        confirm_text="Cancel OneOffice order {id} and all its renewals? The customer loses "
        "these licences, and a cancelled order can no longer be renewed or suspended.",
        done_text="Order {id} and its renewals are cancelled.",
    ),
    Operation(
        id="order.suspend",
        label="Suspend an order",
        method="GET",
        path=ENDPOINT,
        body_constants={"method": "suspendOrder"},
        fields=(FIRST_ORDER_ID,),
        description="Suspends the first order and all its renewals.",
        category="Orders",
        destructive=True,
        confirm_text="Suspend OneOffice order {id} and all its renewals? The customer's licences "
        "from this order stop working. There is no call to lift a suspension: OneOffice support "
        "has to do that.",
        done_text="Order {id} and its renewals are suspended.",
    ),
)


def error_message(body: Any) -> str | None:
    """{"error": {"code", "message"}}: OneOffice's own sentence, else one for its code."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None
    if error.get("message"):
        return str(error["message"])
    code = str(error.get("code") or "")
    return CODE_SENTENCES.get(code, code or None)


def record_name(operation_id: str, values: dict[str, Any], data: Any) -> tuple[str, str] | None:
    """Name new records so that a later cancel or suspend confirmation says what the id is."""
    record_id = str(values.get("id", ""))
    if not record_id:
        return None
    if operation_id == "customer.create":
        return record_id, str(values.get("name", ""))
    if operation_id == "order.create_first":
        return record_id, (
            f"{values.get('licenses')} {values.get('product')} licences for {values.get('customer')}"
        )
    return None


VENDOR = VendorDefinition(
    id="oneoffice",
    name="OneOffice",
    summary="Customers and licence orders",
    environments=(
        sandbox(),
        # No public URL: the document's $URL is given to each partner, so the administrator enters it.
        Environment("production", "Production", {"api": ""}, production=True),
    ),
    credential_fields=(
        CredentialField(
            "api_key", "API key", help="The key OneOffice gave you; sent as x-api-key on every call."
        ),
    ),
    make_auth=lambda: StaticHeaderKey("x-api-key"),
    operations=OPERATIONS,
    error_message=error_message,
    # There is no read-only call, and a key has no session, so "Sign in" / "Test connection" can
    # only prove the key with a call that fails.  OneOffice checks the key first (401 unauthorized),
    # then looks records up (404 not_found): so a 404 proves the key without changing anything.
    # A renewal is the safest call to fail: cancel and suspend would act on the chain should
    # anyone ever own an order with our made-up id, whereas a renewal whose new id is its parent's
    # own id is refused even then (409 duplicate, or 409 renewal_too_early / order_cancelled).
    probe=ConnectionProbe(
        "order.create_renewal",
        {"parent": "SWITCHBOARD-CONNECTION-CHECK", "id": "SWITCHBOARD-CONNECTION-CHECK"},
        accepted=(404, 409),
    ),
    record_name=record_name,
    result_labels={
        "remoteId": "Our customer id",
        "name": "Company name",
        "partner": "Partner",
        "isActive": "Active",
        "admin": "Administrator",
        "email": "Email",
        "phone": "Phone",
        "displayName": "Name",
        "customer": "Our customer id",
        "product": "Product",
        "licenses": "Licences",
        "duration": "Term",
        "status": "Status",
        "id": "Our id",
        "createdAt": "Created",
        "termStart": "Term starts",
        "termEnd": "Term ends",
    },
    timestamp_keys=frozenset({"createdAt", "termStart", "termEnd"}),
    record_title=RecordTitle(("name",)),
    quick_search=quick_search,
    # No smoke read: OneOffice has no call that only reads, so the self-check uses the probe above.
    record_facts=record_facts,
)
