"""The IQ Reseller simulator against iqreseller-integrations.md: the methods real integrations call.

Driven over HTTP through the combined sandbox app, as test_iqreseller_simulator.py does.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from xml.etree import ElementTree

import httpx
import pytest

from app.sandbox.control import SimulatorControl
from app.sandbox.iqreseller.seed import make_cvs, make_items
from app.sandbox.iqreseller.seed_sales import make_contacts, make_orders, make_po_inventories
from app.sandbox.iqreseller.store import IDLE_LIFETIME_S
from app.sandbox.registry import Sandbox, build_sandbox
from tests.sandbox.test_iqreseller_simulator import JSON_HEADERS, SESSION, assert_message, start

OBJECT_REFERENCE = "Object reference not set to an instance of an object"
ORDER_KEYS = {
    "soid",
    "so",
    "clientid",
    "clientponumber",
    "status",
    "saledate",
    "rep",
    "total",
    "shiptoname",
    "shiptoaddress1",
    "shiptoaddress2",
    "shiptocity",
    "shiptostate",
    "shiptozip",
    "shiptocountry",
    "userdefined1",
    "userdefined2",
    "userdefined3",
    "userdefined4",
    "userdefined5",
    "lastupdatedby",
    "SODetails",
}
EXAMPLE_UPDATE = {
    "sos": [
        {"soid": 1813, "userdefined1": "TRACKING123", "userdefined2": "UPS", "lastupdatedby": "CONNECTOR"}
    ]
}
# Every method this file covers, as the page writes it: (HTTP method, path below the api host, body).
NEW_METHODS: list[tuple[str, str, Any]] = [
    ("GET", "/webapi.svc/SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0", None),
    ("GET", "/webapi.svc/SO/XML/GetSOs?Page=1&PageSize=100&SortBy=0", None),
    ("GET", "/webapi.svc/SODetail/JSON/GetSODetails?SOid=1813", None),
    ("GET", "/webapi.svc/Contact/JSON/GetContactsByCVid?cvid=1001", None),
    ("GET", "/webapi.svc/Condition/JSON/GetConditions", None),
    ("GET", "/webapi.svc/Inventory/JSON/GetInventoriesByPOId?POId=4001", None),
    ("GET", "/webapi.svc/MI/JSON/GetItemByItemId?ItemId=70001", None),
    ("POST", "/webapi.svc/SO/UDFS/JSON", EXAMPLE_UPDATE),
    ("POST", "/webapi.svc/CV/JSON/GetCVs", {}),
]


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox(["iqreseller"])


@pytest.fixture
def control(sandbox: Sandbox) -> SimulatorControl:
    return sandbox.control("iqreseller")


@pytest.fixture
def signin(sandbox: Sandbox) -> str:
    return sandbox.base_urls()["iqreseller"]["signin"]


@pytest.fixture
def api(sandbox: Sandbox) -> str:
    return sandbox.base_urls()["iqreseller"]["api"]


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sandbox.app)) as c:
        yield c


@pytest.fixture
async def token(client: httpx.AsyncClient, signin: str) -> str:
    response = await start(client, signin)
    assert response.status_code == 200
    return response.json()["Data"]


def headers_for(token: str | None, **extra: str) -> dict[str, str]:
    """The headers every data call carries (the page's first bullet), GETs included."""
    headers = {"Content-Type": "application/json", "Accept": "application/json", **extra}
    if token is not None:
        headers["iqr-session-token"] = token
    return headers


async def get(
    client: httpx.AsyncClient, api: str, token: str | None, path: str, **extra: str
) -> httpx.Response:
    return await client.get(api + path, headers=headers_for(token, **extra))


async def post(
    client: httpx.AsyncClient, api: str, token: str | None, path: str, body: Any
) -> httpx.Response:
    return await client.post(api + path, content=json.dumps(body), headers=headers_for(token))


async def sos_page(
    client: httpx.AsyncClient, api: str, token: str, page: int, size: int = 100, fmt: str = "JSON"
) -> httpx.Response:
    return await get(client, api, token, f"/webapi.svc/SO/{fmt}/GetSOs?Page={page}&PageSize={size}&SortBy=0")


async def all_orders(client: httpx.AsyncClient, api: str, token: str) -> list[dict[str, Any]]:
    response = await sos_page(client, api, token, 0, 0)
    assert response.status_code == 200
    orders: list[dict[str, Any]] = response.json()
    return orders


async def order(client: httpx.AsyncClient, api: str, token: str, soid: int) -> dict[str, Any]:
    (found,) = [o for o in await all_orders(client, api, token) if o["soid"] == soid]
    return found


# ---------------------------------------------------------------- SO/JSON/GetSOs: records and paging


@pytest.mark.anyio
async def test_get_sos_pages_are_zero_based_and_end_with_a_short_page(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    pages = []
    for page in range(3):
        response = await sos_page(client, api, token, page)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/json")
        pages.append(response.json())
    assert [len(p) for p in pages] == [100, 100, 36]
    soids = [o["soid"] for p in pages for o in p]
    assert soids == list(range(1601, 1837))
    assert pages[1][0]["soid"] == 1701  # Page=1 is the second page
    assert [o for p in pages for o in p] == await all_orders(client, api, token)


@pytest.mark.anyio
@pytest.mark.parametrize(("page", "size"), [(3, 100), (2, 118), (236, 1), (1, 0), (10**9, 100)])
async def test_get_sos_past_the_last_page_is_iq_resellers_500(
    client: httpx.AsyncClient, api: str, token: str, page: int, size: int
) -> None:
    assert OBJECT_REFERENCE in assert_message(await sos_page(client, api, token, page, size), 500)


@pytest.mark.anyio
async def test_get_sos_last_page_that_exists_answers(client: httpx.AsyncClient, api: str, token: str) -> None:
    assert len((await sos_page(client, api, token, 1, 118)).json()) == 118
    assert [o["soid"] for o in (await sos_page(client, api, token, 235, 1)).json()] == [1836]


@pytest.mark.anyio
async def test_get_sos_orders_carry_the_pages_fields_and_their_lines(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    orders = await all_orders(client, api, token)
    cvids = {cv["CVID"] for cv in (await post(client, api, token, "/webapi.svc/CV/json/GetCVs", {})).json()}
    statuses = set()
    for o in orders:
        assert set(o) == ORDER_KEYS
        assert o["clientid"] in cvids
        assert o["so"] and isinstance(o["soid"], int)
        statuses.add(o["status"])
        lines = o["SODetails"]
        assert lines and all(line["soid"] == o["soid"] for line in lines)
        assert o["total"] == pytest.approx(sum(line["extendedprice"] for line in lines), abs=0.01)
        shipped = [line["qtyshipped"] for line in lines]
        ordered = [line["quantity"] for line in lines]
        if o["status"] == "Closed":
            assert shipped == ordered
        elif o["status"] == "Open":
            assert not any(shipped)
        else:
            assert 0 < sum(shipped) < sum(ordered)
    assert statuses == {"Open", "Partial", "Closed"}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("PageSize=100&SortBy=0", "Page"),
        ("Page=0&SortBy=0", "PageSize"),
        ("Page=-1&PageSize=100", "Page"),
        ("Page=abc&PageSize=100", "Page"),
        ("Page=0&PageSize=1.5", "PageSize"),
        ("Page=0&PageSize=100&SortBy=7", "SortBy"),
        ("Page=0&PageSize=100&Page=1", "Page"),
        ("Page=0&PageSize=100&Filter=Open", "Filter"),
    ],
)
async def test_get_sos_bad_query_is_400_naming_the_parameter(
    client: httpx.AsyncClient, api: str, token: str, query: str, named: str
) -> None:
    response = await get(client, api, token, f"/webapi.svc/SO/JSON/GetSOs?{query}")
    assert named in assert_message(response, 400)


@pytest.mark.anyio
async def test_query_parameter_names_are_read_without_regard_to_case(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await get(client, api, token, "/webapi.svc/SO/JSON/GetSOs?page=1&pagesize=100&sortby=0")
    assert response.json() == (await sos_page(client, api, token, 1)).json()
    lines = await get(client, api, token, "/webapi.svc/SODetail/JSON/GetSODetails?soid=1813")
    assert lines.status_code == 200


# ---------------------------------------------------------------- SO/XML/GetSOs


@pytest.mark.anyio
async def test_xml_form_answers_array_of_so_with_the_same_orders(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await sos_page(client, api, token, 1, fmt="XML")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.text)
    assert root.tag == "ArrayOfSO"
    as_json = (await sos_page(client, api, token, 1)).json()
    assert [child.tag for child in root] == ["SO"] * len(as_json) == ["SO"] * 100
    for element, o in zip(root, as_json, strict=True):
        assert [child.tag for child in element] == list(o)
        for key, value in o.items():
            if key == "SODetails":
                continue
            text = element.findtext(key) or ""
            assert text == (value if isinstance(value, str) else json.dumps(value))
        details = element.find("SODetails")
        assert details is not None
        assert [d.findtext("sodetailid") for d in details] == [
            str(line["sodetailid"]) for line in o["SODetails"]
        ]
        assert {d.tag for d in details} == {"SODetail"}


@pytest.mark.anyio
async def test_xml_form_pages_like_the_json_form(client: httpx.AsyncClient, api: str, token: str) -> None:
    last = ElementTree.fromstring((await sos_page(client, api, token, 2, fmt="XML")).text)
    assert len(last) == 36
    assert OBJECT_REFERENCE in assert_message(await sos_page(client, api, token, 3, fmt="XML"), 500)
    lower = await sos_page(client, api, token, 2, fmt="xml")
    assert lower.status_code == 200 and len(ElementTree.fromstring(lower.text)) == 36


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("accept", "status"), [("application/xml", 200), ("text/xml", 200), ("text/html", 406)]
)
async def test_xml_form_accept_header(
    client: httpx.AsyncClient, api: str, token: str, accept: str, status: int
) -> None:
    response = await get(client, api, token, "/webapi.svc/SO/XML/GetSOs?Page=0&PageSize=5", Accept=accept)
    assert response.status_code == status


# ------------------------------------------------ lines, contacts, conditions, PO inventory, item


@pytest.mark.anyio
async def test_get_so_details_are_the_orders_lines(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await get(client, api, token, "/webapi.svc/SODetail/JSON/GetSODetails?SOid=1813")
    assert response.status_code == 200
    lines = response.json()
    assert lines == (await order(client, api, token, 1813))["SODetails"]
    for line in lines:
        assert {"sodetailid", "soid", "itemid", "partnumber", "quantity", "price"} <= set(line)
        assert line["soid"] == 1813


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/webapi.svc/SODetail/JSON/GetSODetails?SOid=99999", 404),
        ("/webapi.svc/SODetail/JSON/GetSODetails?SOid=0", 400),
        ("/webapi.svc/SODetail/JSON/GetSODetails", 400),
        ("/webapi.svc/Contact/JSON/GetContactsByCVid?cvid=4", 404),
        ("/webapi.svc/Contact/JSON/GetContactsByCVid?cvid=x", 400),
        ("/webapi.svc/Condition/JSON/GetConditions?Page=0", 400),
        ("/webapi.svc/Inventory/JSON/GetInventoriesByPOId?POId=9999", 404),
        ("/webapi.svc/Inventory/JSON/GetInventoriesByPOId", 400),
        ("/webapi.svc/MI/JSON/GetItemByItemId?ItemId=12", 404),
        ("/webapi.svc/MI/JSON/GetItemByItemId?ItemId=70001&ItemId=70002", 400),
    ],
)
async def test_look_ups_refuse_unknown_records_and_bad_parameters(
    client: httpx.AsyncClient, api: str, token: str, path: str, status: int
) -> None:
    assert_message(await get(client, api, token, path), status)


