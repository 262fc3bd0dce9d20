"""Acme Notes' catalog: a bearer login, notes listed a page at a time, looked up and deleted."""

from __future__ import annotations

from typing import Any

from app.contract.spec import Field, FieldKind, Location, Operation, Paging, ResultKind
from app.contract.vendor import (
    CredentialField,
    Environment,
    HarmlessRead,
    RecordTitle,
    VendorDefinition,
    sandbox,
)
from app.core.auth import BearerLogin
from tests.sixth_vendor.acme.search import quick_search

NOTE_ID = Field("noteId", "Note id", FieldKind.INTEGER, Location.PATH, required=True, minimum=1)

OPERATIONS = (
    Operation(
        id="notes.list",
        label="Browse notes",
        method="GET",
        path="/notes",
        fields=(
            Field("q", "Title contains", location=Location.QUERY, help="Part of a note's title."),
            Field("page", "Page", FieldKind.INTEGER, Location.QUERY, minimum=1),
            Field("per_page", "Notes a page", FieldKind.INTEGER, Location.QUERY, minimum=1, maximum=10),
        ),
        category="Notes",
        idempotent=True,
        result=ResultKind.PAGINATED,
        paging=Paging(page_field="page", size_field="per_page", max_size=10, end_rule="short"),
        columns=(("id", "Note id"), ("title", "Title"), ("notebook", "Notebook")),
    ),
    Operation(
        id="note.get",
        label="Look up a note",
        method="GET",
        path="/notes/{noteId}",
        fields=(NOTE_ID,),
        category="Notes",
        idempotent=True,
    ),
    Operation(
        id="note.delete",
        label="Delete a note",
        method="DELETE",
        path="/notes/{noteId}",
        fields=(NOTE_ID,),
        category="Notes",
        destructive=True,
        confirm_text="Delete note {noteId} from Acme Notes? It cannot be undone.",
        done_text="Note {noteId} is deleted.",
        result=ResultKind.EMPTY,
    ),
)


def error_message(body: Any) -> str | None:
    return str(body["error"]) if isinstance(body, dict) and body.get("error") else None


def record_name(operation_id: str, values: dict[str, Any], data: Any) -> tuple[str, str] | None:
    """A note looked up is named by its title, so that deleting it says which note it is."""
    if operation_id == "note.get" and isinstance(data, dict) and data.get("title"):
        return str(data["id"]), str(data["title"])
    return None


VENDOR = VendorDefinition(
    id="acme",
    name="Acme Notes",
    summary="Notebooks and notes",
    environments=(
        sandbox(),
        Environment("production", "Production", {"api": "https://api.acme-notes.example"}, production=True),
    ),
    credential_fields=(
        CredentialField("username", "Username", secret=False),
        CredentialField("password", "Password"),
    ),
    make_auth=lambda: BearerLogin("Acme Notes", "/auth"),
    operations=OPERATIONS,
    error_message=error_message,
    record_name=record_name,
    result_labels={"id": "Note id", "title": "Title", "notebook": "Notebook", "body": "Text"},
    record_title=RecordTitle(("title",)),
    quick_search=quick_search,
    smoke_read=HarmlessRead("note.get", {"noteId": 1}),
)
