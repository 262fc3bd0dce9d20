"""IQ Reseller's record page: a CV (``VENDOR.record_pages``), read with ``CV/GetCV`` as the quick
lookup opens it."""

from __future__ import annotations

import json

from app.contract.pages import PageData, PageScope, Record, RecordPage
from app.vendors.iqreseller.records import opens_cv

DETAILS = ("CVID", "Title", "Email", "Phone", "City", "Country", "Skills", "YearsExperience", "UpdatedAt")


async def load_cv(scope: PageScope, cv_id: str) -> PageData:
    cv = await scope.read("call", opens_cv(cv_id))
    if not isinstance(cv, dict):
        raise LookupError(f"IQ Reseller sent no CV {cv_id}.")
    return PageData(
        title=str(cv.get("Name") or f"CV {cv_id}"),
        record={key: cv[key] for key in DETAILS if key in cv},
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
)

PAGES = (CV,)
