"""A record's title, as each vendor declares it: what Recent and the questions about a record show."""

from __future__ import annotations

import pytest

from app import vendors
from app.contract.vendor import RecordTitle
from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace


def test_a_name_in_parts_is_joined_and_the_first_name_filled_in_wins() -> None:
    title = RecordTitle((("first", "last"), "company", "id"))
    assert title.of({"first": "Ada", "last": "Lovelace", "company": "Engines"}) == "Ada Lovelace"
    assert title.of({"first": None, "last": "Lovelace"}) == "Lovelace"
    assert title.of({"first": "", "last": "", "company": "Engines"}) == "Engines"
    assert title.of({"company": 0, "id": 7}) == "7"  # an empty value names nothing, not even "0"
    assert title.of({"other": "x"}) == ""


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("vendor", "operation", "values", "title"),
    [
        ("inszoom", "client.get", {"clientId": "CL-10001"}, "Priya Raman"),
        ("pgi", "client.get", {"clientId": 10863894}, "10863894"),
        ("iinsight", "contacts.details", {"case_id": 1, "contact_id": 101}, "Olivia Nguyen"),
    ],
)
async def test_each_vendor_titles_its_records_by_its_own_keys(vendor, operation, values, title) -> None:
    workspace = make_workspace(build_sandbox([vendor]))
    try:
        answer = (await workspace.service(vendor).run(operation, values)).data
    finally:
        await workspace.aclose()
    assert vendors.load(vendor).record_title.of(answer) == title


def test_the_values_that_open_a_record_name_it_too() -> None:
    assert vendors.load("inszoom").record_title.of({"clientId": "CL-10001"}) == "CL-10001"
