"""PGi through the real service layer against its in-process simulator: all four operations."""

from __future__ import annotations

import json

import httpx
import pytest

from app.contract.errors import AuthError, NetworkError, RemoteError, ValidationError
from app.core.executor import execute
from app.core.prepare import PreparedRequest
from app.core.session import SessionState
from tests.conftest import make_workspace

PROVISION = {
    "company.externalId": "7001",
    "company.name": "Northwind Dental Group",
    "company.isGlobalMeetEnabled": True,
    "client.externalId": "9001",
    "client.first": "Maya",
    "client.last": "Okafor",
    "client.email": "maya.okafor@northwind.example",
    "contact.city": "Boston",
    "contact.state": "MA",
    "contact.country": "USA",
}
ACTIVE_CLIENT = 10863894
INACTIVE_CLIENT = 24410582


@pytest.fixture
async def pgi(pgi_sandbox):
    workspace = make_workspace(pgi_sandbox)
    yield workspace.service("pgi")
    await workspace.aclose()


def journal(sandbox):
    return list(sandbox.control("pgi").journal)


@pytest.mark.anyio
async def test_provision_sends_the_documented_request_and_shows_the_new_ids(pgi, pgi_sandbox):
    result = await pgi.run("client.provision", PROVISION)
    data = result.data["data"]
    assert result.data["status"] == "success"
    assert isinstance(data["clientId"], int) and isinstance(data["companyId"], int)
    assert set(data["passCodes"]) == {"moderatorPassCode", "participantPassCode"}
    sent = journal(pgi_sandbox)[-1]
    assert (sent.method, sent.path) == ("POST", "/pgi/api/provisioning/client/provision")
    assert sent.headers["x-auth-token"] == "pgi-demo-key-2026"
    assert sent.headers["content-type"] == "application/json"
    body = json.loads(sent.body)
    assert body["company"] == {
        "externalId": 7001,
        "name": "Northwind Dental Group",
        "isGlobalMeetEnabled": True,
    }  # isWebConfEnabled was not given: nothing is sent for it (the window's box sends its state)
    assert body["client"] == {
        "externalId": 9001,
        "first": "Maya",
        "last": "Okafor",
        "email": "maya.okafor@northwind.example",
        "password": "",
    }
    assert body["contact"] == {"city": "Boston", "state": "MA", "country": "USA"}


@pytest.mark.anyio
async def test_provisioning_twice_answers_the_same_ids_and_keeps_the_active_state(pgi, pgi_sandbox):
    first = (await pgi.run("client.provision", PROVISION)).data["data"]
    await pgi.run("client.deactivate", {"clientId": first["clientId"]})
    again = (await pgi.run("client.provision", PROVISION)).data["data"]
    assert again == first
    assert pgi_sandbox.simulators["pgi"].state.is_active(first["clientId"]) is False


@pytest.mark.anyio
async def test_look_up_deactivate_and_reactivate_a_client(pgi, pgi_sandbox):
    looked_up = await pgi.run("client.get", {"clientId": str(ACTIVE_CLIENT)})
    assert looked_up.data["clientId"] == ACTIVE_CLIENT
    assert set(looked_up.data["hub"]) == {"hubId", "hubUrl"}
    state = pgi_sandbox.simulators["pgi"].state
    for _ in range(2):  # both are idempotent: the second call succeeds too
        assert (await pgi.run("client.deactivate", {"clientId": ACTIVE_CLIENT})).data == {"status": "success"}
        assert state.is_active(ACTIVE_CLIENT) is False
    for _ in range(2):
        assert (await pgi.run("client.reactivate", {"clientId": ACTIVE_CLIENT})).data == {"status": "success"}
        assert state.is_active(ACTIVE_CLIENT) is True
    sent = journal(pgi_sandbox)[-1]
    assert sent.path == "/pgi/api/provisioning/client/reactivate"
    assert json.loads(sent.body) == {"clientId": ACTIVE_CLIENT}


@pytest.mark.anyio
async def test_client_get_goes_to_client_get_not_under_provisioning(pgi, pgi_sandbox):
    await pgi.run("client.get", {"clientId": INACTIVE_CLIENT})
    assert journal(pgi_sandbox)[-1].path == "/pgi/api/client/get"


@pytest.mark.anyio
async def test_unknown_client_is_a_404_with_the_vendors_message(pgi):
    with pytest.raises(RemoteError) as caught:
        await pgi.run("client.get", {"clientId": 99999999})
    assert caught.value.status == 404
    assert caught.value.message.startswith("PGi says:")
    assert caught.value.vendor_message


