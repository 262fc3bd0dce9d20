"""The fault matrix: every vendor x every fault, through the window and through the command line.

Each case breaks one operation (tests/reliability/faults.py) and checks what a person
meets: one clear sentence (no traceback, no raw exception text), the app still
running (the same window serves every GUI case, and the same click works once the
fault is gone), what they typed still in the form, and how often the call was sent
— reads and documented-idempotent calls repeated with bounded, jittered or
Retry-After waits; other writes sent once, with "not known whether it was done"
when the answer was lost.  Waits are recorded, never slept.

The GUI cases share one MainWindow over one in-process sandbox (building five tabs
per case would cost most of a minute); the CLI cases run ``app.cli.main`` in-process
with the same fault transport, and a few more run ``python -m app call`` as a real
process against the simulators served on loopback.  The counts are printed after
the run (tests/reliability/conftest.py) and recorded in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app import cli
from app.core.activity import ActivityLog
from app.core.credentials import CredentialStore, env_var_name
from app.core.retry import RetryPolicy
from app.sandbox.registry import build_sandbox
from app.services.settings import Settings
from app.services.workspace import Workspace
from app.ui.list_panel import ListPanel
from app.ui.main_window import MainWindow
from app.ui.record_picker import RecordPicker
from app.ui.vendor_tab import OperationPanel, VendorTab
from tests.loopback import serve_sandbox
from tests.reliability import report
from tests.reliability.faults import (
    CASES,
    FAULTS,
    POLICY,
    Case,
    Expectation,
    FaultState,
    FaultTransport,
    expect,
    unclear_parts,
    wrong_credentials,
)

# Bugs the matrix found in code this module may not change: (path, vendor, kind, fault) -> the bug.
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}


def matrix_params(path: str) -> list[Any]:
    params = []
    for case in CASES:
        for fault in FAULTS:
            bug = KNOWN_BUGS.get((path, case.vendor, case.kind, fault))
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            params.append(pytest.param(case, fault, id=f"{case.id}-{fault}", marks=marks))
    return params


def note(request: pytest.FixtureRequest, path: str, case: Case, fault: str) -> report.Seen:
    """Register the case for the printed matrix (its outcome is filled in by the conftest)."""
    key = (path, case.vendor, case.kind, fault)
    seen = report.MATRIX[key] = report.Seen(path, case.vendor, case.kind, fault, case.idempotent)
    request.node.user_properties.append(("matrix", key))
    return seen


def check_retries(state: FaultState, expected: Expectation, policy: RetryPolicy = POLICY) -> None:
    assert state.attempts == expected.attempts, f"sent {state.attempts} times, expected {expected.attempts}"
    if expected.waits == "jitter":
        # Exponential backoff with full jitter: wait n lies in [0, min(max, base * 2^(n-1))].
        assert len(state.waits) == expected.attempts - 1
        for attempt, wait in enumerate(state.waits, start=1):
            assert 0 <= wait <= min(policy.max_delay_s, policy.base_delay_s * 2 ** (attempt - 1))
    else:
        assert tuple(state.waits) == expected.waits
    assert sum(state.waits) <= policy.budget_s  # bounded in total time as well as in count
    assert state.attempts <= policy.attempts


def check_sentence(sentence: str, expected: Expectation) -> None:
    assert expected.sentence in sentence, f"the user read {sentence!r}"
    assert unclear_parts(sentence) == [], f"unclear message {sentence!r}: {unclear_parts(sentence)}"


# --- the window ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_window(qapp) -> Iterator[dict[str, Any]]:
    """One MainWindow for every GUI case of the module; closed through its real shutdown at the end."""
    holder: dict[str, Any] = {}
    yield holder
    main: MainWindow | None = holder.get("main")
    if main is not None:
        with _temporary_loop(qapp):
            for tab in main.vendor_tabs.values():
                for panel in tab.panels.values():
                    panel.form.mark_clean()
            main.close()
            deadline = time.monotonic() + 10
            while not main._closed and time.monotonic() < deadline:
                qapp.processEvents()
            assert main._closed, "the window closed cleanly after every fault"
        main.deleteLater()


class _temporary_loop:
    """A qasync loop for module teardown, set up and taken down as tests/conftest.py's qt_loop."""

    def __init__(self, qapp: QApplication) -> None:
        self.qapp = qapp

    def __enter__(self) -> None:
        import qasync

        self.loop = qasync.QEventLoop(self.qapp, already_running=True)
        asyncio.set_event_loop(self.loop)

    def __exit__(self, *exc: object) -> None:
        loop = self.loop
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 5
        while any(not task.done() for task in pending) and time.monotonic() < deadline:
            self.qapp.processEvents()
        self.qapp.aboutToQuit.disconnect(loop._after_run_forever)
        loop._QEventLoop__is_running = False
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def window(shared_window: dict[str, Any], qt_loop, qtbot) -> Iterator[MainWindow]:
    if "main" not in shared_window:
        # No saved credentials: every vendor uses its sandbox's public demo credentials.
        workspace = Workspace(Settings(), CredentialStore(), sandbox=build_sandbox(), activity=ActivityLog())
        main = MainWindow(workspace)
        main.show()
        shared_window["main"] = main
    main = shared_window["main"]
    assert main.isVisible(), "the window survived every earlier fault"
    yield main
    # The window outlives this test's event loop: a picker still pausing before it asks the index
    # would start its question after the loop is closed.  Let every pause end, and its question
    # be answered, while the loop runs.
    pausing = [picker._pause for picker in main.findChildren(RecordPicker)]
    tabs = list(main.vendor_tabs.values())
    qtbot.waitUntil(
        lambda: not any(timer.isActive() for timer in pausing) and not any(tab.tasks.busy for tab in tabs),
        timeout=5000,
    )


