"""Load all pages: 20,000 iinsight company contacts (200 pages) at 100 ms a request, via the service layer.

The floor is pages x latency / concurrency (200 x 0.1 s / 4 = 5 s at the default);
sequential loading would take 20 s.  The list ends with an empty page 201 (iinsight:
only an empty page is the end), so a perfect loader needs ceil(201 / concurrency)
round trips: 5.1 s at 4.

The measured figure goes through ``VendorService.run_all_pages`` of a ``Workspace``
built as the GUI builds it (activity log and its history file included, in a fresh
settings directory), against the in-process simulator as the GUI's sandbox
environment reaches it, signed in beforehand so that the figure is the list alone.
The simulator's journal tells which pages were requested.

In-process, the simulator's own work (it filters its 20,000 contacts once per list,
then renders and encodes each page of 100) runs on the same thread as the client.
To tell the two apart, the same load also runs against a *replaying vendor*: the
simulator's answers recorded once, then replayed after 100 ms with no work per
request, as a remote vendor whose CPU is elsewhere.  Against it, a concurrency sweep
shows what each setting gives.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

if not __package__:  # run as ``python bench/load_all.py``: bench/ is on sys.path, the repository is not
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from app.core.activity import ActivityLog
from app.core.credentials import CredentialStore
from app.sandbox.control import ASGIApp, Receive, Scope, Send
from app.sandbox.registry import IN_PROCESS_ORIGIN, Sandbox, build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from bench._common import Figure, Outcome, arguments, isolate_environment
from bench._data import grow_contacts

TOTAL = 20_000
PAGE_SIZE = 100
PAGES = TOTAL // PAGE_SIZE
END_PAGE = PAGES + 1  # the empty page that ends the list
LATENCY_S = 0.1
TARGET_RATIO = 1.25
OPERATION = "company_contacts.list"
VALUES = {"modified_since": "1900-01-01"}  # the document's "every contact"
LIST_PATH = "/api1/company_contacts"


def make_sandbox() -> Sandbox:
    sandbox = build_sandbox(["iinsight"])
    grow_contacts(sandbox.simulators["iinsight"].state, TOTAL)
    sandbox.control("iinsight").latency_s = LATENCY_S
    return sandbox


def make_workspace(sandbox: Sandbox, history_file: bool = True) -> Workspace:
    """A workspace as the GUI builds one, its activity history in a fresh settings directory.

    Without ``history_file`` the activity log keeps its (redacted) entries in memory only,
    which separates the loader from the cost of writing the history.
    """
    os.environ["SWITCHBOARD_CONFIG_DIR"] = tempfile.mkdtemp(prefix="switchboard-bench-load-")
    # The sandbox environment signs in with the simulator's public demo credentials.
    credentials = CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"})
    activity = None if history_file else ActivityLog(path=None)
    return Workspace(Settings(), credentials, sandbox=sandbox, activity=activity)


async def load_once(
    sandbox: Sandbox, concurrency: int, history_file: bool, requested: Callable[[], list[int]]
) -> dict[str, Any]:
    """Sign in (not timed), then load every page once: what was requested and delivered, and how fast.

    ``requested()`` answers the pages the vendor was asked for since the sign-in.
    """
    workspace = make_workspace(sandbox, history_file)
    try:
        service = workspace.service("iinsight")
        await service.sign_in()
        already = len(requested())
        delivered: list[int] = []
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = await service.run_all_pages(
            OPERATION, VALUES, concurrency, on_page=lambda page, rows: delivered.append(page)
        )
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        pages = requested()[already:]
        return {
            "elapsed": elapsed,
            "cpu_per_page_ms": cpu / END_PAGE * 1000,
            "rows": len(rows),
            "requested": pages,
            "delivered": delivered,
            "past_end": len([page for page in pages if page > END_PAGE]),
            "history_entry_ms": history_entry_ms(workspace.activity),
        }
    finally:
        await workspace.aclose()


def history_entry_ms(activity: ActivityLog) -> float:
    """What recording one more page-sized answer in the activity log costs now (median of 5)."""
    entry = max(activity.entries, key=lambda e: len(e.response_body))
    times = []
    for _ in range(5):
        started = time.perf_counter()
        activity.record(entry)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


class ReplayingVendor:
    """An ASGI app answering the contact list from a recording after the latency; the rest goes on.

    Sign-in still reaches the simulator; each list page costs only the wait and the
    bytes, like a vendor whose servers do their work elsewhere.
    """

    def __init__(self, simulators: ASGIApp, recorded: dict[int, bytes], latency_s: float) -> None:
        self._simulators = simulators
        self._recorded = recorded
        self._latency_s = latency_s
        self.requested: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].endswith(LIST_PATH):
            await self._simulators(scope, receive, send)
            return
        page = int(parse_qs(scope["query_string"].decode())["page"][0])
        self.requested.append(page)
        body = self._recorded.get(page, b"[]")
        await asyncio.sleep(self._latency_s)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def record_pages(sandbox: Sandbox) -> tuple[dict[int, bytes], float]:
    """Every page of the list as the simulator answers it, and the simulator's own CPU for one page."""
    control = sandbox.control("iinsight")
    token = "bench-token"
    sandbox.simulators["iinsight"].state.tokens[token] = control.now() + 3600
    latency, control.latency_s = control.latency_s, 0.0
    assert sandbox.app is not None
    recorded: dict[int, bytes] = {}
    try:
        transport = httpx.ASGITransport(app=sandbox.app)
        async with httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_ORIGIN) as client:
            started = time.process_time()
            for page in range(1, END_PAGE + 1):
                answer = await client.get(
                    f"/iinsight/api{LIST_PATH}",
                    params={**VALUES, "page": page},
                    headers={"Authorization": f"Bearer {token}"},
                )
                recorded[page] = answer.content
            return recorded, (time.process_time() - started) / END_PAGE * 1000
    finally:
        control.latency_s = latency


