"""Input checks and request placement: what is refused before sending, and where each value goes."""

from __future__ import annotations

import json

import pytest

from app.contract.errors import ValidationError
from app.contract.spec import DATE_DMY, Field, FieldKind, Location, Operation
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