def run_async(qtbot, coroutine: Coroutine[Any, Any, Any]) -> Any:
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=5000)
    return task.result()


_unique = itertools.count(1)


class Form:
    """One task of a vendor tab as a person uses it: fill, click, wait, read."""

    def __init__(self, tab: VendorTab, case: Case) -> None:
        self.tab = tab
        self.panel = tab.show_task(case.operation)
        self.is_list = isinstance(self.panel, ListPanel)
        assert self.is_list or isinstance(self.panel, OperationPanel)

    @property
    def button(self) -> QPushButton:
        return self.panel.show_button if self.is_list else self.panel.run_button

    def fill(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.panel.form.editors:
                self.panel.form.editors[name].set_value(value)

    def values(self) -> dict[str, Any]:
        return self.panel.form.values()

    def busy(self) -> bool:
        return (self.panel.table.tasks if self.is_list else self.tab.tasks).busy

    def click(self, qtbot) -> None:
        qtbot.mouseClick(self.button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not self.busy(), timeout=5000)

    def outcome(self) -> tuple[str, bool]:
        """(the sentence shown, whether it is shown as a success)."""
        label = self.panel.table.status if self.is_list else self.panel.result.outcome
        return label.text(), label.property("role") != "failure"


def install_fault(tab: VendorTab, state: FaultState) -> None:
    service = tab.service
    transport = service.client._transport
    if isinstance(transport, FaultTransport):
        transport.state = state
    else:
        service.client._transport = FaultTransport(transport, state)
    service.sleep = state.sleep


@pytest.mark.parametrize(("case", "fault"), matrix_params("GUI"))
def test_gui(case: Case, fault: str, window: MainWindow, qtbot, request) -> None:
    seen = note(request, "GUI", case, fault)
    expected = expect(case, fault)
    tab = window.vendor_tabs[case.vendor]
    window.tabs.setCurrentWidget(tab)
    service = tab.service
    state = FaultState(None, case.operation, lambda: window.workspace.in_process.sandbox, case.vendor)
    install_fault(tab, state)
    if case.signs_in:
        run_async(qtbot, service.session.ensure_token())  # a live session, so the counts are exact
    form = Form(tab, case)
    values = dict(case.values)
    if case.vendor == "oneoffice":
        values["id"] = f"FM-GUI-{next(_unique)}"  # a new customer id each time
    form.fill(values)
    typed = form.values()
    if fault == "wrong_credentials":
        for name, value in wrong_credentials(case.vendor).items():
            window.workspace.credentials.set(case.vendor, "sandbox", name, value)
        service.session.forget()
    state.fault, state.attempts, state.auth_calls, state.waits = fault, 0, 0, []

    form.click(qtbot)

    sentence, ok = form.outcome()
    seen.attempts, seen.waits, seen.sentence = state.attempts, list(state.waits), sentence
    assert ok is expected.ok, f"the user read {sentence!r}"
    if not expected.ok:
        check_sentence(sentence, expected)
        assert expected.sentence in window.statusBar().currentMessage()
    check_retries(state, expected)
    if expected.auth_calls is not None:
        assert state.auth_calls == expected.auth_calls
    assert form.values() == typed, "a failed request kept what the user typed"
    assert form.button.isEnabled() and window.isVisible()

    # The fault goes away: the very same click now works (or, for a write the vendor already
    # received, the vendor's own "already exists" is shown — the reason a lost answer is not retried).
    state.fault = None
    if fault == "wrong_credentials":
        for name in wrong_credentials(case.vendor):
            window.workspace.credentials.delete(case.vendor, "sandbox", name)
    form.click(qtbot)
    again, ok = form.outcome()
    delivered_before = fault in ("read_timeout", "truncated_body") and not case.idempotent
    if case.vendor == "oneoffice" and delivered_before:
        assert not ok and "already exists" in again, again
    else:
        assert ok, f"after the fault the user read {again!r}"


def test_an_unknown_outcome_offers_to_check(window: MainWindow, qtbot) -> None:
    case = next(c for c in CASES if c.vendor == "inszoom" and c.kind == "write")
    tab = window.vendor_tabs["inszoom"]
    window.tabs.setCurrentWidget(tab)
    state = FaultState("read_timeout", case.operation, lambda: window.workspace.in_process.sandbox, "inszoom")
    install_fault(tab, state)
    form = Form(tab, case)
    form.fill(case.values)
    form.click(qtbot)
    state.fault = None
    sentence, _ = form.outcome()
    assert "not known whether" in sentence
    offers = [
        button
        for button in tab.findChildren(QPushButton)
        if button.isVisible() and button is not form.button and "check" in button.text().lower()
    ]
    assert offers, "a button offers to check whether the record was created"
    offers[0].click()
    shown = tab.current_task()
    assert getattr(shown, "operation", None) is not None and shown.operation.id.endswith(".get")


def page_shapes() -> list[Any]:
    params = []
    for shape in ("page_of_numbers", "page_is_an_object"):
        for load_all in (False, True):
            name = f"{shape}-{'load-all' if load_all else 'first-page'}"
            params.append(pytest.param(shape, load_all, id=name))
    return params


@pytest.mark.parametrize(("shape", "load_all"), page_shapes())
def test_a_page_of_the_wrong_shape_is_told_in_the_table(shape: str, load_all: bool, window, qtbot) -> None:
    case = Case("iinsight", "read", "company_contacts.list", {})
    tab = window.vendor_tabs["iinsight"]
    window.tabs.setCurrentWidget(tab)
    state = FaultState(shape, case.operation, lambda: window.workspace.in_process.sandbox, "iinsight")
    install_fault(tab, state)
    form = Form(tab, case)
    typed = form.values()
    table = form.panel.table
    # Caught here rather than by pytest-qt at teardown, so that the bug is this test's failure.
    with qtbot.capture_exceptions() as raised:
        if load_all:
            table.tasks.start(table.load_all())
            qtbot.waitUntil(lambda: not table.tasks.busy, timeout=5000)
        else:
            form.click(qtbot)
    state.fault = None
    assert not raised, f"unhandled {raised[0][0].__name__} while loading the page"
    sentence, ok = form.outcome()
    assert not ok and unclear_parts(sentence) == [], sentence
    assert form.values() == typed


# --- the command line, in-process -------------------------------------------------------------------


def cli_argv(case: Case) -> list[str]:
    argv = [case.vendor, case.operation]
    for name, value in case.values.items():
        argv += ["-p", f"{name}={value}"]
    return argv


@pytest.mark.parametrize(("case", "fault"), matrix_params("CLI"))
def test_cli(case: Case, fault: str, monkeypatch, capsys, request) -> None:
    seen = note(request, "CLI", case, fault)
    expected = expect(case, fault)
    states: list[FaultState] = []
    real_service = Workspace.service

    def service_with_fault(self: Workspace, vendor_id: str, environment_id: str | None = None):
        service = real_service(self, vendor_id, environment_id)
        if not isinstance(service.client._transport, FaultTransport):
            state = FaultState(fault, case.operation, lambda: self.in_process.sandbox, vendor_id)
            service.client._transport = FaultTransport(service.client._transport, state)
            service.sleep = state.sleep
            states.append(state)
        return service

    monkeypatch.setattr(Workspace, "service", service_with_fault)
    if fault == "wrong_credentials":
        for name, value in wrong_credentials(case.vendor).items():
            monkeypatch.setenv(env_var_name(case.vendor, name), value)

    code = cli.main(cli_argv(case))

    out, err = capsys.readouterr()
    (state,) = states
    seen.attempts, seen.waits, seen.sentence = state.attempts, list(state.waits), err.strip()
    assert "Traceback" not in out + err
    assert code == expected.exit_code, f"exit {code}: {err.strip()}"
    if expected.ok:
        assert err == ""
        json.loads(out)  # the vendor's answer, as JSON
    else:
        error = json.loads(out)["error"]
        assert error["kind"] == expected.error_kind
        lines = err.strip().splitlines()
        assert len(lines) == 1, "one sentence on stderr"
        check_sentence(lines[0], expected)
        assert error["message"] == lines[0]
    check_retries(state, expected)
    if expected.auth_calls is not None:
        # The command signs in afresh: one sign-in before the fault, unless the fault is the sign-in.
        first = 0 if fault == "wrong_credentials" else 1
        assert state.auth_calls - first == expected.auth_calls


# --- the command line as a real process, over a real socket -------------------------------------------


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, str]]:
    with serve_sandbox() as lines:
        yield lines


