"""The scaffolding every simulator shares: one package shape, error shapes, knobs and journal, key checks."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from app.sandbox.registry import SIMULATOR_MODULES, Sandbox, build_sandbox
from app.sandbox.scaffold.errors import ApiError, ErrorShape
from app.sandbox.scaffold.keys import TokenRefusals, issue_token, require_bearer, require_header_key
from app.sandbox.scaffold.surface import Endpoint, read_json, vendor_app
from app.sandbox.transport import IN_PROCESS_ORIGIN

# What each vendor answers for a path it does not have, in its documented shape.
UNKNOWN_PATH_ANSWERS: dict[str, dict[str, Any]] = {
    "pgi": {"status": "error", "message": "No such endpoint: /pgi/api/no/such/path"},
    "oneoffice": {"error": {"code": "not_found", "message": "Not found. The API has a single endpoint."}},
    "iqreseller": {"Message": "No HTTP resource was found that matches the request URI '/no/such/path'."},
    "inszoom": {
        "Message": "No HTTP resource was found that matches the request URI "
        f"'{IN_PROCESS_ORIGIN}/inszoom/api/no/such/path'."
    },
    "iinsight": {"status": False, "message": "Route not found"},
}
# An injected 503 in each vendor's shape.
FAULT_503: dict[str, dict[str, Any]] = {
    "pgi": {"status": "error", "message": "Service temporarily unavailable; retry later"},
    "oneoffice": {"error": {"code": "internal_error", "message": "Injected fault (503)."}},
    "iqreseller": {"Message": "An error has occurred."},
    "inszoom": {"Message": "The service is temporarily unavailable. Please try again later."},
    "iinsight": {"status": False, "error": "Service Unavailable", "message": "Database connection failed"},
}


@pytest.fixture
def sandbox() -> Sandbox:
    return build_sandbox()


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=sandbox.app)
    async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_ORIGIN) as http:
        yield http


@pytest.mark.parametrize("vendor", sorted(SIMULATOR_MODULES))
def test_every_simulator_is_a_package_of_routes_store_and_seed(vendor: str) -> None:
    package = SIMULATOR_MODULES[vendor]
    for part in ("routes", "store", "seed"):
        assert importlib.util.find_spec(f"{package}.{part}") is not None, f"{package}.{part}"


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", sorted(SIMULATOR_MODULES))
async def test_unknown_paths_and_injected_faults_answer_in_the_vendors_shape(
    vendor: str, client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    path = f"/{vendor}/api/no/such/path"
    unknown = await client.post(path, json={})
    assert (unknown.status_code, unknown.json()) == (404, UNKNOWN_PATH_ANSWERS[vendor])

    knobs = await client.post(f"/_control/{vendor}", json={"fail_next": {"count": 1, "status": 503}})
    assert knobs.json() == {"vendor": vendor, "applied": True}
    failed = await client.post(path, json={})
    assert (failed.status_code, failed.json()) == (503, FAULT_503[vendor])
    again = await client.post(path, json={})
    assert again.status_code == 404


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", sorted(SIMULATOR_MODULES))
async def test_every_request_is_journalled_and_delayed_alike(
    vendor: str, client: httpx.AsyncClient, sandbox: Sandbox
) -> None:
    await client.post(f"/_control/{vendor}", json={"latency_ms": 60})
    started = time.monotonic()
    await client.post(f"/{vendor}/api/journalled?x=1", content=b"{}", headers={"X-Probe": "yes"})
    assert time.monotonic() - started >= 0.06
    [recorded] = sandbox.control(vendor).requests_to("/journalled")
    assert (recorded.host, recorded.method, recorded.query, recorded.body) == ("api", "POST", "x=1", b"{}")
    assert recorded.headers["x-probe"] == "yes"


# ---------------------------------------------------------------- the scaffolding alone

REFUSALS = TokenRefusals(missing="No token", unknown="Who are you?", expired="Too late")
SHAPE = ErrorShape(
    body=lambda error: {"why": error.message, "code": error.code, "fields": error.errors},
    fault=lambda status: ApiError(status, f"fault {status}"),
    not_found=lambda request: f"nothing at {request.url.path}",
    method_not_allowed=lambda request, allowed: f"{request.method} refused; use {'/'.join(allowed)}",
    internal=ApiError(500, "our bug"),
)


def _tiny_vendor() -> tuple[httpx.AsyncClient, dict[str, float]]:
    tokens: dict[str, float] = {}

    async def keyed(request: Request) -> Any:
        require_header_key(request, "X-Key", {"k-1", "k-2"}, missing="Send X-Key", wrong="Wrong X-Key")
        return {"ok": True}

    async def bearer(request: Request) -> Any:
        return {"token": require_bearer(request, tokens, 1000.0, REFUSALS)}

    async def broken(request: Request) -> Any:
        raise RuntimeError("a bug")

    async def invalid(request: Request) -> Any:
        raise ApiError(422, "bad", code="bad_field", errors={"name": "required"})

    app = vendor_app(
        SHAPE,
        [
            Endpoint("/keyed", keyed, ("PUT", "POST")),
            Endpoint("/bearer", bearer, ("GET",)),
            Endpoint("/broken", broken),
            Endpoint("/invalid", invalid),
        ],
    )
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://vendor.invalid"), tokens


@pytest.mark.anyio
async def test_a_wrong_method_is_refused_before_the_key_with_allow_in_declared_order() -> None:
    client, _ = _tiny_vendor()
    async with client:
        refused = await client.get("/keyed")
        head = await client.head("/bearer")
    assert refused.status_code == 405 and refused.headers["allow"] == "PUT, POST"
    assert refused.json() == {"why": "GET refused; use PUT/POST", "code": None, "fields": None}
    assert head.status_code == 405  # HEAD only where a vendor lists it


@pytest.mark.anyio
async def test_header_keys_are_checked_in_the_vendors_words() -> None:
    client, _ = _tiny_vendor()
    async with client:
        missing = await client.post("/keyed")
        wrong = await client.post("/keyed", headers={"X-Key": "k-3"})
        good = await client.post("/keyed", headers={"X-Key": "k-2"})
    assert (missing.status_code, missing.json()["why"]) == (401, "Send X-Key")
    assert (wrong.status_code, wrong.json()["why"]) == (401, "Wrong X-Key")
    assert good.json() == {"ok": True}


@pytest.mark.anyio
async def test_bearer_tokens_are_missing_unknown_expired_or_good() -> None:
    client, tokens = _tiny_vendor()
    good = issue_token(tokens, expires_at=1000.5)
    stale = issue_token(tokens, expires_at=1000.0)
    async with client:
        answers = [
            await client.get("/bearer", headers=headers)
            for headers in (
                {},
                {"Authorization": f"Basic {good}"},
                {"Authorization": "Bearer nobody"},
                {"Authorization": f"Bearer {stale}"},
                {"Authorization": f"Bearer  {good} "},
            )
        ]
    assert [(a.status_code, a.json().get("why")) for a in answers[:4]] == [
        (401, "No token"),
        (401, "No token"),
        (401, "Who are you?"),
        (401, "Too late"),
    ]
    assert answers[4].json() == {"token": good}
    assert good != stale and len(good) >= 40


@pytest.mark.anyio
async def test_refusals_and_bugs_are_rendered_by_the_vendors_shape() -> None:
    client, _ = _tiny_vendor()
    async with client:
        invalid = await client.post("/invalid")
        broken = await client.post("/broken")
        unknown = await client.post("/keyed/")  # paths are exact: no redirect to /keyed
    assert invalid.status_code == 422
    assert invalid.json() == {"why": "bad", "code": "bad_field", "fields": {"name": "required"}}
    assert (broken.status_code, broken.json()["why"]) == (500, "our bug")
    assert (unknown.status_code, unknown.json()["why"]) == (404, "nothing at /keyed/")


@pytest.mark.parametrize("raw", [b'{"n": NaN}', b'{"n": Infinity}', '{"n": 1}'.encode("utf-16"), b"\xff{}"])
def test_json_bodies_are_read_as_rfc_8259(raw: bytes) -> None:
    with pytest.raises(ValueError):
        read_json(raw)
    assert read_json('{"naïve": [1, 2.5, null]}'.encode()) == {"naïve": [1, 2.5, None]}
