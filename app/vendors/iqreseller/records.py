"""What IQ Reseller's answers say about CVs, for the record index (``VENDOR.record_facts``).

CVs come from the CV list (``cv.list``, a page or every CV at once) and from the generic ``call``
when it is the one method that reads a CV, ``CV/GetCV``, which the quick lookup (``search.py``)
opens a CV with; every other method of ``call`` answers something this app cannot read as records.
Each CV opens as the quick lookup opens it.  A field left empty ("" or ()) is one this answer did
not tell.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.contract.records import NO_FACTS, IndexedRecord, RecordFacts, RecordRef

READS_A_CV = ("CV", "GetCV")


def _text(source: Mapping[str, Any], key: str) -> str:
    value = source.get(key)
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""


def opens_cv(cv_id: str) -> dict[str, Any]:
    """The values of the ``call`` that reads one CV, as the quick lookup sends them."""
    return {"area": "CV", "method": "GetCV", "body": json.dumps({"CVID": int(cv_id)})}


def _cv(row: Any) -> IndexedRecord | None:
    if not isinstance(row, Mapping) or not (cv_id := _text(row, "CVID")) or not cv_id.isdigit():
        return None
    return IndexedRecord(
        RecordRef("cv", cv_id),
        title=_text(row, "Name"),
        detail=" · ".join(
            filter(None, (cv_id, _text(row, "Title"), _text(row, "City"), _text(row, "Country")))
        ),
        emails=tuple(filter(None, (_text(row, "Email"),))),
        phones=tuple(filter(None, (_text(row, "Phone"),))),
        opens="call",
        opens_with=opens_cv(cv_id),
    )


def _cvs(rows: Any) -> RecordFacts:
    found = (_cv(row) for row in (rows if isinstance(rows, list) else [rows]))
    return RecordFacts(seen=tuple(cv for cv in found if cv is not None))


def record_facts(operation_id: str, values: Mapping[str, Any], data: Any) -> RecordFacts:
    """The CVs an IQ Reseller answer shows; NO_FACTS for anything else or anything unexpected."""
    try:
        if operation_id == "cv.list":
            return _cvs(data)
        if (
            operation_id == "call"
            and isinstance(values, Mapping)
            and (values.get("area"), values.get("method")) == READS_A_CV
        ):
            return _cvs(data) if isinstance(data, Mapping) else NO_FACTS
    except (AttributeError, KeyError, TypeError, ValueError):
        pass  # an answer of a shape no reading expects teaches nothing; the operation still succeeded
    return NO_FACTS
