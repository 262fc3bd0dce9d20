"""The iinsight contacts API: login plus the ten contact methods of the document.

Paths are the document's, relative to the host (the sandbox mounts this app at
/iinsight/api).  Every data parameter is read from the query string, for GET and POST
alike; a body sent with a data call is never read.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request

from app.sandbox.control import SimulatorControl
from app.sandbox.iinsight import views
from app.sandbox.iinsight.params import Query
from app.sandbox.iinsight.store import CaseContact, Contact, Store, normalized
from app.sandbox.iinsight.store import changes as store_changes
from app.sandbox.scaffold.errors import ApiError, ErrorShape, phrase
from app.sandbox.scaffold.keys import TokenRefusals, issue_token, require_bearer
from app.sandbox.scaffold.surface import READ, Endpoint, Handler, content_type, read_json, vendor_app

TOKEN_LIFETIME_S = 3600  # the document's expires_in
PAGE_SIZE = 100  # "a maximum of 100 records per page"
UNAUTHENTICATED = "Unauthenticated."
# Listings kept between pages; past this many different queries the oldest are dropped all at once.
MAX_LISTINGS = 32
ROLE_PARAMS = ("bill_to_cc", "bill_to", "employer", "referrer")
# Contact details stored verbatim when contacts/new creates a contact (section 6's table).
NEW_DETAILS = (
    "first_name", "title", "position", "department", "phone1", "phone2", "fax", "mobile", "email",
    "street", "state", "postcode", "suburb", "sublocality", "country", "latitude", "longitude",
    "care_of", "mmm_classification", "provider_no", "biller_id",
)  # fmt: skip
# associate_to_case also takes job_title and notes (section 5's first table).
ASSOCIATE_DETAILS = (*NEW_DETAILS, "job_title", "notes")
NEW_PARAMS = ("company_id", "company_name", "last_name", *NEW_DETAILS)
ASSOCIATE_PARAMS = (
    "contact_id", "case_id", "company_id", "created_on", "disabled", "disabled_on", *ROLE_PARAMS,
    "company_name", "last_name", "custom_fields", "proceed_registration_anyway", *ASSOCIATE_DETAILS,
)  # fmt: skip
LIST_PARAMS = (
    "case_id", "company_id", "fields", "status", "sort_col", "sort_type", "search_criteria", "page", "limit",
)  # fmt: skip
CASE_CONTACT_PARAMS = ("contact_id", "case_id")


def _body(error: ApiError) -> dict[str, Any]:
    """``{"status": false, ...}``: the bad fields (400), or the message, after the error's name on a 5xx."""
    if error.errors is not None:
        return {"status": False, "errors": error.errors}
    if error.code is not None:
        return {"status": False, "error": error.code, "message": error.message}
    return {"status": False, "message": error.message}


def _fault(status: int) -> ApiError:
    """An injected failure: the document's 500 body for a 5xx, else the 4xx body."""
    if status == 401:
        return ApiError(401, UNAUTHENTICATED)
    if status >= 500:
        name = "Internal server error" if status == 500 else phrase(status, "Request failed")
        return ApiError(status, "Database connection failed", code=name)
    return ApiError(status, phrase(status, "Request failed"))


ERRORS = ErrorShape(
    body=_body,
    fault=_fault,
    not_found=lambda request: "Route not found",
    method_not_allowed=lambda request, allowed: "Method not allowed",
    internal=ApiError(500, "Request failed", code="Internal server error"),
)
TOKEN_REFUSALS = TokenRefusals(missing=UNAUTHENTICATED, unknown=UNAUTHENTICATED, expired="Token expired")


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found")


def invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(400, errors=errors)