@pytest.mark.anyio
async def test_contacts_of_a_cv(client: httpx.AsyncClient, api: str, token: str) -> None:
    orders = await all_orders(client, api, token)
    buyer = orders[0]["clientid"]
    response = await get(client, api, token, f"/webapi.svc/Contact/JSON/GetContactsByCVid?cvid={buyer}")
    assert response.status_code == 200
    contacts = response.json()
    assert 1 <= len(contacts) <= 3
    assert all(c["cvid"] == buyer and "@" in c["email"] for c in contacts)
    assert [c["isprimary"] for c in contacts].count(True) == 1
    # A CV that never bought exists but has no contacts: an empty list, not a 404.
    buyers = {o["clientid"] for o in orders}
    other = next(cvid for cvid in range(1001, 1341) if cvid not in buyers)
    empty = await get(client, api, token, f"/webapi.svc/Contact/JSON/GetContactsByCVid?cvid={other}")
    assert empty.status_code == 200 and empty.json() == []


@pytest.mark.anyio
async def test_conditions_name_every_condition_a_line_is_in(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await get(client, api, token, "/webapi.svc/Condition/JSON/GetConditions")
    assert response.status_code == 200
    conditions = response.json()
    assert isinstance(conditions, list) and len(conditions) == 5
    names = {c["condition"] for c in conditions}
    used = {line["condition"] for o in await all_orders(client, api, token) for line in o["SODetails"]}
    assert used <= names


@pytest.mark.anyio
async def test_inventory_of_a_po_and_an_item(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await get(client, api, token, "/webapi.svc/Inventory/JSON/GetInventoriesByPOId?POId=4001")
    assert response.status_code == 200
    rows = response.json()
    assert rows and all(row["poid"] == 4001 for row in rows)
    items = (await post(client, api, token, "/webapi.svc/Inventory/json/GetItems", {})).json()
    by_id = {item["ItemID"]: item for item in items}
    assert all(row["itemid"] in by_id for row in rows)
    item_id = rows[0]["itemid"]
    one = await get(client, api, token, f"/webapi.svc/MI/JSON/GetItemByItemId?ItemId={item_id}")
    assert one.status_code == 200
    assert one.json() == by_id[item_id]


# ---------------------------------------------------------------- SO/UDFS/JSON


@pytest.mark.anyio
async def test_udfs_update_is_what_later_reads_return(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    before = await order(client, api, token, 1813)
    response = await post(client, api, token, "/webapi.svc/SO/UDFS/JSON", EXAMPLE_UPDATE)
    assert response.status_code == 200
    (answered,) = response.json()
    after = await order(client, api, token, 1813)
    assert answered == after
    expected = {**before, "userdefined1": "TRACKING123", "userdefined2": "UPS", "lastupdatedby": "CONNECTOR"}
    assert after == expected
    xml = ElementTree.fromstring((await sos_page(client, api, token, 2, fmt="XML")).text)
    (so,) = [so for so in xml if so.findtext("soid") == "1813"]
    assert so.findtext("userdefined1") == "TRACKING123"
    # A field not sent keeps its value; the lowercase format segment reaches the same method.
    again = await post(
        client, api, token, "/webapi.svc/SO/UDFS/json", {"sos": [{"soid": 1813, "userdefined3": "x"}]}
    )
    assert again.status_code == 200
    assert await order(client, api, token, 1813) == {**expected, "userdefined3": "x"}


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"sos": [{"soid": 1813, "userdefined1": "A"}, {"soid": 99999, "userdefined1": "B"}]}, 404),
        ({"sos": [{"soid": 1813, "userdefined1": "A"}, {"soid": 1814, "status": "Closed"}]}, 400),
        ({"sos": [{"soid": 1813, "userdefined1": 5}]}, 400),
        ({"sos": [{"soid": 1813}]}, 400),
        ({"sos": [{"userdefined1": "A"}]}, 400),
        ({"sos": []}, 400),
        ({"sos": {"soid": 1813}}, 400),
        ({}, 400),
        ({"sos": [{"soid": 1813, "userdefined1": "A"}], "extra": 1}, 400),
    ],
)
async def test_udfs_refusals_change_nothing(
    client: httpx.AsyncClient, api: str, token: str, body: Any, status: int
) -> None:
    before = await all_orders(client, api, token)
    assert_message(await post(client, api, token, "/webapi.svc/SO/UDFS/JSON", body), status)
    assert await all_orders(client, api, token) == before


