"""What IQ Reseller's answers teach the record index: real operations against the simulator."""

from __future__ import annotations

import pytest

from app.contract.records import NO_FACTS, RecordRef
from app.sandbox.registry import build_sandbox
from app.vendors.iqreseller.catalog import VENDOR
from tests.conftest import make_workspace


@pytest.fixture
async def iqr():
    workspace = make_workspace(build_sandbox(["iqreseller"]))
    yield workspace.service("iqreseller")
    await workspace.aclose()


@pytest.mark.anyio
async def test_a_page_of_cvs_is_every_cv_with_its_name_email_phone_and_city(iqr):
    values = {"Page": 1, "PageSize": 25}
    rows = (await iqr.run("cv.list", values)).data
    seen = VENDOR.record_facts("cv.list", values, rows).seen

    assert len(seen) == len(rows) == 25
    first, row = seen[0], rows[0]
    assert first.ref == RecordRef("cv", str(row["CVID"]))
    assert (first.title, first.emails, first.phones) == (row["Name"], (row["Email"],), (row["Phone"],))
    assert row["City"] in first.detail


@pytest.mark.anyio
async def test_a_cv_opens_with_the_call_that_reads_it_and_that_call_teaches_it_again(iqr):
    row = (await iqr.run("cv.list", {"Page": 1, "PageSize": 1})).data[0]
    (cv,) = VENDOR.record_facts("cv.list", {"Page": 1, "PageSize": 1}, [row]).seen

    assert cv.opens == "call"
    answer = (await iqr.run("call", dict(cv.opens_with))).data
    assert answer["CVID"] == row["CVID"]
    assert VENDOR.record_facts("call", dict(cv.opens_with), answer).seen == (cv,)


@pytest.mark.anyio
async def test_any_other_method_of_call_teaches_nothing(iqr):
    values = {"area": "CV", "method": "GetCVs", "body": '{"Page": 1, "PageSize": 3}'}
    answer = (await iqr.run("call", values)).data

    assert len(answer) == 3  # CVs indeed, but not through the method that reads one
    assert VENDOR.record_facts("call", values, answer) == NO_FACTS


@pytest.mark.parametrize(
    ("operation_id", "values", "data"),
    [
        ("cv.list", {}, "not a list"),
        ("cv.list", {}, [None, 7, {"Name": "No id"}, {"CVID": "not a number"}]),
        ("call", {"area": "CV", "method": "GetCV"}, ["a", "list"]),
        ("call", None, {"CVID": 1}),
    ],
)
def test_an_unexpected_answer_teaches_nothing_and_never_raises(operation_id, values, data):
    assert VENDOR.record_facts(operation_id, values, data) == NO_FACTS