@pytest.mark.anyio
async def test_wrong_key_is_an_auth_error_and_the_light_turns_red(pgi_sandbox):
    workspace = make_workspace(pgi_sandbox, sign_in_as_demo=False)
    workspace.credentials.set("pgi", "sandbox", "api_key", "wrong-key")
    service = workspace.service("pgi")
    with pytest.raises(AuthError) as caught:
        await service.run("client.get", {"clientId": ACTIVE_CLIENT})
    assert "wrong-key" not in caught.value.message
    assert service.session.status().state is SessionState.ERROR
    assert len(journal(pgi_sandbox)) == 1  # a static key is not retried
    await workspace.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("country", ["USA", "usa", "U S A", "US", "United States", "united states"])
async def test_us_contact_without_state_is_refused_before_anything_is_sent(pgi, pgi_sandbox, country):
    values = {**PROVISION, "contact.country": country, "contact.state": "  "}
    with pytest.raises(ValidationError) as caught:
        await pgi.run("client.provision", values)
    assert caught.value.fields == {"contact.state": "State is required for contacts in the United States."}
    assert journal(pgi_sandbox) == []


@pytest.mark.anyio
async def test_the_simulator_itself_answers_400_for_a_us_contact_without_state(pgi, pgi_sandbox):
    """Bypass the client's own check: the vendor's answer is shown as its message."""
    operation = pgi.definition.operation("client.provision")
    body = {
        "company": {"externalId": 1, "name": "A"},
        "client": {"externalId": 2, "first": "A", "last": "B", "email": "a@b.co"},
        "contact": {"country": "United States"},
    }
    prepared = PreparedRequest(operation, "POST", "api", operation.path, json_body=body, has_body=True)
    with pytest.raises(RemoteError) as caught:
        await execute(pgi.definition, pgi.session, prepared, pgi.url_for)
    assert caught.value.status == 400
    assert "state" in caught.value.message


@pytest.mark.anyio
async def test_a_server_fault_and_a_malformed_body_are_typed_errors(pgi, pgi_sandbox):
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    pgi.sleep = no_wait
    control = pgi_sandbox.control("pgi")
    control.fail_next(1, 503)
    assert (await pgi.run("client.get", {"clientId": ACTIVE_CLIENT})).data["clientId"] == ACTIVE_CLIENT
    assert len(waits) == 1  # a read is repeated once after a short wait
    control.fail_next(5, 503)
    with pytest.raises(RemoteError) as fault:
        await pgi.run("client.get", {"clientId": ACTIVE_CLIENT})
    assert fault.value.status == 503
    assert "had a problem on its side" in fault.value.message
    assert len(waits) == 3  # bounded: three attempts in all
    control.fail_next(0)
    control.malformed_next(1)
    with pytest.raises(RemoteError) as malformed:
        await pgi.run("client.get", {"clientId": ACTIVE_CLIENT})
    assert "not valid JSON" in malformed.value.message
    assert (await pgi.run("client.get", {"clientId": ACTIVE_CLIENT})).data["clientId"] == ACTIVE_CLIENT


@pytest.mark.anyio
async def test_unreachable_vendor_is_a_network_error(pgi_sandbox, monkeypatch):
    workspace = make_workspace(pgi_sandbox)
    service = workspace.service("pgi")

    async def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    service.client._transport = httpx.MockTransport(refuse)
    with pytest.raises(NetworkError) as caught:
        await service.run("client.get", {"clientId": ACTIVE_CLIENT})
    assert "could not be reached" in caught.value.message
    await workspace.aclose()


@pytest.mark.anyio
async def test_sign_in_proves_a_static_key_with_a_harmless_call(pgi, pgi_sandbox):
    status = await pgi.sign_in()
    assert status.state is SessionState.ACTIVE
    assert journal(pgi_sandbox)[-1].path == "/pgi/api/client/get"


@pytest.mark.anyio
async def test_environment_without_an_address_says_so(pgi_sandbox):
    workspace = make_workspace(pgi_sandbox)
    workspace.credentials.set("pgi", "production", "api_key", "live-key")
    service = workspace.service("pgi", "production")
    with pytest.raises(Exception, match="No address is set for PGi"):
        await service.run("client.get", {"clientId": 1})
    await workspace.aclose()
