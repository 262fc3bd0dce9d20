"""Quick lookup in IQ Reseller: CVs whose id, name, email or phone contains the text.

The API has no search: the CV list is fetched once (per environment, for as long as the lookup
lives) and searched here.  A hit opens the CV through the generic ``call`` operation."""

from __future__ import annotations

import json
from typing import Any

from app.contract.search import Found, SearchScope, VendorSearch

MAX_HITS = 20


async def _search(scope: SearchScope, text: str) -> list[Found]:
    rows: list[dict[str, Any]] | None = scope.memo.get("cvs")
    if rows is None:
        rows = scope.memo["cvs"] = await scope.read_all_pages("cv.list", {"Page": 1, "PageSize": 100})
    needle = text.lower()
    found = []
    for row in rows:
        haystack = " ".join(str(row.get(k, "")) for k in ("CVID", "Name", "Email", "Phone")).lower()
        if needle in haystack:
            detail = " · ".join(str(row.get(k)) for k in ("CVID", "Email", "City") if row.get(k))
            opens = {"area": "CV", "method": "GetCV", "body": json.dumps({"CVID": row.get("CVID")})}
            cv = str(row.get("CVID", ""))
            given = {key: (str(row[key]),) if row.get(key) else () for key in ("Email", "Phone")}
            found.append(
                Found(
                    "CV",
                    str(row.get("Name", "")),
                    detail,
                    "call",
                    opens,
                    cv,
                    emails=given["Email"],
                    phones=given["Phone"],
                )
            )
    return found[:MAX_HITS]


quick_search = VendorSearch(
    _search,
    asks="has no search: its whole list of CVs was read and searched here",
    known={"cv": ("CV", "CVs")},
)