@pytest.mark.anyio
async def test_udfs_needs_a_json_body(client: httpx.AsyncClient, api: str, token: str) -> None:
    path = api + "/webapi.svc/SO/UDFS/JSON"
    no_type = {"Accept": "application/json", "iqr-session-token": token}
    assert_message(await client.post(path, content=json.dumps(EXAMPLE_UPDATE), headers=no_type), 415)
    assert_message(await client.post(path, content=b"", headers=headers_for(token)), 400)


# ---------------------------------------------------------------- verbs, format spellings, headers


@pytest.mark.anyio
@pytest.mark.parametrize(("verb", "path", "body"), NEW_METHODS)
async def test_both_spellings_of_the_format_segment_answer_alike(
    client: httpx.AsyncClient, api: str, token: str, verb: str, path: str, body: Any
) -> None:
    lower_path = (
        path.replace("/JSON/", "/json/").replace("/XML/", "/xml/").replace("/UDFS/JSON", "/UDFS/json")
    )
    assert lower_path != path
    if verb == "POST":  # the example update sets the same values twice, so both answers are alike
        upper = await post(client, api, token, path, body)
        lower = await post(client, api, token, lower_path, body)
    else:
        upper = await get(client, api, token, path)
        lower = await get(client, api, token, lower_path)
    assert upper.status_code == lower.status_code == 200
    assert upper.content == lower.content