def call(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update({"SWITCHBOARD_NO_KEYRING": "1", **(env or {})})
    environment["SWITCHBOARD_CONFIG_DIR"] = os.environ["SWITCHBOARD_CONFIG_DIR"]
    return subprocess.run(
        [sys.executable, "-m", "app", "call", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def knobs(served: dict[str, str], vendor: str, settings: dict[str, Any]) -> None:
    origin = served["pgi api"].split("/pgi/")[0]
    httpx.post(f"{origin}/_control/{vendor}", json=settings, timeout=5).raise_for_status()


def urls(served: dict[str, str], vendor: str) -> list[str]:
    return [
        arg
        for key, url in served.items()
        if key.startswith(f"{vendor} ") and not key.endswith("demo-credentials")
        for arg in ("--url", f"{key.split(' ')[1]}={url}")
    ]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PROCESS_CASES = {
    # vendor: (fault, exit code, what stderr says)
    "pgi": ("status_502_503", 0, ""),  # 503 once, waited out (a real jittered sleep), then the answer
    "inszoom": ("status_500", 1, "INSZoom could not sign in right now (status 500)"),  # the sign-in's 500
    "iinsight": ("wrong_credentials", 3, "iinsight refused the username or password"),
    "oneoffice": ("malformed_json", 1, "OneOffice answered with something that is not valid JSON"),
    "iqreseller": ("refused", 4, "IQ Reseller could not be reached"),  # nothing listens on either host
}


@pytest.mark.parametrize("vendor", sorted(PROCESS_CASES))
def test_cli_process(vendor: str, served: dict[str, str], request) -> None:
    fault, exit_code, says = PROCESS_CASES[vendor]
    case = next(c for c in CASES if c.vendor == vendor)
    seen = note(request, "CLI process", case, fault)
    args = [*cli_argv(case), *urls(served, vendor)]
    env: dict[str, str] = {}
    if fault == "refused":
        port = closed_port()
        args = [
            *cli_argv(case),
            "--url",
            f"signin=http://127.0.0.1:{port}",
            "--url",
            f"api=http://127.0.0.1:{port}",
        ]
    elif fault == "status_500":
        knobs(served, vendor, {"fail_next": {"count": 1, "status": 500}})
    elif fault == "wrong_credentials":
        # Both fields: an incomplete set falls back to the sandbox's demo credentials.
        env = {env_var_name(vendor, k): v for k, v in wrong_credentials(vendor).items()}
    elif fault == "malformed_json":
        knobs(served, vendor, {"malformed_next": 1})
    elif fault == "status_502_503":
        knobs(served, vendor, {"fail_next": {"count": 1, "status": 503}})

    result = call(*args, env=env)

    seen.sentence = result.stderr.strip()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == exit_code, result.stderr
    if exit_code:
        assert says in result.stderr
        assert unclear_parts(result.stderr.strip()) == []
        assert len(result.stderr.strip().splitlines()) == 1
        assert json.loads(result.stdout)["error"]["message"] == result.stderr.strip()
    else:
        assert json.loads(result.stdout)["clientId"] == int(case.values["clientId"])
