"""Input checks and request placement: what is refused before sending, and where each value goes."""

from __future__ import annotations

import json
import re

import pytest

from app.contract.errors import UsageError, ValidationError
from app.contract.spec import DATE_DMY, Field, FieldKind, Location, OpenBody, Operation
from app.core.executor import build_request
from app.core.prepare import prepare

LIST = Operation(
    id="things.list",
    label="List things",
    method="GET",
    path="/things/{thingId}/items",
    fields=(
        Field("thingId", "Thing", location=Location.PATH, required=True),
        Field("modified_since", "Modified since", FieldKind.DATE, Location.QUERY, required=True),
        Field("created_on", "Created on", FieldKind.DATE, Location.QUERY, date_format=DATE_DMY),
        Field("disabled", "Disabled", FieldKind.YES_NO, Location.QUERY),
        Field("page", "Page", FieldKind.INTEGER, Location.QUERY, minimum=1),
        Field("search_criteria", "Search", FieldKind.JSON, Location.QUERY),
    ),
)

CREATE = Operation(
    id="things.create",
    label="Create a thing",
    method="POST",
    path="/things",
    fields=(
        Field("company.externalId", "Company id", FieldKind.INTEGER, required=True),
        Field("company.enabled", "Enabled", FieldKind.BOOLEAN),
        Field("client.email", "Email", FieldKind.EMAIL, required=True),
        Field("kind", "Kind", FieldKind.CHOICE, choices=("monthly", "yearly")),
    ),
    body_constants={"method": "create"},
)


def url_for(host: str, path: str) -> str:
    return f"https://{host}.example{path}"


def test_query_and_path_values_go_where_the_document_puts_them():
    prepared = prepare(
        LIST,
        {
            "thingId": "a b/c",
            "modified_since": "2024-02-29",
            "created_on": "31-12-2023",
            "disabled": "yes",
            "page": "2",
            "search_criteria": '{"last_name": "Nguyen"}',
        },
    )
    request = build_request(prepared, url_for)
    assert request.method == "GET"
    assert request.url.raw_path.split(b"?")[0] == b"/things/a%20b%2Fc/items"
    assert dict(request.url.params) == {
        "modified_since": "2024-02-29",
        "created_on": "31-12-2023",
        "disabled": "Yes",
        "page": "2",
        "search_criteria": '{"last_name": "Nguyen"}',
    }
    assert request.content == b""
    assert "Content-Type" not in request.headers


def test_nested_body_with_numbers_booleans_and_constants():
    prepared = prepare(
        CREATE,
        {"company.externalId": "50", "company.enabled": True, "client.email": " a@b.co ", "kind": "Yearly"},
    )
    request = build_request(prepared, url_for)
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "method": "create",
        "company": {"externalId": 50, "enabled": True},
        "client": {"email": "a@b.co"},
        "kind": "yearly",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("modified_since", "31-12-2023", "Enter a date as YYYY-MM-DD."),
        ("modified_since", "2023-02-30", "Enter a date as YYYY-MM-DD."),
        ("created_on", "2023-12-31", "Enter a date as DD-MM-YYYY."),
        ("page", "two", "Enter a whole number."),
        ("page", "0", "Enter a number of at least 1."),
        ("disabled", "maybe", "Answer Yes or No."),
        ("search_criteria", "{bad", "This is not valid JSON"),
    ],
)
def test_each_bad_value_gets_a_sentence_for_its_field(field, value, message):
    values = {"thingId": "1", "modified_since": "2024-01-01", field: value}
    with pytest.raises(ValidationError) as caught:
        prepare(LIST, values)
    assert list(caught.value.fields) == [field]
    assert caught.value.fields[field].startswith(message)


def test_all_missing_required_fields_are_reported_together():
    with pytest.raises(ValidationError) as caught:
        prepare(CREATE, {"company.enabled": "no"})
    assert caught.value.fields == {
        "company.externalId": "Company id is required.",
        "client.email": "Email is required.",
    }
    assert caught.value.message == "Please correct the 2 highlighted fields."


def test_bad_email_and_bad_choice_are_refused():
    with pytest.raises(ValidationError) as caught:
        prepare(CREATE, {"company.externalId": "1", "client.email": "not-an-email", "kind": "weekly"})
    assert caught.value.fields["client.email"].startswith("Enter an email address")
    assert caught.value.fields["kind"] == "Choose one of: monthly, yearly."