def replaying(sandbox: Sandbox, recorded: dict[int, bytes]) -> tuple[Sandbox, ReplayingVendor]:
    assert sandbox.app is not None
    vendor = ReplayingVendor(sandbox.app, recorded, LATENCY_S)
    return Sandbox(simulators=sandbox.simulators, app=vendor), vendor


def check_pattern(outcome: Outcome, run: dict[str, Any], concurrency: int) -> None:
    problems = []
    if run["rows"] != TOTAL:
        problems.append(f"{run['rows']:,} rows instead of {TOTAL:,}")
    if run["delivered"] != list(range(1, END_PAGE + 1)):
        problems.append("pages were not delivered in page order")
    if run["past_end"] > concurrency - 1:
        problems.append(f"{run['past_end']} pages requested past the end")
    if len(run["requested"]) != len(set(run["requested"])):
        problems.append("a page was requested twice")
    if problems:
        outcome.note(f"Concurrency {concurrency}: WRONG REQUEST PATTERN: " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    default = Settings.__dict__["concurrency"].default  # the declared option, not a value
    parser.add_argument(
        "--sweep", type=int, nargs="*", default=[2, 8, 16], help="other concurrencies (replaying vendor)"
    )
    options = parser.parse_args(argv)
    isolate_environment()
    outcome = Outcome("load_all", "Load all pages (iinsight, 20,000 contacts, 100 ms a request)")
    sandbox = make_sandbox()
    control = sandbox.control("iinsight")

    def journal() -> list[int]:
        return [int(parse_qs(r.query)["page"][0]) for r in control.requests_to(LIST_PATH)]

    shipped = asyncio.run(load_once(sandbox, default, True, journal))
    check_pattern(outcome, shipped, default)
    outcome.add(ratio_figure(shipped, default, "in-process simulator (the GUI's sandbox)", TARGET_RATIO))
    outcome.add(
        Figure(
            f"pages requested past the end (concurrency {default})",
            shipped["past_end"],
            "pages",
            default - 1,
            f"pages {sorted(p for p in shipped['requested'] if p > END_PAGE)} after the empty page "
            f"{END_PAGE}; pages delivered in order: {shipped['delivered'] == list(range(1, END_PAGE + 1))}",
        )
    )
    in_memory = asyncio.run(load_once(sandbox, default, False, journal))
    check_pattern(outcome, in_memory, default)
    outcome.add(ratio_figure(in_memory, default, "same, activity history in memory (no file)", None))
    outcome.add(
        Figure(
            "activity history file: recording one more page-sized answer after the load",
            shipped["history_entry_ms"],
            "ms",
            detail=f"{in_memory['history_entry_ms']:.2f} ms with the history in memory; "
            "paid on the event loop's thread for every answer",
        )
    )

    recorded, simulator_ms = asyncio.run(record_pages(sandbox))
    outcome.add(
        Figure(
            "simulator's own CPU a page (it renders and encodes 100 of its 20,000 contacts)",
            simulator_ms,
            "ms",
            detail="in-process this runs on the client's thread, between the client's own steps",
        )
    )
    replay_sandbox, vendor = replaying(sandbox, recorded)
    replayed = asyncio.run(load_once(replay_sandbox, default, True, lambda: vendor.requested))
    check_pattern(outcome, replayed, default)
    outcome.add(ratio_figure(replayed, default, "replaying vendor (no vendor CPU)", TARGET_RATIO))
    sweep: dict[int, dict[str, Any]] = {}
    for concurrency in sorted({default, *options.sweep}):
        sweep[concurrency] = asyncio.run(
            load_once(replay_sandbox, concurrency, False, lambda: vendor.requested)
        )
        check_pattern(outcome, sweep[concurrency], concurrency)
        outcome.add(
            ratio_figure(sweep[concurrency], concurrency, "replaying vendor, history in memory", None)
        )

    outcome.note(
        f"Sequential loading would take {PAGES * LATENCY_S:.0f} s.  CPU spent on the one thread per page "
        f"in-process: {shipped['cpu_per_page_ms']:.0f} ms as shipped, {in_memory['cpu_per_page_ms']:.0f} ms "
        f"with the activity history in memory, of which the simulator's own work is {simulator_ms:.0f} ms.  "
        f"Against the replaying vendor the client alone spends {replayed['cpu_per_page_ms']:.1f} ms a page "
        f"as shipped and {sweep[default]['cpu_per_page_ms']:.1f} ms with the history in memory.  Whatever "
        "runs on the one thread is serialised: when the window's answers arrive together, the last of them "
        "waits for the CPU of all the others, so each round trip lasts about latency + concurrency x CPU "
        "a page."
    )
    outcome.write(options.json)
    return 0


def ratio_figure(run: dict[str, Any], concurrency: int, label: str, target: float | None) -> Figure:
    floor = PAGES * LATENCY_S / concurrency
    return Figure(
        f"{label}, concurrency {concurrency}: wall / floor",
        run["elapsed"] / floor,
        "x",
        target,
        f"{run['elapsed']:.2f} s against {floor:.2f} s; CPU {run['cpu_per_page_ms']:.1f} ms a page; "
        f"{run['past_end']} page(s) requested past the end",
    )


if __name__ == "__main__":
    sys.exit(main())
