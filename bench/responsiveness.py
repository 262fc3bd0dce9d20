"""Responsiveness: a 5 ms heartbeat on the GUI thread while five vendors sign in and 20,000 rows stream in.

The real window: ``MainWindow`` over a ``Workspace`` as the GUI builds it (activity
log and history included, settings in a throw-away directory), the app's style
sheet, offscreen, on a qasync loop.  The iinsight tab shows *Company contacts*; then,
in one go, every tab's Sign in button and the table's *Load all pages* are clicked.
The heartbeat (a precise 5 ms QTimer) runs from the clicks until the last row is in
and every sign-in has finished; its largest gap and 99th percentile are the figures.

Two ways to reach the simulators (100 ms a request, iinsight grown to 20,000 contacts):

- on loopback, the simulators in a process of their own, as a real vendor would be:
  only the app's own work is on the GUI thread.  The targets apply to this one.
- on loopback again with the activity history kept in memory (no history file), to
  show what stalls the thread apart from writing that file;
- in-process, as the GUI's sandbox environment runs them: the simulators' own work
  (iinsight builds its filtered list once, then renders and encodes each page) shares
  the GUI thread.

While a beat is late by more than 16 ms, a sampler thread records the GUI thread's
stack (bench/_stalls.py); the most frequent stacks say what stalled it.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if not __package__:  # run as ``python bench/responsiveness.py``: bench/ is on sys.path, the repository is not
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import Figure, Outcome, arguments, isolate_environment

TOTAL = 20_000
LATENCY_S = 0.1
TARGET_MAX_MS = 50.0
TARGET_P99_MS = 16.0
SETTLE_S = 0.5  # lets the window finish painting before the heartbeat starts


def build_window(urls: dict[str, dict[str, str]] | None, sandbox: Any, history_file: bool = True) -> Any:
    import os

    from app.core.activity import ActivityLog
    from app.core.credentials import CredentialStore
    from app.services.settings import Settings
    from app.services.workspace import Workspace
    from app.ui.main_window import MainWindow

    # A fresh settings directory, so that each window starts with an empty activity history.
    os.environ["SWITCHBOARD_CONFIG_DIR"] = tempfile.mkdtemp(prefix="switchboard-bench-ui-")
    activity = None if history_file else ActivityLog(path=None)
    workspace = Workspace(
        Settings(), CredentialStore(), sandbox=sandbox, url_overrides=urls, activity=activity
    )
    window = MainWindow(workspace)
    window.show()
    gc.freeze()  # as run_gui does once every tab is built (app/ui/app.py)
    return window


async def stream(window: Any) -> dict[str, Any]:
    """Click every Sign in and Load all at once; beat until all of it is over."""
    from bench._stalls import Heartbeat

    tab = window.vendor_tabs["iinsight"]
    window.tabs.setCurrentWidget(tab)
    table = tab.show_task("company_contacts.list").table
    await asyncio.sleep(SETTLE_S)
    loaded: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    table.sig_loaded.connect(lambda count: loaded.done() or loaded.set_result(count))
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    for vendor_tab in window.vendor_tabs.values():
        vendor_tab.sign_in_button.click()
    table.load_all_button.click()
    rows = await asyncio.wait_for(loaded, timeout=180)
    loaded_s = time.perf_counter() - started
    while any(vendor_tab.tasks.busy for vendor_tab in window.vendor_tabs.values()):
        await asyncio.sleep(0.01)
    heartbeat.stop()
    states = {v: t.service.session.status().state.value for v, t in window.vendor_tabs.items()}
    return {
        **heartbeat.summary(),
        "rows": rows,
        "loaded_s": loaded_s,
        "window_s": time.perf_counter() - started,
        "sessions": states,
        "stalls": heartbeat.sampler.report(),
        "longest": heartbeat.longest_gaps(),
    }


async def close(window: Any) -> None:
    for tab in window.vendor_tabs.values():
        for panel in tab.panels.values():
            panel.form.mark_clean()
    closed = asyncio.get_running_loop().create_future()
    window.sig_closed.connect(lambda: closed.done() or closed.set_result(None))
    window.close()
    await asyncio.wait_for(closed, timeout=30)


async def measure(
    urls: dict[str, dict[str, str]] | None, sandbox: Any, history_file: bool = True
) -> dict[str, Any]:
    window = build_window(urls, sandbox, history_file)
    try:
        return await stream(window)
    finally:
        await close(window)


def figures(outcome: Outcome, where: str, run: dict[str, Any], targets: bool) -> None:
    outcome.add(
        Figure(
            f"{where}: largest heartbeat gap",
            run["max_ms"],
            "ms",
            TARGET_MAX_MS if targets else None,
            f"{run['over_50_ms']} gaps over 50 ms among {run['beats']} beats",
        )
    )
    outcome.add(
        Figure(
            f"{where}: 99th percentile gap",
            run["p99_ms"],
            "ms",
            TARGET_P99_MS if targets else None,
            f"{run['over_16_ms']} gaps over 16 ms",
        )
    )
    sessions = ", ".join(f"{vendor} {state}" for vendor, state in run["sessions"].items())
    outcome.note(
        f"{where}: {run['rows']:,} rows loaded in {run['loaded_s']:.2f} s (all done after "
        f"{run['window_s']:.2f} s); sessions: {sessions}."
    )
    outcome.note(
        f"{where}: the GUI thread computed for {run['late_cpu_ms']:.0f} ms of the {run['late_ms']:.0f} ms "
        "spent in gaps over 16 ms (the rest it was not running: another process had the core); its "
        f"longest computation between two beats: {run['max_cpu_ms']:.1f} ms, 99th percentile "
        f"{run['p99_cpu_ms']:.1f} ms.  Garbage collections: {run['collections']} "
        f"({run['full_collections']} full), the longest {run['longest_collection_ms']:.0f} ms."
    )
    outcome.note(f"{where}, the longest gaps (time from the clicks):")
    for line in run["longest"]:
        outcome.note(line)
    outcome.note(f"{where}, what the GUI thread was doing while late, all gaps together:")
    for line in run["stalls"]:
        outcome.note(line)


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--skip-in-process", action="store_true", help="measure on loopback only")
    options = parser.parse_args(argv)
    isolate_environment()

    import qasync
    from PySide6.QtWidgets import QApplication

    from app import vendors
    from app.sandbox.registry import build_sandbox
    from app.ui.resources import style_sheet
    from bench._data import grow_contacts
    from bench._sandbox_server import LoopbackSandbox

    outcome = Outcome("responsiveness", "GUI responsiveness while signing in and streaming 20,000 rows")
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(style_sheet())  # as run_gui does: styled widgets cost more to lay out and paint
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    ids = [entry.id for entry in vendors.available()]
    server = LoopbackSandbox(ids, TOTAL, LATENCY_S * 1000)
    try:
        hosts = {vendor: list(vendors.load(vendor).default_environment.hosts) for vendor in ids}
        with loop:
            remote = loop.run_until_complete(measure(server.urls(hosts), None))
            # The same with the activity history kept in memory: what stalls the thread apart from it.
            no_file = loop.run_until_complete(measure(server.urls(hosts), None, history_file=False))
            local = None
            if not options.skip_in_process:
                sandbox = build_sandbox(ids)
                grow_contacts(sandbox.simulators["iinsight"].state, TOTAL)
                for simulator in sandbox.simulators.values():
                    simulator.control.latency_s = LATENCY_S
                local = loop.run_until_complete(measure(None, sandbox))
    finally:
        server.stop()
    figures(outcome, "simulators on loopback", remote, targets=True)
    figures(outcome, "loopback, activity history in memory (no file)", no_file, targets=False)
    if local is not None:
        figures(outcome, "simulators in-process (the GUI's sandbox)", local, targets=False)
    outcome.write(options.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