@pytest.mark.anyio
@pytest.mark.parametrize(
    "path",
    [
        "/webapi.svc/SO/Json/GetSOs?Page=0&PageSize=100",
        "/webapi.svc/SODetail/XML/GetSODetails?SOid=1813",
        "/webapi.svc/SO/JSON/GetSOs/?Page=0&PageSize=100",
    ],
)
async def test_other_spellings_are_404(client: httpx.AsyncClient, api: str, token: str, path: str) -> None:
    assert_message(await get(client, api, token, path), 404)


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/webapi.svc/so/JSON/GetSOs", "/webapi.svc/SO/JSON/getsos"])
async def test_area_and_method_names_keep_their_case(
    client: httpx.AsyncClient, api: str, token: str, path: str
) -> None:
    # Off by case, the path is only the pattern of the POST methods: GET is 405 there, POST an unknown method.
    assert (await get(client, api, token, path + "?Page=0&PageSize=100")).status_code == 405
    assert "Unknown method" in assert_message(await post(client, api, token, path, {}), 404)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("verb", "path", "allow"),
    [
        ("POST", "/webapi.svc/SO/JSON/GetSOs", "GET"),
        ("POST", "/webapi.svc/SO/json/GetSOs", "GET"),
        ("POST", "/webapi.svc/SO/XML/GetSOs", "GET"),
        ("PUT", "/webapi.svc/SODetail/JSON/GetSODetails", "GET"),
        ("HEAD", "/webapi.svc/Condition/JSON/GetConditions", "GET"),
        ("GET", "/webapi.svc/SO/UDFS/JSON", "POST"),
        ("GET", "/webapi.svc/CV/JSON/GetCVs", "POST"),
    ],
)
async def test_the_wrong_verb_is_405_even_without_a_session(
    client: httpx.AsyncClient, api: str, verb: str, path: str, allow: str
) -> None:
    response = await client.request(verb, api + path, content=b"{}" if verb != "HEAD" else b"")
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    if verb != "HEAD":
        assert_message(response, 405)


