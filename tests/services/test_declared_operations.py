"""Operations and fields an administrator declares without code, used like the catalog's own: on the
wire exactly as declared, checked whole, and a bad file never stopping anything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from app.core.credentials import CredentialStore
from app.sandbox.registry import build_sandbox
from app.services.declared import USER_FILE, Catalogs, from_file, read
from app.services.settings import Settings, config_dir
from app.services.workspace import Workspace

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iqreseller-operations.json"


def with_user_file(content: object) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    (config_dir() / USER_FILE).write_text(text, encoding="utf-8")


def workspace_on(sandbox) -> Workspace:
    return Workspace(Settings(), CredentialStore(), sandbox=sandbox)


def queries(sandbox, path: str) -> list[dict[str, str]]:
    return [dict(parse_qsl(r.query)) for r in sandbox.control("iqreseller").requests_to(path)]


def test_the_shipped_example_is_valid_and_adds_five_iq_reseller_operations():
    found = from_file(EXAMPLE, Catalogs())
    assert found.problems == []
    assert [op.id for op in found.operations["iqreseller"]] == [
        "so.list", "so_detail.list", "cv_contact.list", "condition.list", "so.update_fields",
    ]  # fmt: skip


@pytest.mark.anyio
async def test_sales_orders_load_all_walks_zero_based_pages_to_the_end(memory_keyring):
    config_dir().mkdir(parents=True)
    shutil.copy(EXAMPLE, config_dir() / USER_FILE)
    sandbox = build_sandbox(["iqreseller"])
    workspace = workspace_on(sandbox)
    service = workspace.service("iqreseller")
    assert service.operation("so.list").label == "Sales orders"
    orders = await service.run_all_pages("so.list", {"PageSize": 100, "SortBy": "0"}, concurrency=1)
    assert len(orders) == 236 and orders[0]["soid"] == 1601
    sent = queries(sandbox, "/GetSOs")
    assert sent[:3] == [{"Page": str(page), "PageSize": "100", "SortBy": "0"} for page in (0, 1, 2)]
    assert len(sent) == 3  # the short third page ended it
    await workspace.aclose()


@pytest.mark.anyio
async def test_a_page_past_the_end_refused_in_the_declared_words_is_the_end_not_an_error(memory_keyring):
    config_dir().mkdir(parents=True)
    shutil.copy(EXAMPLE, config_dir() / USER_FILE)
    sandbox = build_sandbox(["iqreseller"])
    workspace = workspace_on(sandbox)
    # 236 orders are exactly two pages of 118: the third page is past the end, which IQ Reseller
    # answers with a 500 "Object reference not set…" instead of an empty page.
    orders = await workspace.service("iqreseller").run_all_pages("so.list", {"PageSize": 118}, concurrency=1)
    assert "SortBy" not in queries(sandbox, "/GetSOs")[0]  # not given: not sent (the form shows its default)
    assert len(orders) == 236
    assert [q["Page"] for q in queries(sandbox, "/GetSOs")] == ["0", "1", "2"]
    await workspace.aclose()


@pytest.mark.anyio
async def test_an_orders_own_fields_are_sent_as_one_order_in_the_sos_list(memory_keyring):
    config_dir().mkdir(parents=True)
    shutil.copy(EXAMPLE, config_dir() / USER_FILE)
    sandbox = build_sandbox(["iqreseller"])
    workspace = workspace_on(sandbox)
    service = workspace.service("iqreseller")
    await service.run("so.update_fields", {"soid": "1813", "userdefined1": "TRACK123", "userdefined3": ""})
    sent = sandbox.control("iqreseller").requests_to("/SO/UDFS/JSON")[-1]
    assert sent.method == "POST"
    assert json.loads(sent.body) == {"sos": [{"soid": 1813, "userdefined1": "TRACK123"}]}  # nothing invented
    lines = (await service.run("so_detail.list", {"SOid": "1813"})).data
    assert lines and all(line["soid"] == 1813 for line in lines)
    orders = await service.run_all_pages("so.list", {"PageSize": 500})
    assert next(o for o in orders if o["soid"] == 1813)["userdefined1"] == "TRACK123"
    await workspace.aclose()


@pytest.mark.anyio
async def test_a_field_added_to_an_existing_operation_goes_on_the_wire(memory_keyring):
    with_user_file(
        {
            "format": 1,
            "vendors": {
                "inszoom": {
                    "fields": {
                        "client.create": [
                            {"name": "PreferredName", "label": "Preferred name", "in": "body"},
                            {"name": "VIP", "type": "boolean", "in": "body"},
                        ]
                    }
                }
            },
        }
    )
    sandbox = build_sandbox(["inszoom"])
    workspace = workspace_on(sandbox)
    service = workspace.service("inszoom")
    assert service.operation("client.create").field("PreferredName").label == "Preferred name"
    values = {"FirstName": "Ada", "LastName": "Lund", "PreferredName": "Addie", "VIP": "yes"}
    await service.run("client.create", values)
    body = json.loads(sandbox.control("inszoom").requests_to("/Client/Create")[-1].body)
    assert body["PreferredName"] == "Addie" and body["VIP"] is True
    assert workspace.declarations().problems == []
    await workspace.aclose()


BAD = {
    "format": 1,
    "vendors": {
        "iqreseller": {
            "operations": [
                {"id": "cv.list", "label": "Again", "path": "/webapi.svc/CV/json/GetCVs"},
                {"id": "so.list", "label": "Orders", "metod": "GET", "path": "/webapi.svc/../admin"},
                {
                    "id": "so.one",
                    "label": "One",
                    "path": "/webapi.svc/SO/{soid}",
                    "fields": [{"name": "x", "type": "colour"}],
                },
                {"id": "so.page", "label": "Paged", "path": "/webapi.svc/SO/GetSOs", "result": "paginated"},
            ],
            "fields": {"so.nothing": [{"name": "A"}]},
        },
        "acme": {},
    },
}


def test_a_file_with_mistakes_adds_nothing_and_names_each_one():
    found = read(BAD, Catalogs())
    assert found.operations == {} and found.fields == {}
    problems = "\n".join(found.problems)
    for expected in (
        "IQ Reseller already has an operation “cv.list” (to add fields to it, use “fields”)",
        "iqreseller operation “so.list”: “metod” is not known here",
        "iqreseller operation “so.list”: “path” must be one path on the vendor's address",
        "iqreseller operation “so.one” field “x”: “type” must be one of",
        "the path names {soid}, which no field with “in”: “path” fills",
        "iqreseller operation “so.page”: a paginated result needs “paging”",
        "a list needs “columns”",
        "IQ Reseller has no operation “so.nothing”",
        "“acme” is not a vendor",
    ):
        assert expected in problems, expected


def test_a_files_problems_name_the_file():
    with_user_file(BAD)
    found = from_file(config_dir() / USER_FILE, Catalogs())
    named = f"{config_dir() / USER_FILE} was not used: "
    assert found.problems and all(problem.startswith(named) for problem in found.problems)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "content",
    ["{not json", "[1, 2]", json.dumps(BAD), "[" * 100_000, b"\xff\xfe\x00".decode("latin-1")],
    ids=["broken", "array", "mistakes", "deep", "not-utf8"],
)
async def test_a_bad_file_never_stops_a_vendor_from_working(memory_keyring, content):
    with_user_file(content)
    sandbox = build_sandbox(["iqreseller"])
    workspace = workspace_on(sandbox)
    service = workspace.service("iqreseller")
    cvs = await service.run_all_pages("cv.list", {})
    assert cvs  # the catalog's own operations work as before
    assert workspace.declarations().problems  # and what was wrong is said
    assert "so.page" not in {op.id for op in service.definition.operations}
    await workspace.aclose()


@pytest.mark.anyio
async def test_the_organisation_profile_declares_operations_for_everyone(memory_keyring):
    from app.services.profile import ProfileState, apply_organisation_profile

    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    profile = {"format": 1, "organisation": "Northwind", "vendors": example["vendors"]}
    config_dir().mkdir(parents=True)
    (config_dir() / "organisation-profile.json").write_text(json.dumps(profile), encoding="utf-8")
    settings = Settings()
    outcome = apply_organisation_profile(settings)
    assert outcome.state is ProfileState.APPLIED
    again = apply_organisation_profile(settings)  # applied before: its operations are still there
    assert again.state is ProfileState.ALREADY_APPLIED
    sandbox = build_sandbox(["iqreseller"])
    declared = again.declarations
    workspace = Workspace(settings, CredentialStore(), sandbox=sandbox, profile_declarations=declared)
    conditions = (await workspace.service("iqreseller").run("condition.list", {})).data
    assert [row["condition"] for row in conditions][:2] == ["New", "Refurbished"]
    assert workspace.declarations().problems == []
    await workspace.aclose()


def test_a_profile_with_a_bad_declaration_is_not_used_and_says_why():
    from app.services.profile import ProfileState, apply_organisation_profile

    wrong = {"id": "x.y", "label": "X", "path": "no"}
    profile = {"format": 1, "vendors": {"iqreseller": {"operations": [wrong]}}}
    config_dir().mkdir(parents=True)
    (config_dir() / "organisation-profile.json").write_text(json.dumps(profile), encoding="utf-8")
    outcome = apply_organisation_profile(Settings())
    assert outcome.state is ProfileState.INVALID
    assert "iqreseller operation “x.y”: “path” must start with “/”" in outcome.message
