"""Single flight at scale: 50 concurrent requests meeting an expired token cause exactly one sign-in.

For each vendor with a token (INSZoom's five-minute token, iinsight's bearer token,
IQ Reseller's session), two ways a token ends: the vendor refuses it while the app
still believes in it (every one of the 50 meets a 401), and the app's own clock
says it has run out (every one of the 50 finds it expired before sending).  Either
way the 50 share one new sign-in and all of them get their answer.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from app.core.credentials import CredentialStore
from app.core.session import SessionState
from app.sandbox.registry import Sandbox, build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from tests.reliability.faults import EXPIRE_S

CONCURRENT = 50
SIGN_IN_PATHS = {
    "inszoom": "/api/v1.0/Auth",
    "iinsight": "/auth/login",
    "iqreseller": "/api/IntegrationAPI/Session",
}
# One read per request, each for its own record, so nothing can be served from a shared answer.
READS = {
    "inszoom": lambda n: ("client.get", {"clientId": f"CL-{10001 + n % 20}"}),
    "iinsight": lambda n: ("contacts.details", {"case_id": "1", "contact_id": str(101 + n % 3)}),
    "iqreseller": lambda n: ("call", {"area": "CV", "method": "GetCV", "body": f'{{"CVID": {1001 + n}}}'}),
}


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def sign_ins(sandbox: Sandbox, vendor: str) -> int:
    return len(sandbox.control(vendor).requests_to(SIGN_IN_PATHS[vendor], "POST"))


async def fifty_reads(workspace: Workspace, vendor: str) -> list[object]:
    service = workspace.service(vendor)
    calls = [service.run(*READS[vendor](n)) for n in range(CONCURRENT)]
    return [result.data for result in await asyncio.gather(*calls)]


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", sorted(SIGN_IN_PATHS))
async def test_fifty_requests_refused_for_an_expired_token_share_one_sign_in(vendor):
    sandbox = build_sandbox([vendor])
    sandbox.control(vendor).latency_s = 0.002  # the 50 are in flight together on the simulator too
    workspace = Workspace(Settings(), CredentialStore(), sandbox=sandbox)
    service = workspace.service(vendor)
    await service.sign_in()
    token = service.session.token
    assert sign_ins(sandbox, vendor) == 1

    sandbox.control(vendor).advance(EXPIRE_S)  # the vendor's clock passes the token's end; ours does not
    answers = await fifty_reads(workspace, vendor)

    assert len(answers) == CONCURRENT and all(answers)
    assert sign_ins(sandbox, vendor) == 2, "exactly one new sign-in for all fifty"
    assert service.session.token is not None and service.session.token.value != token.value
    assert service.session.status().state is SessionState.ACTIVE
    await workspace.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize("vendor", ["inszoom", "iinsight"])  # IQ Reseller's session has no known end
async def test_fifty_requests_finding_the_token_run_out_share_one_sign_in(vendor):
    sandbox = build_sandbox([vendor])
    sandbox.control(vendor).latency_s = 0.002
    clock = Clock()
    workspace = Workspace(Settings(), CredentialStore(), sandbox=sandbox, clock=clock)
    service = workspace.service(vendor)
    await service.sign_in()
    expires_at = service.session.token.expires_at
    assert expires_at is not None

    clock.now = expires_at + 1  # our clock says the token is over: every caller wants a new one
    sandbox.control(vendor).advance(clock.now - time.time())
    answers = await fifty_reads(workspace, vendor)

    assert len(answers) == CONCURRENT and all(answers)
    assert sign_ins(sandbox, vendor) == 2, "exactly one new sign-in for all fifty"
    data_requests = [r for r in sandbox.control(vendor).journal if not r.path.endswith(SIGN_IN_PATHS[vendor])]
    assert len(data_requests) == CONCURRENT, "none was sent with the old token and refused"
    await workspace.aclose()
