"""The simulator's lists stay current: a page read after any change shows it, however it was made.

The simulator keeps each list it builds between pages (a "Load all" reads every page of
one list); these tests read a list, change the records, and read the same list again.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from app.sandbox.iinsight.store import Store
from app.sandbox.registry import build_sandbox
from tests.conftest import make_workspace

pytestmark = pytest.mark.anyio

EVERYTHING = {"modified_since": "1900-01-01"}
# Nothing seeded is newer than 30-06-2026: only changes made afterwards are in this feed.
CHANGED_LATELY = {"modified_since": "2026-07-01", "page": 1}


@pytest.fixture
def sandbox():
    return build_sandbox(["iinsight"])


@pytest.fixture
def store(sandbox) -> Store:
    return sandbox.simulators["iinsight"].state


@pytest.fixture
async def iinsight(sandbox):
    workspace = make_workspace(sandbox)
    yield workspace.service("iinsight")
    await workspace.aclose()


async def contact_ids(iinsight, operation: str, values: dict[str, object]) -> list[str]:
    return [row["contact_id"] for row in (await iinsight.run(operation, values)).data]


async def test_a_contact_created_after_a_load_is_in_the_next_load(iinsight):
    before = await iinsight.run_all_pages("company_contacts.list", EVERYTHING)
    assert await contact_ids(iinsight, "company_contacts.list", CHANGED_LATELY) == []
    created = await iinsight.run(
        "contacts.create", {"company_name": "Southern Cross Workers Insurance", "last_name": "Lee"}
    )
    new_id = str(created.data["id"])
    after = await iinsight.run_all_pages("company_contacts.list", EVERYTHING)
    assert [row["contact_id"] for row in after] == [row["contact_id"] for row in before] + [new_id]
    assert await contact_ids(iinsight, "company_contacts.list", CHANGED_LATELY) == [new_id]


async def test_disabling_a_case_contact_shows_in_lists_already_read(iinsight):
    on_case = {"case_id": 1, "fields": ["contact_id", "disabled"]}
    assert {"contact_id": "102", "disabled": "No"} in (await iinsight.run("contacts.list", on_case)).data
    assert await contact_ids(iinsight, "case_contacts.list", CHANGED_LATELY) == []
    await iinsight.run("contacts.disable_from_case", {"contact_id": 102, "case_id": 1})
    assert {"contact_id": "102", "disabled": "Yes"} in (await iinsight.run("contacts.list", on_case)).data
    changed = (await iinsight.run("case_contacts.list", CHANGED_LATELY)).data
    assert [(row["contact_id"], row["case"], row["disabled"]) for row in changed] == [
        ("102", "NAT111", "Yes")
    ]


async def test_a_deleted_case_contact_leaves_the_lists(iinsight):
    on_case = {"case_id": 1, "fields": ["contact_id"], "sort_col": "name"}
    assert "102" in await contact_ids(iinsight, "contacts.list", on_case)
    await iinsight.run("contacts.delete_from_case", {"contact_id": 102, "case_id": 1})
    assert "102" not in await contact_ids(iinsight, "contacts.list", on_case)


async def test_records_arranged_directly_in_the_store_show_at_once(iinsight, store):
    later = {"modified_since": "2030-01-01", "page": 1}
    assert await contact_ids(iinsight, "company_contacts.list", later) == []
    store.contacts[150].modified = datetime(2030, 1, 2)
    assert await contact_ids(iinsight, "company_contacts.list", later) == ["150"]
    unlinked = max(set(store.contacts) - {link.contact_id for link in store.case_contacts.values()})
    store.contacts[unlinked].modified = datetime(2030, 1, 3)
    assert await contact_ids(iinsight, "company_contacts.list", later) == ["150", str(unlinked)]
    del store.contacts[unlinked]
    assert await contact_ids(iinsight, "company_contacts.list", later) == ["150"]
