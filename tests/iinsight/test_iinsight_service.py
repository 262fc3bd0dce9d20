"""iinsight through the service layer against its simulator: every operation, checked on the wire."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import pytest

from app.contract.errors import AuthError, ConfirmationRequired, RemoteError, ValidationError
from app.core.session import SessionState
from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace

EVERYTHING = "1900-01-01"
NEW_CONTACT_ON_CASE = {
    "case_id": "1",
    "created_on": "01-02-2026",
    "disabled": "No",
    "bill_to": "No",
    "bill_to_cc": "No",
    "employer": "No",
    "referrer": "Yes",
    "company_name": "Harbour Physio",
    "first_name": "Mia",
    "last_name": "Tran",
    "phone1": "(02) 5550 7777",
}
DUPLICATE = {**NEW_CONTACT_ON_CASE, "first_name": "John", "last_name": "Citizen", "phone1": "(02) 5550 4321"}


@pytest.fixture
def sandbox():
    return build_sandbox(["iinsight"])


@pytest.fixture
async def iinsight(sandbox):
    workspace = make_workspace(sandbox)
    yield workspace.service("iinsight")
    await workspace.aclose()


def sent(sandbox, path_suffix: str):
    return sandbox.control("iinsight").requests_to(path_suffix)


def query_of(request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.query, keep_blank_values=True).items()}


@pytest.mark.anyio
async def test_login_then_bearer_token_on_data_calls(iinsight, sandbox):
    await iinsight.run("company_contacts.list", {"modified_since": EVERYTHING, "page": 1})
    login = sent(sandbox, "/auth/login")[0]
    assert login.method == "POST"
    assert login.headers["content-type"] == "application/json"
    data = sent(sandbox, "/api1/company_contacts")[0]
    assert data.headers["authorization"].startswith("Bearer ")
    assert data.body == b""


@pytest.mark.anyio
@pytest.mark.parametrize("operation", ["company_contacts.list", "case_contacts.list"])
async def test_lists_send_modified_since_and_page_in_the_query(iinsight, sandbox, operation):
    result = await iinsight.run(operation, {"modified_since": "2020-01-31", "page": "2"})
    assert isinstance(result.data, list)
    request = sent(sandbox, iinsight.definition.operation(operation).path)[-1]
    assert request.method == "GET"
    assert query_of(request) == {"modified_since": "2020-01-31", "page": "2"}


@pytest.mark.anyio
async def test_all_pages_reads_until_the_empty_page(iinsight, sandbox):
    pages: list[int] = []
    rows = await iinsight.run_all_pages(
        "company_contacts.list",
        {"modified_since": EVERYTHING},
        concurrency=4,
        on_page=lambda p, r: pages.append(p),
    )
    assert len(rows) == 1151
    assert len({row["contact_id"] for row in rows}) == 1151
    assert pages == list(range(1, 14))  # page 13 is the empty one
    requested = sorted(int(query_of(r)["page"]) for r in sent(sandbox, "/api1/company_contacts"))
    assert requested[-1] <= 13 + 3  # never more than concurrency - 1 pages past the end
    assert requested == sorted(set(requested))


@pytest.mark.anyio
async def test_a_token_expiring_during_load_all_logs_in_once_and_loses_no_page(iinsight, sandbox):
    control = sandbox.control("iinsight")
    control.latency_s = 0.01
    await iinsight.sign_in()
    loaded = 0

    def on_page(page: int, rows: list) -> None:
        nonlocal loaded
        loaded += 1
        if loaded == 3:
            control.advance(4000)  # the token dies while later pages are in flight

    rows = await iinsight.run_all_pages(
        "case_contacts.list", {"modified_since": EVERYTHING}, concurrency=2, on_page=on_page
    )
    assert len(rows) == 304
    keys = [(row["contact_id"], row["case"]) for row in rows]
    assert len(keys) == len(set(keys))
    assert len(sent(sandbox, "/auth/login")) == 2
    assert iinsight.session.status().state is SessionState.ACTIVE


@pytest.mark.anyio
async def test_find_contacts_sends_every_filter_as_the_document_names_it(iinsight, sandbox):
    values = {
        "fields": ["contact_id", "name", "phone1"],
        "search_criteria": {"name": "Nguyen"},
        "status": "active",
        "sort_col": "name",
        "sort_type": "desc",
        "limit": "5",
        "page": "1",
    }
    result = await iinsight.run("contacts.list", values)
    assert result.data and all(set(row) == {"contact_id", "name", "phone1"} for row in result.data)
    assert all("nguyen" in row["name"].lower() for row in result.data)
    assert query_of(sent(sandbox, "/api1/contacts")[-1]) == {
        "fields": "contact_id,name,phone1",
        "search_criteria": '{"name": "Nguyen"}',
        "status": "active",
        "sort_col": "name",
        "sort_type": "desc",
        "limit": "5",
        "page": "1",
    }


@pytest.mark.anyio
async def test_find_contacts_refuses_a_page_size_over_100_before_sending(iinsight, sandbox):
    with pytest.raises(ValidationError) as caught:
        await iinsight.run("contacts.list", {"fields": "name", "limit": "101"})
    assert caught.value.fields == {"limit": "Enter a number no larger than 100."}
    assert sent(sandbox, "/api1/contacts") == []


@pytest.mark.anyio
async def test_contact_details(iinsight, sandbox):
    result = await iinsight.run("contacts.details", {"case_id": "1", "contact_id": "101"})
    assert (result.data["first_name"], result.data["last_name"]) == ("Olivia", "Nguyen")
    assert query_of(sent(sandbox, "/api1/contacts/details")[-1]) == {"case_id": "1", "contact_id": "101"}


@pytest.mark.anyio
async def test_new_contact_is_a_post_with_query_parameters_and_no_body(iinsight, sandbox):
    result = await iinsight.run(
        "contacts.create",
        {
            "company_name": "Southern Cross Workers Insurance",
            "first_name": "Ava",
            "last_name": "Lee",
            "email": "ava.lee@example.com.au",
        },
    )
    assert result.data["response"] == "Contact created"
    assert result.data["company_id"] == "1"
    request = sent(sandbox, "/api1/contacts/new")[-1]
    assert request.method == "POST"
    assert request.body == b""
    assert query_of(request)["email"] == "ava.lee@example.com.au"


@pytest.mark.anyio
async def test_associate_a_new_contact_with_dmy_dates_and_yes_no_roles(iinsight, sandbox):
    result = await iinsight.run("contacts.associate_to_case", NEW_CONTACT_ON_CASE)
    assert result.data["response"] == "Contact Associated"
    query = query_of(sent(sandbox, "/api1/contacts/associate_to_case")[-1])
    assert query["created_on"] == "01-02-2026"
    assert (query["referrer"], query["employer"]) == ("Yes", "No")
    assert "proceed_registration_anyway" not in query


@pytest.mark.anyio
async def test_possible_duplicate_asks_and_proceeding_creates_it(iinsight, sandbox):
    with pytest.raises(ConfirmationRequired) as caught:
        await iinsight.run("contacts.associate_to_case", DUPLICATE)
    question = caught.value
    assert question.confirm_param == "proceed_registration_anyway"
    assert {c["record_id"] for c in question.candidates} == {105, 106}
    result = await iinsight.run("contacts.associate_to_case", {**DUPLICATE, question.confirm_param: "Yes"})
    assert result.data["response"] == "Contact Associated"
    assert (
        query_of(sent(sandbox, "/api1/contacts/associate_to_case")[-1])["proceed_registration_anyway"]
        == "Yes"
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone1": ""}, "phone1", "Phone is required for a new contact"),
        ({"contact_id": "101", "first_name": ""}, "company_id", "Company id is required"),
        ({"disabled": "Yes"}, "disabled_on", "Give the date the contact was disabled"),
        ({"created_on": "2026-02-01"}, "created_on", "Enter a date as DD-MM-YYYY."),
        ({"email": "not-an-email"}, "email", "Enter an email address"),
    ],
)
async def test_conditional_rules_are_checked_before_sending(iinsight, sandbox, change, field, message):
    with pytest.raises(ValidationError) as caught:
        await iinsight.run("contacts.associate_to_case", {**NEW_CONTACT_ON_CASE, **change})
    assert caught.value.fields[field].startswith(message)
    assert sent(sandbox, "/api1/contacts/associate_to_case") == []


@pytest.mark.anyio
async def test_a_400_from_iinsight_carries_its_per_field_messages(iinsight, sandbox):
    from app.core.executor import execute
    from app.core.prepare import PreparedRequest

    operation = iinsight.definition.operation("contacts.associate_to_case")
    prepared = PreparedRequest(operation, "POST", "api", operation.path, params={"case_id": "1"})
    with pytest.raises(RemoteError) as caught:
        await execute(iinsight.definition, iinsight.session, prepared, iinsight.url_for)
    assert caught.value.status == 400
    assert "created_on" in caught.value.fields and "last_name" in caught.value.fields


@pytest.mark.anyio
async def test_remove_from_case_checks_then_refuses_delete_with_invoices(iinsight, sandbox):
    check = await iinsight.run("contacts.check_delete_from_case", {"contact_id": "101", "case_id": "1"})
    assert check.data["delete"] is False and check.data["transfer_invoices"] is True
    assert check.data["invoices"] == 3
    with pytest.raises(RemoteError) as refused:
        await iinsight.run("contacts.delete_from_case", {"contact_id": "101", "case_id": "1"})
    assert refused.value.status == 409
    others = await iinsight.run("contacts.for_transfer_invoices", {"contact_id": "101"})
    assert others.data and all(row["contact_id"] != "101" for row in others.data)
    disabled = await iinsight.run("contacts.disable_from_case", {"contact_id": "101", "case_id": "1"})
    assert disabled.data["success"] is True
    assert query_of(sent(sandbox, "/api1/contacts/disable_from_case")[-1]) == {
        "contact_id": "101",
        "case_id": "1",
    }


@pytest.mark.anyio
async def test_delete_a_case_contact_without_invoices(iinsight, sandbox):
    check = await iinsight.run("contacts.check_delete_from_case", {"contact_id": "102", "case_id": "1"})
    assert check.data["delete"] is True
    deleted = await iinsight.run("contacts.delete_from_case", {"contact_id": "102", "case_id": "1"})
    assert deleted.data == {"success": True, "message": "Case Contact deleted"}
    with pytest.raises(RemoteError) as gone:
        await iinsight.run("contacts.details", {"case_id": "1", "contact_id": "102"})
    assert gone.value.status == 404


@pytest.mark.anyio
async def test_wrong_password_is_an_auth_error_without_the_password(sandbox):
    workspace = make_workspace(sandbox, sign_in_as_demo=False)
    workspace.credentials.set("iinsight", "sandbox", "username", "demo.rehab")
    workspace.credentials.set("iinsight", "sandbox", "password", "hunter2-wrong")
    service = workspace.service("iinsight")
    with pytest.raises(AuthError) as caught:
        await service.run("contacts.details", {"case_id": "1", "contact_id": "101"})
    assert "hunter2-wrong" not in caught.value.message
    assert "refused" in caught.value.message
    await workspace.aclose()


@pytest.mark.anyio
async def test_server_fault_has_the_documented_500_shape(iinsight, sandbox):
    await iinsight.sign_in()
    sandbox.control("iinsight").fail_next(1, 500)
    with pytest.raises(RemoteError) as caught:
        await iinsight.run("contacts.details", {"case_id": "1", "contact_id": "101"})
    assert caught.value.status == 500
    assert "Database connection failed" in caught.value.message


@pytest.mark.anyio
async def test_concurrent_first_calls_share_one_login(iinsight, sandbox):
    sandbox.control("iinsight").latency_s = 0.02
    await asyncio.gather(
        *(iinsight.run("contacts.details", {"case_id": "1", "contact_id": str(c)}) for c in (101, 102, 103))
    )
    assert len(sent(sandbox, "/auth/login")) == 1