def test_blank_optional_fields_are_left_out_and_names_match_case_insensitively():
    prepared = prepare(LIST, {"THINGID": "7", "modified_since": "1900-01-01", "page": "  ", "disabled": ""})
    assert prepared.params == {"modified_since": "1900-01-01"}
    assert prepared.path == "/things/7/items"


# -- path values that would name another endpoint ----------------------------------------------------

DELETE = Operation(
    id="things.delete",
    label="Delete a thing",
    method="DELETE",
    path="/things/{thingId}",
    fields=(Field("thingId", "Thing", location=Location.PATH, required=False),),
)


@pytest.mark.parametrize("value", [".", "..", " .. ", "", "   "])
def test_a_path_value_that_is_empty_or_a_dot_segment_is_refused_next_to_its_field(value):
    # "/things/.." would reach "/" once the URL is normalised, "/things/" another endpoint.
    with pytest.raises(ValidationError) as caught:
        prepare(DELETE, {"thingId": value})
    assert set(caught.value.fields) == {"thingId"}
    assert "Thing" in caught.value.fields["thingId"]


@pytest.mark.parametrize(
    ("value", "segment"),
    [("a/b", "a%2Fb"), ("../x", "..%2Fx"), ("...", "..."), ("%2e%2e", "%252e%252e")],
)
def test_a_path_value_with_slashes_or_escapes_stays_one_segment(value, segment):
    prepared = prepare(DELETE, {"thingId": value})
    request = build_request(prepared, lambda host, path: "https://x.example" + path)
    assert request.url.raw_path.decode() == f"/things/{segment}"


def test_a_default_is_shown_by_a_form_never_sent_by_itself():
    operation = Operation(
        id="things.create",
        label="Create a thing",
        method="POST",
        path="/things",
        fields=(
            Field("name", "Name", required=True),
            Field("active", "Active", FieldKind.BOOLEAN, default="true"),
            Field("since", "Since", FieldKind.DATE, Location.QUERY, required=True, default="1900-01-01"),
        ),
    )
    with pytest.raises(ValidationError) as refused:
        prepare(operation, {"name": "A"})
    assert refused.value.fields == {"since": "Since is required."}
    prepared = prepare(operation, {"name": "A", "since": "2020-01-02"})
    assert prepared.json_body == {"name": "A"}


def test_a_name_no_field_declares_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        prepare(LIST, {"thingId": "T1", "modified_since": "2024-01-01", "pageSize": "10"})
    assert list(refused.value.fields) == ["pageSize"]
    assert "takes no parameter called pageSize" in refused.value.fields["pageSize"]


OPEN = Operation(
    id="things.update",
    label="Change a thing",
    method="PUT",
    path="/things",
    fields=(Field("Name", "Name"), Field("Wire", "Wire", key="outer.Wire")),
    open_body=OpenBody(
        help="other keys",
        key_pattern=re.compile(r"[A-Z]\w*"),
        key_sentence="Keys start with a capital.",
        check=lambda key, value: "No Xs." if key.startswith("X") else "",
    ),
)


def test_an_open_body_sends_other_keys_as_typed_after_its_rules():
    prepared = prepare(OPEN, {"name": "A", "wire": "w", "Extra": {"kept": [1]}, "Blank": ""})
    assert prepared.json_body == {"Name": "A", "outer": {"Wire": "w"}, "Extra": {"kept": [1]}, "Blank": ""}
    with pytest.raises(ValidationError) as refused:
        prepare(OPEN, {"lower": "1", "Xray": "2"})
    assert refused.value.fields == {"lower": "Keys start with a capital.", "Xray": "No Xs."}


def test_json_values_read_text_as_json_and_a_key_is_given_once():
    method = Operation(
        id="call",
        label="Call",
        method="POST",
        path="/m",
        fields=(Field("body", "Body", FieldKind.JSON, Location.BODY_ROOT),),
        open_body=OpenBody(help="keys of the body", json_values=True),
    )
    prepared = prepare(method, {"Page": "2", "Name": "Acme", "Flag": "true", "Id": '"7"'})
    assert prepared.json_body == {"Page": 2, "Name": "Acme", "Flag": True, "Id": "7"}
    with pytest.raises(ValidationError) as twice:
        prepare(method, {"body": '{"Page": 1}', "Page": "2"})
    assert "given twice" in twice.value.fields["Page"]
    with pytest.raises(ValidationError) as not_json:
        prepare(method, {"body": '{"Page": NaN}'})
    assert "NaN" in not_json.value.fields["body"]
    with pytest.raises(UsageError):
        prepare(method, {"body": {"Page": float("inf")}})