@pytest.mark.anyio
async def test_a_get_carries_no_body(client: httpx.AsyncClient, api: str, token: str) -> None:
    response = await client.request(
        "GET", api + "/webapi.svc/Condition/JSON/GetConditions", content=b"{}", headers=headers_for(token)
    )
    assert "query string" in assert_message(response, 400)


@pytest.mark.anyio
async def test_gets_need_no_content_type(client: httpx.AsyncClient, api: str, token: str) -> None:
    headers = {"Accept": "application/json", "iqr-session-token": token}
    response = await client.get(api + "/webapi.svc/Condition/JSON/GetConditions", headers=headers)
    assert response.status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize(("verb", "path", "body"), [m for m in NEW_METHODS if "/XML/" not in m[1]])
@pytest.mark.parametrize("accept", ["*/*", "text/html"])
async def test_json_methods_without_accept_json_are_406(
    client: httpx.AsyncClient, api: str, token: str, verb: str, path: str, body: Any, accept: str
) -> None:
    content = None if body is None else json.dumps(body)
    response = await client.request(
        verb, api + path, content=content, headers=headers_for(token, Accept=accept)
    )
    assert_message(response, 406)


# ---------------------------------------------------------------- the session token


@pytest.mark.anyio
@pytest.mark.parametrize(("verb", "path", "body"), NEW_METHODS)
@pytest.mark.parametrize("session_token", [None, "", "not-a-session"])
async def test_new_methods_without_a_live_session_are_401(
    client: httpx.AsyncClient, api: str, verb: str, path: str, body: Any, session_token: str | None
) -> None:
    content = None if body is None else json.dumps(body)
    response = await client.request(verb, api + path, content=content, headers=headers_for(session_token))
    assert_message(response, 401)


