"""IQ Reseller: CVs and any other IQ Reseller method (iqreseller.txt).

Two hosts: ``signin`` starts and ends sessions, ``api`` serves the methods at
``/webapi.svc/{Area}/json/{Method}``, POST with a JSON body (``{}`` when the method
takes nothing) and the session token in ``iqr-session-token``.  The generic ``call``
also reaches them as integrations do (GET with a query string, other paths, XML
answers): ``method_call.py``.

ASSUMPTIONS.md names ``session.start`` and ``session.end`` among the operation ids.
They are the session's own steps (``Operation.session``), run by the session manager
(:class:`~app.core.auth.EndableSession`), never sent *through* a session: ``session.start``
signs in, or keeps the session already held, and shows IQ Reseller's answer ``{"Data": …}``
with the token redacted; ``session.end`` ends the session held, and sends nothing when there
is none.  Either way the session is the one every call uses: started on the first call (and
again once, when a call meets 401), ended on Sign out, when the app closes, and at the end of
every ``python -m app call`` — so no command leaves one open, and no live token is printed.
The window does not list them: its Sign in and Sign out are the same steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.contract.records import SyncList
from app.contract.spec import (
    Field,
    FieldKind,
    Location,
    OpenBody,
    Operation,
    Paging,
    ResultKind,
    SessionStep,
)
from app.contract.vendor import (
    CredentialField,
    Environment,
    HarmlessRead,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import EndableSession
from app.vendors.iqreseller import method_call
from app.vendors.iqreseller.records import record_facts
from app.vendors.iqreseller.search import quick_search

SESSION_PATH = "/api/IntegrationAPI/Session"
SESSION_HEADER = "iqr-session-token"


def page_and_size_together(values: Mapping[str, Any]) -> dict[str, str]:
    """GetCVs takes both Page and PageSize or neither (then it answers the whole list)."""
    if ("Page" in values) == ("PageSize" in values):
        return {}
    missing = "PageSize" if "Page" in values else "Page"
    return {missing: "Give both the page and the page size, or leave both empty for every CV at once."}


CV_COLUMNS = (
    ("CVID", "CV id"),
    ("Name", "Name"),
    ("Email", "Email"),
    ("Phone", "Phone"),
    ("City", "City"),
    ("Country", "Country"),
)

# A method's body is IQ Reseller's to define: a parameter the generic call does not declare is a key
# of that body, read as JSON when it is JSON (Page=1 is the number 1, as the methods expect).
METHOD_BODY = OpenBody(
    help="any other -p KEY=VALUE is a key of the method's JSON body, sent to IQ Reseller as typed "
    '(a value that is JSON, such as 1, true or "1", as that JSON; other text as text): '
    '-p Page=1 -p PageSize=10 sends {"Page": 1, "PageSize": 10}.',
    json_values=True,
)

OPERATIONS = (
    Operation(
        id="session.start",
        label="Start a session",
        method="POST",
        host="signin",
        path=SESSION_PATH,
        description="Starts an IQ Reseller session with the API key, as every call does when it needs one.",
        category="Session",
        session=SessionStep.START,
        listed=False,  # the window's Sign in
        noun="session",
    ),
    Operation(
        id="session.end",
        label="End the session",
        method="DELETE",
        host="signin",
        path=SESSION_PATH,
        description="Ends the IQ Reseller session held, so its token opens nothing any more.",
        category="Session",
        session=SessionStep.END,
        listed=False,  # the window's Sign out
        result=ResultKind.EMPTY,
    ),
    Operation(
        id="cv.list",
        label="Browse CVs",
        method="POST",
        host="api",
        path="/webapi.svc/CV/json/GetCVs",
        fields=(
            Field(
                "Page",
                "Page",
                FieldKind.INTEGER,
                minimum=1,
                help="Which page of CVs, the first being 1. Leave this and the page size empty "
                "for every CV at once.",
            ),
            Field(
                "PageSize",
                "CVs per page",
                FieldKind.INTEGER,
                minimum=1,
                help="How many CVs a page holds. A page with fewer is the last one.",
                placeholder="e.g. 100",
            ),
        ),
        description="The CVs held in IQ Reseller.",
        category="CVs",
        idempotent=True,
        result=ResultKind.PAGINATED,
        paging=Paging(page_field="Page", size_field="PageSize", end_rule="short"),
        rules=(page_and_size_together,),
        columns=CV_COLUMNS,
        noun="CV",
    ),
    Operation(
        id="call",
        label="Call another IQ Reseller method",
        method="POST",
        host="api",
        path="/webapi.svc/{area}/json/{method}",
        fields=(
            Field(
                "http_method",
                "Send with",
                FieldKind.CHOICE,
                Location.ADDRESS,
                choices=("POST", "GET"),
                default="POST",
                help="POST unless IQ Reseller's method list says GET (GetSOs, GetSODetails, "
                "GetConditions…). A GET sends no body: its parameters go in the query string.",
            ),
            Field(
                "path",
                "Path",
                location=Location.ADDRESS,
                help="The method's path after webapi.svc/, exactly as IQ Reseller's method list "
                "writes it, with or without a query string, e.g. SO/JSON/GetSOs?Page=0&PageSize=100"
                "&SortBy=0 or SO/UDFS/JSON. Or leave it empty and give the area and method.",
                placeholder="e.g. SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0",
            ),
            Field(
                "area",
                "Area",
                location=Location.ADDRESS,
                help="Instead of a path: the part of IQ Reseller the method belongs to, e.g. CV, "
                "sent as POST {area}/json/{method}. IQ Reseller lists its areas and methods at "
                "https://postman.iqreseller.com.",
                placeholder="e.g. CV",
            ),
            Field(
                "method",
                "Method",
                location=Location.ADDRESS,
                help="The method's name within that area, e.g. GetCVs.",
                placeholder="e.g. GetCVs",
            ),
            Field(
                "query",
                "Query parameters",
                FieldKind.PAIRS,
                Location.QUERY,
                help="Names and values added to the path's query string, in this order "
                '(e.g. Page 0, PageSize 100). On the command line, a JSON object: {"Page": 0}.',
            ),
            Field(
                "body",
                "What to send (JSON)",
                FieldKind.JSON,
                Location.BODY_ROOT,
                help="POST only: the method's input as JSON, as IQ Reseller's method list describes "
                "it. Left empty, {} is sent.",
                placeholder="{}",
                only_when=("http_method", ("POST",)),
            ),
        ),
        description="Any method of IQ Reseller's API that has no task of its own here, named by its "
        "path after webapi.svc/ (as the method list writes it) or by its area and method.",
        category="Other",
        rules=(method_call.names_one_method, method_call.get_sends_no_body),
        place=method_call.place,
        xml_answers=True,
        done_text="IQ Reseller answered.",
        result=ResultKind.ANY,  # each method answers in its own shape
        open_body=METHOD_BODY,
    ),
)


def error_message(body: Any) -> str | None:
    if isinstance(body, dict) and body.get("Message"):
        return str(body["Message"])
    return None


VENDOR = VendorDefinition(
    id="iqreseller",
    name="IQ Reseller",
    summary="CVs and other IQ Reseller records",
    environments=(
        sandbox("signin", "api"),
        Environment(
            "production",
            "Production",
            {"signin": "https://signin.iqreseller.com", "api": "https://api.iqreseller.com"},
            production=True,
        ),
    ),
    credential_fields=(
        CredentialField(
            "api_key",
            "API key",
            help="The API user's key, copied from IQ Reseller's portal (the API user's View).",
        ),
    ),
    make_auth=lambda: EndableSession("IQ Reseller", SESSION_PATH, SESSION_HEADER),
    operations=OPERATIONS,
    error_message=error_message,
    result_labels=dict(CV_COLUMNS),
    record_title=RecordTitle(("Name",)),
    quick_search=quick_search,
    smoke_read=HarmlessRead("cv.list", {"Page": 1, "PageSize": 5}),
    record_facts=record_facts,
    # IQ Reseller cannot ask for what changed: the whole CV list is walked each time.
    sync_lists=(SyncList("cv.list", "CVs", {"Page": 1, "PageSize": 100}),),
)
