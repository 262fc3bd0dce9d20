"""The simulators on loopback in a process of their own, with iinsight grown to a given number of contacts.

Like ``python -m app sandbox``, but with the bigger data set the benchmarks need.
It prints ``READY <origin>`` once it listens, then serves until it is terminated.
Out of process, the simulators' own CPU (iinsight renders and encodes every page it
answers) no longer runs on the benchmark's thread, as with a real vendor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

if not __package__:  # run as ``python bench/_sandbox_server.py``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.sandbox.registry import SIMULATOR_MODULES, build_sandbox
from bench._common import REPO
from bench._data import grow_contacts

BELOW_THE_CLIENT = 10  # the simulator process's nice value


def serve(vendors: list[str], contacts: int, latency_ms: float) -> None:
    import uvicorn

    sandbox = build_sandbox(vendors)
    if "iinsight" in sandbox.simulators:
        grow_contacts(sandbox.simulators["iinsight"].state, contacts)
    for simulator in sandbox.simulators.values():
        simulator.control.latency_s = latency_ms / 1000
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say they are TCP, and
    # with Nagle on every answer waited 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    print(f"READY http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(sandbox.app, log_level="warning", lifespan="off"))
    asyncio.run(server.serve(sockets=[sock]))


class LoopbackSandbox:
    """Starts the server process; ``urls()`` are the url_overrides a Workspace takes."""

    def __init__(self, vendors: list[str], contacts: int, latency_ms: float) -> None:
        self.vendors = vendors
        arguments = ["--contacts", str(contacts), "--latency-ms", str(latency_ms)]
        for vendor in vendors:
            arguments += ["--vendor", vendor]
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), *arguments],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        # A vendor answers from its own machine: here its stand-in shares this one, so it runs below
        # the client (the client is what is measured; the vendor's CPU is never the person's).
        if hasattr(os, "setpriority"):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, BELOW_THE_CLIENT)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.process.kill()
            raise RuntimeError("the loopback sandbox did not start")
        self.origin = line.split()[1]

    def urls(self, hosts: dict[str, list[str]]) -> dict[str, dict[str, str]]:
        """vendor -> host -> base URL, for the hosts each vendor declares."""
        return {
            vendor: {host: f"{self.origin}/{vendor}/{host}" for host in hosts[vendor]}
            for vendor in self.vendors
        }

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendor", action="append", choices=sorted(SIMULATOR_MODULES))
    parser.add_argument("--contacts", type=int, default=0, help="grow iinsight to this many contacts")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    options = parser.parse_args(argv)
    serve(options.vendor or list(SIMULATOR_MODULES), options.contacts, options.latency_ms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