@pytest.mark.anyio
@pytest.mark.parametrize(("verb", "path", "body"), NEW_METHODS)
async def test_new_methods_refuse_ended_and_expired_sessions(
    client: httpx.AsyncClient,
    api: str,
    signin: str,
    token: str,
    control: SimulatorControl,
    verb: str,
    path: str,
    body: Any,
) -> None:
    content = None if body is None else json.dumps(body)

    async def send(session_token: str) -> httpx.Response:
        return await client.request(verb, api + path, content=content, headers=headers_for(session_token))

    assert (await send(token)).status_code == 200
    ended = await client.delete(signin + SESSION, headers={"Authorization": f"Bearer {token}"})
    assert ended.status_code == 200
    assert "ended" in assert_message(await send(token), 401)
    fresh = (await start(client, signin)).json()["Data"]
    control.advance(IDLE_LIFETIME_S + 1)
    assert "expired" in assert_message(await send(fresh), 401)


@pytest.mark.anyio
async def test_a_read_restarts_the_idle_timer(
    client: httpx.AsyncClient, api: str, token: str, control: SimulatorControl
) -> None:
    control.advance(IDLE_LIFETIME_S - 5)
    assert (await sos_page(client, api, token, 0)).status_code == 200
    control.advance(IDLE_LIFETIME_S - 5)
    assert (await post(client, api, token, "/webapi.svc/CV/json/GetCVs", {})).status_code == 200


@pytest.mark.anyio
async def test_bearer_header_is_not_a_session_for_the_new_methods(
    client: httpx.AsyncClient, api: str, token: str
) -> None:
    response = await client.get(
        api + "/webapi.svc/SO/JSON/GetSOs?Page=0&PageSize=100&SortBy=0",
        headers={**JSON_HEADERS, "Authorization": f"Bearer {token}"},
    )
    assert_message(response, 401)


# ---------------------------------------------------------------- seed


def test_sales_seed_is_deterministic() -> None:
    cvs, items = make_cvs(), make_items()
    assert make_orders(cvs, items) == make_orders(cvs, items)
    assert make_contacts(cvs) == make_contacts(cvs)
    assert make_po_inventories(items) == make_po_inventories(items)
