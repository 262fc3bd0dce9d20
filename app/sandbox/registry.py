"""The built-in simulators, combined into one ASGI app mounted at /<vendor>/<host>.

The same combined app serves the GUI and tests in-process (httpx.ASGITransport,
no port) and ``python -m app sandbox`` on 127.0.0.1, so both see identical URLs
apart from the origin.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from app.sandbox.control import ASGIApp, FaultMiddleware, Receive, Scope, Send, SimulatorControl
from app.sandbox.simulator import Simulator
from app.sandbox.transport import IN_PROCESS_ORIGIN

# vendor id -> package that defines ``create(control) -> Simulator`` and DEMO_CREDENTIALS.
SIMULATOR_MODULES: dict[str, str] = {
    "inszoom": "app.sandbox.inszoom",
    "pgi": "app.sandbox.pgi",
    "iinsight": "app.sandbox.iinsight",
    "oneoffice": "app.sandbox.oneoffice",
    "iqreseller": "app.sandbox.iqreseller",
}


@dataclass
class Sandbox:
    """All simulators of one run, their knobs and the combined ASGI app."""

    simulators: dict[str, Simulator]
    app: ASGIApp

    def control(self, vendor: str) -> SimulatorControl:
        return self.simulators[vendor].control

    def base_urls(self, origin: str = IN_PROCESS_ORIGIN) -> dict[str, dict[str, str]]:
        """vendor -> host name -> base URL under ``origin``."""
        return {
            vendor: {host: f"{origin}/{vendor}/{host}" for host in sim.hosts}
            for vendor, sim in self.simulators.items()
        }


def build_sandbox(vendors: list[str] | None = None) -> Sandbox:
    simulators: dict[str, Simulator] = {}
    routes: list[Route | Mount] = []
    for vendor in vendors or list(SIMULATOR_MODULES):
        module = importlib.import_module(SIMULATOR_MODULES[vendor])
        simulator: Simulator = module.create(SimulatorControl())
        simulators[vendor] = simulator
        for host, host_app in simulator.hosts.items():
            wrapped = FaultMiddleware(host_app, simulator.control, host, simulator.fault_body)
            routes.append(Mount(f"/{vendor}/{host}", app=wrapped))

    async def set_knobs(request: Request) -> JSONResponse:
        vendor = request.path_params["vendor"]
        if vendor not in simulators:
            return JSONResponse({"message": f"No simulator for {vendor}"}, status_code=404)
        try:
            simulators[vendor].control.apply(await request.json())
        except (ValueError, TypeError, AttributeError) as exc:
            return JSONResponse({"message": f"Knobs not understood: {exc}"}, status_code=400)
        return JSONResponse({"vendor": vendor, "applied": True})

    routes.append(Route("/_control/{vendor}", set_knobs, methods=["POST"]))
    mount_points = {f"/{vendor}/{host}" for vendor, sim in simulators.items() for host in sim.hosts}
    return Sandbox(simulators, _ExactMountPaths(Starlette(routes=routes), mount_points))


class _ExactMountPaths:
    """A request to a base URL itself (OneOffice's single endpoint is ``$URL``) reaches its host app.

    Starlette's Mount matches only paths below the mount point and would answer the
    bare base URL with a redirect; the vendor's endpoint answers it directly.
    """

    def __init__(self, app: Starlette, mount_points: set[str]) -> None:
        self._app = app
        self._mount_points = mount_points

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in self._mount_points:
            scope = {**scope, "path": scope["path"] + "/", "raw_path": scope["path"].encode() + b"/"}
        await self._app(scope, receive, send)
