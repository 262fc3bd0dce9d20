"""``python -m app sandbox``: serve every simulator on 127.0.0.1 and print their base URLs."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import sys

from app.sandbox.demo import demo_credentials
from app.sandbox.registry import SIMULATOR_MODULES, build_sandbox


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app sandbox",
        description="Serve Switchboard's vendor simulators on 127.0.0.1 (loopback only).",
    )
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (0 picks a free one)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every answer")
    parser.add_argument(
        "--vendor", action="append", choices=sorted(SIMULATOR_MODULES), help="serve only these (repeatable)"
    )
    return parser


def main(argv: list[str]) -> int:
    options = _parser().parse_args(argv)
    import uvicorn

    sandbox = build_sandbox(options.vendor)
    for simulator in sandbox.simulators.values():
        simulator.control.latency_s = options.latency_ms / 1000
    # Bind first so that --port 0 can report the port actually chosen.
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say they are TCP, and
    # with Nagle on every answer waited 40 ms for the client's delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", options.port))
    port = sock.getsockname()[1]
    origin = f"http://127.0.0.1:{port}"
    for vendor, hosts in sandbox.base_urls(origin).items():
        for host, url in hosts.items():
            print(f"{vendor} {host} {url}")
        demo = ", ".join(f"{k}={v}" for k, v in demo_credentials(vendor).items())
        print(f"{vendor} demo-credentials {demo}")
    print(
        f"control {origin}/_control/<vendor>  (POST JSON knobs: latency_ms, fail_next, malformed_next, ...)"
    )
    print("Press Ctrl+C to stop.", flush=True)
    config = uvicorn.Config(sandbox.app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(server.serve(sockets=[sock]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
