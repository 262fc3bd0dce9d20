"""IQ Reseller's record page: a CV (``VENDOR.record_pages``), read with ``CV/GetCV`` as the quick
lookup opens it, with its contacts.

IQ Reseller's document shows no call for a CV's contacts; integrations read them with
``GET Contact/JSON/GetContactsByCVid?cvid=N`` (iqreseller-integrations.md), which the generic
``call`` sends as written.  The contacts' keys are lower-case in what integrations show, and the
document names none, so the columns are those keys; contacts that fail to load do not hide the CV.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from app.contract.errors import SwitchboardError
from app.contract.pages import PageData, PageScope, Record, RecordPage, RelatedList
from app.vendors.iqreseller.records import opens_cv

DETAILS = ("CVID", "Title", "Email", "Phone", "City", "Country", "Skills", "YearsExperience", "UpdatedAt")


CONTACT_COLUMNS = (("firstname", "First name"), ("lastname", "Last name"), ("title", "Title"),
                   ("email", "Email"), ("phone", "Phone"), ("isprimary", "Main contact"))  # fmt: skip


def contacts_of(cv_id: str) -> dict[str, Any]:
    """The values of the ``call`` that lists a CV's contacts, as integrations send it."""
    return {"http_method": "GET", "path": f"Contact/JSON/GetContactsByCVid?cvid={int(cv_id)}"}


async def _contacts(scope: PageScope, cv_id: str) -> tuple[list[dict[str, Any]], str]:
    try:
        answer = await scope.read("call", contacts_of(cv_id))
    except SwitchboardError as exc:
        return [], f"The contacts could not be loaded: {exc.message}"
    if not isinstance(answer, list):
        return [], "The contacts could not be loaded: IQ Reseller did not answer a list."
    return [row for row in answer if isinstance(row, dict)], ""


async def load_cv(scope: PageScope, cv_id: str) -> PageData:
    cv, (contacts, problem) = await asyncio.gather(
        scope.read("call", opens_cv(cv_id)), _contacts(scope, cv_id)
    )
    if not isinstance(cv, dict):
        raise LookupError(f"IQ Reseller sent no CV {cv_id}.")
    return PageData(
        title=str(cv.get("Name") or f"CV {cv_id}"),
        record={key: cv[key] for key in DETAILS if key in cv},
        related={"Contacts": contacts},
        problems=[problem] if problem else [],
    )


def _cv_id(values: Record) -> str:
    """The CV a ``call`` reads, when it is ``CV/GetCV`` (any other method is no CV's page)."""
    if (values.get("area"), values.get("method")) != ("CV", "GetCV"):
        return ""
    body = values.get("body")
    try:
        read = json.loads(body) if isinstance(body, str) else body
    except ValueError:
        return ""
    cv_id = read.get("CVID") if isinstance(read, dict) else None
    return str(cv_id) if isinstance(cv_id, int) or (isinstance(cv_id, str) and cv_id.isdigit()) else ""


CV = RecordPage(
    kind="cv",
    noun="CV",
    opened_by=("call",),
    record_id=_cv_id,
    opening=opens_cv,
    load=load_cv,
    related=(RelatedList("Contacts", CONTACT_COLUMNS),),
)

PAGES = (CV,)