class IInsightApi:
    """Route handlers over one store; the clock and token lifetime come from ``control``."""

    def __init__(self, store: Store, control: SimulatorControl, credentials: dict[str, str]):
        self.store = store
        self.control = control
        self.credentials = credentials
        self._listings: dict[Hashable, list[Any]] = {}
        self._listings_at = store_changes()

    def app(self) -> Starlette:
        guarded = self._guarded
        endpoints = [
            Endpoint("/auth/login", self.login),
            Endpoint("/api1/company_contacts", guarded(self.company_contacts), READ),
            Endpoint("/api1/case_contacts", guarded(self.case_contacts), READ),
            Endpoint("/api1/contacts", guarded(self.contacts_list), READ),
            Endpoint("/api1/contacts/details", guarded(self.details), READ),
            Endpoint("/api1/contacts/associate_to_case", guarded(self.associate_to_case)),
            Endpoint("/api1/contacts/new", guarded(self.new_contact)),
            Endpoint("/api1/contacts/check_delete_from_case", guarded(self.check_delete), READ),
            Endpoint("/api1/contacts/disable_from_case", guarded(self.disable_from_case)),
            Endpoint("/api1/contacts/delete_from_case", guarded(self.delete_from_case)),
            Endpoint(
                "/api1/contacts/contacts_for_transfer_invoices", guarded(self.contacts_for_transfer), READ
            ),
        ]
        return vendor_app(ERRORS, endpoints)

    # -- clock and authentication -------------------------------------------------------

    def _now(self) -> datetime:
        """The simulator clock as a naive UTC datetime (records keep naive UTC times)."""
        return datetime.fromtimestamp(self.control.now(), UTC).replace(tzinfo=None)

    def _today(self) -> date:
        return self._now().date()

    def _guarded(self, handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Any:
            require_bearer(request, self.store.tokens, self.control.now(), TOKEN_REFUSALS)
            return await handler(request)

        return endpoint

    async def login(self, request: Request) -> Any:
        payload = await _json_body(request)
        if not isinstance(payload, dict):
            why = 'Send a JSON object {"username": ..., "password": ...} with Content-Type: application/json'
            raise invalid({"body": why})
        errors = {
            name: f"The {name} field is required"
            for name in ("username", "password")
            if not isinstance(payload.get(name), str) or not payload[name]
        }
        if errors:
            raise invalid(errors)
        if (payload["username"], payload["password"]) != (
            self.credentials["username"],
            self.credentials["password"],
        ):
            raise ApiError(401, "Invalid credentials")
        lifetime = self.control.lifetime(TOKEN_LIFETIME_S)
        token = issue_token(self.store.tokens, self.control.now() + lifetime)
        return {"token": token, "expires_in": int(lifetime) if lifetime == int(lifetime) else lifetime}

    # -- sections 1 and 2: change feeds ---------------------------------------------------

    async def company_contacts(self, request: Request) -> Any:
        query = Query(request.query_params, ("modified_since", "page"))
        since = query.iso_date("modified_since", required=True)
        page = query.whole("page", required=True)
        if query.errors or since is None or page is None:
            raise invalid(query.errors)
        changed = self._listing(("company_contacts", since), lambda: self._company_contacts_since(since))
        return [views.company_contact(self.store, c) for c in _page(changed, page, PAGE_SIZE)]

    async def case_contacts(self, request: Request) -> Any:
        query = Query(request.query_params, ("modified_since", "page"))
        since = query.iso_date("modified_since", required=True)
        page = query.whole("page", required=True)
        if query.errors or since is None or page is None:
            raise invalid(query.errors)
        changed = self._listing(("case_contacts", since), lambda: self._case_contacts_since(since))
        return [views.case_contact(self.store, link) for link in _page(changed, page, PAGE_SIZE)]

    def _listing(self, key: Hashable, build: Callable[[], list[Any]]) -> list[Any]:
        """A listing's rows, built once and kept until the store changes.

        A "Load all" asks for every page of one listing; building it from every record
        again for each page made a page cost as much as all the records.  Any change to
        any record drops every kept listing, so a page never shows stale data.
        """
        if self._listings_at != store_changes():
            self._listings.clear()
            self._listings_at = store_changes()
        rows = self._listings.get(key)
        if rows is None:
            if len(self._listings) >= MAX_LISTINGS:
                self._listings.clear()
            rows = self._listings[key] = build()
        return rows

    def _company_contacts_since(self, since: date) -> list[Contact]:
        contacts = sorted(self.store.contacts.values(), key=lambda c: c.contact_id)
        return [c for c in contacts if c.modified.date() >= since]

    def _case_contacts_since(self, since: date) -> list[CaseContact]:
        links = sorted(self.store.case_contacts.values(), key=lambda link: link.case_contact_id)
        # A row shows the association and the contact, so a change to either reports it.
        return [link for link in links if self._row_modified(link).date() >= since]

    def _row_modified(self, link: CaseContact) -> datetime:
        return max(link.modified, self.store.contacts[link.contact_id].modified)

    # -- section 3: contacts.list ------------------------------------------------------------

    async def contacts_list(self, request: Request) -> Any:
        query = Query(request.query_params, LIST_PARAMS)
        case_id = query.whole("case_id")
        company_id = query.whole("company_id")
        fields = _field_list(query)
        status = query.choice("status", ("all", "active", "disabled")) or "all"
        sort_col = query.choice("sort_col", views.LIST_FIELDS)
        descending = query.choice("sort_type", ("asc", "desc")) == "desc"
        criteria = _search_criteria(query)
        page = query.whole("page") or 1
        limit = query.whole("limit") or PAGE_SIZE
        if limit > PAGE_SIZE:
            query.fail("limit", f"The limit may not be greater than {PAGE_SIZE}")
        if query.errors or fields is None:
            raise invalid(query.errors)
        if case_id is not None and case_id not in self.store.cases:
            raise not_found("Case")
        if company_id is not None and company_id not in self.store.companies:
            raise not_found("Company")
        # Everything that decides which rows there are and their order; fields, page and limit only pick.
        key = (
            "contacts", case_id, company_id, status, sort_col, descending,
            tuple((name, tuple(needles)) for name, needles in criteria.items()),
        )  # fmt: skip
        rows = self._listing(
            key, lambda: self._list_rows(case_id, company_id, status, sort_col, descending, criteria)
        )
        return [{name: row[name] for name in fields} for row in _page(rows, page, limit)]

    def _list_rows(
        self,
        case_id: int | None,
        company_id: int | None,
        status: str,
        sort_col: str | None,
        descending: bool,
        criteria: dict[str, list[str]],
    ) -> list[dict[str, Any]]:
        rows = [
            views.list_row(self.store, link)
            for link in sorted(self.store.case_contacts.values(), key=lambda link: link.case_contact_id)
            if (case_id is None or link.case_id == case_id)
            and (company_id is None or self.store.contacts[link.contact_id].company_id == company_id)
            and (status == "all" or link.disabled == (status == "disabled"))
        ]
        rows = [row for row in rows if _matches(row, criteria)]
        if sort_col is not None or descending:
            rows.sort(key=_sort_key(sort_col or "contact_id"), reverse=descending)
        return rows

    # -- section 4: details ------------------------------------------------------------------

    async def details(self, request: Request) -> Any:
        found = self._case_contact(request)
        return views.details(self.store, found)

    def _case_contact(self, request: Request) -> CaseContact:
        """The case contact named by contact_id and case_id (refused when there is none)."""
        query = Query(request.query_params, CASE_CONTACT_PARAMS)
        contact_id = query.whole("contact_id", required=True)
        case_id = query.whole("case_id", required=True)
        if query.errors or contact_id is None or case_id is None:
            raise invalid(query.errors)
        if case_id not in self.store.cases:
            raise not_found("Case")
        if contact_id not in self.store.contacts:
            raise not_found("Contact")
        link = self.store.case_contact(case_id, contact_id)
        if link is None:
            raise not_found("Case contact")
        return link

    # -- section 5: associate_to_case ------------------------------------------------------

    async def associate_to_case(self, request: Request) -> Any:
        query = Query(request.query_params, ASSOCIATE_PARAMS)
        existing = query.has("contact_id")  # an empty contact_id means "create a new contact"
        contact_id = query.whole("contact_id")
        case_id = query.whole("case_id", required=True)
        company_id = query.whole("company_id", required=existing)
        created_on = query.au_date("created_on", required=True)
        disabled = query.flag("disabled", required=True)
        disabled_on = query.au_date("disabled_on", required=disabled is True)
        roles = {name: query.flag(name, required=True) for name in ROLE_PARAMS}
        company_name = query.text("company_name", required=True) or ""
        last_name = query.text("last_name", required=True) or ""
        query.text("first_name", required=existing)
        query.text("phone1", required=not existing)
        query.email("email")
        custom_fields = _custom_fields(query)
        proceed = query.flag("proceed_registration_anyway")
        if query.errors or case_id is None or created_on is None:
            raise invalid(query.errors)
        if case_id not in self.store.cases:
            raise not_found("Case")
        found: Contact | dict[str, Any]
        if existing:
            found = self._existing_contact(contact_id, company_id)
        else:
            found = self._new_case_contact(query, company_id, company_name, last_name, bool(proceed))
        if not isinstance(found, Contact):
            return found
        link = self._associate(found, case_id, created_on, bool(disabled), disabled_on, roles, custom_fields)
        return {
            "response": "Contact Associated",
            "case_contact_id": link.case_contact_id,
            "contact_id": str(found.contact_id),
            "company_id": str(found.company_id),
        }

    def _existing_contact(self, contact_id: int | None, company_id: int | None) -> Contact:
        contact = self.store.contacts.get(contact_id or 0)
        if contact is None:
            raise not_found("Contact")
        if company_id not in self.store.companies:
            raise not_found("Company")
        if contact.company_id != company_id:
            raise invalid({"company_id": f"Contact {contact_id} does not belong to company {company_id}"})
        return contact

    def _new_case_contact(
        self, query: Query, company_id: int | None, company_name: str, last_name: str, proceed: bool
    ) -> Contact | dict[str, Any]:
        """The new contact, or the duplicate confirmation to answer instead."""
        if company_id is not None and company_id not in self.store.companies:
            raise not_found("Company")
        details = query.texts(ASSOCIATE_DETAILS)
        if not proceed:
            matches = self._duplicates(details.get("first_name", ""), last_name, details.get("phone1", ""))
            if matches:
                return _confirmation(matches)
        return self._create_contact(company_id, company_name, last_name, details)

    def _duplicates(self, first_name: str, last_name: str, phone1: str) -> list[Contact]:
        wanted = (normalized(first_name), normalized(last_name), normalized(phone1))
        return [
            c
            for c in self.store.contacts.values()
            if (normalized(c.first_name), normalized(c.last_name), normalized(c.phone1)) == wanted
        ]

    def _create_contact(
        self, company_id: int | None, company_name: str, last_name: str, details: dict[str, str]
    ) -> Contact:
        """A new contact; without company_id its company is found by name or created."""
        if company_id is None:
            company = self.store.company_named(company_name) or self.store.add_company(company_name)
            company_id = company.company_id
        now = self._now()
        return self.store.add_contact(company_id, last_name, created=now.date(), modified=now, **details)

    def _associate(
        self,
        contact: Contact,
        case_id: int,
        created_on: date,
        disabled: bool,
        disabled_on: date | None,
        roles: dict[str, bool | None],
        custom_fields: list[dict[str, Any]],
    ) -> CaseContact:
        """Link the contact to the case; a contact already on the case has its link updated."""
        link = self.store.case_contact(case_id, contact.contact_id)
        if link is None:
            link = self.store.add_case_contact(case_id, contact.contact_id, created_on)
        link.created_on = created_on
        link.disabled = disabled
        link.disabled_on = disabled_on if disabled else None
        link.bill_to, link.employer = bool(roles["bill_to"]), bool(roles["employer"])
        link.referrer, link.bill_to_cc = bool(roles["referrer"]), bool(roles["bill_to_cc"])
        if custom_fields:
            link.custom_fields = custom_fields
        link.modified = self._now()
        return link

    # -- section 6: new contact --------------------------------------------------------------

    async def new_contact(self, request: Request) -> Any:
        query = Query(request.query_params, NEW_PARAMS)
        company_id = query.whole("company_id")
        company_name = query.text("company_name", required=True) or ""
        last_name = query.text("last_name", required=True) or ""
        query.email("email")
        if query.errors:
            raise invalid(query.errors)
        if company_id is not None and company_id not in self.store.companies:
            raise not_found("Company")
        contact = self._create_contact(company_id, company_name, last_name, query.texts(NEW_DETAILS))
        return {
            "response": "Contact created",
            "id": contact.contact_id,
            "company_id": str(contact.company_id),
        }

    # -- sections 7 to 10: removing a contact from a case --------------------------------------

    async def check_delete(self, request: Request) -> Any:
        found = self._case_contact(request)
        return views.deletion_info(found)

    async def disable_from_case(self, request: Request) -> Any:
        found = self._case_contact(request)
        if found.disabled:  # check_delete_from_case answers "disable": false for it
            raise ApiError(409, "Case Contact is already disabled")
        found.disabled = True
        found.disabled_on = self._today()
        found.modified = self._now()
        return {"success": True, "message": "Case Contact disabled"}

    async def delete_from_case(self, request: Request) -> Any:
        found = self._case_contact(request)
        if found.invoices > 0:
            raise ApiError(
                409,
                f"Case Contact has {found.invoices} linked invoice(s); transfer them to another contact "
                "before deleting it (see contacts_for_transfer_invoices)",
            )
        del self.store.case_contacts[found.case_contact_id]
        return {"success": True, "message": "Case Contact deleted"}

    async def contacts_for_transfer(self, request: Request) -> Any:
        query = Query(request.query_params, ("contact_id",))
        contact_id = query.whole("contact_id", required=True)
        if query.errors or contact_id is None:
            raise invalid(query.errors)
        if contact_id not in self.store.contacts:
            raise not_found("Contact")
        cases = {link.case_id for link in self.store.links_of(contact_id)}
        others = sorted(
            {
                link.contact_id
                for link in self.store.case_contacts.values()
                if link.case_id in cases and link.contact_id != contact_id
            }
        )
        return [
            {
                "contact_id": str(other),
                "first_name": self.store.contacts[other].first_name,
                "last_name": self.store.contacts[other].last_name,
            }
            for other in others
        ]


# -- helpers ---------------------------------------------------------------------------------


async def _json_body(request: Request) -> Any:
    if content_type(request) != "application/json":
        return None
    try:
        return read_json(await request.body())
    except ValueError:
        return None


def _page(rows: list[Any], page: int, size: int) -> list[Any]:
    start = (page - 1) * size
    return rows[start : start + size]


def _confirmation(matches: list[Contact]) -> dict[str, Any]:
    return {
        "status": False,
        "confirm": "proceed_registration_anyway",
        "message": (
            f"There are {len(matches)} existing contacts that might have the same Name, Phone1. "
            "Do you want to review them?"
        ),
        "data": [
            {
                "record_id": c.contact_id,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "phone1": c.phone1,
            }
            for c in matches
        ],
    }


def _field_list(query: Query) -> list[str] | None:
    """``fields``: section 3 names "separated by comma and no blank spaces"."""
    value = query.text("fields", required=True)
    if value is None:
        return None
    names = value.split(",")
    if any(name != name.strip() or not name for name in names):
        query.fail("fields", "The fields must be names separated by commas, without blank spaces")
        return None
    unknown = [name for name in names if name not in views.LIST_FIELDS]
    if unknown:
        query.fail("fields", f"Unknown field(s): {', '.join(unknown)}")
        return None
    return list(dict.fromkeys(names))  # a repeated name is answered once


def _search_criteria(query: Query) -> dict[str, list[str]]:
    """``search_criteria``: {"field": "value"}; "value1,value2" means any of the values."""
    parsed = query.json("search_criteria")
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        query.fail("search_criteria", 'The search_criteria must be a JSON object {"field_name": "value"}')
        return {}
    criteria: dict[str, list[str]] = {}
    for name, value in parsed.items():
        if name not in views.LIST_FIELDS:
            query.fail("search_criteria", f"Unknown search field: {name}")
        elif isinstance(value, bool) or not isinstance(value, str | int | float):
            query.fail("search_criteria", f"The search value for {name} must be text")
        else:
            criteria[name] = [part.strip().casefold() for part in str(value).split(",") if part.strip()]
    return criteria


def _matches(row: dict[str, Any], criteria: dict[str, list[str]]) -> bool:
    """Every field matches; a field matches when any of its values is a case-insensitive substring."""
    return all(
        not needles or any(needle in str(row[name]).casefold() for needle in needles)
        for name, needles in criteria.items()
    )


def _sort_key(field: str) -> Callable[[dict[str, Any]], Any]:
    if field == "contact_id":
        return lambda row: int(row[field])
    if field in ("date_created", "date_disabled"):
        # DD-MM-YYYY does not sort as text; an empty date sorts first.
        return lambda row: datetime.strptime(row[field], "%d-%m-%Y").date() if row[field] else date.min
    return lambda row: str(row[field]).casefold()


def _custom_fields(query: Query) -> list[dict[str, Any]]:
    """``custom_fields``: a JSON array of {"field": "...", "value": ...} objects."""
    parsed = query.json("custom_fields")
    if parsed is None:
        return []
    well_formed = isinstance(parsed, list) and all(
        isinstance(item, dict) and isinstance(item.get("field"), str) and item["field"] and "value" in item
        for item in parsed
    )
    if not well_formed:
        query.fail("custom_fields", 'The custom_fields must be a JSON array of {"field": ..., "value": ...}')
        return []
    return parsed
